"""Pages for the team's fieldwork: conversations, theme findings, recommendations, learning
actions and immediate concerns. Every object is fetched through ``auditportal.access``."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from auditportal import access

from .. import evidence, guidance
from ..forms.fieldwork import (
    ConcernAcknowledgeForm,
    ConcernCloseForm,
    ConcernForm,
    ConversationForms,
    LearningActionForm,
    LearningActionUpdateForm,
    RecommendationForm,
    ThemeFindingForm,
)
from ..models import (
    ConcernResponse,
    Conversation,
    ConversationView,
    ImmediateConcern,
    LearningAction,
    Recommendation,
    Theme,
    ThemeFinding,
    VisitConcerns,
    VisitFieldwork,
)
from ..policies.fieldwork import FIELDWORK_CLOSED, RECOMMENDATIONS_CLOSED
from ..services import fieldwork as services

GET_POST = require_http_methods(["GET", "POST"])


def _fieldwork(request, visit_pk, *, edit=False) -> VisitFieldwork:
    visits = VisitFieldwork.objects.select_related("host", "tool")
    return access.fetch(request.user, visits, edit=edit, pk=visit_pk)


def _require_fieldwork_create(request, model, visit) -> None:
    access.require(access.can_create(request.user, model, visit=visit), FIELDWORK_CLOSED)


# --- Conversations ----------------------------------------------------------------------


def conversation_list(request, visit_pk):
    visit = _fieldwork(request, visit_pk)
    if not_open := guidance.before_site(visit, "Conversations"):
        return guidance.render_guidance(request, visit, not_open)
    views = ConversationView.objects.select_related("theme", "level").order_by("theme__position")
    conversations = (
        access.visible(request.user, Conversation)
        .filter(visit=visit)
        .prefetch_related("held_by", Prefetch("views", queryset=views))
    )
    return render(
        request,
        "audits/conversation_list.html",
        {
            "visit": visit,
            "conversations": conversations,
            "can_change": access.can_change(request.user, visit),
        },
    )


@GET_POST
def conversation_create(request, visit_pk):
    visit = _fieldwork(request, visit_pk)
    _require_fieldwork_create(request, Conversation, visit)
    return _conversation_form(request, visit, None)


@GET_POST
def conversation_edit(request, visit_pk, pk):
    visit = _fieldwork(request, visit_pk)
    conversations = Conversation.objects.filter(visit=visit)
    conversation = access.fetch(request.user, conversations, edit=True, pk=pk)
    return _conversation_form(request, visit, conversation)


def _conversation_form(request, visit, conversation):
    forms = ConversationForms(
        request.POST or None, visit=visit, by=request.user, conversation=conversation
    )
    if request.method == "POST" and forms.is_valid():
        with transaction.atomic():
            conversation = services.save_conversation(
                visit=visit, by=request.user, conversation=conversation, **forms.cleaned()
            )
            forms.record_confirmations(conversation, by=request.user)
        messages.success(request, f"The conversation ({conversation}) has been saved.")
        return redirect("audits:conversation-list", visit.pk)
    return render(
        request,
        "audits/conversation_form.html",
        {"visit": visit, "forms": forms, "conversation": conversation},
    )


@GET_POST
def conversation_delete(request, visit_pk, pk):
    visit = _fieldwork(request, visit_pk)
    conversations = Conversation.objects.filter(visit=visit)
    conversation = access.fetch(request.user, conversations, edit=True, pk=pk)
    if request.method == "POST":
        services.delete_conversation(conversation=conversation)
        messages.success(request, f"The conversation ({conversation}) has been deleted.")
        return redirect("audits:conversation-list", visit.pk)
    return render(
        request,
        "audits/conversation_confirm_delete.html",
        {"visit": visit, "conversation": conversation},
    )


# --- Theme findings ---------------------------------------------------------------------


def themefinding_list(request, visit_pk):
    visit = _fieldwork(request, visit_pk)
    if not_open := guidance.before_site(visit, "Theme findings"):
        return guidance.render_guidance(request, visit, not_open)
    findings = (
        access.visible(request.user, ThemeFinding).filter(visit=visit).select_related("level")
    )
    by_theme = {finding.theme_id: finding for finding in findings}
    rows = [
        {"theme": theme, "finding": by_theme.get(theme.pk)}
        for theme in visit.tool.themes.filter(kind=Theme.Kind.PRACTICE).order_by("position", "pk")
    ]
    return render(request, "audits/themefinding_list.html", {"visit": visit, "rows": rows})


@GET_POST
def themefinding_edit(request, visit_pk, theme_key):
    visit = _fieldwork(request, visit_pk)
    # The theme is looked up within the visit's own tool, which the visit check covers.
    # Context sections (the case profile) get no finding: they are not judged.
    theme = get_object_or_404(Theme, tool_id=visit.tool_id, key=theme_key, kind=Theme.Kind.PRACTICE)
    can_change = access.can_change(request.user, visit)
    if request.method == "POST":
        access.require(can_change, FIELDWORK_CLOSED)
    finding = (
        access.visible(request.user, ThemeFinding)
        .filter(visit=visit, theme=theme)
        .select_related("level", "updated_by")
        .first()
    )
    form = ThemeFindingForm(request.POST or None, visit=visit, initial=_initial(finding))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = services.save_theme_finding(
                    visit=visit, theme=theme, by=request.user, **form.finding_values()
                )
                form.record_confirmations(saved, by=request.user)
        except services.StaleFinding as stale:
            # Keep what this auditor typed, show what the other saved, and let a second
            # save replace it knowingly.
            conflict = stale.current
            data = request.POST.copy()
            data["version"] = conflict.version
            form = ThemeFindingForm(data, visit=visit)
        else:
            messages.success(request, f"The finding for {theme} has been saved.")
            return redirect("audits:themefinding-edit", visit.pk, theme.key)
    context = {
        "visit": visit,
        "theme": theme,
        "finding": finding,
        "form": form,
        "can_change": can_change,
        "conflict": conflict,
        "evidence": evidence.theme_evidence(visit, theme),
    }
    return render(
        request, "audits/themefinding_form.html", context, status=409 if conflict else 200
    )


def _initial(finding: ThemeFinding | None) -> dict:
    if finding is None:
        return {"version": 0}
    return {
        "strengths": finding.strengths,
        "areas_for_development": finding.areas_for_development,
        "level": finding.level_id,
        "shareable_good_practice": finding.shareable_good_practice,
        "version": finding.version,
    }


# --- Recommendations --------------------------------------------------------------------


def recommendation_list(request, visit_pk):
    visit = _fieldwork(request, visit_pk)
    if not_open := guidance.before_site(visit, "Recommendations"):
        return guidance.render_guidance(request, visit, not_open)
    recommendations = (
        access.visible(request.user, Recommendation).filter(visit=visit).select_related("theme")
    )
    return render(
        request,
        "audits/recommendation_list.html",
        {
            "visit": visit,
            "recommendations": recommendations,
            "can_change": access.can_create(request.user, Recommendation, visit=visit),
        },
    )


@GET_POST
def recommendation_create(request, visit_pk):
    visit = _fieldwork(request, visit_pk)
    allowed = access.can_create(request.user, Recommendation, visit=visit)
    access.require(allowed, RECOMMENDATIONS_CLOSED)
    return _recommendation_form(request, visit, None)


@GET_POST
def recommendation_edit(request, visit_pk, pk):
    visit = _fieldwork(request, visit_pk)
    recommendations = Recommendation.objects.filter(visit=visit)
    recommendation = access.fetch(request.user, recommendations, edit=True, pk=pk)
    return _recommendation_form(request, visit, recommendation)


def _recommendation_form(request, visit, recommendation):
    initial = (
        {"text": recommendation.text, "theme": recommendation.theme_id} if recommendation else {}
    )
    form = RecommendationForm(request.POST or None, visit=visit, initial=initial)
    if form.is_valid():
        with transaction.atomic():
            recommendation = services.save_recommendation(
                visit=visit,
                by=request.user,
                text=form.cleaned_data["text"].strip(),
                theme=form.cleaned_data["theme"],
                recommendation=recommendation,
            )
            form.record_confirmations(recommendation, by=request.user)
        messages.success(request, "The recommendation has been saved.")
        return redirect("audits:recommendation-list", visit.pk)
    title = "Change a recommendation" if recommendation else "Add a recommendation"
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": title,
            "caption": str(visit),
            "back_url": reverse("audits:recommendation-list", args=[visit.pk]),
        },
    )


@GET_POST
def recommendation_delete(request, visit_pk, pk):
    visit = _fieldwork(request, visit_pk)
    recommendations = Recommendation.objects.filter(visit=visit)
    recommendation = access.fetch(request.user, recommendations, edit=True, pk=pk)
    if request.method == "POST":
        services.delete_recommendation(recommendation=recommendation)
        messages.success(request, "The recommendation has been deleted.")
        return redirect("audits:recommendation-list", visit.pk)
    return render(
        request,
        "audits/recommendation_confirm_delete.html",
        {"visit": visit, "recommendation": recommendation},
    )


# --- Learning actions -------------------------------------------------------------------


@GET_POST
def learningaction_create(request):
    access.require_create(request.user, LearningAction)
    visits = access.visible(request.user, VisitFieldwork).filter(
        auditor_links__auditor=request.user
    )
    initial = {"visit": request.GET.get("visit")}
    form = LearningActionForm(request.POST or None, visits=visits, initial=initial)
    if form.is_valid():
        visit = form.cleaned_data["visit"]
        access.require_create(request.user, LearningAction, visit=visit)
        with transaction.atomic():
            action = services.record_learning_action(
                owner=request.user,
                visit=visit,
                action=form.cleaned_data["action"].strip(),
                due_on=form.cleaned_data["due_on"],
            )
            form.record_confirmations(action, by=request.user)
        messages.success(request, "Your learning action has been saved.")
        return redirect("learning:action-register")
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": "Record a learning action for your council",
            "lead": "Something you saw on the visit that your own council could learn from.",
            "back_url": reverse("learning:action-register"),
        },
    )


@GET_POST
def learningaction_edit(request, pk):
    action = access.fetch(request.user, LearningAction, edit=True, pk=pk)
    form = LearningActionUpdateForm(request.POST or None, instance=action)
    if form.is_valid():
        with transaction.atomic():
            services.update_learning_action(
                learning_action=action,
                action=form.cleaned_data["action"].strip(),
                due_on=form.cleaned_data["due_on"],
                status=form.cleaned_data["status"],
                status_note=form.cleaned_data["status_note"].strip(),
            )
            form.record_confirmations(action, by=request.user)
        messages.success(request, "Your learning action has been saved.")
        return redirect("learning:action-register")
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": "Update a learning action",
            "back_url": reverse("learning:action-register"),
        },
    )


# --- Immediate concerns -----------------------------------------------------------------


def concern_list(request):
    user = request.user
    access.require(user.is_psw or user.is_coordinator, "Your role does not handle concerns.")
    concerns = access.visible(user, ImmediateConcern).select_related(
        "visit__host", "case_file", "raised_by"
    )
    return render(request, "audits/concern_list.html", {"concerns": concerns, "visit": None})


def concern_visit_list(request, visit_pk):
    visits = VisitConcerns.objects.select_related("host")
    visit = access.fetch(request.user, visits, pk=visit_pk)
    if not_open := guidance.before_site(visit, "Immediate concerns"):
        return guidance.render_guidance(request, visit, not_open)
    concerns = (
        access.visible(request.user, ImmediateConcern)
        .filter(visit=visit)
        .select_related("visit__host", "case_file", "raised_by")
    )
    return render(
        request,
        "audits/concern_list.html",
        {
            "concerns": concerns,
            "visit": visit,
            "can_raise": access.can_change(request.user, visit),
            # The host's PSW reads concerns here but none of the team's other fieldwork.
            "fieldwork_nav": request.user.home_authority_id != visit.host_id,
        },
    )


@GET_POST
def concern_raise(request, visit_pk):
    visits = VisitConcerns.objects.select_related("host")
    visit = access.fetch(request.user, visits, edit=True, pk=visit_pk)
    initial = {"case_file": request.GET.get("case")}
    form = ConcernForm(request.POST or None, visit=visit, initial=initial)
    if form.is_valid():
        with transaction.atomic():
            concern = services.raise_concern(
                visit=visit,
                case_file=form.cleaned_data["case_file"],
                risk=form.cleaned_data["risk"].strip(),
                action_taken=form.cleaned_data["action_taken"].strip(),
                by=request.user,
                site_url=request.build_absolute_uri("/"),
            )
            form.record_confirmations(concern, by=request.user)
        messages.success(
            request,
            f"Your concern about {concern.case_file} has been raised. "
            f"{visit.host}'s Principal Social Worker has been told by e-mail.",
        )
        return redirect("audits:concern-detail", concern.pk)
    return render(request, "audits/concern_form.html", {"visit": visit, "form": form})


def concern_detail(request, pk):
    concerns = ConcernResponse.objects.select_related(
        "visit__host", "case_file", "raised_by", "acknowledged_by", "closed_by"
    )
    concern = access.fetch(request.user, concerns, pk=pk)
    return render(
        request,
        "audits/concern_detail.html",
        {
            "concern": concern,
            "history": concern.history.select_related("by"),
            "can_respond": access.can_change(request.user, concern),
        },
    )


@GET_POST
def concern_acknowledge(request, pk):
    concern = access.fetch(request.user, ConcernResponse, edit=True, pk=pk)
    access.require(concern.status == concern.Status.RAISED, "This concern is already acknowledged.")
    form = ConcernAcknowledgeForm(request.POST or None)
    if form.is_valid():
        with transaction.atomic():
            services.acknowledge_concern(
                concern=concern,
                response=form.cleaned_data["response"].strip(),
                by=request.user,
                site_url=request.build_absolute_uri("/"),
            )
            form.record_confirmations(concern, by=request.user)
        messages.success(request, "You have acknowledged the concern. The audit team is told.")
        return redirect("audits:concern-detail", concern.pk)
    return render(request, "audits/concern_respond.html", {"concern": concern, "form": form})


@GET_POST
def concern_close(request, pk):
    concern = access.fetch(request.user, ConcernResponse, edit=True, pk=pk)
    access.require(
        concern.status == concern.Status.ACKNOWLEDGED, "Acknowledge the concern before closing it."
    )
    form = ConcernCloseForm(request.POST or None)
    if form.is_valid():
        with transaction.atomic():
            services.close_concern(
                concern=concern, note=form.cleaned_data["closure_note"].strip(), by=request.user
            )
            form.record_confirmations(concern, by=request.user)
        messages.success(request, "The concern has been closed.")
        return redirect("audits:concern-detail", concern.pk)
    return render(request, "audits/concern_respond.html", {"concern": concern, "form": form})
