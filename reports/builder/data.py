"""The plain data of a covering report: what ``build`` returns and every renderer reads.

Frozen dataclasses and nothing else, so the HTML preview, the PDF and the Word document are
rendered from the same values and cannot disagree. The counts per level are
``audits.counting``'s ``Distribution`` and ``LevelCount``, as on the evidence pages.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.text import slugify

from audits.comparison import Comparison
from audits.counting import Distribution, LevelCount, percent

from ..triangulation import TRIANGULATION_RULE

COUNTING_RULE = (
    "Percentages are of the ratings that count: Not applicable is left out of the "
    "denominator and shown only as a count. Not evidenced on file counts, as a shortfall. "
    "A shortfall is any rating below the best level of the scale. Only practice themes are "
    "counted; context sections, such as the case profile, are not. A question asked only "
    "when an earlier answer says so counts only in the cases where it was asked. Questions "
    "answered by a choice give the share of the answering cases that gave each answer (with "
    "tick all that apply, a case may give several); whole numbers give their median and "
    "range; dates are counted but not charted; free text is never reported."
)

__all__ = [
    "COUNTING_RULE",
    "CaseRow",
    "ConversationSummary",
    "Cover",
    "CrosswalkRow",
    "Distribution",
    "GroupView",
    "ImmediateConcerns",
    "LevelCount",
    "MixRow",
    "QuestionResult",
    "Recommendation",
    "Report",
    "ScopeAndMethod",
    "Section",
    "TeamMember",
    "ThemeSection",
    "Triangulation",
]


@dataclass(frozen=True)
class TeamMember:
    name: str
    council: str
    is_lead: bool = False


@dataclass(frozen=True)
class Cover:
    title: str
    council: str
    council_code: str
    first_day: datetime.date
    last_day: datetime.date
    peer_challenge_date: datetime.date | None
    team: tuple[TeamMember, ...]
    lead: str
    coordinator: str
    version: int  # the version this is, or will be once issued
    is_draft: bool
    protective_marking: str
    region: str


@dataclass(frozen=True)
class MixRow:
    label: str
    count: int
    percent: int | None


@dataclass(frozen=True)
class ConversationSummary:
    """Conversations held with one group (leaders, practitioners, managers)."""

    group: str
    count: int


@dataclass(frozen=True)
class ScopeAndMethod:
    tool_name: str
    tool_version: int
    tool_changelog: str
    data_sharing_reference: str
    case_count: int
    by_case_type: tuple[MixRow, ...]
    by_age_band: tuple[MixRow, ...]
    by_support_reason: tuple[MixRow, ...]
    question_count: int
    theme_count: int
    conversations: tuple[ConversationSummary, ...] = ()


@dataclass(frozen=True)
class QuestionResult:
    key: str
    number: str  # "3.2": theme 3, question 2
    text: str
    theme_title: str
    cqc_statements: tuple[str, ...]
    answers: Distribution


@dataclass(frozen=True)
class GroupView:
    """What one group said about a theme, on the judgement scale, with short summaries."""

    group: str
    answers: Distribution | None = None
    summaries: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return self.answers.counted if self.answers else 0

    @property
    def spread(self) -> str:
        """How many views at each level that was chosen: "2 Good and 1 Requires improvement"."""
        levels = self.answers.levels if self.answers else ()
        parts = [f"{level.count} {level.label}" for level in levels if level.count]
        return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"

    @property
    def sentence(self) -> str:
        """The views as one sentence: "1 view on the judgement scale: Good.", "3 views on the
        judgement scale, all Good.", "3 views on the judgement scale: 2 Good and 1 Inadequate.".

        Never "Good 1.", which reads as a fragment.
        """
        views = f"{self.count} view{'s' if self.count != 1 else ''} on the judgement scale"
        chosen = [level for level in self.answers.levels if level.count] if self.answers else []
        if len(chosen) == 1:
            label = chosen[0].label
            return f"{views}: {label}." if self.count == 1 else f"{views}, all {label}."
        return f"{views}: {self.spread}."


@dataclass(frozen=True)
class Triangulation:
    verdict: str  # "Agree", "Partly agree", "Diverge", "Not enough evidence"
    explanation: str = ""
    rule: str = TRIANGULATION_RULE
    # Each source as the rule read it: (source, level label or None, what it rests on).
    sources: tuple[tuple[str, str | None, str], ...] = ()

    @property
    def key(self) -> str:
        return slugify(self.verdict)


@dataclass(frozen=True)
class ThemeSection:
    key: str
    number: int
    title: str
    description: str
    anchor: str
    section_key: str  # what accuracy-check comments point at
    answers: Distribution
    questions: tuple[QuestionResult, ...]
    # Questions of the other kinds (choices, numbers, dates), per ``builder.kinds``.
    other_kinds: tuple = ()
    narrative: str = ""
    lines_of_enquiry: tuple[str, ...] = ()
    # From the theme findings and conversations, where they are recorded.
    team_judgement: str | None = None
    leaders: GroupView | None = None
    practitioners: GroupView | None = None
    triangulation: Triangulation | None = None
    strengths: tuple[str, ...] = ()
    areas_for_development: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseRow:
    reference: str
    case_type: str
    age_band: str
    support_reason: str
    judgement: str | None
    judgement_colour: str | None
    met: int
    counted: int

    @property
    def met_percent(self) -> int | None:
        return percent(self.met, self.counted)


@dataclass(frozen=True)
class CrosswalkRow:
    key: str
    statement: str
    themes: tuple[str, ...]
    questions: tuple[str, ...]  # "3.2 Question text"
    best_percent: int | None
    we_statement: str = ""  # in CQC's words, where ``audits.cqc`` records them


@dataclass(frozen=True)
class ImmediateConcerns:
    """Count and handling only; the concerns themselves are tracked apart from the report."""

    count: int
    handling: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    text: str
    theme: str | None = None


@dataclass(frozen=True)
class Section:
    """A part of the report a host leader may comment on."""

    key: str
    title: str


@dataclass(frozen=True)
class Report:
    visit_id: int
    cover: Cover
    scope: ScopeAndMethod
    summary: str
    answers: Distribution  # every question, every case
    judgements: Distribution  # the agreed judgement of each case
    not_yet_judged: int
    themes: tuple[ThemeSection, ...]
    questions: tuple[QuestionResult, ...]
    cases: tuple[CaseRow, ...]
    crosswalk: tuple[CrosswalkRow, ...]
    question_levels: tuple[LevelCount, ...]  # the question scale, for table headings
    counting_rule: str = COUNTING_RULE
    # From models that hold conversations, findings, recommendations, concerns and learning.
    recommendations: tuple[Recommendation, ...] = ()
    immediate_concerns: ImmediateConcerns | None = None
    learning_for_region: tuple[str, ...] = ()
    calibration_agreement: int | None = None  # percent of shared ratings the auditors agreed
    calibration_ratings: int = 0  # how many questions both auditors rated blind
    calibration_cases: int = 0
    triangulation_rule: str = TRIANGULATION_RULE
    generated_at: datetime.datetime | None = None
    sections: tuple[Section, ...] = field(default=())
    # The council's previous issued audit against this one; None for a first audit.
    since_last: Comparison | None = None

    @property
    def title(self) -> str:
        return self.cover.title

    @property
    def is_draft(self) -> bool:
        return self.cover.is_draft
