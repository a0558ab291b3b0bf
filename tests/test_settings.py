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
