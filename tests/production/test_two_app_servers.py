"""Stateless app servers: two gunicorn processes on two ports share one PostgreSQL, the
database cache, the task queue and an S3 object store (moto's server). A coordinator signs in
and issues a report on the first; a task worker (`manage.py db_worker`) makes and stores its
files; a director's download from the second is the issued file, byte for byte, and the
coordinator's session works on either."""

import hashlib
import re

import pytest
import requests

from tests.base import PASSWORD, authenticator_code
from tests.production.live import (
    ANSWER,
    APP_PORTS,
    Gunicorn,
    manage,
    moto_or_skip,
    postgresql_or_skip,
    service_environment,
)

BUCKET = "auditportal-two-servers"


@pytest.fixture(scope="module")
def two_servers():
    cluster = postgresql_or_skip()
    moto = None
    try:
        moto = moto_or_skip()
        moto.make_bucket(BUCKET)
        env = service_environment(
            DATABASE_URL=cluster.create_database("two_servers"),
            DJANGO_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            **moto.storage_environment(BUCKET),
        )
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "createcachetable")
        visit_pk = manage(
            env,
            *("shell", "--no-imports", "-c"),
            "from tests.production.live_data import visit_ready_to_issue as v; print(v())",
        ).split()[-1]
        with Gunicorn(env, APP_PORTS[0]) as first, Gunicorn(env, APP_PORTS[1]) as second:
            yield first.base, second.base, int(visit_pk), moto, env
    finally:
        if moto:
            moto.stop()
        cluster.remove()


def csrf(session, url) -> str:
    page = session.get(url, timeout=ANSWER)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def post(session, url, data) -> requests.Response:
    token = csrf(session, url)
    return session.post(
        url,
        data={"csrfmiddlewaretoken": token, **data},
        headers={"Referer": url},
        timeout=ANSWER,
    )


def sign_in(base, email) -> requests.Session:
    """Password, then the authenticator app's code (tried again if its 30 seconds ran out)."""
    session = requests.Session()
    page = post(session, f"{base}/accounts/login/", {"login": email, "password": PASSWORD})
    assert page.url.endswith("/accounts/2fa/authenticate/") or "Sign out" in page.text
    for _ in range(3):
        if "Sign out" in page.text:
            return session
        page = post(session, f"{base}/accounts/2fa/authenticate/", {"code": authenticator_code()})
    assert "Sign out" in page.text, page.text[:2000]
    return session


def test_a_report_issued_on_one_server_downloads_byte_for_byte_from_the_other(two_servers):
    first, second, visit_pk, moto, env = two_servers
    coordinator = sign_in(first, "coordinator@wm.test")
    issue_page = f"{first}/visits/{visit_pk}/report/issue/"
    version = re.search(r'name="version" value="(\d+)"', coordinator.get(issue_page).text)
    asked = post(coordinator, issue_page, {"version": version.group(1)})
    assert "files are being prepared" in asked.text, asked.text[:2000]
    manage(env, "db_worker", "--batch")  # the task worker, until the queue is empty
    report_page = coordinator.get(f"{first}/visits/{visit_pk}/report/", timeout=ANSWER)
    assert "being prepared" not in report_page.text
    assert "Version 1" in report_page.text and "SHA-256" in report_page.text

    stored = moto.client().list_objects_v2(Bucket=BUCKET)["Contents"]
    pdf_key = next(item["Key"] for item in stored if item["Key"].endswith("-v1.pdf"))
    in_bucket = moto.client().get_object(Bucket=BUCKET, Key=pdf_key)["Body"].read()

    director = sign_in(second, "director@sandwell.test")
    download = director.get(f"{second}/visits/{visit_pk}/report/versions/1.pdf", timeout=ANSWER)
    assert download.status_code == 200
    assert download.content == in_bucket
    assert hashlib.sha256(download.content).hexdigest() == hashlib.sha256(in_bucket).hexdigest()
    assert download.content.startswith(b"%PDF-")

    # The session made on the first server is good on the second: sessions and the
    # sign-in throttle live in the shared database and cache, not in one process.
    on_second = coordinator.get(f"{second}/visits/{visit_pk}/report/", timeout=ANSWER)
    assert on_second.status_code == 200 and "Sign out" in on_second.text
    assert "Version 1" in on_second.text
