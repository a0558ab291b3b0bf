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
