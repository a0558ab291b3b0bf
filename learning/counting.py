"""The grouped counting queries behind every figure of regional learning.

Each reads the counts stored for issued visits (``learning.tallies``) and, in the same query,
counts the answers of any visit without them; never one row per answer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.db.models.lookups import GreaterThanOrEqual, LessThan

from audits.counting import CATEGORIES
from audits.models import Answer, CaseFile, CaseJudgement, Question

from . import tallies
from .anonymity import SUPPRESSION_THRESHOLD, is_suppressed
from .cells import FALLS_SHORT_PERCENT, Counts, Judgements
from .models import QuestionTally, ThemeTally
from .source import Source

# --- the grouped counting queries ------------------------------------------------------------


def visit_answers(visit_ids: list[int]):
    """The answers of the visits, reached through their case files.

    Only the case-file index is given to the database: a condition on the level in WHERE
    lets SQLite walk the level index over every region's answers, and one on the question
    makes it seek each case × question pair. Levels are sorted out when counting.
    """
    return Answer.objects.filter(
        case_file__in=CaseFile.objects.filter(visit_id__in=visit_ids).values("pk")
    )


@dataclass
class Totals:
    """A theme's or question's cells across visits, suppressed cells left out of everything:
    at how many visits it could be judged, at how many it fell short, and the pooled answers."""

    assessed: int = 0
    short: int = 0
    pooled: Counts = field(default_factory=Counts)

    def add_cell(self, counts: Counts) -> None:
        if is_suppressed(counts.cases):
            return  # a suppressed cell is never counted into a total either
        self.pooled.add(counts)
        applicable = counts.applicable
        if applicable:  # counts.falls_short, inlined: this runs per visit and question
            self.assessed += 1
            self.short += counts.met * 100 < FALLS_SHORT_PERCENT * applicable


@dataclass
class AnswerCounts:
    """What the answers add up to: per visit and theme, per question across the visits, and
    (for the exports) per visit, question and level."""

    by_question: dict[tuple[int, str], Counts]
    by_theme: dict[tuple[int, str], Counts]
    by_theme_level: dict[tuple[int, str], dict[int, int]]
    question_totals: dict[str, Totals] = field(default_factory=dict)


def count_answers(
    source: Source,
    *,
    common_only: bool = True,
    with_levels: bool = False,
    questions: bool = True,
) -> AnswerCounts:
    """Answers per visit × theme by category, with the distinct cases behind each (the figure
    that small-number suppression reads), and each question's totals across the visits: four
    grouped queries, two without ``questions``.

    Each reads the counts stored for issued visits (``learning.tallies``) and, in the same query,
    counts the answers of any visit without them. With ``with_levels`` (the exports, which give
    every level of the scale) the answers are counted per level instead.

    With ``common_only``, when the visits used different versions, theme figures count only
    the questions that every version shares, so that themes compare like with like; question
    figures always count every question, each over the visits that asked it.
    """
    in_themes = {
        pk
        for pk, (key, _theme) in source.question_ids.items()
        if not common_only or source.common_keys is None or key in source.common_keys
    }
    if with_levels:
        return _count_answers_by_level(source, in_themes)
    stored = QuestionTally.objects.filter(visit_id__in=source.tallied_ids())
    untallied = visit_answers(source.untallied_ids())
    by_theme = _theme_cells(source, stored, untallied, in_themes)
    if not questions:
        return AnswerCounts({}, by_theme, {})
    return AnswerCounts({}, by_theme, {}, _question_totals(source, stored, untallied))


def _theme_cells(
    source: Source, stored, untallied, in_themes: set[int]
) -> dict[tuple[int, str], Counts]:
    """Each visit × theme's answers by category, with its cases (two queries)."""
    every_question = len(in_themes) == len(source.question_ids)
    in_theme_stored = stored if every_question else stored.filter(question_id__in=in_themes)
    in_theme_live = untallied if every_question else untallied.filter(question_id__in=in_themes)
    theme_rows = (  # query: answers per visit × theme by category, stored or counted
        in_theme_stored.values_list("visit_id", "question__theme_id")
        .annotate(**{f"sum_{name}": Sum(name) for name in CATEGORIES})
        .order_by()
        .union(
            tallies.category_counts(in_theme_live, source.level_category, per="question__theme_id"),
            all=True,
        )
    )
    by_theme: dict[tuple[int, str], Counts] = {}
    for visit_id, theme_id, *values in theme_rows:
        if any(values):  # a theme with no rated answer at this visit has no cell
            by_theme[(visit_id, source.theme_ids.get(theme_id))] = Counts(*values)

    if every_question:
        cases = (  # query: distinct cases with an applicable answer per visit × theme
            ThemeTally.objects.filter(visit_id__in=source.tallied_ids(), cases__gt=0)
            .values_list("visit_id", "theme_id", "cases")
            .order_by()
            .union(_cases_per_theme(source, untallied, in_themes), all=True)
        )
    else:
        # Stored case counts cover every question of a theme; these count only shared ones.
        cases = _cases_per_theme(source, visit_answers(source.visit_ids()), in_themes)
    for visit_id, theme_id, n in cases:
        place = (visit_id, source.theme_ids.get(theme_id))
        if place in by_theme:
            by_theme[place].cases = n
    return by_theme


def _question_totals(source: Source, stored, untallied) -> dict[str, Totals]:
    """Each question across the visits (two queries): counted by the database from the stored
    counts, and from the answers of visits without them. A question cell's cases are its
    applicable answers (one answer per case)."""
    applicable = F("met") + F("partly") + F("not_met") + F("not_evidenced")
    shown = GreaterThanOrEqual(applicable, SUPPRESSION_THRESHOLD)
    short = LessThan(F("met") * 100, applicable * FALLS_SHORT_PERCENT)
    question_rows = (  # query: stored counts per question across visits, suppressed cells out
        stored.values_list("question_id")
        .annotate(
            assessed=Count("pk", filter=Q(shown)),
            short=Count("pk", filter=Q(shown, short)),
            **{f"sum_{name}": Sum(name, filter=Q(shown), default=0) for name in CATEGORIES},
        )
        .order_by()
    )
    totals: dict[str, Totals] = defaultdict(Totals)
    question_ids = source.question_ids
    for question_id, assessed, n_short, *values in question_rows:
        if question_id not in question_ids:
            continue
        total = totals[question_ids[question_id][0]]
        total.assessed += assessed
        total.short += n_short
        total.pooled.add(Counts(*values))
    live_rows = tallies.category_counts(untallied, source.level_category)
    for _visit_id, question_id, *values in live_rows:  # query: visits without stored counts
        if question_id in question_ids and any(values):
            counts = Counts(*values)
            counts.cases = counts.applicable
            totals[question_ids[question_id][0]].add_cell(counts)
    for total in totals.values():
        total.pooled.cases = total.pooled.applicable
    return dict(totals)


def _cases_per_theme(source: Source, answers, in_themes: set[int]):
    if len(in_themes) < len(source.question_ids):
        answers = answers.filter(question_id__in=sorted(in_themes))
    # Grouped by theme id, an integer, rather than its key: a narrower sort.
    return (
        answers.values_list("case_file__visit_id", "question__theme_id")
        .annotate(
            cases=Count(
                "case_file_id",
                distinct=True,
                filter=Q(level_id__in=source.applicable_ids() or [-1]),
            )
        )
        .order_by()
    )


def _count_answers_by_level(source: Source, in_themes: set[int]) -> AnswerCounts:
    """Answers per visit × theme × level, and the cases behind each visit × theme (for the
    exports, which count every question): three queries.

    Issued visits are read from their stored counts, which hold categories: a category that
    is one level of its question's scale gives that level's count. A scale with two levels in
    one category (a five-point scale has three "partly" levels) cannot be read back that way,
    so its questions' answers are counted, as are the answers of visits without stored counts.
    """
    levels_in: dict[tuple[int, str], list[int]] = defaultdict(list)
    for pk, name in source.level_category.items():
        levels_in[(source.level_scale[pk], name)].append(pk)
    level_for = {place: pks[0] for place, pks in levels_in.items() if len(pks) == 1}
    split = {scale for (scale, _name), pks in levels_in.items() if len(pks) > 1}
    counted_live = sorted(q for q, scale in source.question_scale.items() if scale in split)

    by_theme_level: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    question_ids = source.question_ids

    def add_to(visit_id: int, theme_key: str, level_id: int, n: int) -> None:
        levels = by_theme_level[(visit_id, theme_key)]
        levels[level_id] = levels.get(level_id, 0) + n

    def add(visit_id: int, question_id: int, level_id: int, n: int) -> None:
        add_to(visit_id, question_ids[question_id][1], level_id, n)

    stored = QuestionTally.objects.filter(
        visit_id__in=source.tallied_ids(), question__answer_kind=Question.AnswerKind.SCALE
    )
    if counted_live:
        stored = stored.exclude(question_id__in=counted_live)
    # query: the stored counts of issued visits, summed per visit × theme × scale by the
    # database (a row per theme, not per question: the export needs no more)
    for visit_id, theme_id, scale, *values in (
        stored.values_list("visit_id", "question__theme_id", "question__scale_id")
        .annotate(**{f"sum_{name}": Sum(name) for name in CATEGORIES})
        .order_by()
    ):
        theme_key = source.theme_ids.get(theme_id)
        if theme_key is None:
            continue
        for name, n in zip(CATEGORIES, values, strict=True):
            if n and (scale, name) in level_for:
                add_to(visit_id, theme_key, level_for[(scale, name)], n)

    live = visit_answers(source.untallied_ids())
    if counted_live:
        live = visit_answers(source.visit_ids()).filter(
            Q(case_file__visit_id__in=source.untallied_ids()) | Q(question_id__in=counted_live)
        )
    rows = (  # query: answers the stored counts cannot give, per visit × question × level
        live.values_list("case_file__visit_id", "question_id", "level_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for visit_id, question_id, level_id, n in rows:
        if level_id in source.level_category and question_id in question_ids:
            add(visit_id, question_id, level_id, n)

    by_theme = {place: Counts() for place in by_theme_level}
    cases = (  # query: distinct cases with an applicable answer per visit × theme
        ThemeTally.objects.filter(visit_id__in=source.tallied_ids(), cases__gt=0)
        .values_list("visit_id", "theme_id", "cases")
        .order_by()
        .union(_cases_per_theme(source, visit_answers(source.untallied_ids()), in_themes), all=True)
    )
    for visit_id, theme_id, n in cases:
        place = (visit_id, source.theme_ids.get(theme_id))
        if place in by_theme:
            by_theme[place].cases = n
    return AnswerCounts({}, by_theme, dict(by_theme_level), {})


def count_judgements_by_visit(source: Source) -> dict[int, Judgements]:
    """One row per visit and agreed judgement level (the moderated one where there is one)."""
    rows = (
        CaseJudgement.objects.filter(case_file__visit_id__in=source.visit_ids())
        .with_agreed_level()
        .filter(agreed_level_id__in=list(source.judgement_score))
        .values("case_file__visit_id", "agreed_level_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    judged: dict[int, Judgements] = defaultdict(Judgements)
    for row in rows:
        score = source.judgement_score[row["agreed_level_id"]]
        by_score = judged[row["case_file__visit_id"]].by_score
        by_score[score] = by_score.get(score, 0) + row["n"]
    return judged
