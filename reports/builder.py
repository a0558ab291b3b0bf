"""From a visit to the plain data of its covering report.

``build(visit)`` returns frozen dataclasses and nothing else: the HTML preview, the PDF and the
Word document are all rendered from the same ``Report``, so they cannot disagree.

Counting rules, stated in the report itself (``COUNTING_RULE``):

- Not applicable leaves the denominator: it is shown as a count, with no percentage.
- Not evidenced on file stays in the denominator and counts as a shortfall.
- A shortfall is any counted rating below the scale's best level (Met, Outstanding).

Every count is made by the database (``GROUP BY`` with ``COUNT``), so the number of queries
is the same whatever the size of the visit (``QUERY_COUNT``, pinned by a test).

Each theme also carries the team's finding (judgement, strengths, areas for development), what
leaders and what practitioners said (team managers' views count with practitioners', as the
region's method has it: practitioners are social workers and team managers), and the
triangulation verdict of ``reports.triangulation``. The report carries the auditors' agreement
on their blind double ratings and the good practice the team marked to share with the region.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from django.utils.text import slugify

from audits.agreement import agreement
from audits.cqc import QualityStatement
from audits.evidence import concern_summary
from audits.models import (
    Answer,
    CalibrationRating,
    CaseFile,
    Conversation,
    ConversationView,
    Question,
    RatingLevel,
    RatingScale,
    Theme,
    ThemeFinding,
    Visit,
    VisitAuditor,
)
from audits.models import Recommendation as HostRecommendation

from . import triangulation as rule
from .triangulation import TRIANGULATION_RULE

COUNTING_RULE = (
    "Percentages are of the ratings that count: Not applicable is left out of the "
    "denominator and shown only as a count. Not evidenced on file counts, as a shortfall. "
    "A shortfall is any rating below the best level of the scale."
)
REPORT_KIND = "Case file audit"
# visit, team, themes, questions, levels, answers per question, answers per theme, answers
# overall, answers per case, cases, judgements, case types, age bands, support reasons,
# covering report, its sections, issued versions, theme findings, conversation views,
# conversations per group, blind double ratings, immediate concerns, recommendations.
QUERY_COUNT = 23
# Whose views are read together as "practitioners" (see the module's docstring).
PRACTITIONER_GROUPS = (Conversation.Group.PRACTITIONERS, Conversation.Group.MANAGERS)
LEADERS = "leaders"
PRACTITIONERS = "practitioners and team managers"


def percent(count: int, of: int) -> int | None:
    """A whole percentage rounded half up, as people expect to read it; None of nothing."""
    if not of:
        return None
    value = Decimal(count * 100) / Decimal(of)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- The data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelCount:
    key: str
    label: str
    colour: str
    score: int
    count: int
    percent: int | None  # of the counted total; None for Not applicable
    is_not_applicable: bool = False
    is_not_evidenced: bool = False
    is_best: bool = False


@dataclass(frozen=True)
class Distribution:
    """Counts per level in the scale's order."""

    levels: tuple[LevelCount, ...]
    counted: int  # the denominator: every rating but Not applicable
    not_applicable: int = 0
    best: int = 0
    shortfall: int = 0
    not_evidenced: int = 0

    @property
    def total(self) -> int:
        return self.counted + self.not_applicable

    @property
    def best_percent(self) -> int | None:
        return percent(self.best, self.counted)

    @property
    def shortfall_percent(self) -> int | None:
        return percent(self.shortfall, self.counted)

    @property
    def counted_levels(self) -> tuple[LevelCount, ...]:
        return tuple(level for level in self.levels if not level.is_not_applicable)


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
        """How many views at each level that was chosen: "Good 2, Requires improvement 1"."""
        levels = self.answers.levels if self.answers else ()
        return ", ".join(f"{level.label} {level.count}" for level in levels if level.count)


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

    @property
    def title(self) -> str:
        return self.cover.title

    @property
    def is_draft(self) -> bool:
        return self.cover.is_draft


# --- Building -----------------------------------------------------------------------------


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t"))


def _best_level_ids(levels: list[RatingLevel]) -> set[int]:
    """The top-scoring ordinary level of each scale (Met, Outstanding)."""
    best: dict[int, RatingLevel] = {}
    for level in levels:
        if level.is_not_applicable or level.is_not_evidenced:
            continue
        if level.scale_id not in best or level.score > best[level.scale_id].score:
            best[level.scale_id] = level
    return {level.pk for level in best.values()}


def _distribution(
    levels: list[RatingLevel], counts: dict[int, int], best_ids: set[int]
) -> Distribution:
    counted = sum(counts.get(lv.pk, 0) for lv in levels if not lv.is_not_applicable)
    rows = []
    best = not_applicable = not_evidenced = 0
    for lv in levels:
        n = counts.get(lv.pk, 0)
        is_best = lv.pk in best_ids
        rows.append(
            LevelCount(
                key=lv.key,
                label=lv.label,
                colour=lv.colour,
                score=lv.score,
                count=n,
                percent=None if lv.is_not_applicable else percent(n, counted),
                is_not_applicable=lv.is_not_applicable,
                is_not_evidenced=lv.is_not_evidenced,
                is_best=is_best,
            )
        )
        if lv.is_not_applicable:
            not_applicable += n
        if lv.is_not_evidenced:
            not_evidenced += n
        if is_best:
            best += n
    return Distribution(
        levels=tuple(rows),
        counted=counted,
        not_applicable=not_applicable,
        best=best,
        shortfall=counted - best,
        not_evidenced=not_evidenced,
    )


def _mix(cases, attribute: str, choices, total: int) -> tuple[MixRow, ...]:
    """Counts of one case attribute, in the order of its choices, leaving out empty ones."""
    counts = {
        row[attribute]: row["n"]
        for row in cases.values(attribute).annotate(n=Count("pk")).order_by()
    }
    return tuple(
        MixRow(label=str(label), count=counts[value], percent=percent(counts[value], total))
        for value, label in choices
        if counts.get(value)
    )


def _sections(themes) -> tuple[Section, ...]:
    return (
        Section("summary", "Summary of findings"),
        Section("scope", "Scope and method"),
        *(Section(f"theme-{t.key}", f"{n}. {t.title}") for n, t in enumerate(themes, start=1)),
        Section("recommendations", "Recommendations"),
        Section("crosswalk", "CQC quality statements"),
        Section("appendices", "Appendices"),
    )


def sections(visit: Visit) -> tuple[Section, ...]:
    """The parts of a visit's report that accuracy-check comments can point at (one query)."""
    return _sections(Theme.objects.filter(tool_id=visit.tool_id).order_by("position", "pk"))


def report_title(visit: Visit) -> str:
    return f"{visit.host.name} {REPORT_KIND.lower()}, {visit.first_day:%B %Y}"


def file_stem(visit: Visit, version: int | None) -> str:
    """The server-made name of a download, e.g. ``sandwell-case-file-audit-2027-03-v1``."""
    suffix = f"v{version}" if version else "draft"
    return f"{slugify(visit.host.name)}-{slugify(REPORT_KIND)}-{visit.first_day:%Y-%m}-{suffix}"


def build(visit: Visit | int, *, draft: bool = True) -> Report:
    """The covering report of ``visit``, as plain data, in ``QUERY_COUNT`` queries."""
    visit_id = visit if isinstance(visit, int) else visit.pk
    visit = Visit.objects.select_related("host__region", "tool", "coordinator").get(pk=visit_id)
    tool = visit.tool

    team = [
        TeamMember(
            name=link.auditor.full_name,
            council=link.auditor.home_authority.name if link.auditor.home_authority else "",
            is_lead=link.is_lead,
        )
        for link in VisitAuditor.objects.filter(visit=visit).select_related(
            "auditor__home_authority"
        )
    ]
    themes = list(Theme.objects.filter(tool=tool).order_by("position", "pk"))
    questions = list(
        Question.objects.filter(tool=tool, answer_kind=Question.AnswerKind.SCALE).order_by(
            "theme__position", "theme__pk", "position", "pk"
        )
    )
    levels = list(
        RatingLevel.objects.filter(scale__tool=tool)
        .select_related("scale")
        .order_by("scale", "position", "pk")
    )
    levels_of: dict[int, list[RatingLevel]] = defaultdict(list)
    for level in levels:
        levels_of[level.scale_id].append(level)
    best_ids = _best_level_ids(levels)
    judgement_levels = [lv for lv in levels if lv.scale.purpose == RatingScale.Purpose.JUDGEMENT]
    question_scale_ids = {q.scale_id for q in questions}
    # One question scale is the norm; the tables' columns follow the first question's scale.
    question_levels = levels_of[questions[0].scale_id] if questions else []

    answers = Answer.objects.filter(case_file__visit=visit, level__isnull=False)
    per_question: dict[int, dict[int, int]] = defaultdict(dict)
    for row in answers.values("question_id", "level_id").annotate(n=Count("pk")).order_by():
        per_question[row["question_id"]][row["level_id"]] = row["n"]
    per_theme: dict[int, dict[int, int]] = defaultdict(dict)
    for row in answers.values("question__theme_id", "level_id").annotate(n=Count("pk")).order_by():
        per_theme[row["question__theme_id"]][row["level_id"]] = row["n"]
    overall = {
        row["level_id"]: row["n"]
        for row in answers.filter(level__scale_id__in=question_scale_ids)
        .values("level_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    per_case: dict[int, dict[int, int]] = defaultdict(dict)
    for row in answers.values("case_file_id", "level_id").annotate(n=Count("pk")).order_by():
        per_case[row["case_file_id"]][row["level_id"]] = row["n"]

    sample = CaseFile.objects.filter(visit=visit)
    cases_qs = sample.annotate(
        agreed_level_id=Coalesce("judgement__moderated_level_id", "judgement__level_id")
    )
    case_rows = list(
        cases_qs.order_by("reference").values(
            "pk", "reference", "case_type", "age_band", "primary_support_reason", "agreed_level_id"
        )
    )
    judgement_counts = {
        row["agreed_level_id"]: row["n"]
        for row in cases_qs.values("agreed_level_id").annotate(n=Count("pk")).order_by()
    }
    case_count = len(case_rows)

    from .models import CoveringReport, IssuedReport, ReportSection

    covering = CoveringReport.objects.filter(visit=visit).first()
    sections = {s.theme_id: s for s in ReportSection.objects.filter(report__visit=visit).order_by()}
    issued_max = IssuedReport.objects.filter(visit=visit).aggregate(v=Max("version"))["v"] or 0
    findings = {
        row["theme_id"]: row
        for row in ThemeFinding.objects.filter(visit=visit)
        .order_by()
        .values(
            "theme_id", "strengths", "areas_for_development", "level_id", "shareable_good_practice"
        )
    }
    views_of: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for row in (
        ConversationView.objects.filter(conversation__visit=visit)
        .order_by("conversation__held_on", "conversation_id", "pk")
        .values_list("theme_id", "conversation__group", "level_id", "summary")
    ):
        views_of[row[0]].append(row[1:])
    conversations_per_group = dict(
        Conversation.objects.filter(visit=visit)
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values_list("group", "n")
    )
    calibration = _calibration(visit)

    level_by_id = {lv.pk: lv for lv in levels}
    question_results = []
    theme_number = {theme.pk: n for n, theme in enumerate(themes, start=1)}
    theme_by_id = {theme.pk: theme for theme in themes}
    position_in_theme: dict[int, int] = defaultdict(int)
    for question in questions:
        position_in_theme[question.theme_id] += 1
        theme = theme_by_id[question.theme_id]
        question_results.append(
            QuestionResult(
                key=question.key,
                number=f"{theme_number[question.theme_id]}.{position_in_theme[question.theme_id]}",
                text=question.text,
                theme_title=theme.title,
                cqc_statements=tuple(question.cqc_statements or ()),
                answers=_distribution(
                    levels_of[question.scale_id], per_question.get(question.pk, {}), best_ids
                ),
            )
        )
    results_by_theme: dict[str, list[QuestionResult]] = defaultdict(list)
    for question, result in zip(questions, question_results, strict=True):
        results_by_theme[question.theme_id].append(result)

    scale = [
        rule.Level(lv.label, lv.score)
        for lv in judgement_levels
        if not (lv.is_not_applicable or lv.is_not_evidenced)
    ]
    theme_sections = []
    learning = []
    for theme in themes:
        section = sections.get(theme.pk)
        finding = findings.get(theme.pk)
        theme_answers = _distribution(question_levels, per_theme.get(theme.pk, {}), best_ids)
        views = views_of.get(theme.pk, [])
        leaders = _group_view(
            LEADERS,
            [v for v in views if v[0] == Conversation.Group.LEADERS],
            judgement_levels,
            best_ids,
        )
        practitioners = _group_view(
            PRACTITIONERS,
            [v for v in views if v[0] in PRACTITIONER_GROUPS],
            judgement_levels,
            best_ids,
        )
        team_level = level_by_id.get(finding["level_id"]) if finding else None
        if finding and finding["shareable_good_practice"]:
            learning += [f"{theme.title}: {line}" for line in _lines(finding["strengths"])]
        theme_sections.append(
            ThemeSection(
                key=theme.key,
                number=theme_number[theme.pk],
                title=theme.title,
                description=theme.description,
                anchor=f"theme-{theme.key}",
                section_key=f"theme-{theme.key}",
                answers=theme_answers,
                questions=tuple(results_by_theme.get(theme.pk, ())),
                narrative=section.narrative if section else "",
                lines_of_enquiry=_lines(section.lines_of_enquiry) if section else (),
                team_judgement=team_level.label if team_level else None,
                leaders=leaders,
                practitioners=practitioners,
                triangulation=_triangulate(
                    theme_answers, leaders, practitioners, scale, level_by_id
                ),
                strengths=_lines(finding["strengths"]) if finding else (),
                areas_for_development=_lines(finding["areas_for_development"]) if finding else (),
            )
        )

    cases = []
    for row in case_rows:
        level = level_by_id.get(row["agreed_level_id"])
        counts = per_case.get(row["pk"], {})
        counted = sum(
            n for level_id, n in counts.items() if not level_by_id[level_id].is_not_applicable
        )
        cases.append(
            CaseRow(
                reference=row["reference"],
                case_type=str(CaseFile.CaseType(row["case_type"]).label),
                age_band=str(CaseFile.AgeBand(row["age_band"]).label),
                support_reason=str(CaseFile.SupportReason(row["primary_support_reason"]).label),
                judgement=level.label if level else None,
                judgement_colour=level.colour if level else None,
                met=sum(n for level_id, n in counts.items() if level_id in best_ids),
                counted=counted,
            )
        )

    crosswalk = []
    for statement in QualityStatement:
        evidence = [
            (q, r)
            for q, r in zip(questions, question_results, strict=True)
            if statement.value in (q.cqc_statements or ())
        ]
        if not evidence:
            continue
        best = sum(r.answers.best for _, r in evidence)
        counted = sum(r.answers.counted for _, r in evidence)
        crosswalk.append(
            CrosswalkRow(
                key=statement.value,
                statement=str(statement.label),
                themes=tuple(dict.fromkeys(r.theme_title for _, r in evidence)),
                questions=tuple(f"{r.number} {r.text}" for _, r in evidence),
                best_percent=percent(best, counted),
            )
        )

    lead = next((m.name for m in team if m.is_lead), team[0].name if team else "")
    cover = Cover(
        title=report_title(visit),
        council=visit.host.name,
        council_code=visit.host.ons_code,
        first_day=visit.first_day,
        last_day=visit.last_day,
        peer_challenge_date=visit.peer_challenge_date,
        team=tuple(team),
        lead=lead,
        coordinator=visit.coordinator.full_name,
        # Issued files are never rendered again, so a render is always of the next version.
        version=issued_max + 1,
        is_draft=draft,
        protective_marking=settings.PROTECTIVE_MARKING,
        region=visit.host.region.name,
    )
    scope = ScopeAndMethod(
        tool_name=tool.name,
        tool_version=tool.version,
        tool_changelog=tool.changelog,
        data_sharing_reference=visit.data_sharing_reference,
        case_count=case_count,
        by_case_type=_mix(sample, "case_type", CaseFile.CaseType.choices, case_count),
        by_age_band=_mix(sample, "age_band", CaseFile.AgeBand.choices, case_count),
        by_support_reason=_mix(
            sample, "primary_support_reason", CaseFile.SupportReason.choices, case_count
        ),
        question_count=len(questions),
        theme_count=len(themes),
        conversations=tuple(
            ConversationSummary(group=str(label).lower(), count=conversations_per_group[value])
            for value, label in Conversation.Group.choices
            if conversations_per_group.get(value)
        ),
    )
    judged = sum(n for level_id, n in judgement_counts.items() if level_id is not None)
    report_sections = _sections(themes)
    return Report(
        visit_id=visit.pk,
        cover=cover,
        scope=scope,
        summary=covering.summary if covering else "",
        answers=_distribution(question_levels, overall, best_ids),
        judgements=_distribution(judgement_levels, judgement_counts, best_ids),
        not_yet_judged=case_count - judged,
        themes=tuple(theme_sections),
        questions=tuple(question_results),
        cases=tuple(cases),
        crosswalk=tuple(crosswalk),
        question_levels=tuple(
            LevelCount(
                key=lv.key,
                label=lv.label,
                colour=lv.colour,
                score=lv.score,
                count=0,
                percent=None,
                is_not_applicable=lv.is_not_applicable,
                is_not_evidenced=lv.is_not_evidenced,
                is_best=lv.pk in best_ids,
            )
            for lv in question_levels
        ),
        sections=report_sections,
        immediate_concerns=_immediate_concerns(visit),
        recommendations=_recommendations(visit),
        learning_for_region=tuple(learning),
        calibration_agreement=calibration.percent,
        calibration_ratings=calibration.ratings,
        calibration_cases=calibration.cases,
    )


def suggested_narrative(theme: ThemeSection) -> str:
    """Where a theme's narrative starts from when the team has written none: its findings."""
    # The team's judgement is printed beside the narrative, so it is not repeated in it.
    paragraphs = [" ".join(theme.strengths), " ".join(theme.areas_for_development)]
    return "\n\n".join(p for p in paragraphs if p)


def suggested_lines_of_enquiry(theme: ThemeSection) -> str:
    """A question for the peer challenge team where the three sources do not agree."""
    found = theme.triangulation
    if found is None or found.verdict not in (rule.PARTLY_AGREE, rule.DIVERGE):
        return ""
    readings = "; ".join(f"{name}: {level}" for name, level, _ in found.sources if level)
    return (
        f"On {theme.title.lower()} the sources differ ({readings}): what explains the "
        "difference, and which picture does the council recognise?"
    )


def _group_view(name: str, views, judgement_levels, best_ids) -> GroupView:
    """One group's views of a theme: how many at each level, and what they said, in order."""
    counts: dict[int, int] = defaultdict(int)
    summaries = []
    for group, level_id, summary in views:
        counts[level_id] += 1
        text = " ".join(summary.split())
        if group == Conversation.Group.MANAGERS:
            text = f"Team managers: {text}"
        summaries.append(text)
    return GroupView(
        group=name,
        answers=_distribution(judgement_levels, counts, best_ids),
        summaries=tuple(summaries),
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _triangulate(files: Distribution, leaders: GroupView, practitioners: GroupView, scale, levels):
    """The theme's verdict under ``reports.triangulation``'s rule."""

    def views_source(view: GroupView) -> rule.Source:
        scores = [lv.score for lv in view.answers.levels for _ in range(lv.count)]
        basis = _plural(view.count, "view") if view.count else "no views"
        return rule.Source(view.group, rule.level_for_views(scores, scale), basis)

    files_basis = (
        f"{files.best_percent}% of {_plural(files.counted, 'rating')} at the best level"
        if files.counted
        else "no ratings"
    )
    found = rule.verdict(
        files=rule.Source(
            "the case files", rule.level_for_percent(files.best_percent, scale), files_basis
        ),
        leaders=views_source(leaders),
        practitioners=views_source(practitioners),
        levels=scale,
    )
    return Triangulation(
        verdict=found.verdict,
        explanation=found.explanation,
        sources=tuple(
            (source.name, source.level.label if source.level else None, source.basis)
            for source in found.sources
        ),
    )


@dataclass(frozen=True)
class _Calibration:
    percent: int | None
    ratings: int
    cases: int


def _calibration(visit: Visit) -> _Calibration:
    """Agreement of the auditors' blind double ratings, over every case both finished rating
    (the revealed ones), in one query; the sums are ``audits.agreement``'s."""
    mine: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    raters: dict[int, tuple[int, int]] = {}
    for calibration_id, first, second, question_id, rater_id, level_id in (
        CalibrationRating.objects.filter(
            calibration__case_file__visit=visit, calibration__revealed_at__isnull=False
        )
        .order_by()
        .values_list(
            "calibration_id",
            "calibration__first_rater_id",
            "calibration__second_rater_id",
            "question_id",
            "rater_id",
            "level_id",
        )
    ):
        raters[calibration_id] = (first, second)
        mine[(calibration_id, question_id)][rater_id] = level_id
    pairs = [
        (levels[raters[calibration_id][0]], levels[raters[calibration_id][1]])
        for (calibration_id, _), levels in mine.items()
        if all(rater in levels for rater in raters[calibration_id])
    ]
    found = agreement(pairs)
    return _Calibration(
        percent=percent(found.agreed, found.pairs),
        ratings=found.pairs,
        cases=len(raters),
    )


def recommendations_of(visit: Visit) -> tuple[Recommendation, ...]:
    """The team's recommendations for the host, as the report will print them (one query)."""
    return _recommendations(visit)


def _recommendations(visit: Visit) -> tuple[Recommendation, ...]:
    """The team's recommendations for the host, as they recorded them."""
    rows = HostRecommendation.objects.filter(visit=visit).select_related("theme")
    return tuple(
        Recommendation(text=row.text, theme=row.theme.title if row.theme else None) for row in rows
    )


def _immediate_concerns(visit: Visit) -> ImmediateConcerns | None:
    """How many concerns the team raised and where their handling stands, never what they were."""
    summary = concern_summary(visit)
    if not summary.raised:
        return None
    stages = [
        (summary.closed, "closed by the council after it acted"),
        (summary.acknowledged, "acknowledged by the council and still open"),
        (summary.waiting, "waiting for the council to acknowledge"),
    ]
    handling = [f"{count} {text}" for count, text in stages if count]
    if summary.longest_wait is not None:
        hours = summary.longest_wait.total_seconds() / 3600
        wait = f"{round(hours)} hours" if hours >= 2 else f"{round(hours * 60)} minutes"
        handling.append(f"The longest wait for the council's acknowledgement was {wait}.")
    return ImmediateConcerns(count=summary.raised, handling=tuple(handling))
