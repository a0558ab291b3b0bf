"""A tool version's outline: its themes numbered as auditors see them, and question search.

The draft editor shows one theme a page, so every page needs the same numbering ("3.2") the
case audit and the report use, and the search needs to say where each question it finds
lives. Both read the tool's themes and questions in two queries, however many there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from ..models import AuditTool, Question, Theme

# Long enough for any question's wording or key; a longer search is refused with a message.
SEARCH_MAX_LENGTH = 200


@dataclass(frozen=True)
class Found:
    """One question a search found, with the numbers that place it in the tool."""

    question: Question
    theme: Theme
    number: str  # "3.2": theme 3, question 2


def themes_with_counts(tool: AuditTool) -> list[Theme]:
    """The tool's themes in order, each with ``number`` (from 1) and ``question_count``."""
    themes = list(
        Theme.objects.filter(tool=tool)
        .order_by("position", "pk")
        .annotate(question_count=Count("questions"))
    )
    for number, theme in enumerate(themes, start=1):
        theme.number = number
    return themes


def search_questions(tool: AuditTool, words: str) -> list[Found]:
    """Questions whose wording or key holds ``words``, in the tool's order.

    Matching ignores case (``casefold``) and curly versus straight apostrophes, so
    "carer's" finds "carer’s" as typed in the tool.
    """
    wanted = _comparable(words.strip())
    if not wanted:
        return []
    themes = {theme.pk: theme for theme in themes_with_counts(tool)}
    found = []
    counters: dict[int, int] = {}
    questions = Question.objects.filter(tool=tool).order_by(
        "theme__position", "theme_id", "position", "pk"
    )
    for question in questions:
        counters[question.theme_id] = counters.get(question.theme_id, 0) + 1
        if wanted in _comparable(question.text) or wanted in question.key.casefold():
            theme = themes[question.theme_id]
            found.append(Found(question, theme, f"{theme.number}.{counters[question.theme_id]}"))
    return found


def _comparable(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").casefold()
