"""The audit tool's pages: versions, editing a draft, publishing, export and import, proposals.

Every page fetches through ``access``: contents change only through ``AuditTool``'s policy
(drafts, for the region's tool owners and coordinator) and a version's life (publish, retire,
next version) through ``ToolRelease``'s.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from auditportal import access

from ..conditions import load_conditions, summaries
from ..confirmation import NOT_CONFIRMED, is_confirmed
from ..forms.tools import (
    CompareForm,
    DeclineForm,
    ImportForm,
    LevelForm,
    ProposalForm,
    PublishForm,
    QuestionForm,
    ScaleForm,
    ThemeForm,
    ToolSettingsForm,
)
from ..models import (
    AuditTool,
    Question,
    QuestionCondition,
    QuestionProposal,
    RatingLevel,
    RatingScale,
    Theme,
    ToolRelease,
)
from ..services import tools as services
from ..services.tool_outline import themes_with_counts
from ..toolfile import ToolFileInvalid, export_filename, export_tool, import_tool

GET_POST = require_http_methods(["GET", "POST"])


def _with_parts(queryset, *, question_levels=False):
    """A tool with its themes, questions, scales and levels in four queries, however many.

    ``question_levels`` adds one more: each question's own scale levels, for the preview.
    """
    questions = (
        Question.objects.select_related("scale")
        .prefetch_related("options")
        .order_by("position", "pk")
    )
    if question_levels:
        questions = questions.prefetch_related("scale__levels").annotate(
            conditional=Exists(QuestionCondition.objects.filter(question=OuterRef("pk")))
        )
    return queryset.prefetch_related(
        Prefetch(
            "themes",
            queryset=Theme.objects.order_by("position", "pk").prefetch_related(
                Prefetch("questions", queryset=questions)
            ),
        ),
        Prefetch("scales", queryset=RatingScale.objects.prefetch_related("levels")),
    )


def _posted(request):
    """The submitted data on a POST (even an empty one), so a form is bound exactly then."""
    return request.POST if request.method == "POST" else None


def _form_page(request, form, title, tool, **extra):
    context = {"form": form, "title": title, "caption": str(tool), "back_url": _edit_url(tool)}
    return render(request, "form_page.html", context | extra)


def _edit_url(tool, anchor=""):
    return tool.get_absolute_url() + (f"#{anchor}" if anchor else "")


def _theme_url(tool, theme_id, anchor=""):
    """A theme's own page, where its questions are changed (see views.tool_themes)."""
    url = reverse("audits:theme-detail", args=[tool.pk, theme_id])
    return url + (f"#{anchor}" if anchor else "")


# --- versions -----------------------------------------------------------------------------


def tool_list(request):
    tools = access.visible(request.user, AuditTool).annotate(
        theme_count=Count("themes", distinct=True),
        question_count=Count("questions", distinct=True),
    )
    open_proposals = access.visible(request.user, QuestionProposal).filter(status="open")
    return render(
        request,
        "audits/tool_list.html",
        {
            "tools": tools.order_by("name", "-version"),
            "can_import": access.can_create(request.user, AuditTool),
            "open_proposal_count": open_proposals.count(),
        },
    )


def tool_detail(request, pk):
    scales = Prefetch("scales", queryset=RatingScale.objects.prefetch_related("levels"))
    tool = access.fetch(
        request.user, AuditTool.objects.select_related("based_on").prefetch_related(scales), pk=pk
    )
    themes = themes_with_counts(tool)
    return render(
        request,
        "audits/tool_detail.html",
        {
            "tool": tool,
            "themes": themes,
            "question_total": sum(theme.question_count for theme in themes),
            "can_edit": access.can_change(request.user, tool),
            "can_release": access.can_change(request.user, tool.as_release()),
            "can_propose": access.can_create(request.user, QuestionProposal, tool=tool),
            "versions": access.visible(request.user, tool.versions()),
        },
    )


def tool_preview(request, pk):
    tool = access.fetch(request.user, _with_parts(AuditTool.objects, question_levels=True), pk=pk)
    questions = [q for theme in tool.themes.all() for q in theme.questions.all()]
    # Only the questions that have conditions read them (none: no query).
    load_conditions([question for question in questions if question.conditional])
    shown_when = summaries(questions)
    for question in questions:
        question.shown_when_words = shown_when.get(question.pk, "")
    return render(request, "audits/tool_preview.html", {"tool": tool})


def tool_export(request, pk):
    tool = access.fetch(request.user, AuditTool, pk=pk)
    response = HttpResponse(export_tool(tool), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, export_filename(tool))
    return response


def tool_compare(request, pk):
    tool = access.fetch(request.user, AuditTool, pk=pk)
    versions = access.visible(request.user, tool.versions()).exclude(pk=tool.pk)
    # By default: the version this one was based on, else the newest other one.
    default = versions.filter(pk=tool.based_on_id).first() or versions.first()
    form = CompareForm(request.GET or {"other": getattr(default, "pk", None)}, versions=versions)
    comparison = None
    if form.is_valid():
        other = form.cleaned_data["other"]
        old, new = sorted([other, tool], key=lambda t: t.version)
        comparison = services.compare_tools(old=old, new=new)
    return render(
        request,
        "audits/tool_compare.html",
        {"tool": tool, "form": form, "comparison": comparison, "has_versions": default is not None},
    )


@GET_POST
def tool_import(request):
    access.require_create(request.user, AuditTool)
    form = ImportForm(_posted(request), request.FILES or None)
    if form.is_valid():
        try:
            tool = import_tool(
                form.cleaned_data["file"], region=request.user.region, by=request.user
            )
        except ToolFileInvalid as invalid:
            for problem in invalid.problems:
                form.add_error("file", str(problem))
        else:
            messages.success(
                request, f"{tool} has been imported as a draft. Check it, then publish it."
            )
            return redirect(tool)
    return render(
        request,
        "audits/tool_import.html",
        {"form": form, "title": "Import an audit tool", "back_url": reverse("audits:tool-list")},
    )


@GET_POST
def tool_publish(request, pk):
    tool = access.fetch(request.user, ToolRelease, edit=True, pk=pk)
    access.require(tool.is_draft, f"{tool} is already {tool.get_status_display().lower()}.")
    form = PublishForm(_posted(request), initial={"changelog": tool.changelog})
    if form.is_valid():
        try:
            tool.publish(by=request.user, changelog=form.cleaned_data["changelog"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{tool} is published. Visits can now use it.")
            return redirect(tool)
    context = {
        "tool": tool,
        "form": form,
        "problems": tool.completeness_problems(),
        "counts": tool.themes.aggregate(
            themes=Count("pk", distinct=True), questions=Count("questions")
        ),
    }
    return render(request, "audits/tool_publish.html", context)


def _confirm(request, tool, *, title, body, button, warning=False, back_url=None):
    # A POST that reaches here was not confirmed (see audits.confirmation): say so.
    refusal = NOT_CONFIRMED if request.method == "POST" else ""
    return render(
        request,
        "audits/tool_confirm.html",
        {
            "tool": tool,
            "title": title,
            "body": body,
            "button": button,
            "warning": warning,
            "refusal": refusal,
            "back_url": back_url,
        },
    )


@GET_POST
def tool_retire(request, pk):
    tool = access.fetch(request.user, ToolRelease, edit=True, pk=pk)
    access.require(tool.status == "published", f"{tool} is not published, so it cannot be retired.")
    if is_confirmed(_posted(request)):
        tool.retire(by=request.user)
        messages.success(request, f"{tool} is retired. New visits can no longer use it.")
        return redirect(tool)
    body = [
        "New visits will no longer be able to use this version.",
        "Visits already planned or done with it keep it, and their reports still show it.",
    ]
    return _confirm(
        request,
        tool,
        title=f"Retire version {tool.version}?",
        body=body,
        button="Retire this version",
        warning=True,
    )


@GET_POST
def tool_next_version(request, pk):
    tool = access.fetch(request.user, ToolRelease, edit=True, pk=pk)
    access.require(tool.is_frozen, f"{tool} is a draft: change it directly.")
    draft = tool.versions().drafts().first()
    if draft is not None:
        messages.info(
            request, f"Version {draft.version} is already being drafted: carry on with it."
        )
        return redirect(draft)
    if request.method == "POST":
        draft = tool.new_version(by=request.user)
        messages.success(
            request,
            f"{draft} is a draft copy of version {tool.version}. Change it, then publish it.",
        )
        return redirect(draft)
    body = [
        f"This makes an editable draft copy of version {tool.version}, numbered "
        f"{tool.versions().first().version + 1}. Every question keeps its key, so results stay "
        "comparable across versions.",
        f"Version {tool.version} stays as it is.",
    ]
    return _confirm(
        request, tool, title="Create the next version?", body=body, button="Create the next version"
    )


@GET_POST
def tool_delete(request, pk):
    tool = access.fetch(request.user, AuditTool, edit=True, pk=pk)
    if is_confirmed(_posted(request)):
        tool.delete()
        messages.success(request, f"The draft {tool} has been deleted.")
        return redirect("audits:tool-list")
    body = [
        "The draft and every change made in it will be deleted. "
        "Published versions stay as they are."
    ]
    return _confirm(
        request,
        tool,
        title=f"Delete the draft of version {tool.version}?",
        body=body,
        button="Delete this draft",
        warning=True,
    )


# --- editing a draft ----------------------------------------------------------------------


def _draft(request, pk):
    return access.fetch(request.user, AuditTool, edit=True, pk=pk)


def _part(request, tool, model, part_pk):
    parts = model.objects.filter(**{model.TOOL_PATH: tool}).select_related(model.TOOL_PATH)
    return access.fetch(request.user, parts, edit=True, pk=part_pk)


@GET_POST
def tool_settings(request, pk):
    tool = _draft(request, pk)
    form = ToolSettingsForm(_posted(request), instance=tool)
    if form.is_valid():
        form.save()
        messages.success(request, f"The settings of {tool} have been saved.")
        return redirect(_edit_url(tool))
    return _form_page(request, form, "Change the tool's settings", tool)


@GET_POST
def theme_add(request, pk):
    tool = _draft(request, pk)
    form = ThemeForm(_posted(request))
    if form.is_valid():
        theme = services.add_theme(tool=tool, **form.cleaned_data)
        messages.success(request, f"Theme “{theme}” has been added. Now add its questions.")
        return redirect(_theme_url(tool, theme.pk))
    return _form_page(request, form, "Add a theme", tool)


@GET_POST
def theme_edit(request, pk, part_pk):
    tool = _draft(request, pk)
    form = ThemeForm(_posted(request), instance=_part(request, tool, Theme, part_pk))
    if form.is_valid():
        theme = form.save()
        messages.success(request, f"Theme “{theme}” has been saved.")
        return redirect(_theme_url(tool, theme.pk))
    back_url = _theme_url(tool, part_pk)
    return _form_page(request, form, "Change the theme", tool, back_url=back_url)


@GET_POST
def question_add(request, pk, part_pk):
    tool = _draft(request, pk)
    theme = _part(request, tool, Theme, part_pk)
    form = QuestionForm(_posted(request), tool=tool, theme=theme)
    if form.is_valid():
        with transaction.atomic():
            question = services.add_question(theme=theme, **form.question_fields())
            form.save_options(question)
        messages.success(request, f"The question has been added to “{theme}”.")
        return redirect(_theme_url(tool, theme.pk, f"question-{question.pk}"))
    title = f"Add a question to “{theme}”"
    return _form_page(request, form, title, tool, back_url=_theme_url(tool, theme.pk))


@GET_POST
def question_edit(request, pk, part_pk):
    tool = _draft(request, pk)
    form = QuestionForm(
        _posted(request), instance=_part(request, tool, Question, part_pk), tool=tool
    )
    if form.is_valid():
        with transaction.atomic():
            question = form.save()
            form.save_options(question)
        messages.success(request, "The question has been saved.")
        return redirect(_theme_url(tool, question.theme_id, f"question-{question.pk}"))
    return _form_page(
        request,
        form,
        "Change the question",
        tool,
        lead=f"Key: {form.instance.key}",
        back_url=_theme_url(tool, form.instance.theme_id, f"question-{form.instance.pk}"),
    )


@GET_POST
def scale_add(request, pk):
    tool = _draft(request, pk)
    form = ScaleForm(_posted(request), tool=tool)
    if form.is_valid():
        purpose = form.cleaned_data.get("purpose") or RatingScale.Purpose.QUESTION
        scale = services.add_scale(tool=tool, name=form.cleaned_data["name"], purpose=purpose)
        messages.success(request, f"The scale “{scale}” has been added. Now add its levels.")
        return redirect(_edit_url(tool, f"scale-{scale.pk}"))
    return _form_page(request, form, "Add a scale", tool)


@GET_POST
def scale_edit(request, pk, part_pk):
    tool = _draft(request, pk)
    form = ScaleForm(
        _posted(request), instance=_part(request, tool, RatingScale, part_pk), tool=tool
    )
    if form.is_valid():
        scale = form.save()
        messages.success(request, f"The scale “{scale}” has been saved.")
        return redirect(_edit_url(tool, f"scale-{scale.pk}"))
    return _form_page(request, form, "Change the scale", tool)


@GET_POST
def level_add(request, pk, part_pk):
    tool = _draft(request, pk)
    scale = _part(request, tool, RatingScale, part_pk)
    form = LevelForm(_posted(request))
    if form.is_valid():
        services.add_level(scale=scale, **form.level_values())
        messages.success(request, f"The level has been added to “{scale}”.")
        return redirect(_edit_url(tool, f"scale-{scale.pk}"))
    return _form_page(request, form, f"Add a level to “{scale}”", tool)


@GET_POST
def level_edit(request, pk, part_pk):
    tool = _draft(request, pk)
    form = LevelForm(_posted(request), instance=_part(request, tool, RatingLevel, part_pk))
    if form.is_valid():
        level = form.save()
        messages.success(request, f"The level “{level}” has been saved.")
        return redirect(_edit_url(tool, f"scale-{level.scale_id}"))
    return _form_page(request, form, "Change the level", tool)


@require_POST
def part_move(request, pk, part_pk, model):
    tool = _draft(request, pk)
    part = _part(request, tool, model, part_pk)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.move(part=part, direction=direction)
    if model is Theme:
        return redirect(_theme_url(tool, part.pk))
    if model is Question:
        return redirect(_theme_url(tool, part.theme_id, f"question-{part.pk}"))
    return redirect(_edit_url(tool, f"scale-{part.scale_id}"))


@GET_POST
def part_remove(request, pk, part_pk, model):
    tool = _draft(request, pk)
    part = _part(request, tool, model, part_pk)
    if request.method == "POST":
        try:
            services.remove(part=part)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"“{part}” has been removed from the draft.")
        return redirect(_after_removing(tool, part, model))
    noun = model._meta.verbose_name
    body = [f"“{part}” will be removed from this draft. Published versions keep it."]
    if model is Theme:
        body.append(f"Its {part.questions.count()} question(s) will be removed with it.")
    return _confirm(
        request,
        tool,
        title=f"Remove this {noun}?",
        body=body,
        button=f"Remove the {noun}",
        warning=True,
        back_url=_theme_url(tool, getattr(part, "theme_id", part.pk))
        if model in (Theme, Question)
        else None,
    )


def _after_removing(tool, part, model):
    """Where a removal lands: a question's theme page, else the tool's themes or scales."""
    if model is Question:
        return _theme_url(tool, part.theme_id)
    return _edit_url(tool, "themes" if model in (Theme, Question) else "scales")


# --- proposals ----------------------------------------------------------------------------


@GET_POST
def proposal_create(request, pk, part_pk):
    tool = access.fetch(request.user, AuditTool, pk=pk)
    access.require_create(request.user, QuestionProposal, tool=tool)
    question = access.fetch(
        request.user, Question.objects.filter(tool=tool).select_related("tool"), pk=part_pk
    )
    form = ProposalForm(_posted(request), question=question)
    if form.is_valid():
        proposal = services.propose_change(
            question=question,
            by=request.user,
            **{
                name: form.cleaned_data[name]
                for name in ("proposed_text", "proposed_guidance", "reason")
            },
        )
        form.record_confirmations(proposal, by=request.user)
        messages.success(request, "Your proposal has been sent to the region's tool owners.")
        return redirect(proposal)
    return render(
        request, "audits/proposal_form.html", {"form": form, "question": question, "tool": tool}
    )


def proposal_list(request):
    access.require(
        access.can_create(request.user, AuditTool) or request.user.is_psw,
        "Proposals are for the region's PSWs, tool owners and coordinator.",
    )
    proposals = access.visible(request.user, QuestionProposal).select_related(
        "tool", "proposed_by", "decided_by", "applied_to"
    )
    return render(
        request,
        "audits/proposal_list.html",
        {
            "open_proposals": [p for p in proposals if p.is_open],
            "decided_proposals": [p for p in proposals if not p.is_open],
            "is_editor": access.can_create(request.user, AuditTool),
        },
    )


def proposal_detail(request, pk):
    proposal = access.fetch(
        request.user,
        QuestionProposal.objects.select_related("tool", "proposed_by", "decided_by", "applied_to"),
        pk=pk,
    )
    question = proposal.tool.questions.filter(key=proposal.question_key).first()
    return render(
        request,
        "audits/proposal_detail.html",
        {
            "proposal": proposal,
            "question": question,
            "can_decide": access.can_change(request.user, proposal),
        },
    )


@require_POST
def proposal_accept(request, pk):
    proposal = access.fetch(
        request.user, QuestionProposal.objects.select_related("tool"), edit=True, pk=pk
    )
    try:
        question = services.accept_proposal(proposal=proposal, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(proposal)
    messages.success(
        request,
        f"The new wording is in {question.tool} (draft). Publish the draft when it is ready.",
    )
    return redirect(_theme_url(question.tool, question.theme_id, f"question-{question.pk}"))


@GET_POST
def proposal_decline(request, pk):
    proposal = access.fetch(
        request.user, QuestionProposal.objects.select_related("tool"), edit=True, pk=pk
    )
    form = DeclineForm(_posted(request))
    if form.is_valid():
        services.decline_proposal(
            proposal=proposal, reason=form.cleaned_data["reason"], by=request.user
        )
        form.record_confirmations(proposal, by=request.user)
        messages.success(
            request, "The proposal has been declined. The auditor can read your reason."
        )
        return redirect("audits:proposal-list")
    context = {
        "form": form,
        "title": "Decline the proposal",
        "back_url": proposal.get_absolute_url(),
    }
    return render(
        request, "form_page.html", context | {"caption": f"Question {proposal.question_key}"}
    )
