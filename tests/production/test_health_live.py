"""The health endpoint of a real gunicorn on a real PostgreSQL: a load balancer sees "fail"
while the database is stopped, and "ok" again once it is back, with no restart of the service."""

import tempfile

import pytest
import requests

from tests.production.live import (
    ANSWER,
    APP_PORTS,
    Gunicorn,
    manage,
    postgresql_or_skip,
    service_environment,
)


@pytest.fixture(scope="module")
def service():
    cluster = postgresql_or_skip()
    try:
        env = service_environment(
            DATABASE_URL=cluster.create_database("health"),
            DJANGO_MEDIA_ROOT=tempfile.mkdtemp(prefix="auditportal-health-media-"),
            # A lost database is noticed at once rather than after a minute's reuse.
            DJANGO_CONN_MAX_AGE="0",
        )
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "createcachetable")
        with Gunicorn(env, APP_PORTS[0]) as server:
            yield cluster, server
    finally:
        cluster.remove()


def test_it_fails_while_the_database_is_stopped_and_recovers_when_it_is_back(service):
    cluster, server = service
    health = f"{server.base}/health/"
    answer = requests.get(health, timeout=ANSWER)
    assert (answer.status_code, answer.text) == (200, "ok\n")
    cluster.stop()
    try:
        answer = requests.get(health, timeout=ANSWER)
        assert (answer.status_code, answer.text) == (503, "fail\n")
    finally:
        cluster.start()
    answer = requests.get(health, timeout=ANSWER)
    assert (answer.status_code, answer.text) == (200, "ok\n")
