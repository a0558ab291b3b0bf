"""The read-only JSON API, version 1 (docs/decisions/0008-read-only-api.md).

Each operation runs as the bearer token's person: it reads through ``readers`` (which go
through ``auditportal.access``), pages, and returns typed rows. Another council's object is
a 404, never a 403 that would confirm it exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, Throttled
from ninja.errors import ValidationError as RequestInvalid

from auditportal import access
from learning.policies import reads_regional_learning
from learning.source import Filters

from . import readers, schemas
from .security import TokenBearer, TokenRateThrottle
from .tokens import TokenRefused

api = NinjaAPI(
    title="AuditPortal read-only API",
    version="1",
    description=(
        "Read-only data for reporting tools such as Power BI and Excel. Send a personal "
        "token (made on your API tokens page) as `Authorization: Bearer <token>`. Each call "
        "sees exactly what the token's person may see. Lists come a page at a time: "
        f"`limit` (1 to {readers.MAX_LIMIT}, 100 unless asked) and `offset`; each page gives "
        "the total `count` and the `next` page's address."
    ),
    urls_namespace="api:v1",
    auth=TokenBearer(),
    throttle=[TokenRateThrottle()],
    docs_url=None,
)

REFUSED = {401: schemas.Problem, 429: schemas.Problem}


def _problem(request, status: int, detail: str, **headers):
    response = api.create_response(request, {"detail": detail}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


@api.exception_handler(TokenRefused)
def token_refused(request, error):
    return _problem(request, 401, str(error), **{"WWW-Authenticate": "Bearer"})


@api.exception_handler(AuthenticationError)
def no_token(request, error):
    return _problem(
        request,
        401,
        "Send your personal token in the Authorization header, as: Bearer <token>. "
        "Make one on your API tokens page.",
        **{"WWW-Authenticate": "Bearer"},
    )


@api.exception_handler(Throttled)
def too_many(request, error):
    return _problem(request, 429, "Too many calls with this token. Wait, then try again.")


@api.exception_handler(Http404)
def not_found(request, error):
    return _problem(request, 404, "Not found, or not yours to see.")


@api.exception_handler(PermissionDenied)
def refused(request, error):
    return _problem(request, 403, str(error) or "Your role does not allow this.")


@api.exception_handler(RequestInvalid)
def invalid(request, error):
    fields = ", ".join(
        f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in error.errors
    )
    return _problem(request, 422, f"Check the query: {fields}.")


class Paging(Schema):
    limit: int = Field(100, ge=1, le=readers.MAX_LIMIT)
    offset: int = Field(0, ge=0)


class CountFilters(Paging):
    year_from: int | None = Field(None, ge=2000, le=2100)
    year_to: int | None = Field(None, ge=2000, le=2100)
    tool_id: int | None = Field(None, ge=1)


@api.get("/visits", response={200: schemas.VisitPage, **REFUSED}, tags=["Visits"])
def list_visits(request, paging: Query[Paging]):
    """The visits you may see: dates, status, council and team."""
    user = request.auth.owner
    found = readers.page(request, readers.visits(user), **paging.dict())
    found["items"] = readers.visit_rows(request, user, found["items"])
    return found


@api.get(
    "/visits/{visit_id}",
    response={200: schemas.Visit, 404: schemas.Problem, **REFUSED},
    tags=["Visits"],
)
def get_visit(request, visit_id: int):
    """One visit; 404 where it is not yours to see."""
    user = request.auth.owner
    visit = access.fetch(user, readers.visits(user), pk=visit_id)
    return readers.visit_rows(request, user, [visit])[0]


@api.get("/reports", response={200: schemas.ReportPage, **REFUSED}, tags=["Reports"])
def list_report_versions(request, paging: Query[Paging]):
    """Issued versions of covering reports: each file's link goes to the site's own logged
    download, opened signed in."""
    found = readers.page(request, readers.issued_reports(request.auth.owner), **paging.dict())
    found["items"] = readers.report_rows(request, found["items"])
    return found


@api.get(
    "/learning/counts",
    response={200: schemas.CountPage, 403: schemas.Problem, **REFUSED},
    tags=["Regional learning"],
)
def learning_counts(request, query: Query[CountFilters]):
    """The regional dashboard's counts: each council's latest issued visit by theme, named or
    lettered as the dashboard names them, cells of fewer than five cases suppressed."""
    user = request.auth.owner
    access.require(
        reads_regional_learning(user),
        "Regional learning is for the region's coordinators, PSWs, tool owners and leaders.",
    )
    filters = Filters(query.year_from, query.year_to, query.tool_id)
    board, rows = readers.learning_counts(user, filters)
    found = readers.page(request, rows, limit=query.limit, offset=query.offset)
    return {**readers.counts_header(board), **found}


@api.get(
    "/learning/actions",
    response={200: schemas.LearningActionPage, **REFUSED},
    tags=["Regional learning"],
)
def list_learning_actions(request, paging: Query[Paging]):
    """Learning actions you may see: your own, your council's, or the region's."""
    found = readers.page(request, readers.learning_actions(request.auth.owner), **paging.dict())
    found["items"] = readers.action_rows(found["items"])
    return found
