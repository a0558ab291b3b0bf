"""The throttle holds across workers: gunicorn with two worker processes, sharing the
database cache, refuses the sixth wrong password for one account. Before the shared cache,
each worker counted on its own and the first refusal came about five times the workers later."""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
PORT = 8344 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REFUSED = "too many attempts to sign in with this e-mail address"
WRONG = "The e-mail address or the password is not right"
# A bound for one answer on a machine busy with other tests, not a measure of speed.
ANSWER = 120


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def two_workers():
    folder = tempfile.mkdtemp(prefix="auditportal-throttle-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="true",
        DJANGO_SECRET_KEY="throttle-test-" + "k" * 40,
        DATABASE_URL=f"sqlite:///{folder}/throttle.sqlite3",
        AUDITPORTAL_VAR_DIR=folder,
    )
    manage(env, "migrate", "--no-input")
    manage(env, "createcachetable")
    manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from authorities.models import User; User.objects.create_user("
        "email='psw@dudley.test', password='correct-horse-battery-staple', full_name='Dee PSW',"
        " role='platform_admin')",
    )
    log = Path(folder) / "access.log"
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "auditportal.wsgi"),
            *("--workers", "2", "--bind", f"127.0.0.1:{PORT}", "--timeout", "600"),
            *("--access-logfile", str(log), "--access-logformat", "%(p)s %(m)s %(s)s %(U)s"),
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(1200):  # until both workers have booted and one answers
            try:
                if requests.get(f"{base}/accounts/login/", timeout=ANSWER).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        yield base, log
    finally:
        server.terminate()
        server.wait(timeout=30)


class Browser:
    """One person's browser posting wrong passwords for one address."""

    def __init__(self, base, email):
        self.base, self.email = base, email
        self.session = requests.Session()
        self.session.get(f"{base}/accounts/login/", timeout=ANSWER)

    def wrong_passwords(self, count) -> list[str]:
        token = self.session.cookies["csrftoken"]
        answers = []
        for _ in range(count):
            page = self.session.post(
                f"{self.base}/accounts/login/",
                data={"login": self.email, "password": "not-it", "csrfmiddlewaretoken": token},
                headers={"Referer": f"{self.base}/accounts/login/"},
                timeout=ANSWER,
            ).text
            answers.append("refused" if REFUSED in page else "wrong" if WRONG in page else "other")
        return answers


def hold_a_worker(base) -> socket.socket:
    """Half a request: a free worker takes it and waits for the rest, so the other answers."""
    host, port = base.removeprefix("http://").split(":")
    held = socket.create_connection((host, int(port)), timeout=ANSWER)
    held.sendall(b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    time.sleep(0.5)  # let a worker take it before the next connection arrives
    return held


def let_go(held: socket.socket) -> None:
    held.sendall(b"Connection: close\r\n\r\n")
    while held.recv(65536):
        pass
    held.close()


def wrong_passwords(base, email, count=20) -> list[str]:
    return Browser(base, email).wrong_passwords(count)


def test_it_refuses_the_sixth_wrong_password_across_two_workers(two_workers):
    base, log = two_workers
    browser = Browser(base, "psw@dudley.test")
    earlier = log.read_text().count(" POST ")  # the other test's, if it ran first
    # The first three guesses go to one worker while the other is held, the rest to the
    # other worker while the first is held, so the count has to be shared between them.
    first = hold_a_worker(base)
    answers = browser.wrong_passwords(3)
    second = hold_a_worker(base)
    let_go(first)
    answers += browser.wrong_passwords(17)
    let_go(second)
    assert answers == ["wrong"] * 5 + ["refused"] * 15, answers
    posts = [line.split()[0] for line in log.read_text().splitlines() if " POST " in line]
    posts = posts[earlier:]
    assert len(set(posts[:3])) == 1 and len(set(posts[3:20])) == 1, posts
    assert posts[0] != posts[3], f"the sign-in posts were answered by workers {set(posts)}"


def test_it_refuses_an_unknown_address_at_the_same_attempt(two_workers):
    base, _log = two_workers
    answers = wrong_passwords(base, "nobody@nowhere.test")
    assert answers.index("refused") == 5, answers
    assert re.fullmatch("(wrong,){5}(refused,){15}", ",".join(answers) + ",")
