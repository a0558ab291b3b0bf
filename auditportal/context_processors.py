from django.conf import settings

from . import navigation


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "protective_marking": settings.PROTECTIVE_MARKING,
        "navigation": navigation.items_for(getattr(request, "user", None), request.path),
    }
