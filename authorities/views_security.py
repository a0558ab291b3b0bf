"""The security events page and the coordinator's MFA reset."""

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from auditportal import access

from . import security
from .forms import SecurityEventFilterForm
from .mfa import has_second_factor
from .models import SecurityEvent, User

EVENTS_PER_PAGE = 50


def security_event_list(request):
    access.require(
        request.user.is_coordinator or request.user.is_platform_admin,
        "Only coordinators and platform administrators read security events.",
    )
    events = access.visible(request.user, SecurityEvent).select_related("user", "actor")
    form = SecurityEventFilterForm(request.GET or None)
    events = form.filter(events)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "authorities/securityevent_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "security_event_days": settings.AUDITPORTAL_SECURITY_EVENT_DAYS,
        },
    )


@reauthentication_required
@require_http_methods(["GET", "POST"])
def person_reset_mfa(request, pk):
    person = access.fetch(request.user, User, edit=True, pk=pk)
    if request.method == "POST":
        security.reset_mfa(person=person, by=request.user, request=request)
        messages.success(
            request,
            f"{person}'s authenticator app and recovery codes have been removed and they have "
            "been signed out everywhere. They set up a new app the next time they sign in.",
        )
        return redirect("authorities:person-list")
    return render(
        request,
        "authorities/person_reset_mfa.html",
        {"person": person, "has_mfa": has_second_factor(person)},
    )
