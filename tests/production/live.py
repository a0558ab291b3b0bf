"""Real parts the production tests start themselves: a throwaway PostgreSQL 15 cluster, moto's
S3 server, and gunicorn serving the service from this checkout.

Ports are this project's (PostgreSQL 54351-54354, moto and gunicorn 8391-8399), one set for
each pytest-xdist worker so two workers never collide.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
PGBIN = Path(os.environ.get("AUDITPORTAL_PG_BIN", "/usr/lib/postgresql/15/bin"))
WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0) % 2
PG_PORT = 54351 + WORKER
MOTO_PORT = 8391 + 4 * WORKER
APP_PORTS = (8392 + 4 * WORKER, 8393 + 4 * WORKER, 8394 + 4 * WORKER)
# A bound for one answer on a machine busy with other tests, not a measure of speed.
ANSWER = 120


def _run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)


class PostgreSQL:
    """A PostgreSQL 15 cluster in a temporary folder, owned by the postgres user."""

    def __init__(self, port: int = PG_PORT):
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="auditportal-pg-"))
        self.data = self.folder / "data"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def as_postgres(self, *args) -> subprocess.CompletedProcess:
        return _run("runuser", "-u", "postgres", "--", *map(str, args))

    def create(self) -> None:
        if _run("id", "-u", "postgres").returncode != 0:
            _run("useradd", "--system", "--no-create-home", "postgres")
        shutil.chown(self.folder, "postgres")
        made = self.as_postgres(
            PGBIN / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        self.start()

    def start(self) -> None:
        options = f"-k {self.folder} -h 127.0.0.1 -p {self.port} -c fsync=off"
        started = self.as_postgres(
            PGBIN / "pg_ctl", "-D", self.data, "-l", self.folder / "server.log", "-w",
            "-t", "60", "-o", options, "start",
        )  # fmt: skip
        assert started.returncode == 0, (self.folder / "server.log").read_text()

    def stop(self) -> None:
        self.as_postgres(PGBIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def create_database(self, name: str) -> str:
        made = _run(
            PGBIN / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name
        )
        assert made.returncode == 0, made.stderr
        return self.url(name)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def postgresql_or_skip() -> PostgreSQL:
    if not (PGBIN / "initdb").exists():
        pytest.skip(f"PostgreSQL 15 is not installed ({PGBIN}/initdb); .ci/pg.sh installs it")
    if os.geteuid() != 0:
        pytest.skip("starting a throwaway PostgreSQL needs root (it runs as the postgres user)")
    cluster = PostgreSQL()
    cluster.create()
    return cluster


class Moto:
    """moto's S3 server on loopback: the real S3 API over HTTP, in a process of its own."""

    region = "eu-west-2"
    credentials = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}

    def __init__(self, port: int = MOTO_PORT):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process = None

    def start(self) -> None:
        env = {**os.environ, **self.credentials}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(f"{self.url}/moto-api/", self.process, what="moto's S3 server")

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=self.region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def make_bucket(self, name: str) -> None:
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": self.region}
        )

    def storage_environment(self, bucket: str) -> dict:
        return {
            "AUDITPORTAL_STORAGE": "s3",
            "AUDITPORTAL_S3_BUCKET": bucket,
            "AUDITPORTAL_S3_ENDPOINT_URL": self.url,
            "AUDITPORTAL_S3_REGION": self.region,
            **self.credentials,
        }

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)


def moto_or_skip() -> Moto:
    try:
        import moto.server
    except ImportError:
        pytest.skip("moto[server] is not installed (requirements-test.txt)")
    moto = Moto()
    moto.start()
    return moto


def wait_for(url: str, process: subprocess.Popen, *, what: str) -> None:
    """Until ``url`` answers at all; fails if the process dies first."""
    for _ in range(1200):
        if process.poll() is not None:
            raise AssertionError(f"{what} stopped with exit code {process.returncode}")
        try:
            requests.get(url, timeout=ANSWER)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise AssertionError(f"{what} did not answer at {url}")


def service_environment(**values) -> dict:
    """The environment of a production-like service: settings from variables alone."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="true",
        DJANGO_SECRET_KEY="live-test-" + "k" * 40,
        DJANGO_LOG_FORMAT="plain",
        AUDITPORTAL_MFA_FOR_EVERYONE="false",
    )
    env.update(values)
    return env


def manage(env: dict, *args) -> str:
    done = _run(sys.executable, "manage.py", *args, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


class Gunicorn:
    """gunicorn serving this checkout on one port, with ``workers`` worker processes."""

    def __init__(self, env: dict, port: int, workers: int = 1):
        self.env, self.port, self.workers = env, port, workers
        self.base = f"http://127.0.0.1:{port}"
        self.log = Path(tempfile.mkstemp(prefix=f"auditportal-gunicorn-{port}-")[1])

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "auditportal.wsgi"),
                *("--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}"),
                *("--timeout", "600", "--error-logfile", str(self.log), "--no-control-socket"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(f"{self.base}/accessibility/", self.process, what=f"gunicorn on {self.port}")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.unlink(missing_ok=True)
