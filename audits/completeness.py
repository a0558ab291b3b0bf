"""What a case audit still needs before it can be submitted, read from the tool.

- every required question answered (a level chosen, or text written for free-text questions);
- an evidence note wherever the chosen level asks for one (``needs_note``: either end of the
  scale, and "not evidenced on file"), required question or not;
- the overall judgement chosen, with a rationale.

Pure functions over objects already loaded, so a page can show progress for every theme
without a query per theme.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

NOT_STARTED = "Not yet started"
IN_PROGRESS = "In progress"
COMPLETED = "Completed"

JUDGEMENT_SECTION = "judgement"


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


def question_gaps(question, answer, levels: Mapping[int, object]) -> list[str]:
    """What is missing from one question's answer, as sentences."""
    text = question.text
    level = levels.get(answer.level_id) if answer and answer.level_id else None
    if question.answer_kind == "text":
        written = bool(answer and answer.text.strip())
        return [] if written or not question.required else [f"Write an answer for: {text}"]
    if level is None:
        return [f"Choose an answer for: {text}"] if question.required else []
    if level.needs_note and not answer.note.strip():
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
    result.gaps += judgement_gaps(judgement)
    result.section_status[JUDGEMENT_SECTION] = _status(
        bool(judgement and judgement.has_content), not result.gaps_in(JUDGEMENT_SECTION)
    )
    return result
