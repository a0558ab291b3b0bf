"""The service's URLs plus two that fail on purpose, for the fault pages' tests."""

from django.contrib.auth.decorators import login_not_required
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.http import HttpResponse
from django.urls import path

from auditportal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from auditportal.urls import urlpatterns as service

UNREACHABLE = "/nonexistent-folder/auditportal/unreachable.sqlite3"


def broken_view(request):
    raise ValueError(f"could not read {request.GET.get('q', '')}")


def unreachable_database_view(request):
    """Queries a database that cannot be opened: a real driver error, as in an outage."""
    database = DatabaseWrapper({**_settings(), "NAME": UNREACHABLE}, alias="unreachable")
    with database.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("unreachable")


def _settings():
    from django.db import connections

    return connections["default"].settings_dict


urlpatterns = [
    path("test-faults/broken/", broken_view),
    path("test-faults/unreachable/", unreachable_database_view),
    path("test-faults/public-unreachable/", login_not_required(unreachable_database_view)),
    *service,
]
