"""An answer of any kind in words, as check-your-answers, read-only pages and conflicts show it."""

from __future__ import annotations

import datetime

NOT_APPLICABLE = "Not applicable"
NOT_ANSWERED = "Not answered"


def date_words(value: datetime.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def chosen_labels(question, keys) -> list[str]:
    """The labels of the chosen option keys, in the question's order; a key the question no
    longer has shows as itself rather than vanishing."""
    labels = {choice.key: choice.label for choice in question.choices}
    keys = list(keys or [])
    known = [labels[key] for key in labels if key in keys]
    return known + [key for key in keys if key not in labels]


def answer_words(question, answer) -> str:
    """The answer itself (not its note) in words; empty when it is not answered."""
    if answer is None:
        return ""
    if answer.not_applicable:
        return NOT_APPLICABLE
    if answer.level_id:
        return answer.level.label
    if answer.choices:
        return "; ".join(chosen_labels(question, answer.choices))
    if answer.number is not None:
        return str(answer.number)
    if answer.date is not None:
        return date_words(answer.date)
    return answer.text
