"""Pages for the host's improvement plan (the plan, adding an action to a recommendation,
updating an action) and for how the council moved since its last audit. Every object is
fetched through ``auditportal.access``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from auditportal import access

from ..comparison import compare
from ..forms.improvement import PlanActionForm, PlanActionUpdateForm
from ..models import PlanAction, VisitComparison, VisitPlan
from ..services import improvement as services

GET_POST = require_http_methods(["GET", "POST"])


def _plan(request, visit_pk, *, edit=False) -> VisitPlan:
    visits = VisitPlan.objects.select_related("host", "tool")
    return access.fetch(request.user, visits, edit=edit, pk=visit_pk)


def plan_detail(request, visit_pk):
    visit = _plan(request, visit_pk)
    actions = access.visible(request.user, PlanAction)
    return render(
        request,
        "audits/visitplan_detail.html",
        {
            "visit": visit,
            "plan": services.plan_for(visit, actions),
            "can_change": access.can_change(request.user, visit),
            "today": timezone.localdate(),
        },
    )


@GET_POST
def plan_action_create(request, visit_pk, recommendation_pk):
    visit = _plan(request, visit_pk, edit=True)
    # The plan's policy opens the issued report's recommendations with the visit.
    recommendation = get_object_or_404(visit.recommendations, pk=recommendation_pk)
    form = PlanActionForm(request.POST or None, visit=visit)
    if form.is_valid():
        with transaction.atomic():
            action = services.add_plan_action(
                recommendation=recommendation, by=request.user, **form.action_values()
            )
            form.record_confirmations(action, by=request.user)
        messages.success(request, "The action has been added to the plan.")
        return redirect(reverse("audits:plan-detail", args=[visit.pk]) + f"#action-{action.pk}")
    return _form_page(request, visit, form, "Add an action", recommendation)


@GET_POST
def plan_action_edit(request, visit_pk, pk):
    visit = _plan(request, visit_pk)
    actions = PlanAction.objects.filter(recommendation__visit=visit).select_related(
        "recommendation__visit__host"
    )
    action = access.fetch(request.user, actions, edit=True, pk=pk)
    initial = {
        **{name: getattr(action, name) for name in ("action", "owner_role", "due_on", "status")},
        "owner": action.owner_id,
        "dropped_reason": action.dropped_reason,
    }
    form = PlanActionUpdateForm(request.POST or None, visit=visit, initial=initial)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.update_plan_action(
                    plan_action=action, by=request.user, **form.action_values()
                )
                form.record_confirmations(action, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The action has been updated.")
            return redirect(reverse("audits:plan-detail", args=[visit.pk]) + f"#action-{pk}")
    return _form_page(request, visit, form, "Update an action", action.recommendation)


def _form_page(request, visit, form, title, recommendation):
    return render(
        request,
        "audits/planaction_form.html",
        {
            "form": form,
            "title": title,
            "caption": f"Improvement plan, {visit}",
            "recommendation": recommendation,
            "back_url": reverse("audits:plan-detail", args=[visit.pk]),
        },
    )


def visit_since_last(request, visit_pk):
    """How the council's results moved since its previous issued audit."""
    visits = VisitComparison.objects.select_related("host", "tool")
    visit = access.fetch(request.user, visits, pk=visit_pk)
    return render(
        request,
        "audits/visit_since_last.html",
        {"visit": visit, "comparison": compare(visit)},
    )
