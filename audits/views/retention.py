"""Legal holds: the coordinator keeps a visit's notes past their retention period."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from auditportal import access
from audits import retention
from audits.forms.retention import LegalHoldForm
from audits.models import LegalHold, Visit


@require_http_methods(["GET", "POST"])
def legal_hold(request, pk):
    visit = access.fetch(request.user, Visit.objects.select_related("host__region"), pk=pk)
    access.require_create(request.user, LegalHold, visit=visit)
    hold = retention.active_hold(visit)
    posted = request.POST if request.method == "POST" else None
    form = LegalHoldForm(posted, visit=visit, hold=hold)
    if form.is_valid() and form.save(by=request.user):
        done = "lifted" if hold else "set: its notes are kept until it is lifted"
        messages.success(request, f"The legal hold is {done}.")
        return redirect(visit)
    return render(
        request,
        "audits/visit_legal_hold.html",
        {
            "form": form,
            "visit": visit,
            "hold": hold,
            "retention": retention.status_of(
                visit, holds_seen=access.visible(request.user, LegalHold)
            ),
        },
    )
