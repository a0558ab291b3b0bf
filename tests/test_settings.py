"""Production settings fail loudly when a secret is missing and pass Django's deploy check."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_django(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(DJANGO_SETTINGS_MODULE="auditportal.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x7Q!" * 12,
    "DJANGO_ALLOWED_HOSTS": "audits.example.gov.uk",
}


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = run_django("check", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_it_passes_the_deploy_check_with_production_values():
    result = run_django("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_runs_locally_in_debug_without_any_settings():
    result = run_django("check", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_it_names_cookies_host_only_in_production():
    show = "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME)"
    production = run_django("shell", "--no-imports", "-c", show, **PRODUCTION)
    assert production.stdout.split() == ["__Host-auditportal-session", "__Host-auditportal-csrf"]
    local = run_django("shell", "--no-imports", "-c", show, DJANGO_DEBUG="true")
    assert "__Host-" not in local.stdout


def test_it_says_what_is_wrong_with_a_cache_or_provider_setting():
    cache = run_django("check", DJANGO_DEBUG="true", DJANGO_CACHE_URL="memcached://x:11211")
    assert "DJANGO_CACHE_URL must start with redis://" in cache.stderr
    providers = run_django("check", DJANGO_DEBUG="true", AUDITPORTAL_OIDC_PROVIDERS="[{oops")
    assert "AUDITPORTAL_OIDC_PROVIDERS is not valid JSON" in providers.stderr
    missing = run_django(
        "check", DJANGO_DEBUG="true", AUDITPORTAL_OIDC_PROVIDERS='[{"id": "dudley"}]'
    )
    assert "provider 1: missing name, server_url, client_id" in missing.stderr


def test_it_refuses_object_storage_without_a_bucket():
    result = run_django("check", **PRODUCTION, AUDITPORTAL_STORAGE="s3")
    assert result.returncode != 0
    assert "AUDITPORTAL_STORAGE=s3 needs AUDITPORTAL_S3_BUCKET" in result.stderr


def test_it_refuses_a_file_store_it_does_not_know():
    result = run_django("check", **PRODUCTION, AUDITPORTAL_STORAGE="ftp")
    assert result.returncode != 0
    assert "AUDITPORTAL_STORAGE must be local or s3, not 'ftp'" in result.stderr


def test_it_stores_issued_files_in_the_named_bucket():
    show = "from django.core.files.storage import default_storage as d; print(d.bucket_name)"
    bucket = {"AUDITPORTAL_STORAGE": "s3", "AUDITPORTAL_S3_BUCKET": "council-reports"}
    result = run_django("shell", "--no-imports", "-c", show, **PRODUCTION, **bucket)
    assert result.stdout.split() == ["council-reports"], result.stderr
