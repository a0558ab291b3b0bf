"""How regional learning's files leave the service: as a download under a name the server
made, kept by no browser or proxy cache (exports, the annual summary, a council's CQC pack)."""

from django.utils.cache import add_never_cache_headers


def as_attachment(response, filename: str):
    """``response`` (whole or streamed) saved as ``filename`` and never stored."""
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    return response
