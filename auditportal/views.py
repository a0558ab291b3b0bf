"""Pages that belong to the service as a whole: home, statements and error pages."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.template.loader import select_template

from . import home


def home_page(request):
    """What this person should do next, by role."""
    context = home.context_for(request.user)
    role_template = f"pages/home_{request.user.role}.html"
    template = select_template([role_template, "pages/home.html"])
    return render(request, template.template.name, context)


@login_not_required
def accessibility_statement(request):
    return render(request, "pages/accessibility.html")


@login_not_required
def privacy_notice(request):
    from django.conf import settings

    from authorities.models import DEFAULT_RETENTION_DAYS

    return render(
        request,
        "pages/privacy.html",
        {
            "security_event_days": settings.AUDITPORTAL_SECURITY_EVENT_DAYS,
            # The reader's region's period when signed in; the service's default otherwise.
            "retention_days": getattr(
                getattr(request.user, "region", None), "retention_days", DEFAULT_RETENTION_DAYS
            ),
        },
    )


def _error(template: str, status: int):
    @login_not_required
    def view(request, exception=None):
        context = {"reason": str(exception) if status == 403 and exception else ""}
        return render(request, template, context, status=status)

    return view


# Error pages leak nothing: no paths, no object names, no tracebacks.
page_not_found = _error("errors/404.html", 404)
permission_denied = _error("errors/403.html", 403)
bad_request = _error("errors/400.html", 400)
