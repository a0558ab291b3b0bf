"""Synthetic national-scale data for benchmarks and trying the regional views at size.

Everything made here is marked as synthetic: regions are named "Synthetic …" (slugs start
``synthetic-``), councils "Synthetic council NNN" with ONS codes in the E99 range, which ONS
never issues, and people have ``.invalid`` e-mail addresses and no usable password. Real
regions and councils (the West Midlands rows among them) are never read or changed.

Running it again replaces the synthetic visits (and their cases, answers and judgements) with
the same data for the same seed, so the command is idempotent. Rows go in with
``bulk_create`` in batches; no audit trail is written for them.
"""

from __future__ import annotations

import datetime
import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone

from audits.models import (
    Answer,
    AuditTool,
    CaseFile,
    CaseJudgement,
    Question,
    RatingLevel,
    StatusChange,
    Visit,
    VisitAuditor,
)
from authorities.models import Authority, Region, User
from learning import tallies
from learning.models import QuestionTally, ThemeTally

SYNTHETIC_PREFIX = "Synthetic"
SYNTHETIC_SLUG = "synthetic-"
SYNTHETIC_ONS = "E99"
# England's nine ADASS regions, for names only.
REGION_NAMES = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
KINDS = [Authority.Kind.METROPOLITAN, Authority.Kind.UNITARY, Authority.Kind.COUNTY]
# How much harder each theme of the default tool is: the recurring themes the region's
# audits keep finding (mental capacity, oversight, safeguarding, voice, risk) come out weaker.
THEME_EFFECT = {
    "mental-capacity": -1.0,
    "management-oversight": -0.9,
    "safeguarding": -0.7,
    "voice": -0.6,
    "risk": -0.5,
    "recording": -0.4,
    "carers": -0.3,
    "first-contact": 0.4,
    "review": 0.2,
}
# Themes that do not apply to every case (not every case has a s.42 enquiry or a carer).
OFTEN_NOT_APPLICABLE = {"safeguarding": 0.45, "mental-capacity": 0.35, "carers": 0.3}


@dataclass
class Result:
    regions: int = 0
    councils: int = 0
    visits: int = 0
    cases: int = 0
    answers: int = 0
    judgements: int = 0
    seconds: float = 0.0
    tools: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return (
            self.regions + self.councils + self.visits + self.cases + self.answers + self.judgements
        )

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def is_synthetic(authority: Authority) -> bool:
    return authority.ons_code.startswith(SYNTHETIC_ONS)


def _batched(items: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(items, size)):
        yield batch


@dataclass
class _ToolShape:
    tool: AuditTool
    questions: list[tuple[int, str, bool]]  # pk, theme key, rated?
    met: int
    partly: list[int]
    not_met: int
    not_evidenced: int | None
    not_applicable: int | None
    judgement_by_score: dict[int, int]

    @classmethod
    def of(cls, tool: AuditTool) -> _ToolShape:
        questions = [
            (pk, theme_key, kind == Question.AnswerKind.SCALE)
            for pk, theme_key, kind in tool.questions.order_by(
                "theme__position", "position", "pk"
            ).values_list("pk", "theme__key", "answer_kind")
        ]
        levels = list(
            RatingLevel.objects.filter(scale__tool=tool).values_list(
                "pk", "scale__purpose", "score", "is_not_applicable", "is_not_evidenced"
            )
        )
        ordinary = sorted(
            (score, pk)
            for pk, purpose, score, na, ne in levels
            if purpose == "question" and not (na or ne)
        )
        judgement = {score: pk for pk, purpose, score, _na, _ne in levels if purpose == "judgement"}
        return cls(
            tool=tool,
            questions=questions,
            met=ordinary[-1][1],
            partly=[pk for _score, pk in ordinary[1:-1]],
            not_met=ordinary[0][1],
            not_evidenced=next(
                (pk for pk, p, _s, _na, ne in levels if p == "question" and ne), None
            ),
            not_applicable=next(
                (pk for pk, p, _s, na, _ne in levels if p == "question" and na), None
            ),
            judgement_by_score=judgement,
        )

    def judgement_for(self, share_met: float) -> int:
        """CQC's roll-up bands: 88%+ outstanding, 63%+ good, 39%+ requires improvement."""
        scores = sorted(self.judgement_by_score, reverse=True)
        bands = [0.88, 0.63, 0.39]
        for score, floor in zip(scores, bands, strict=False):
            if share_met >= floor:
                return self.judgement_by_score[score]
        return self.judgement_by_score[scores[-1]]


def _regions(count: int) -> list[Region]:
    regions = []
    for number in range(count):
        base = REGION_NAMES[number % len(REGION_NAMES)]
        suffix = f" {number // len(REGION_NAMES) + 1}" if number >= len(REGION_NAMES) else ""
        name = f"{SYNTHETIC_PREFIX} {base}{suffix}"
        slug = SYNTHETIC_SLUG + name[len(SYNTHETIC_PREFIX) + 1 :].lower().replace(" ", "-")
        region, _ = Region.objects.get_or_create(slug=slug, defaults={"name": name})
        regions.append(region)
    return regions


def _councils(count: int, regions: list[Region]) -> list[Authority]:
    wanted = {
        f"{SYNTHETIC_ONS}{n:06d}": Authority(
            region=regions[(n - 1) % len(regions)],
            name=f"{SYNTHETIC_PREFIX} council {n:03d}",
            slug=f"{SYNTHETIC_SLUG}council-{n:03d}",
            ons_code=f"{SYNTHETIC_ONS}{n:06d}",
            kind=KINDS[n % len(KINDS)],
        )
        for n in range(1, count + 1)
    }
    existing = set(Authority.objects.filter(ons_code__in=wanted).values_list("ons_code", flat=True))
    Authority.objects.bulk_create([a for code, a in wanted.items() if code not in existing])
    return list(Authority.objects.filter(ons_code__in=wanted).order_by("ons_code"))


def _coordinator(region: Region) -> User:
    email = f"coordinator@{region.slug}.invalid"
    person = User.objects.filter(email=email).first()
    return person or User.objects.create_user(
        email=email,
        password=None,
        full_name=f"{region.name} coordinator",
        role=User.Role.COORDINATOR,
        region=region,
    )


def clear_synthetic_visits() -> int:
    """Remove the visits of synthetic councils, child rows first (raw deletes: no signals)."""
    visits = Visit.objects.filter(host__ons_code__startswith=SYNTHETIC_ONS)
    cases = CaseFile.objects.filter(visit__in=visits)
    for queryset in [
        Answer.objects.filter(case_file__in=cases),
        CaseJudgement.objects.filter(case_file__in=cases),
        cases,
        VisitAuditor.objects.filter(visit__in=visits),
        StatusChange.objects.filter(visit__in=visits),
        Visit.peer_team.through.objects.filter(visit__in=visits),
        QuestionTally.objects.filter(visit__in=visits),
        ThemeTally.objects.filter(visit__in=visits),
    ]:
        # A plain DELETE: these rows have no signals to honour and may number millions.
        queryset._raw_delete(queryset.db)
    return visits._raw_delete(visits.db)


def _raw_insert(model, names: list[str], rows: Iterator[tuple], batch_size: int) -> int:
    """Insert plain tuples many rows to a statement: bulk_create's per-object work would
    dominate at millions of rows. Every other column gets its field's default, so a field
    added later with a default needs no change here."""
    given = [model._meta.get_field(name) for name in names]
    now = timezone.now()
    rest, constants = [], []
    for field_ in model._meta.concrete_fields:
        if field_.primary_key or field_ in given:
            continue
        if getattr(field_, "auto_now", False) or getattr(field_, "auto_now_add", False):
            value = now
        else:
            value = field_.get_default()
        rest.append(field_)
        constants.append(field_.get_db_prep_save(value, connection))
    constants = tuple(constants)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in [*given, *rest])
    width = len(given) + len(rest)
    limit = connection.features.max_query_params or 65535
    per_statement = max(1, min(batch_size, limit // width))
    row_sql = "(" + ", ".join(["%s"] * width) + ")"
    count = 0
    with connection.cursor() as cursor:
        for batch in _batched(rows, per_statement):
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
                + ", ".join([row_sql] * len(batch)),
                [value for row in batch for value in (*row, *constants)],
            )
            count += len(batch)
    return count


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def generate(
    *,
    councils: int,
    years: int,
    tool_for: Callable[[Region], AuditTool],
    seed: int = 1,
    end_year: int | None = None,
    cases: tuple[int, int] = (12, 16),
    batch_size: int = 5000,
    regions: int | None = None,
) -> Result:
    """Make ``councils`` synthetic councils in up to nine regions (or in ``regions``: one
    makes a single region of that many councils), each audited once a year for ``years``
    years, with answers to every question of ``tool_for(region)``."""
    started = time.perf_counter()
    rng = random.Random(seed)  # one stream, drawn in one order: same seed, same data
    end_year = end_year or datetime.date.today().year - 1
    first_year = end_year - years + 1
    result = Result()
    with transaction.atomic():
        regions = _regions(regions or min(len(REGION_NAMES), councils))
        authorities = _councils(councils, regions)
        clear_synthetic_visits()
        shapes = {region.pk: _ToolShape.of(tool_for(region)) for region in regions}
        result.regions, result.councils = len(regions), len(authorities)
        result.tools = sorted({str(shape.tool) for shape in shapes.values()})

        council_quality = {a.pk: rng.gauss(0.6, 0.6) for a in authorities}
        visits = _visits(authorities, shapes, regions, range(first_year, end_year + 1))
        Visit.objects.bulk_create(visits, batch_size=batch_size)
        result.visits = len(visits)
        case_rows = _case_rows(visits, rng, cases)
        result.cases = _raw_insert(CaseFile, CASE_COLUMNS, iter(case_rows), batch_size)

        audit = _Audit(rng, shapes, council_quality, first_year, visits)
        result.answers = _raw_insert(
            Answer, ["case_file", "question", "level", "text"], audit.answers(case_rows), batch_size
        )
        result.judgements = _raw_insert(
            CaseJudgement,
            ["case_file", "level", "moderated_level"],
            iter(audit.judgements),
            batch_size,
        )
        # The counts the dashboard reads, as issuing each report would have stored them.
        tallies.rebuild(
            Visit.objects.filter(pk__in=[v.pk for v in visits if v.status != Visit.Status.DRAFTING])
        )
    with connection.cursor() as cursor:
        # Fresh statistics after a bulk load, so the planner knows the tables' sizes.
        cursor.execute("ANALYZE")
    result.seconds = time.perf_counter() - started
    return result


def _visits(authorities, shapes, regions, years: range) -> list[Visit]:
    """One visit a year for each council: closed, the latest issued (one in ten drafting)."""
    coordinators = {region.pk: _coordinator(region) for region in regions}
    visits = []
    for number, authority in enumerate(authorities):
        for year in years:
            first_day = datetime.date(year, 2 + (number % 9), 3 + (number % 20))
            latest = year == years[-1]
            status = Visit.Status.CLOSED if not latest else Visit.Status.ISSUED
            if latest and number % 10 == 9:
                status = Visit.Status.DRAFTING  # not issued yet: never in regional views
            visits.append(
                Visit(
                    host=authority,
                    tool=shapes[authority.region_id].tool,
                    coordinator=coordinators[authority.region_id],
                    first_day=first_day,
                    last_day=first_day + datetime.timedelta(days=1),
                    peer_challenge_date=first_day + datetime.timedelta(days=35),
                    data_sharing_reference=f"SYNTHETIC-{authority.ons_code}-{year}",
                    status=status,
                )
            )
    return visits


CASE_COLUMNS = [
    "visit",
    "reference",
    "case_type",
    "team",
    "primary_support_reason",
    "age_band",
    "status",
]


def _case_rows(visits: list[Visit], rng: random.Random, cases: tuple[int, int]) -> list[tuple]:
    """Each visit's sample, as rows in ``CASE_COLUMNS`` order."""
    types = list(CaseFile.CaseType)
    reasons = list(CaseFile.SupportReason)
    bands = list(CaseFile.AgeBand)
    return [
        (
            visit.pk,
            f"SYN-{n:02d}",
            types[rng.randrange(len(types))],
            "Synthetic team",
            reasons[rng.randrange(len(reasons))],
            bands[rng.randrange(len(bands))],
            CaseFile.Status.LOCKED.value,
        )
        for visit in visits
        for n in range(1, rng.randint(*cases) + 1)
    ]


class _Audit:
    """Answers every case's questions, a council's quality rising a little each year; keeps
    each case's judgement (15% moderated) for inserting after the answers."""

    def __init__(self, rng, shapes, council_quality, first_year: int, visits: list[Visit]):
        self.rng, self.shapes, self.first_year = rng, shapes, first_year
        self.council_quality = council_quality
        self.visit_of = {visit.pk: visit for visit in visits}
        self.case_pk = {
            (visit_id, reference): pk
            for pk, visit_id, reference in CaseFile.objects.filter(
                visit__in=list(self.visit_of)
            ).values_list("pk", "visit_id", "reference")
        }
        self.visit_quality: dict[int, float] = {}
        self.judgements: list[tuple] = []

    def answers(self, case_rows) -> Iterator[tuple]:
        for visit_pk, reference, *_rest in case_rows:
            visit = self.visit_of[visit_pk]
            yield from self._case(visit, self.case_pk[(visit_pk, reference)])

    def _case(self, visit: Visit, case: int) -> Iterator[tuple]:
        rng = self.rng
        if visit.pk not in self.visit_quality:
            trend = 0.08 * (visit.first_day.year - self.first_year)
            self.visit_quality[visit.pk] = (
                self.council_quality[visit.host_id] + trend + rng.gauss(0, 0.3)
            )
        shape = self.shapes[visit.host.region_id]
        quality = self.visit_quality[visit.pk] + rng.gauss(0, 0.4)
        met = applicable = 0
        for question_pk, theme_key, rated in shape.questions:
            if not rated:
                yield (case, question_pk, None, "Synthetic.")
                continue
            level = _level(rng, shape, theme_key, quality)
            applicable += level != shape.not_applicable
            met += level == shape.met
            yield (case, question_pk, level, "")
        first = shape.judgement_for(met / applicable if applicable else 0)
        moderated = None
        if rng.random() < 0.15:
            moderated = rng.choice(list(shape.judgement_by_score.values()))
        self.judgements.append((case, first, moderated))


def _level(rng: random.Random, shape: _ToolShape, theme_key: str, quality: float) -> int:
    if shape.not_applicable and rng.random() < OFTEN_NOT_APPLICABLE.get(theme_key, 0.05):
        return shape.not_applicable
    if rng.random() < _logistic(quality + THEME_EFFECT.get(theme_key, 0.0)):
        return shape.met
    roll = rng.random()
    if shape.partly and roll < 0.5:
        return shape.partly[rng.randrange(len(shape.partly))]
    if shape.not_evidenced and roll > 0.8:
        return shape.not_evidenced
    return shape.not_met
