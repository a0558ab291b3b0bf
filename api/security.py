"""How a call to the API is let in: a bearer token, a rate limit, and a line in the call log."""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils.cache import add_never_cache_headers
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from authorities.security import client_address

from . import tokens
from .models import ApiCall


class TokenBearer(HttpBearer):
    """``Authorization: Bearer <token>``: the call runs as the token's person."""

    def authenticate(self, request, token):
        found = tokens.check_token(token)
        tokens.mark_used(found)
        request.api_token = found
        return found


class TokenRateThrottle(SimpleRateThrottle):
    """Calls per token, counted in the shared cache (the one the sign-in throttle uses), so
    every worker and machine sees the same count. The rate is read at each call so that it
    follows the settings (AUDITPORTAL_API_RATE)."""

    scope = "api-token"

    def __init__(self):
        super().__init__(rate=settings.AUDITPORTAL_API_RATE)

    def allow_request(self, request) -> bool:
        self.rate = settings.AUDITPORTAL_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        token = getattr(request, "api_token", None)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


def logged(view, *, open_to_tokens: bool):
    """Keep one ApiCall for every call the view answers, and let no cache keep the answer.

    ``open_to_tokens`` lets the view past the sign-in middleware: its own bearer check
    answers 401 instead of sending a reporting tool to the sign-in page.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        token = getattr(request, "api_token", None)
        person = token.owner if token else None
        if person is None and request.user.is_authenticated:
            person = request.user
        ApiCall.objects.create(
            person=person,
            token=token,
            path=request.get_full_path()[:300],
            status=response.status_code,
            address=client_address(request),
        )
        add_never_cache_headers(response)
        return response

    wrapper.csrf_exempt = True
    if open_to_tokens:
        wrapper.login_required = False
    return wrapper
