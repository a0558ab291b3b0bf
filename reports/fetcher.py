"""What WeasyPrint may load while it renders a report: the service's own static files, nothing else.

Reports carry text typed by people. It is escaped, but the renderer must not be a way to make
the server fetch anything even if markup slipped through: no web addresses, no ``file:``
paths, no ``data:`` URIs, no other path on this site. The report template refers to its
stylesheet as ``/static/...``; it is resolved against ``BASE_URL`` and read through Django's
static file finders (or ``STATIC_ROOT`` after ``collectstatic``).
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A host that cannot resolve anywhere (RFC 6761), so a relative link can never leave the box.
BASE_URL = "https://auditportal.invalid/"
logger = logging.getLogger(__name__)
ALLOWED_SUFFIXES = {".css", ".svg", ".png", ".jpg", ".jpeg", ".woff", ".woff2", ".ttf", ".otf"}


class RefusedURL(ValueError):
    """The renderer asked for something it may not load."""


def static_path(url: str) -> Path:
    """The file behind one of our own static URLs, or ``RefusedURL``."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        raise RefusedURL(f"Reports may not load {parts.scheme or 'relative'} addresses: {url!r}")
    if parts.query or parts.username or parts.password or parts.port:
        raise RefusedURL(f"Reports may not load {url!r}")
    path = unquote(parts.path)
    static_url = urlsplit(settings.STATIC_URL).path
    if not path.startswith(static_url):
        raise RefusedURL(f"Reports may load only static files, not {path!r}")
    relative = path[len(static_url) :]
    normalised = posixpath.normpath(relative)
    if (
        not relative
        or normalised != relative
        or normalised.startswith(("/", "."))
        or "\\" in relative
        or "\x00" in relative
    ):
        raise RefusedURL(f"Reports may not load {path!r}")
    if Path(normalised).suffix.lower() not in ALLOWED_SUFFIXES:
        raise RefusedURL(f"Reports may not load files of this kind: {path!r}")
    found = finders.find(normalised)
    if not found and settings.STATIC_ROOT:
        candidate = (Path(settings.STATIC_ROOT) / normalised).resolve()
        root = Path(settings.STATIC_ROOT).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            found = str(candidate)
    if not found:
        raise RefusedURL(f"No such static file: {path!r}")
    return Path(found)


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves static files and refuses every other address."""

    def fetch(self, url, headers=None):
        try:
            path = static_path(url)
        except RefusedURL as refusal:
            logger.warning("Report rendering refused to load a URL: %s", refusal)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
