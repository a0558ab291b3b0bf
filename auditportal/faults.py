"""Faults that lose nothing: request ids, the database outage page, oversized bodies, and
pages that no browser or proxy may keep.

- ``RequestIdMiddleware`` (first of all) gives every request an id, sent back as
  ``X-Request-ID``, printed on the 500 and 503 pages and put on every log line, so a person's
  "it said 3f2a…" finds the log.
- ``BodySizeLimitMiddleware`` refuses a body over ``AUDITPORTAL_MAX_REQUEST_BYTES`` from its
  ``Content-Length`` alone, before anything reads it (413).
- ``DatabaseUnavailableMiddleware`` and ``server_error`` answer a lost database with a 503
  page rendered from a plain template: no context processor, no session, no query.
- ``NoStoreMiddleware`` marks the pages of case audits, fieldwork, reports and regional
  learning ``Cache-Control: no-store``.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import get_template
from django.utils.cache import add_never_cache_headers

from . import logs

logger = logging.getLogger("auditportal.faults")

# An id from the load balancer is kept when it looks like one; anything else is replaced.
_INCOMING_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def _plain_page(request, template: str, status: int, **context) -> HttpResponse:
    """A page that needs nothing but its template: safe when the database is gone."""
    context = {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "request_id": getattr(request, "request_id", "") or logs.request_id.get(),
        **context,
    }
    response = HttpResponse(get_template(template).render(context), status=status)
    add_never_cache_headers(response)
    return response


def unavailable(request) -> HttpResponse:
    """The branded 503: the database cannot be reached; nothing half-saved was kept."""
    _drop_broken_connections()
    response = _plain_page(request, "errors/503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def is_database_down(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, DATABASE_DOWN):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request) -> HttpResponse:
    """Django's handler500: the 503 page when the database is the cause, else the 500 page."""
    error = sys.exc_info()[1]
    if is_database_down(error):
        logger.error("database unavailable", exc_info=sys.exc_info())
        return unavailable(request)
    return _plain_page(request, "errors/500.html", 500)


def _drop_broken_connections() -> None:
    """Close connections the outage broke, so the next request opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        token = logs.request_id.set(request.request_id)
        person = logs.person_id.set(None)
        try:
            response = self.get_response(request)
        finally:
            logs.request_id.reset(token)
            logs.person_id.reset(person)
        response["X-Request-ID"] = request.request_id
        return response


class PersonLogMiddleware:
    """Puts the signed-in person's id on the log lines of the rest of the request. Placed
    after sign-in is checked, so reading the person costs nothing more."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            logs.person_id.set(user.pk)


class BodySizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.AUDITPORTAL_MAX_REQUEST_BYTES
        if length > limit:
            logger.warning("request body refused", extra={"bytes": length, "limit": limit})
            response = _plain_page(
                request,
                "errors/413.html",
                413,
                size=_megabytes(length),
                limit=_megabytes(limit),
            )
            # The body was never read: the connection cannot carry another request.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


class DatabaseUnavailableMiddleware:
    """The 503 page for a view that lost the database, in development (DEBUG) too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_down(exception):
            logger.error("database unavailable", exc_info=exception)
            return unavailable(request)
        return None


# URL namespaces whose pages show case content, fieldwork, reports or regional learning.
NO_STORE_NAMESPACES = frozenset({"audits", "reports", "learning", "authorities"})
NO_STORE_VIEWS = frozenset({"home"})


class NoStoreMiddleware:
    """Browsers and proxies keep none of these pages: a shared council laptop's back button
    or cache must not show the last person's case audit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match and (
            NO_STORE_NAMESPACES.intersection(match.namespaces) or match.view_name in NO_STORE_VIEWS
        ):
            add_never_cache_headers(response)
        return response
