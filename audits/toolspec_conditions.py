"""What a tool file says about conditional questions, and every check of it.

A question shown only when an earlier answer says so carries ``show_when``: a list of the
earlier questions (by key) and the answers (option keys, or ``yes``/``no``) that show it,
and ``show_when_match: any`` where one of several is enough (``all`` by default)::

    show_when:
      - {question: impairment-found, answers: ["yes"]}

Each problem names its place: a condition on an unknown or later question, on a question
with no answers to choose from, on an answer the question does not offer, or a loop.
"""

from __future__ import annotations

from auditportal.text import visible

from .models import Question
from .toolcheck import Checker, describe

CONDITION_FIELDS = ("question", "answers")
MATCHES = ("all", "any")


def read_show_when(c: Checker, question: dict, where: str) -> tuple[list[dict], str]:
    """The question's conditions as written (checked for shape only) and its any/all."""
    match = question.get("show_when_match", "all")
    if match not in MATCHES:
        c.add(where, f"'show_when_match' must be all or any, not {describe(match)}.")
        match = "all"
    raw = question.get("show_when")
    if raw is None:
        if "show_when_match" in question:
            c.add(where, "'show_when_match' is given, but the question has no 'show_when'.")
        return [], match
    if not isinstance(raw, list) or not raw:
        c.add(where, "'show_when' must list conditions, each with a question and answers.")
        return [], match
    conditions = []
    for number, entry in enumerate(raw, start=1):
        c_where = f"{where}, condition {number}"
        entry = c.mapping(entry, c_where, "question and answers")
        if entry is None:
            continue
        c.unknown(entry, CONDITION_FIELDS, c_where)
        key = entry.get("question")
        answers = entry.get("answers")
        if not isinstance(key, str) or not key.strip():
            c.add(c_where, "'question' must name an earlier question by its key.")
            continue
        if (
            not isinstance(answers, list)
            or not answers
            or not all(isinstance(a, str) and a for a in answers)
        ):
            c.add(
                c_where,
                "'answers' must list the answers that show the question, by key "
                '(for a yes/no question, "yes" or "no" in quotes).',
            )
            continue
        conditions.append({"question": key.strip(), "answers": list(answers), "where": c_where})
    return conditions, match


def check_conditions(c: Checker, themes: list[dict]) -> None:
    """Check every condition against the whole tool; drops the places kept for messages."""
    questions = [q for theme in themes for q in theme["questions"]]
    index = {q["key"]: n for n, q in enumerate(questions) if q.get("key")}
    for number, question in enumerate(questions):
        named: set[str] = set()
        for condition in question["conditions"]:
            where = condition.pop("where")
            key = condition["question"]
            if key in named:
                c.add(
                    where,
                    f"the question '{visible(key)}' is named twice: list all its answers in "
                    "one condition.",
                )
            named.add(key)
            if key not in index:
                c.add(where, f"'question' names an unknown question '{visible(key)}'.")
                continue
            earlier = questions[index[key]]
            if index[key] == number:
                c.add(where, "the question depends on itself: name an earlier question.")
                continue
            if index[key] > number:
                c.add(
                    where,
                    f"the question '{visible(key)}' comes later in the tool: a question can "
                    "depend only on an earlier one. Move one of them, or change the condition.",
                )
            _check_answers(c, where, earlier, condition["answers"])
    _check_loops(c, questions)


def _check_answers(c: Checker, where: str, earlier: dict, answers: list[str]) -> None:
    kind = earlier.get("answer_kind")
    if kind is None:
        return  # its own problem is reported where it is
    if kind not in Question.CHOICE_KINDS:
        c.add(
            where,
            f"the question '{earlier['key']}' has no answers to choose from "
            f"(it is answered as {kind}): depend on a yes/no or choice question.",
        )
        return
    offered = (
        ["yes", "no"]
        if kind == Question.AnswerKind.YES_NO
        else [o["key"] for o in earlier["options"] if o.get("key")]
    )
    for answer in answers:
        if answer not in offered:
            c.add(
                where,
                f"'{visible(answer)}' is not an answer of '{earlier['key']}'; "
                f"its answers are {', '.join(offered)}.",
            )


def _check_loops(c: Checker, questions: list[dict]) -> None:
    """A loop of conditions (a needs b, b needs a) is named once, from its first question."""
    needs = {
        q["key"]: [condition["question"] for condition in q["conditions"]]
        for q in questions
        if q.get("key")
    }
    reported: set[frozenset] = set()

    def walk(key: str, path: list[str]) -> None:
        for earlier in needs.get(key, []):
            if earlier in path:
                loop = path[path.index(earlier) :]
                if frozenset(loop) not in reported and len(loop) > 1:
                    reported.add(frozenset(loop))
                    c.add(
                        f"Question {loop[0]}",
                        "its conditions go round in a loop ("
                        + " → ".join([*loop, loop[0]])
                        + "): a question can depend only on an earlier one.",
                    )
            elif earlier in needs:
                walk(earlier, [*path, earlier])

    for key in needs:
        walk(key, [key])
