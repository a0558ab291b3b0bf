"""DJANGO_CACHE_URL=redis://… puts the throttle in Redis: a real redis-server started here,
the same refusal at the sixth failure, and the count kept in Redis, where every worker and
machine reads it."""

import os
import shutil
import subprocess
import tempfile
import time

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from tests.base import CastTestCase

REDIS = shutil.which("redis-server")
PORT = 8346 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
URL = f"redis://127.0.0.1:{PORT}/0"
REFUSED = "too many attempts to sign in with this e-mail address"


@pytest.fixture(scope="class")
def redis_server(request):
    if not REDIS:
        pytest.skip("redis-server is not installed: apt-get install redis-server (make test does)")
    folder = tempfile.mkdtemp(prefix="auditportal-redis-")
    server = subprocess.Popen(
        [REDIS, "--port", str(PORT), "--bind", "127.0.0.1", "--save", "", "--dir", folder],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis.from_url(URL)
    for _ in range(100):  # until it answers
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        with override_settings(
            CACHES={
                "default": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": URL,
                }
            }
        ):
            yield client
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.usefixtures("redis_server")
class RedisThrottleTests(CastTestCase):
    def test_it_counts_failures_in_redis_and_refuses_the_sixth(self):
        caches["default"].clear()
        answers = []
        for _ in range(6):
            page = self.client.post(
                reverse("account_login"), {"login": self.auditor.email, "password": "wrong-one"}
            )
            answers.append(REFUSED in page.content.decode())
        self.assertEqual(answers, [False] * 5 + [True])
        keys = [key.decode() for key in redis_client().keys("*login_failed*")]
        self.assertTrue(keys, "the throttle's count is not in Redis")


def redis_client():
    import redis

    return redis.Redis.from_url(URL)
