"""A real OpenID Connect provider for the tests: oidc-provider-mock, served over HTTP on a
port of this run's own, which the service reaches exactly as it would reach Entra ID."""

import copy
import os
from contextlib import contextmanager

import requests
from django.conf import settings

# One port per test process, so two xdist workers never meet.
BASE_PORT = 8342


def port_for_worker() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return BASE_PORT + int(worker.removeprefix("gw") or 0)


@contextmanager
def running_provider():
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(port=port_for_worker()) as server:
        yield f"http://localhost:{server.server_port}"


def council_app(provider_url: str, **extra) -> dict:
    return {
        "provider_id": "dudley",
        "name": "Dudley Council (test)",
        "client_id": "auditportal-test",
        "secret": "test-secret",
        "settings": {"server_url": provider_url, "verified_email_claim": "email_verified", **extra},
    }


def provider_settings(provider_url: str) -> dict:
    """Settings that add the provider: the app itself and its site in form-action."""
    csp = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    csp["DIRECTIVES"]["form-action"] = [*csp["DIRECTIVES"]["form-action"], provider_url]
    return {
        "SOCIALACCOUNT_PROVIDERS": {"openid_connect": {"APPS": [council_app(provider_url)]}},
        "CONTENT_SECURITY_POLICY": csp,
    }


def set_person(provider_url: str, sub: str, **claims) -> None:
    """What the provider will say about this person in their ID token."""
    response = requests.put(f"{provider_url}/users/{sub}", json=claims, timeout=10)
    response.raise_for_status()
