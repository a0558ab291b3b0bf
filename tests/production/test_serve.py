"""`make serve` (scripts/serve.sh): PostgreSQL, gunicorn with two workers and the task worker,
with production settings, all started by one command and all stopped by Ctrl-C."""

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

from tests.production.live import ANSWER, APP_PORTS, PGBIN, ROOT, WORKER, service_environment


def processes() -> dict[int, tuple[int, str]]:
    listing = subprocess.run(
        [shutil.which("ps"), "-eo", "pid=,ppid=,args="], capture_output=True, text=True, check=True
    ).stdout
    found = {}
    for line in listing.splitlines():
        pid, ppid, args = line.split(maxsplit=2)
        found[int(pid)] = (int(ppid), args)
    return found


def descendants(root: int) -> list[str]:
    table = processes()
    family, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, args) in table.items():
            if ppid == parent:
                family.append(args)
                frontier.append(pid)
    return family


def wait_until(condition, what: str):
    for _ in range(1800):
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"never: {what}")


@pytest.fixture(scope="module")
def served():
    if not (PGBIN / "initdb").exists():
        pytest.skip(f"PostgreSQL 15 is not installed ({PGBIN}/initdb)")
    folder = Path(tempfile.mkdtemp(prefix="auditportal-serve-"))
    folder.chmod(0o755)  # as a checkout's var/ folder, which the postgres user can reach
    port = APP_PORTS[2]
    env = service_environment(
        AUDITPORTAL_VAR_DIR=str(folder), PORT=str(port), SERVE_PGPORT=str(54353 + WORKER),
        SERVE_DEMO="false", DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )  # fmt: skip
    for name in ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DATABASE_URL"):
        env.pop(name, None)  # as a newcomer's shell: the script sets production values itself
    log = (folder / "serve.log").open("w")
    script = subprocess.Popen(
        [shutil.which("bash"), "scripts/serve.sh"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def healthy():
        assert script.poll() is None, (folder / "serve.log").read_text()
        try:
            return requests.get(f"{base}/health/", timeout=ANSWER).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_until(healthy, "the service answered its health check")
        yield script, base, folder, env
    finally:
        stop(script, folder)


def stop(script: subprocess.Popen, folder: Path) -> None:
    """Ctrl-C, as a person would; the script's own trap stops PostgreSQL. Only if it hangs is
    it killed, and then its PostgreSQL (a daemon of its own) is stopped here."""
    if script.poll() is None:
        os.killpg(script.pid, signal.SIGINT)
        try:
            script.wait(timeout=ANSWER)
        except subprocess.TimeoutExpired:
            os.killpg(script.pid, signal.SIGKILL)
    data = folder / "postgres" / "data"
    if (data / "postmaster.pid").exists():
        pg_ctl = [str(PGBIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
        runuser = [shutil.which("runuser"), "-u", "postgres", "--"]
        subprocess.run([*runuser, *pg_ctl], capture_output=True, check=False)


def test_it_runs_two_web_workers_a_task_worker_and_postgresql(served):
    script, _base, folder, _env = served
    family = descendants(script.pid)
    gunicorn = [args for args in family if "gunicorn auditportal.wsgi" in args]
    assert len(gunicorn) == 3, family  # the master and its two workers
    assert sum("manage.py db_worker" in args for args in family) == 1, family
    assert (folder / "postgres" / "data" / "postmaster.pid").exists()
    printed = (folder / "serve.log").read_text()
    assert "gunicorn, 2 workers" in printed and "task worker:  manage.py db_worker" in printed


def test_it_serves_with_production_settings(served):
    _script, base, _folder, _env = served
    assert requests.get(f"{base}/accessibility/", timeout=ANSWER).status_code == 200
    # Debug is off: an unknown address gets the service's own page, not Django's debug page.
    missing = requests.get(f"{base}/no-such-page/", timeout=ANSWER, allow_redirects=False)
    assert missing.status_code == 404
    assert "URLconf" not in missing.text and "Page not found" in missing.text


def test_the_task_worker_takes_queued_work(served):
    _script, _base, folder, env = served
    env = {
        **env,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": (folder / "secret-key").read_text(),
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{54353 + WORKER}/auditportal",
    }
    shell = [".venv/bin/python", "manage.py", "shell", "--no-imports", "-c"]
    enqueue = (
        "from audits.tasks.visits import send_assignment_notice as t;"
        "print(t.enqueue(visit_id=0, auditor_id=0).id)"
    )
    queued = subprocess.run([*shell, enqueue], cwd=ROOT, env=env, capture_output=True, text=True)
    assert queued.returncode == 0, queued.stderr
    task_id = queued.stdout.split()[-1]
    status = (
        "from django_tasks_db.models import DBTaskResult as r;"
        f"print(r.objects.get(id='{task_id}').status)"
    )

    def taken():
        done = subprocess.run([*shell, status], cwd=ROOT, env=env, capture_output=True, text=True)
        return done.stdout.split()[-1] != "READY"

    # Visit 0 does not exist, so the task fails: what matters is that a worker took it.
    wait_until(taken, "the task worker took the task")


def test_ctrl_c_stops_everything(served):
    script, _base, folder, _env = served
    family_before = descendants(script.pid)
    assert family_before
    os.killpg(script.pid, signal.SIGINT)
    script.wait(timeout=ANSWER)
    assert descendants(script.pid) == []
    assert not (folder / "postgres" / "data" / "postmaster.pid").exists()
