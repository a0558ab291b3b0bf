"""What `make bench` and `make load` share: a database cloned from a migrated template on a
PostgreSQL server, gunicorn serving it with production settings, and signed-in sessions.

Every run works in databases of its own on the server ``DATABASE_URL`` names (``bench/run.sh``
starts a throwaway one when none is given), so nothing of the demo's or the tests' is touched.
The template is migrated once per set of migrations and cloned for each data size in a
fraction of a second, so building a size costs only its data.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET_KEY = "bench-only-" + "k" * 48


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit(
            "DATABASE_URL must name a PostgreSQL server (bench/run.sh starts a throwaway one)."
        )
    return url


def database_url(name: str) -> str:
    parts = urlsplit(server_url())
    return urlunsplit(parts._replace(path="/" + name))


def production_env(database: str, var_dir: str) -> dict[str, str]:
    """Settings as `make serve` runs them: debug off, the database cache, production cookies.
    Plain HTTP on loopback, so no redirect to HTTPS; static files without a manifest (the
    pages would otherwise need collectstatic first, which measures nothing)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "auditportal.settings",
        "DATABASE_URL": database_url(database),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_MANIFEST": "false",
        "DJANGO_LOG_LEVEL": "ERROR",
        "AUDITPORTAL_VAR_DIR": var_dir,
        "DJANGO_MEDIA_ROOT": str(Path(var_dir) / "media"),
        "DJANGO_STATIC_ROOT": str(Path(var_dir) / "static"),
        "PYTHONPATH": str(ROOT),
    }


def _admin_sql(*statements: str) -> None:
    import psycopg2

    connection = psycopg2.connect(database_url("postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def _database_exists(name: str) -> bool:
    import psycopg2

    connection = psycopg2.connect(database_url("postgres"))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        connection.close()


def template_name() -> str:
    """Named after the migrations it holds, so a checkout with new ones migrates afresh."""
    files = sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("*/migrations/0*.py"))
    return "bench_template_" + hashlib.sha256("\n".join(files).encode()).hexdigest()[:10]


def ensure_template(var_dir: str) -> str:
    """Migrate (and load the councils into) a template database once; return its name.
    ``BENCH_TEMPLATE`` names a migrated database to clone instead (CI's, to save a migration);
    nothing may be connected to it meanwhile."""
    (Path(var_dir) / "static").mkdir(exist_ok=True)
    if os.environ.get("BENCH_TEMPLATE"):
        return os.environ["BENCH_TEMPLATE"]
    name = template_name()
    if _database_exists(name):
        return name
    building = name + "_building"
    _admin_sql(f'DROP DATABASE IF EXISTS "{building}"', f'CREATE DATABASE "{building}"')
    env = {**production_env(building, var_dir), "DJANGO_DEBUG": "true"}
    for command in (
        ["migrate", "--no-input", "-v", "0"],
        ["createcachetable"],
        ["load_authorities"],
    ):
        subprocess.run([PYTHON, "manage.py", *command], env=env, cwd=ROOT, check=True)  # noqa: S603
    _admin_sql(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    return name


def clone(template: str, name: str) -> str:
    _admin_sql(
        f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}" TEMPLATE "{template}"'
    )
    return name


def drop(name: str) -> None:
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Gunicorn:
    """gunicorn with production settings on loopback; ``peak_mib`` reads the workers' high
    water mark of resident memory (VmHWM) from /proc before they stop."""

    def __init__(self, env: dict[str, str], port: int, workers: int = 2):
        self.env, self.port, self.workers = env, port, workers
        self.process: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(  # noqa: S603
            [
                PYTHON,
                "-m",
                "gunicorn",
                "auditportal.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=ROOT,
        )
        self._wait_until_serving()
        return self

    def _wait_until_serving(self, seconds: float = 90) -> None:
        import httpx

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped with status {self.process.returncode}")
            try:
                httpx.get(self.base + "/privacy/", timeout=5)
                if len(self.worker_pids()) >= self.workers:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer on port {self.port} in {seconds:.0f} s")

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def peak_mib(self) -> float:
        peaks = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def session_cookies(person) -> dict[str, str]:
    """The cookies of ``person`` signed in a moment ago with their password and, where their
    role needs it, their authenticator code (so exports do not ask for the password again).
    Built in the session table the server reads, as the bench and test helpers do."""
    from importlib import import_module

    from allauth.account.internal.flows.login import record_authentication
    from django.conf import settings
    from django.contrib.auth import login
    from django.http import HttpRequest
    from django.middleware.csrf import CSRF_ALLOWED_CHARS
    from django.utils.crypto import get_random_string

    from authorities import security
    from authorities.mfa import has_second_factor

    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, person, "django.contrib.auth.backends.ModelBackend")
    record_authentication(request, person, "password", reauthenticated=True)
    if has_second_factor(person):
        record_authentication(request, person, "mfa", type="totp")
    security.start_session(request, mfa_done="authenticator" if has_second_factor(person) else None)
    request.session.save()
    # An unmasked CSRF secret: the cookie and the header carry the same 32 characters.
    csrf = get_random_string(32, CSRF_ALLOWED_CHARS)
    return {
        settings.SESSION_COOKIE_NAME: request.session.session_key,
        settings.CSRF_COOKIE_NAME: csrf,
    }


def csrf_header(cookies: dict[str, str]) -> dict[str, str]:
    from django.conf import settings

    return {"X-CSRFToken": cookies[settings.CSRF_COOKIE_NAME]}


def give_authenticator(person) -> None:
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(
        user=person, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "BENCH" * 6}}
    )


def work_dir(prefix: str) -> str:
    return tempfile.mkdtemp(prefix=prefix)
