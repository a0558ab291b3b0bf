"""What a case audit still needs before it can be submitted, read from the tool.

- every required question answered as its kind asks (a level, an option or several, a number,
  a date, or text), or said not to apply where the question allows "Not applicable";
- an evidence note wherever the chosen level asks for one (``needs_note``: either end of the
  scale, and "not evidenced on file"), required question or not;
- the overall judgement chosen, with a rationale, where the tool gives cases one.

Pure functions over objects already loaded, so a page can show progress for every theme
without a query per theme.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

NOT_STARTED = "Not yet started"
IN_PROGRESS = "In progress"
COMPLETED = "Completed"

JUDGEMENT_SECTION = "judgement"
CHECK_SECTION = "check"  # check your answers, after the last section


@dataclass(frozen=True)
class Gap:
    """One thing missing, with where to put it right."""

    section: str  # a theme key, or JUDGEMENT_SECTION
    anchor: str  # the id of the element on the section's page
    message: str


@dataclass
class Completeness:
    gaps: list[Gap] = field(default_factory=list)
    section_status: dict[str, str] = field(default_factory=dict)
    answered: int = 0
    total: int = 0

    @property
    def is_complete(self) -> bool:
        return not self.gaps

    def gaps_in(self, section: str) -> list[Gap]:
        return [gap for gap in self.gaps if gap.section == section]


# What a required question of each kind asks for when it has no answer.
_ASK = {
    "text": "Write an answer for",
    "number": "Enter a number for",
    "date": "Enter a date for",
    "multiple": "Tick at least one answer for",
}


def _given(question, answer) -> bool:
    """Whether the answer holds what its question's kind asks for."""
    kind = question.answer_kind
    if kind == "scale":
        return bool(answer.level_id)
    if kind == "text":
        return bool(answer.text.strip())
    if kind == "number":
        return answer.number is not None
    if kind == "date":
        return answer.date is not None
    return bool(answer.choices)


def question_gaps(question, answer, levels: Mapping[int, object]) -> list[str]:
    """What is missing from one question's answer, as sentences."""
    text = question.text
    level = levels.get(answer.level_id) if answer and answer.level_id else None
    not_applicable = bool(answer and answer.not_applicable) or bool(
        level and level.is_not_applicable
    )
    if not_applicable and not question.allows_not_applicable:
        return [f"Not applicable is not an answer to this question; choose another for: {text}"]
    if not_applicable:
        return []
    if not (answer and _given(question, answer)):
        ask = _ASK.get(question.answer_kind, "Choose an answer for")
        return [f"{ask}: {text}"] if question.required else []
    if level is not None and level.needs_note and not answer.note.strip():
        return [f"Add an evidence note, needed when the answer is {level.label}, for: {text}"]
    return []


def judgement_gaps(judgement) -> list[Gap]:
    gaps = []
    if not (judgement and judgement.level_id):
        gaps.append(
            Gap(JUDGEMENT_SECTION, "judgement-level", "Choose the overall judgement for the case")
        )
    if not (judgement and judgement.rationale.strip()):
        gaps.append(
            Gap(
                JUDGEMENT_SECTION,
                "judgement-rationale",
                "Give a short rationale for the overall judgement",
            )
        )
    return gaps


def _status(started: bool, complete: bool) -> str:
    if complete and started:
        return COMPLETED
    return IN_PROGRESS if started else NOT_STARTED


def check(
    *,
    themes: Iterable,
    questions: Iterable,
    answers: Mapping[int, object],
    levels: Mapping[int, object],
    judgement=None,
    judged: bool = True,
) -> Completeness:
    """Gaps and per-section status for one case; ``answers`` is keyed by question id."""
    result = Completeness()
    theme_keys = {theme.pk: theme.key for theme in themes}
    started: dict[str, bool] = dict.fromkeys(theme_keys.values(), False)
    for question in questions:
        section = theme_keys[question.theme_id]
        answer = answers.get(question.pk)
        result.total += 1
        if answer is not None and answer.has_content:
            started[section] = True
            result.answered += 1
        for message in question_gaps(question, answer, levels):
            result.gaps.append(Gap(section, f"question-{question.key}", message))
    for section, was_started in started.items():
        result.section_status[section] = _status(was_started, not result.gaps_in(section))
    if not judged:
        return result  # the tool gives cases no overall judgement
    result.gaps += judgement_gaps(judgement)
    result.section_status[JUDGEMENT_SECTION] = _status(
        bool(judgement and judgement.has_content), not result.gaps_in(JUDGEMENT_SECTION)
    )
    return result
