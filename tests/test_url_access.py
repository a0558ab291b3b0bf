"""Default-deny: every URL the service has sends an anonymous visitor to sign in.

The test walks the whole URLconf, so a new page that forgets the rule fails here.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Pages anyone may open: sign-in and password reset, and the statements in the footer.
PUBLIC = {
    "accessibility",
    "privacy",
    "account_login",
    "account_logout",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_inactive",
    "account_confirm_email",
    "account_email_verification_sent",
    "account_confirm_login_code",
    "account_request_login_code",
    "account_confirm_password_reset_code",
    # Council sign-in (OpenID Connect): the way in, and its "cancelled" page.
    "openid_connect_login",
    "openid_connect_callback",
    "socialaccount_login_cancelled",
    # Answers only "signed out" to a visitor, so the timeout warning can tell.
    "session-status",
    # For load balancers: "ok" or "fail" and nothing else to a visitor (auditportal/health.py).
    "health",
    # A personal calendar feed: calendar programs cannot sign in, so its secret token is the key.
    "audits:calendar-feed",
}
# The read-only API's operations: a reporting tool cannot sign in, so a call without a token
# is answered 401 with a JSON message rather than sent to the sign-in page.
BEARER_TOKEN = {
    "api:v1:list_visits",
    "api:v1:get_visit",
    "api:v1:list_report_versions",
    "api:v1:learning_counts",
    "api:v1:list_learning_actions",
}
SAMPLE_ARGS = {
    "int": "1",
    "slug": "sandwell",
    "str": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "x",
}


def walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), (namespace + entry.name) if entry.name else None


def concrete(route: str) -> str:
    """A real path for a route, with sample values for its converters."""
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGS.get(m.group(1) or "str", "x"), route)
    path = path.lstrip("^").rstrip("$").replace("\\Z", "")
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "x", path)
    return "/" + path.replace("\\", "")


ROUTES = sorted({(concrete(route), name or "") for route, name in walk(get_resolver())})


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), ROUTES)
def test_it_sends_anonymous_visitors_to_sign_in(client, path, name):
    if name in PUBLIC:
        pytest.skip("public page by design")
    response = client.get(path)
    if name in BEARER_TOKEN:
        assert response.status_code == 401, f"{path} ({name}) answered {response.status_code}"
        assert response["WWW-Authenticate"] == "Bearer"
        assert "Bearer <token>" in response.json()["detail"]
        return
    login = reverse("account_login")
    # Django admin hands its own sign-in to allauth's, one hop later.
    if response.status_code == 302 and response["Location"].startswith("/django-admin/login/"):
        response = client.get(response["Location"])
    assert response.status_code == 302, f"{path} ({name}) answered {response.status_code}"
    assert response["Location"].startswith(login), f"{path} ({name}) sent to {response['Location']}"


def test_it_walks_a_real_urlconf():
    names = {name for _, name in ROUTES}
    assert "home" in names and "authorities:person-list" in names
    assert names >= BEARER_TOKEN
