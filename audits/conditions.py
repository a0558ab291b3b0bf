"""Which questions apply to a case: the one rule for conditional questions.

A question with conditions is asked only when the earlier answers it depends on say so (any
or all of them, as the question says); a question whose condition rests on a question that is
itself not asked is not asked either. Completeness, the covering report's counts and regional
learning's tallies all ask ``applicable_questions`` (or ``hidden_answer_ids`` for stored
answers), so a hidden question is never required, counted or charted.

Also here: the condition in words ("Shown when 6.2 is ‘Yes’") and what is wrong with the
conditions of a draft, for the editor and for publishing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import prefetch_related_objects

from .models import Answer, Question, QuestionCondition, Visit
from .models.conditions import condition_problems, numbers

__all__ = ["applicable_questions", "condition_problems", "numbers", "summaries"]

ALL, ANY = "all", "any"


def load_conditions(questions: list[Question]) -> list[Question]:
    """Read the conditions of ``questions`` (one query), each with its earlier question."""
    prefetch_related_objects(questions, "conditions")
    return questions


def chosen(answer) -> set[str]:
    """The keys an answer chose; nothing when it was said not to apply."""
    if answer is None or answer.not_applicable:
        return set()
    return set(answer.choices or [])


def _conditions(question) -> list:
    # ``conditional`` (annotated by the case page's query) spares a query per question.
    if getattr(question, "conditional", None) is False:
        return []
    return list(question.conditions.all())


def applicable_questions(questions: Iterable[Question], answers: Mapping[int, object]) -> set[int]:
    """The ids of the questions asked of a case whose answers (by question id) are ``answers``.

    ``questions`` are the tool's questions with their conditions loaded (``load_conditions``).
    A loop or a condition on a question of another tool (never in a published tool) hides the
    question rather than failing.
    """
    by_id = {question.pk: question for question in questions}
    applies: dict[int, bool] = {}

    def decide(question_id: int, seen: frozenset) -> bool:
        if question_id in applies:
            return applies[question_id]
        question = by_id.get(question_id)
        if question is None or question_id in seen:
            return False
        conditions = _conditions(question)
        if not conditions:
            result = True
        else:
            held = (
                decide(c.depends_on_id, seen | {question_id})
                and bool(chosen(answers.get(c.depends_on_id)) & set(c.answers))
                for c in conditions
            )
            result = any(held) if question.show_when == ANY else all(held)
        applies[question_id] = result
        return result

    return {pk for pk in by_id if decide(pk, frozenset())}


# --- stored answers ---------------------------------------------------------------------------


def hidden_answer_ids(visit_ids: list[int]) -> set[int]:
    """The ids of the answers, in the visits ``visit_ids``, to questions hidden in their case.

    One small query when no tool of these visits has a condition (every tool before conditions
    existed); otherwise two more, however many cases. Answers of hidden questions are dropped
    when a case is submitted, so this only finds them in cases not yet submitted.
    """
    visit_ids = list(visit_ids)
    conditions = list(
        QuestionCondition.objects.filter(
            question__tool_id__in=Visit.objects.filter(pk__in=visit_ids).values("tool_id")
        ).values_list("question_id", "depends_on_id", "answers", "question__show_when")
    )
    if not conditions:
        return set()
    rules: dict[int, list] = defaultdict(list)
    match: dict[int, str] = {}
    for question_id, depends_on_id, keys, show_when in conditions:
        rules[question_id].append((depends_on_id, set(keys)))
        match[question_id] = show_when
    involved = set(rules) | {d for rule in rules.values() for d, _k in rule}
    rows = Answer.objects.filter(
        case_file__visit_id__in=visit_ids, question_id__in=list(involved)
    ).values_list("pk", "case_file_id", "question_id", "choices", "not_applicable")
    per_case: dict[int, dict[int, tuple]] = defaultdict(dict)
    for pk, case_id, question_id, choices, not_applicable in rows:
        per_case[case_id][question_id] = (pk, set(choices or []) if not not_applicable else set())
    hidden: set[int] = set()
    for case_answers in per_case.values():
        shown = _shown_in_case(rules, match, case_answers)
        hidden |= {
            pk for qid, (pk, _c) in case_answers.items() if qid in rules and qid not in shown
        }
    return hidden


def _shown_in_case(rules, match, case_answers) -> set[int]:
    """The questions with conditions that are shown, given one case's (pk, chosen keys)."""
    shown: dict[int, bool] = {}

    def decide(question_id: int, seen: frozenset) -> bool:
        if question_id not in rules:
            return True
        if question_id in shown:
            return shown[question_id]
        if question_id in seen:
            return False
        held = (
            decide(depends_on, seen | {question_id})
            and bool(case_answers.get(depends_on, (None, set()))[1] & keys)
            for depends_on, keys in rules[question_id]
        )
        shown[question_id] = any(held) if match[question_id] == ANY else all(held)
        return shown[question_id]

    return {question_id for question_id in rules if decide(question_id, frozenset())}


def excluding_hidden(answers, visit_ids: list[int]):
    """``answers`` (of the visits ``visit_ids``) without those of questions hidden in their
    case; the few ids are named as literals, so the planner needs no estimate of them."""
    hidden = hidden_answer_ids(visit_ids)
    return answers.exclude(pk__in=sorted(hidden)) if hidden else answers


# --- in words --------------------------------------------------------------------------------


def _labels(question: Question) -> dict[str, str]:
    return {choice.key: choice.label for choice in question.choices}


def condition_words(question: Question, by_id: Mapping[int, Question], number_of) -> str:
    """The conditions without their lead-in: "6.2 is ‘Yes’ and 6.3 is ‘A’ or ‘B’"."""
    parts = []
    for condition in _conditions(question):
        earlier = by_id.get(condition.depends_on_id)
        if earlier is None:
            continue
        labels = _labels(earlier)
        answers = " or ".join(f"‘{labels.get(key, key)}’" for key in condition.answers)
        parts.append(f"{number_of.get(earlier.pk, earlier.key)} is {answers}")
    joiner = " or " if question.show_when == ANY else " and "
    return joiner.join(parts)


def summaries(questions: list[Question]) -> dict[int, str]:
    """ "Shown when 6.2 is ‘Yes’" for each question with conditions, by question id."""
    by_id = {question.pk: question for question in questions}
    number_of = numbers(questions)
    return {
        question.pk: f"Shown when {condition_words(question, by_id, number_of)}"
        for question in questions
        if _conditions(question)
    }


def answers_of(case) -> dict[int, Answer]:
    """A case's answers by question id, for the rule above."""
    return {answer.question_id: answer for answer in Answer.objects.filter(case_file=case)}


def page_rules(questions: list[Question], answers: Mapping[int, object]) -> dict:
    """What the case page's script needs to show and hide questions as answers change: each
    conditioned question's rule, and the chosen keys of every question a rule reads (from the
    stored answers; the script reads this page's own questions from their inputs). Sets
    ``only_if`` ("6.2 is ‘Yes’") on each conditioned question, for the page without script."""
    by_id = {question.pk: question for question in questions}
    number_of = numbers(questions)
    rules, read = {}, set()
    for question in questions:
        conditions = _conditions(question)
        if not conditions:
            continue
        question.only_if = condition_words(question, by_id, number_of)
        rules[question.key] = {
            "match": question.show_when,
            "conditions": [
                {"question": by_id[c.depends_on_id].key, "answers": list(c.answers)}
                for c in conditions
                if c.depends_on_id in by_id
            ],
        }
        read |= {c.depends_on_id for c in conditions if c.depends_on_id in by_id}
    chosen_keys = {by_id[pk].key: sorted(chosen(answers.get(pk))) for pk in read}
    return {"rules": rules, "chosen": chosen_keys} if rules else {}
