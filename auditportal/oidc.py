"""Council sign-in providers (OpenID Connect) read from the environment.

AUDITPORTAL_OIDC_PROVIDERS is a JSON list, one entry per council tenant, for example::

    [{"id": "dudley", "name": "Dudley Council",
      "server_url": "https://login.microsoftonline.com/<tenant id>/v2.0"}]

An entry may carry its own "client_id" and "secret"; without them it uses
AUDITPORTAL_OIDC_CLIENT_ID and AUDITPORTAL_OIDC_CLIENT_SECRET, which is how one multi-tenant
Entra ID app registration serves every council. "verified_email_claim" names the claim that
says the e-mail address is the person's own ("email_verified" unless set; Entra ID: "xms_edov").
Imported by settings, so nothing here touches Django's apps.
"""

import json
import os
import re

from django.core.exceptions import ImproperlyConfigured

PROVIDER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def apps_from_json(text: str) -> list[dict]:
    """allauth's openid_connect APPS from the JSON list; an empty text gives none."""
    if not text.strip():
        return []
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(
            f"AUDITPORTAL_OIDC_PROVIDERS is not valid JSON ({error.msg} at character "
            f"{error.pos}); it must be a list such as "
            '[{"id": "dudley", "name": "Dudley Council", "server_url": "https://..."}].'
        ) from error
    if not isinstance(entries, list):
        raise ImproperlyConfigured("AUDITPORTAL_OIDC_PROVIDERS must be a JSON list of providers.")
    return [_app(number, entry) for number, entry in enumerate(entries, start=1)]


def _app(number: int, entry) -> dict:
    where = f"AUDITPORTAL_OIDC_PROVIDERS, provider {number}"
    if not isinstance(entry, dict):
        raise ImproperlyConfigured(f"{where}: each provider must be a JSON object.")
    missing = [key for key in ("id", "name", "server_url") if not entry.get(key)]
    client_id = entry.get("client_id") or os.environ.get("AUDITPORTAL_OIDC_CLIENT_ID", "")
    secret = entry.get("secret") or os.environ.get("AUDITPORTAL_OIDC_CLIENT_SECRET", "")
    if not client_id:
        missing.append("client_id (or AUDITPORTAL_OIDC_CLIENT_ID)")
    if missing:
        raise ImproperlyConfigured(f"{where}: missing {', '.join(missing)}.")
    if not PROVIDER_ID.match(str(entry["id"])):
        raise ImproperlyConfigured(
            f"{where}: id {entry['id']!r} must be lower-case letters, digits and hyphens "
            "(it is part of the redirect URI)."
        )
    settings = {
        "server_url": entry["server_url"],
        "verified_email_claim": entry.get("verified_email_claim", "email_verified"),
    }
    return {
        "provider_id": entry["id"],
        "name": entry["name"],
        "client_id": client_id,
        "secret": secret,
        "settings": settings,
    }


def sign_in_origins(apps: list[dict]) -> list[str]:
    """Where the sign-in form's redirect goes (the providers' own sites): the Content
    Security Policy's form-action must allow them, or browsers stop the redirect."""
    from urllib.parse import urlsplit

    origins = []
    for app in apps:
        parts = urlsplit(app["settings"]["server_url"])
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins
