from django.conf import settings

from authorities import security

from . import navigation


def service(request):
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    signed_in = bool(user and user.is_authenticated and session is not None)
    return {
        "session_seconds_left": security.seconds_left(session) if signed_in else 0,
        "session_warning_seconds": settings.AUDITPORTAL_SESSION_WARNING_SECONDS,
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "protective_marking": settings.PROTECTIVE_MARKING,
        "navigation": navigation.items_for(getattr(request, "user", None), request.path),
    }
