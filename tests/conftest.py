import os
import shutil
import tempfile

import pytest
from django.test import override_settings

# Playwright's sync API runs an event loop in the test thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True, scope="session")
def media_root():
    """Issued reports and uploads go to a folder of this run's own, removed at the end,
    never into the developer's var/media."""
    folder = tempfile.mkdtemp(prefix="auditportal-test-media-")
    with override_settings(MEDIA_ROOT=folder):
        yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The database cache's table: the sign-in throttle and used codes live there."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture(autouse=True, scope="session")
def forced_sign_in_is_a_fresh_sign_in():
    """``force_login`` stands for a person who has just signed in with their password.

    A real sign-in comes from an address and leaves allauth's record of when the password
    was entered; Django's bare test request has neither. Tests of re-authentication move
    the clock on past 15 minutes to see it asked for.
    """
    from importlib import import_module

    from allauth.account.internal.flows.login import record_authentication
    from django.conf import settings
    from django.contrib.auth import login
    from django.http import HttpRequest
    from django.test.client import ClientMixin

    original = ClientMixin._login

    def _login(self, user, backend=None):
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        if self.session:
            request.session = self.session
        else:
            request.session = import_module(settings.SESSION_ENGINE).SessionStore()
        login(request, user, backend)
        record_authentication(request, user, "password", reauthenticated=True)
        request.session.save()
        self._set_login_cookies(request)

    ClientMixin._login = _login
    yield
    ClientMixin._login = original
