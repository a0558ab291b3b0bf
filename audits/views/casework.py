"""Case audit pages: a case theme by theme, autosave, check and submit, review, double rating,
the trail, and the visit's progress."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from auditportal import access, dates

from .. import guidance
from ..completeness import CHECK_SECTION, COMPLETED, IN_PROGRESS, JUDGEMENT_SECTION, NOT_STARTED
from ..confirmation import NOT_CONFIRMED, is_confirmed
from ..forms.answers import AnswerForm, Conflict, JudgementForm, SectionForms
from ..forms.casework import CalibrationMarkForm, DoubleRatingForm, ReviewForm
from ..models import (
    Calibration,
    CalibrationRating,
    CaseAudit,
    CaseAuditError,
    CaseFile,
    ModerationEvent,
    Question,
    VisitCasework,
    VisitConcerns,
    VisitFieldwork,
)
from ..notes import CONFIRM_FIELD
from ..policies.casework import may_lock
from ..services import casework as services
from ..services import check_answers, double_rating, progress, section_status, trail

# --- Helpers shared by the pages ----------------------------------------------------------


def _case(request, visit_pk, case_pk, *, edit=False) -> CaseAudit:
    return access.fetch(
        request.user, services.case_audits(), edit=edit, pk=case_pk, visit_id=visit_pk
    )


def _case_url(case, name="caseaudit-detail", **query) -> str:
    url = reverse(f"audits:{name}", args=[case.visit_id, case.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _section_url(case, section: str, anchor: str = "") -> str:
    if section == JUDGEMENT_SECTION:
        url = _case_url(case, "caseaudit-judgement")
    elif section == CHECK_SECTION:
        url = _case_url(case, "caseaudit-check")
    else:
        url = _case_url(case, theme=section)
    return url + (f"#{anchor}" if anchor else "")


def when(moment) -> str:
    """GOV.UK style: 10:42am on 9 March 2027 (auditportal.dates)."""
    return dates.moment(moment)


# The GOV.UK task list shows unfinished tasks as tags and finished ones as plain text.
_TASK_TAGS = {NOT_STARTED: "govuk-tag--blue", IN_PROGRESS: "govuk-tag--light-blue", COMPLETED: ""}


def _contents(state, current: str) -> list[dict]:
    """The task list: each theme, then the judgement, with its status."""
    status = state.completeness.section_status
    sections = [(theme.key, theme.title) for theme in state.themes]
    if state.judged:
        sections.append((JUDGEMENT_SECTION, "Overall judgement"))
    return [
        {
            "key": key,
            "title": title,
            "url": _section_url(state.case, key),
            "status": status[key],
            "tag": _TASK_TAGS[status[key]],
            "current": key == current,
        }
        for key, title in sections
    ]


def _judgement_rows(judgement) -> list[tuple[str, str]]:
    """The judgement for summary lists: the first and any moderated one, both kept."""
    if judgement is None:
        return [("Overall judgement", ""), ("Rationale", "")]
    rows = [
        (
            "First judgement" if judgement.moderated_level_id else "Overall judgement",
            judgement.level.label if judgement.level_id else "",
        )
    ]
    if judgement.moderated_level_id:
        rows += [
            ("Moderated judgement", judgement.moderated_level.label),
            ("Reason for moderating", judgement.moderation_reason),
        ]
    rows += [
        ("Rationale", judgement.rationale),
        ("One strength", judgement.strength),
        ("One thing to improve", judgement.improvement),
    ]
    return rows


def _can_edit(request, case, state) -> bool:
    return (
        case.is_draft and not state.is_being_double_rated and access.can_change(request.user, case)
    )


def _section_page(request, state, section, *, current, title, template, **extra):
    case = state.case
    context = {
        "case": case,
        "visit": case.visit,
        "state": state,
        "section": section,
        "contents": _contents(state, current),
        "current": current,
        "title": title,
        "can_edit": _can_edit(request, case, state),
        "judged": state.judged,
        "judgement_rows": _judgement_rows(state.judgement),
        "judgement_url": _section_url(case, JUDGEMENT_SECTION),
        # An auditor who sees a risk to the person while reading the file raises it from here.
        "can_raise_concern": access.can_change(
            request.user, VisitConcerns(pk=case.visit_id, status=case.visit.status)
        ),
        **extra,
    }
    return render(request, template, context)


# --- The case audit, theme by theme --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def caseaudit_detail(request, visit_pk, case_pk):
    """One theme of a case audit; the Save button works without JavaScript."""
    case = _case(request, visit_pk, case_pk, edit=request.method == "POST")
    state = services.load_case_audit(case)
    theme = state.theme(request.GET.get("theme"))
    if theme is None:
        raise Http404("No such theme")
    data = request.POST if request.method == "POST" else None
    section = SectionForms.for_theme(data, state=state, theme=theme)
    if data is not None and section.save(case=case, by=request.user, action=data):
        messages.success(request, f"Saved: {theme.title}")
        return redirect(_section_url(case, theme.key))
    return _section_page(
        request,
        state,
        section,
        current=theme.key,
        title=theme.title,
        template="audits/caseaudit_detail.html",
        theme=theme,
        next_url=_section_url(case, state.next_section(theme)),
        # The autosave endpoint of each question is this plus its key.
        answer_url=reverse("audits:answer-save", args=[case.visit_id, case.pk, "-"])[:-2],
    )


@require_http_methods(["GET", "POST"])
def caseaudit_judgement(request, visit_pk, case_pk):
    """The case's overall judgement, with a rationale, one strength and one thing to improve."""
    case = _case(request, visit_pk, case_pk, edit=request.method == "POST")
    state = services.load_case_audit(case)
    if not state.judged:
        raise Http404("This visit's audit tool gives cases no overall judgement")
    data = request.POST if request.method == "POST" else None
    section = SectionForms.for_judgement(data, state=state)
    if data is not None and section.save(case=case, by=request.user, action=data):
        messages.success(request, "Saved: overall judgement")
        return redirect(_section_url(case, JUDGEMENT_SECTION))
    return _section_page(
        request,
        state,
        section,
        current=JUDGEMENT_SECTION,
        title="Overall judgement",
        template="audits/caseaudit_judgement.html",
        next_url=_case_url(case, "caseaudit-check"),
    )


# --- Autosave: one answer, or the judgement, as JSON ---------------------------------------


def _section_json(key: str, status: str) -> dict:
    """A section's new status for the contents list, tagged as the page tags it."""
    return {"key": key, "status": status, "tag": _TASK_TAGS[status]}


def _autosave(request, form, case, section_of) -> JsonResponse:
    """Save one form for the autosave script: 200 saved, 409 conflict, 422 not stored.

    ``section_of(stored)`` gives the (key, status) of the section the save changed, so the
    script updates the contents list without a reload.
    """
    if not form.is_valid():
        errors = {form.add_prefix(name): list(msgs) for name, msgs in form.errors.items()}
        return JsonResponse(
            {
                "status": "invalid",
                "message": " ".join(m for msgs in errors.values() for m in msgs),
                "errors": errors,
                "needs_confirmation": form.needs_confirmation,
                "confirm_field": form.add_prefix(CONFIRM_FIELD),
            },
            status=422,
        )
    try:
        stored = form.save(case=case, by=request.user)
    except services.StaleVersion as stale:
        conflict = Conflict(form, stale.current, form.field_values())
        by = conflict.by.full_name if conflict.by else "Someone"
        theirs = form.values_of(stale.current)
        return JsonResponse(
            {
                "status": "conflict",
                "message": f"Not saved: {by} saved a different version at {when(conflict.at)}.",
                "by": by,
                "at": when(conflict.at),
                "version": stale.current.version,
                "digest": stale.current.digest,
                "theirs": {form.add_prefix(name): value for name, value in theirs.items()},
                "rows": conflict.rows,
            },
            status=409,
        )
    except CaseAuditError as refusal:
        return JsonResponse({"status": "refused", "message": refusal.message}, status=422)
    return JsonResponse(
        {
            "status": "saved",
            "version": stored.version,
            "digest": stored.digest,
            "saved_at": when(stored.updated_at),
            "section": _section_json(*section_of(stored)),
        }
    )


@require_POST
def answer_save(request, visit_pk, case_pk, question_key):
    case = _case(request, visit_pk, case_pk, edit=True)
    try:
        question = Question.objects.get(tool_id=case.visit.tool_id, key=question_key)
    except Question.DoesNotExist as missing:
        raise Http404("No such question") from missing
    levels, _, _ = services.tool_levels(case.visit.tool_id)
    answer = question.answers.filter(case_file=case).order_by("pk").first()
    form = AnswerForm(
        request.POST,
        question=question,
        levels=[level for level in levels.values() if level.scale_id == question.scale_id],
        answer=answer,
    )
    return _autosave(
        request, form, case, lambda _: section_status.theme_status(case, question, levels)
    )


@require_POST
def judgement_save(request, visit_pk, case_pk):
    case = _case(request, visit_pk, case_pk, edit=True)
    _, _, judgement_levels = services.tool_levels(case.visit.tool_id)
    form = JudgementForm(
        request.POST, levels=judgement_levels, judgement=services.judgement_of(case)
    )
    return _autosave(request, form, case, section_status.judgement_status)


# --- Check your answers and submit --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def caseaudit_check(request, visit_pk, case_pk):
    case = _case(request, visit_pk, case_pk, edit=request.method == "POST")
    state = services.load_case_audit(case)
    gaps, refusal = state.completeness.gaps, None
    if request.method == "POST":
        try:
            services.submit_case(case=case, by=request.user)
        except services.IncompleteCase as incomplete:
            gaps, refusal = incomplete.gaps, incomplete.message
        except CaseAuditError as error:
            refusal = error.message
        else:
            messages.success(request, f"{case.reference} has been submitted for review.")
            return redirect("audits:visit-progress", case.visit_id)
    may_change = case.is_draft and access.can_change(request.user, case)
    return render(
        request,
        "audits/caseaudit_check.html",
        {
            **_summary_context(state, current="check"),
            "refusal": refusal,
            "sections": _gap_sections(case, gaps, state.themes),
            "gap_count": len(gaps),
            "may_change": may_change,
            "can_submit": may_change and not gaps,
        },
    )


def _gap_sections(case, gaps, themes) -> list[dict]:
    """What is missing, theme by theme, each question linked where it is answered."""
    return [
        {
            "section": section,
            "url": _section_url(case, section.key),
            "gaps": [(gap, _section_url(case, gap.section, gap.anchor)) for gap in section.gaps],
        }
        for section in check_answers.gaps_by_section(gaps, themes)
    ]


def _summary_context(state, *, current) -> dict:
    """Every answer by theme, for check-your-answers and the reviewer."""
    case = state.case
    themes = [
        {
            "theme": theme,
            "url": _section_url(case, theme.key),
            # Questions their conditions hide are not asked, so not listed.
            "rows": [
                (question, state.answers.get(question.pk))
                for question in state.questions_in(theme)
                if question.pk in state.applicable
            ],
        }
        for theme in state.themes
    ]
    return {
        "case": case,
        "visit": case.visit,
        "state": state,
        "themes": themes,
        "contents": _contents(state, current),
        "judged": state.judged,
        "judgement_rows": _judgement_rows(state.judgement),
        "judgement_url": _section_url(case, JUDGEMENT_SECTION),
    }


# --- Moderation ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def caseaudit_review(request, visit_pk, case_pk):
    """The other auditor or the coordinator agrees, requests changes or moderates."""
    case = _case(request, visit_pk, case_pk)
    state = services.load_case_audit(case)
    may_review = access.can_create(request.user, ModerationEvent, case=case)
    if request.method == "POST":
        access.require(may_review, "Only the visit's other auditor or the coordinator reviews.")
    levels = state.judgement_levels if state.judged else []
    form = ReviewForm(request.POST or None, levels=levels)
    if request.method == "POST" and form.is_valid():
        try:
            event = form.save(case=case, by=request.user)
        except CaseAuditError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"{case.reference}: {event.get_action_display().lower()}.")
            return redirect("audits:caseaudit-review", case.visit_id, case.pk)
    history = access.visible(request.user, ModerationEvent).filter(case_file=case)
    return render(
        request,
        "audits/caseaudit_review.html",
        {
            **_summary_context(state, current="review"),
            "form": form,
            "history": history.select_related("by", "level"),
            # The allocated auditor never reviews their own case (the service says so too).
            "may_review": may_review
            and case.status == CaseFile.Status.SUBMITTED
            and request.user.pk != case.allocated_to_id,
            "may_lock": may_review
            and case.status == CaseFile.Status.AGREED
            and may_lock(request.user, case),
        },
    )


@require_http_methods(["GET", "POST"])
def caseaudit_lock(request, visit_pk, case_pk):
    """Locking ends every change to a case audit, so it is confirmed on a page of its own."""
    case = _case(request, visit_pk, case_pk)
    access.require_create(request.user, ModerationEvent, case=case)
    posted = request.POST if request.method == "POST" else None
    if is_confirmed(posted):
        try:
            services.lock_case(case=case, by=request.user)
        except CaseAuditError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, f"{case.reference} is locked.")
        return redirect("audits:caseaudit-review", case.visit_id, case.pk)
    refusal = NOT_CONFIRMED if request.method == "POST" else ""
    context = {"case": case, "visit": case.visit, "refusal": refusal}
    return render(request, "audits/caseaudit_lock.html", context)


# --- The trail ----------------------------------------------------------------------------


def caseaudit_trail(request, visit_pk, case_pk):
    """Who changed what, and when, on one case audit: for the team and the coordinator."""
    case = _case(request, visit_pk, case_pk)
    return render(
        request,
        "audits/caseaudit_trail.html",
        {
            "case": case,
            "visit": case.visit,
            "entries": trail.case_trail(case=case, viewer=request.user),
        },
    )


# --- Double rating (calibration) ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def caseaudit_calibration(request, visit_pk, case_pk):
    """Rate blind; once both have rated, see the agreement and record the agreed answers."""
    case = _case(request, visit_pk, case_pk)
    calibration = access.fetch(
        request.user,
        Calibration.objects.select_related("case_file__visit", "first_rater", "second_rater"),
        edit=request.method == "POST",
        case_file=case,
    )
    # Blind: until both have finished, a rater is shown only their own ratings.
    ratings = access.visible(request.user, CalibrationRating).filter(calibration=calibration)
    form = DoubleRatingForm(
        request.POST or None,
        calibration=calibration,
        ratings=list(ratings.select_related("level")),
        rater=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            messages.success(request, form.save())
        except CaseAuditError as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect("audits:caseaudit-calibration", case.visit_id, case.pk)
    counts = double_rating.rating_counts(calibration)
    is_rater = request.user.pk in calibration.rater_ids
    return render(
        request,
        "audits/caseaudit_calibration.html",
        {
            "case": case,
            "visit": case.visit,
            "calibration": calibration,
            "form": form,
            "can_rate": is_rater and access.can_change(request.user, calibration),
            "counts": [(rater, counts[rater.pk]) for rater in calibration.raters],
        },
    )


@require_http_methods(["GET", "POST"])
def visit_calibration(request, visit_pk):
    """The coordinator chooses the cases to rate blind; everyone sees the agreement."""
    visit = access.fetch(request.user, VisitCasework.objects.select_related("host"), pk=visit_pk)
    may_mark = access.can_create(request.user, Calibration, visit=visit)
    if request.method == "POST":
        access.require(may_mark, "Only the region's coordinator chooses the cases to rate blind.")
    marked = list(
        access.visible(request.user, Calibration)
        .filter(case_file__visit=visit)
        .select_related("case_file", "first_rater", "second_rater")
    )
    form = CalibrationMarkForm(request.POST or None, visit=visit, marked=marked)
    if request.method == "POST" and form.is_valid():
        try:
            form.save(by=request.user)
        except CaseAuditError as refusal:
            form.add_error("cases", refusal.message)
        else:
            messages.success(request, "The cases to rate blind are saved.")
            return redirect("audits:visit-calibration", visit.pk)
    return render(
        request,
        "audits/visit_progress_calibration.html",
        {
            "visit": visit,
            "form": form,
            "may_mark": may_mark,
            "marked": marked,
            "agreement": double_rating.visit_agreement(visit),
        },
    )


# --- The visit's progress -----------------------------------------------------------------


def visit_progress(request, visit_pk):
    """Progress per case and per auditor, for the team and the coordinator."""
    user = request.user
    visits = VisitCasework.objects.select_related("host", "tool")
    visit = access.visible(user, visits).filter(pk=visit_pk).first()
    if visit is None:
        # Someone on the team who has not declared is told to, rather than meeting a dead end;
        # anyone else is not found, as before.
        team_visit = access.fetch(user, VisitFieldwork.objects.select_related("host"), pk=visit_pk)
        return guidance.render_guidance(
            request, team_visit, guidance.declaration_first(user, team_visit)
        )
    cases = access.visible(user, CaseAudit).filter(visit=visit)
    return render(
        request,
        "audits/visit_progress.html",
        {
            "visit": visit,
            "progress": progress.visit_progress(visit=visit, cases=cases),
            "statuses": CaseFile.Status,
            "not_open": guidance.before_site(visit, "Case audits"),
        },
    )
