"""One section's status on a case audit's contents, worked out again after an autosave.

The contents list beside (or, on a phone, after) the questions says of each theme "Not yet
started", "In progress" or "Completed". An autosave changes one question, so only its theme's
status can change: this reads that theme's questions and the case's answers to them (two
queries, three when the theme has choice questions), not the whole case, and judges them
by the same rules (``audits.completeness``) as the page does on reload.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects

from ..completeness import JUDGEMENT_SECTION, check
from ..models import Answer, CaseAudit, Question


def theme_status(case: CaseAudit, question: Question, levels) -> tuple[str, str]:
    """(theme key, status) for the theme of ``question`` on this case, as saved now."""
    questions = list(
        Question.objects.filter(theme_id=question.theme_id)
        .select_related("theme")
        .defer("cqc_statements")
    )
    if any(other.has_options for other in questions):
        prefetch_related_objects(questions, "options")
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(case_file=case, question__theme_id=question.theme_id)
    }
    for answer in answers.values():
        answer.level = levels.get(answer.level_id)
    theme = questions[0].theme
    result = check(
        themes=[theme], questions=questions, answers=answers, levels=levels, judged=False
    )
    return theme.key, result.section_status[theme.key]


def judgement_status(judgement) -> tuple[str, str]:
    """(``judgement``, status) for the case's overall judgement, as saved now."""
    result = check(themes=[], questions=[], answers={}, levels={}, judgement=judgement)
    return JUDGEMENT_SECTION, result.section_status[JUDGEMENT_SECTION]
