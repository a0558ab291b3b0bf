"""The audit tool one theme a page: each theme's questions with their controls, and search.

A tool's page lists its themes with their question counts; a theme's page holds its
questions and the Change, Move and Remove controls, so a tool owner changing a question never
scrolls past the other themes. Everything is read through ``access``: a draft's themes only
by the region's tool owners and coordinator, a published version's by everyone in the region.
"""

from django.db.models import Prefetch
from django.shortcuts import render

from auditportal import access

from ..forms.tool_search import QuestionSearchForm
from ..models import AuditTool, Question, QuestionProposal, Theme
from ..services.tool_outline import search_questions, themes_with_counts


def _questions():
    return (
        Question.objects.select_related("scale")
        .prefetch_related("options")
        .order_by("position", "pk")
    )


def theme_detail(request, pk, part_pk):
    tool = access.fetch(request.user, AuditTool, pk=pk)
    theme = access.fetch(
        request.user,
        Theme.objects.filter(tool=tool).prefetch_related(Prefetch("questions", _questions())),
        pk=part_pk,
    )
    themes = themes_with_counts(tool)
    index = next(i for i, other in enumerate(themes) if other.pk == theme.pk)
    theme.number = themes[index].number
    for number, question in enumerate(theme.questions.all(), start=1):
        question.number = f"{theme.number}.{number}"
    context = {
        "tool": tool,
        "theme": theme,
        "themes": themes,
        "previous": themes[index - 1] if index > 0 else None,
        "next": themes[index + 1] if index + 1 < len(themes) else None,
        "can_edit": access.can_change(request.user, tool),
        "can_propose": access.can_create(request.user, QuestionProposal, tool=tool),
    }
    return render(request, "audits/tool_theme.html", context)


def tool_search(request, pk):
    tool = access.fetch(request.user, AuditTool, pk=pk)
    form = QuestionSearchForm(request.GET or None)
    searched = form.is_valid() and bool(form.cleaned_data["q"].strip())
    results = search_questions(tool, form.cleaned_data["q"]) if searched else []
    return render(
        request,
        "audits/tool_search.html",
        {"tool": tool, "form": form, "searched": searched, "results": results},
    )
