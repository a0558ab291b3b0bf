"""Demo case audits: the past visits get complete, moderated and locked audits.

For every demo visit that is drafting or later (created by ``audits.demodata.visits``), each
case file that has no answers yet gets an answer to every question, short non-identifying
evidence notes, an overall judgement, and a moderation history: submitted by its auditor,
agreed (now and then with a moderated judgement) by the other auditor, then locked. Two cases
per visit are double rated blind, so the calibration pages have agreement to show.

A visit on site now gets work in progress instead: each auditor's first cases are partly
answered (a few themes, then fewer), still in progress, so the case audit and progress pages
show a visit as it looks half-way through the first day.

Answers lean the way the region's audits do: safeguarding and Making Safeguarding Personal,
mental capacity, management oversight, carers and recording fall short more often. Choices
come from a random generator seeded by council, visit date and case, so a run is repeatable;
a case that already has answers is left alone, so running twice changes nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..models import (
    Answer,
    Calibration,
    CalibrationRating,
    CaseFile,
    CaseJudgement,
    ModerationEvent,
    Question,
    RatingLevel,
    RatingScale,
    Visit,
)

PAST_STATUSES = [
    Visit.Status.DRAFTING,
    Visit.Status.ACCURACY_CHECK,
    Visit.Status.ISSUED,
    Visit.Status.CLOSED,
]
# How many themes each auditor has answered on their first, second and third case so far.
THEMES_STARTED = (6, 3, 1)

# The region's recurring themes, matched on theme keys: these fall short more often. They
# are the seed practice's: Care Act compliance (statutory reviews), safeguarding, mental
# capacity and risk, management oversight, quality assurance (recording) and the person's voice.
RECURRING = (
    "safeguarding",
    "mental-capacity",
    "risk",
    "management-oversight",
    "recording",
    "voice",
    "review",
)

# Weights for met, partly met, not met, not evidenced, not applicable. Strong themes are
# mostly Met (about 72% of applicable answers), so they stay inside CQC's good range and the
# recurring themes stand out on the regional dashboard.
STRONG = {"met": 68, "partly-met": 18, "not-met": 5, "not-evidenced": 3, "not-applicable": 6}
WEAK = {"met": 24, "partly-met": 34, "not-met": 20, "not-evidenced": 16, "not-applicable": 6}

# Themes that often do not apply to a case of a given type.
NOT_APPLICABLE_UNLESS = {
    "safeguarding": {"section_42"},
    "mental-capacity": {"capacity", "section_42", "hospital_discharge"},
    "review": {"review", "direct_payment", "carer"},
}

NOTES = {
    "met": [
        "Clearly recorded, with the reasons.",
        "Good evidence on file, dated and signed off.",
        "The person's own words are quoted and acted on.",
        "Done promptly and written up the same week.",
        "Options discussed with the person and the choice recorded.",
        "Manager sign-off recorded at the key decision.",
    ],
    "not-met": [
        "Not done, and no reason given on file.",
        "Recorded late, after the decision had been made.",
        "The record describes tasks but not the reasons for them.",
        "Decision made without the person's views recorded.",
        "Actions agreed but no sign they were followed up.",
    ],
    "not-evidenced": [
        "Nothing on file either way; the worker may know more.",
        "Not evidenced in the case notes or the documents tab.",
        "Referred to in a later note, but the record itself is missing.",
    ],
    "partly-met": [
        "Partly recorded; the reasons are thin.",
        "Done, but late and without the person's view.",
        "Covered for the person but not for the carer.",
    ],
}
THEME_NOTES = {
    "safeguarding": {
        "met": ["Outcomes the person wanted were asked at the start and revisited at closure."],
        "not-met": ["No record of asking what outcomes the person wanted (MSP)."],
        "not-evidenced": ["Section 42 decision not evidenced against the three criteria."],
    },
    "mental-capacity": {
        "met": ["Capacity assessment is decision-specific, with the four functional tests."],
        "not-met": ["Capacity assumed lacking without a recorded assessment."],
        "not-evidenced": ["Best-interest decision referred to but not on file."],
    },
    "management-oversight": {
        "met": ["Supervision notes reflect on the case, not only tasks."],
        "not-met": ["Drift of several months with no manager decision recorded."],
        "not-evidenced": ["No manager decisions recorded at allocation or closure."],
    },
    "carers": {
        "met": ["Carer offered their own assessment; outcome recorded."],
        "not-met": ["Carer identified but not offered an assessment."],
        "not-evidenced": ["Carer's views not recorded in the plan."],
    },
    "recording": {
        "met": ["Chronology is current and easy to follow."],
        "not-met": ["No chronology; hard for someone new to follow the story."],
        "not-evidenced": ["Consent to share not recorded."],
    },
}
TEXT_ANSWERS = {
    "case-profile-legal-frameworks": [
        "Care Act 2014 assessment and care and support plan.",
        "Care Act 2014; Mental Capacity Act 2005 for accommodation.",
        "Care Act 2014 s.42 enquiry.",
        "Care Act 2014 carer's assessment.",
    ],
    "case-profile-others-involved": [
        "Daughter as main carer; district nurses.",
        "Advocate for the review; GP.",
        "Partner, and a care agency three times a day.",
        "No family involved; housing officer.",
    ],
    "outcomes-difference-summary": [
        "The person stayed at home with support they chose and feels safer.",
        "Carer breakdown was avoided; respite now planned.",
        "Little change: the plan was not reviewed and needs have grown.",
        "Risks reduced after the enquiry, with the person's wishes respected.",
    ],
    "practitioner-conversation-not-on-file": [
        "The worker had visited twice more than the notes show.",
        "",
    ],
    "practitioner-conversation-barriers": [
        "Caseload pressure and a slow case management system.",
        "Waiting lists for occupational therapy.",
        "",
    ],
    "practitioner-conversation-support": [
        "Reflective supervision and time to write up.",
        "Training on MCA assessments.",
        "",
    ],
    "practitioner-conversation-proud": ["Keeping the person at home, as they wanted.", ""],
}
GENERIC_TEXT = ["Recorded on file.", "See the assessment and the plan.", ""]

RATIONALES = {
    4: "Exceptional, person-led practice with clear reasons at every step.",
    3: "Good, proportionate work; the person's voice is clear and the plan fits.",
    2: "Some shortfalls: {weak} are not well evidenced, though {strong} is sound.",
    1: "Significant shortfalls in {weak}; the person may not have been kept safe.",
}
STRENGTHS = [
    "Strengths-based conversation recorded in the person's words.",
    "Prompt first response, with information given in an accessible way.",
    "Good joint working with health partners.",
    "The plan links each need to an outcome the person chose.",
]
IMPROVEMENTS = {
    "safeguarding": "Ask and record the outcomes the person wants from the enquiry.",
    "mental-capacity": "Record decision-specific capacity assessments with the four tests.",
    "management-oversight": "Record manager decisions and reflective supervision on the case.",
    "carers": "Offer the carer their own assessment and record their views.",
    "recording": "Keep a current chronology so someone new can follow the story.",
}
MODERATION_REASONS = [
    "Manager oversight is weaker than the first rating allows; agreed one step lower.",
    "Evidence of the person's voice is stronger than first credited; agreed one step higher.",
]


def _recurring(theme_key: str) -> str | None:
    return next((key for key in RECURRING if key in theme_key), None)


def _weights(theme_key: str, case_type: str, levels: dict[str, RatingLevel]) -> dict:
    base = WEAK if _recurring(theme_key) else STRONG
    weights = {key: weight for key, weight in base.items() if key in levels}
    for fragment, types in NOT_APPLICABLE_UNLESS.items():
        if fragment in theme_key and case_type not in types and "not-applicable" in weights:
            weights["not-applicable"] = 60
    return weights or {key: 1 for key in levels}


def _note(rng, theme_key: str, level: RatingLevel) -> str:
    if not level.needs_note and (level.is_not_applicable or rng.random() < 0.5):
        return ""
    key = (
        "not-evidenced"
        if level.is_not_evidenced
        else ("met" if level.score >= 3 else "not-met" if level.score <= 1 else "partly-met")
    )
    themed = THEME_NOTES.get(_recurring(theme_key) or "", {}).get(key, [])
    return rng.choice(themed + NOTES[key] if themed and rng.random() < 0.6 else NOTES[key])


def _text(rng, question: Question, case: CaseFile) -> str:
    facts = {
        "case-profile-case-type": case.get_case_type_display(),
        "case-profile-team": case.team or "Long-term locality team",
        "case-profile-age-band": case.get_age_band_display(),
        "case-profile-support-reason": case.get_primary_support_reason_display(),
    }
    if question.key in facts:
        return facts[question.key]
    options = TEXT_ANSWERS.get(question.key, GENERIC_TEXT)
    text = rng.choice(options)
    return text or (rng.choice([o for o in options if o]) if question.required else "")


def _judgement_score(shares: list[float], rng) -> int:
    met = sum(shares) / len(shares) if shares else 0.5
    if met >= 0.7:
        return 4 if rng.random() < 0.25 else 3
    if met >= 0.5:
        return 3 if rng.random() < 0.6 else 2
    if met >= 0.3:
        return 2
    return 1 if rng.random() < 0.6 else 2


class _Visit:
    """What one visit's demo audits are built from."""

    def __init__(self, visit: Visit):
        self.visit = visit
        self.questions = list(
            Question.objects.filter(tool_id=visit.tool_id)
            .select_related("theme", "scale")
            .prefetch_related("options")
            .order_by("theme__position", "position", "pk")
        )
        self.levels: dict[int, dict[str, RatingLevel]] = defaultdict(dict)
        self.judgement_levels: dict[int, RatingLevel] = {}
        for level in RatingLevel.objects.filter(scale__tool_id=visit.tool_id).select_related(
            "scale"
        ):
            self.levels[level.scale_id][level.key] = level
            if level.scale.purpose == RatingScale.Purpose.JUDGEMENT:
                self.judgement_levels[level.score] = level
        links = list(visit.auditor_links.select_related("auditor"))
        self.team = [link.auditor for link in links]
        self.lead = next((link.auditor for link in links if link.is_lead), None)
        self.coordinator = visit.coordinator


def _times(visit: Visit, rng) -> dict[str, datetime.datetime]:
    tz = timezone.get_current_timezone()
    last = datetime.datetime.combine(visit.last_day, datetime.time(15, rng.randint(0, 59)), tz)
    return {
        "answered": datetime.datetime.combine(
            visit.first_day, datetime.time(rng.randint(9, 16), rng.randint(0, 59)), tz
        ),
        "submitted": last,
        "reviewed": last + datetime.timedelta(days=rng.randint(1, 4), hours=1),
        "locked": last + datetime.timedelta(days=rng.randint(6, 10), hours=2),
    }


def _audit_case(ctx: _Visit, case: CaseFile, index: int, out: dict) -> None:
    """Build (not save) one complete, moderated, locked case audit."""
    visit = ctx.visit
    # The draws come in one order (answers, judgement, strength), so the demo is the same
    # on every run.
    rng = random.Random(f"{visit.host.slug}:{visit.first_day}:{case.reference}")
    auditor = case.allocated_to or ctx.team[index % len(ctx.team)]
    others = [person for person in ctx.team if person.pk != auditor.pk]
    reviewer = others[0] if others else ctx.coordinator
    when = _times(visit, rng)
    judgement_questions, theme_scores = _rate_questions(ctx, case, rng, auditor, when, out)
    judged = _judge(ctx, theme_scores, rng)
    note = judged.rationale if judged.level is not None and judged.level.needs_note else ""
    for question in judgement_questions:
        out["answers"].append(
            Answer(
                case_file=case,
                question=question,
                level=judged.level,
                note=note,
                version=1,
                updated_by=auditor,
                updated_at=when["answered"],
            )
        )
    out["judgements"].append(
        CaseJudgement(
            case_file=case,
            level=judged.level,
            rationale=judged.rationale,
            strength=rng.choice(STRENGTHS),
            improvement=IMPROVEMENTS.get(
                _recurring(judged.weak_theme) or "", "Record the reasons for each decision."
            ),
            moderated_level=judged.moderated,
            moderation_reason=judged.reason,
            moderated_by=reviewer,
            moderated_at=when["reviewed"],
            version=1,
            updated_by=auditor,
        )
    )
    locker = ctx.lead or ctx.coordinator
    out["events"] += _moderation_events(case, judged, when, auditor, reviewer, locker)
    if index < 2 and others:
        out["calibrations"].append((case, auditor, others[0], when["answered"]))
    out["locked"].append(case.pk)


def _rate_questions(ctx: _Visit, case: CaseFile, rng, auditor, when, out: dict):
    """Answer every question but those on the judgement scale (answered with the judgement);
    returns those, and each theme's share of answers at Met or better."""
    shares: dict[str, list[float]] = defaultdict(list)
    judgement_questions = []
    for question in ctx.questions:
        if _on_judgement_scale(question):
            judgement_questions.append(question)
            continue
        answer = _answer(ctx, question, case, rng, by=auditor, at=when["answered"])
        if answer.level and not answer.level.is_not_applicable:
            shares[question.theme.key].append(1.0 if answer.level.score >= 3 else 0.0)
        out["answers"].append(answer)
    theme_scores = {theme: sum(values) / len(values) for theme, values in shares.items() if values}
    return judgement_questions, theme_scores


@dataclass(frozen=True)
class _Judged:
    level: RatingLevel | None
    moderated: RatingLevel | None
    reason: str
    rationale: str
    weak_theme: str


def _judge(ctx: _Visit, theme_scores: dict[str, float], rng) -> _Judged:
    """The case's judgement from its themes' scores, moderated a step about one time in five."""
    score = _judgement_score(list(theme_scores.values()), rng)
    score = min(ctx.judgement_levels, key=lambda s: abs(s - score)) if ctx.judgement_levels else 0
    level = ctx.judgement_levels.get(score)
    ranked = sorted(theme_scores, key=theme_scores.get)
    weak_theme = ranked[0] if ranked else "recording"
    strong_theme = ranked[-1] if ranked else "assessment"
    moderated = None
    reason = ""
    if level is not None and rng.random() < 0.2:
        step = -1 if score > 1 and (score == 4 or rng.random() < 0.6) else 1
        moderated = ctx.judgement_levels.get(score + step)
        reason = MODERATION_REASONS[0 if step < 0 else 1] if moderated else ""
    rationale = RATIONALES.get(score, RATIONALES[3]).format(
        weak=weak_theme.replace("-", " "), strong=strong_theme.replace("-", " ")
    )
    return _Judged(level, moderated, reason, rationale, weak_theme)


def _moderation_events(case, judged: _Judged, when, auditor, reviewer, locker) -> list:
    """Submitted by the auditor, agreed (or moderated) by the reviewer, locked by the lead."""
    S, A = CaseFile.Status, ModerationEvent.Action
    agreed = A.MODERATED if judged.moderated else A.AGREED
    steps = [
        (A.SUBMITTED, S.IN_PROGRESS, S.SUBMITTED, auditor, "", None, when["submitted"]),
        (
            agreed,
            S.SUBMITTED,
            S.AGREED,
            reviewer,
            judged.reason,
            judged.moderated,
            when["reviewed"],
        ),
        (A.LOCKED, S.AGREED, S.LOCKED, locker, "", None, when["locked"]),
    ]
    return [
        ModerationEvent(
            case_file=case,
            action=action,
            from_status=before,
            to_status=after,
            by=by,
            reason=why,
            level=moderated_to,
            at=at,
        )
        for action, before, after, by, why, moderated_to, at in steps
    ]


def _on_judgement_scale(question: Question) -> bool:
    return question.is_rated and question.scale.purpose == RatingScale.Purpose.JUDGEMENT


def _answer(ctx: _Visit, question: Question, case: CaseFile, rng, *, by, at) -> Answer:
    """A realistic answer: text for text questions, else a level leaning the region's way."""
    level, text, note, chosen = None, "", "", []
    if question.answer_kind == Question.AnswerKind.TEXT:
        text = _text(rng, question, case)
    elif question.answer_kind in Question.CHOICE_KINDS:
        # Only the newer tool versions have choice questions; the first version's answers,
        # and so the demo's figures for the first round, draw as before.
        keys = [choice.key for choice in question.choices if not choice.none_of_these]
        many = question.answer_kind == Question.AnswerKind.MULTIPLE
        chosen = sorted(rng.sample(keys, k=rng.randint(1, 2))) if many else [rng.choice(keys)]
    else:
        levels = ctx.levels[question.scale_id]
        weights = _weights(question.theme.key, case.case_type, levels)
        level = levels[rng.choices(list(weights), weights=list(weights.values()))[0]]
        note = _note(rng, question.theme.key, level)
    return Answer(
        case_file=case,
        question=question,
        level=level,
        text=text,
        choices=chosen,
        note=note,
        version=1,
        updated_by=by,
        updated_at=at,
    )


def _start_cases(ctx: _Visit, cases: list[CaseFile], out: dict) -> None:
    """Work in progress on a visit that is on site: each auditor's first cases, partly done."""
    now = timezone.now()
    for auditor in ctx.team:
        theirs = [case for case in cases if case.allocated_to_id == auditor.pk]
        for case, themes in zip(theirs, THEMES_STARTED, strict=False):
            rng = random.Random(f"{ctx.visit.host.slug}:{ctx.visit.first_day}:{case.reference}")
            # Questions come in theme order, so the first distinct themes are the first ones.
            first_themes = list(dict.fromkeys(q.theme_id for q in ctx.questions))[:themes]
            for minutes, question in enumerate(ctx.questions):
                if question.theme_id not in first_themes or _on_judgement_scale(question):
                    continue
                at = now - datetime.timedelta(minutes=len(ctx.questions) - minutes)
                out["answers"].append(_answer(ctx, question, case, rng, by=auditor, at=at))
            out["started"].append(case.pk)


def _double_ratings(ctx: _Visit, calibrations, answers_by_case) -> tuple[list, list]:
    """Blind ratings for the double-rated cases: the auditor's are the answers, the second
    rater agrees most of the time."""
    made, ratings = [], []
    for case, first, second, at in calibrations:
        rng = random.Random(f"double:{ctx.visit.host.slug}:{case.reference}")
        calibration = Calibration(
            case_file=case,
            first_rater=first,
            second_rater=second,
            marked_by=ctx.coordinator,
            revealed_at=at,
            agreed_by=first,
            agreed_at=at,
        )
        made.append(calibration)
        for answer in answers_by_case[case.pk]:
            if answer.level is None:
                continue
            other = answer.level
            if rng.random() < 0.25:
                other = rng.choice(list(ctx.levels[answer.level.scale_id].values()))
            ratings += [
                CalibrationRating(
                    calibration=calibration,
                    question=answer.question,
                    rater=first,
                    level=answer.level,
                ),
                CalibrationRating(
                    calibration=calibration, question=answer.question, rater=second, level=other
                ),
            ]
    return made, ratings


@transaction.atomic
def seed(*, password: str, out) -> list:
    visits = (
        Visit.objects.filter(status__in=[*PAST_STATUSES, Visit.Status.ON_SITE])
        .select_related("host", "coordinator")
        .order_by("first_day", "pk")
    )
    built = {
        "answers": [],
        "judgements": [],
        "events": [],
        "calibrations": [],
        "locked": [],
        "started": [],
    }
    contexts = []
    for visit in visits:
        cases = list(
            visit.case_files.filter(answers__isnull=True)
            .select_related("allocated_to")
            .order_by("reference")
            .distinct()
        )
        if not cases:
            continue
        ctx = _Visit(visit)
        if not ctx.team or not ctx.questions:
            continue
        if visit.status == Visit.Status.ON_SITE:
            if len(cases) == visit.case_files.count():  # not started on an earlier run
                _start_cases(ctx, cases, built)
            continue
        before = len(built["calibrations"])
        for index, case in enumerate(cases):
            _audit_case(ctx, case, index, built)
        contexts.append((ctx, built["calibrations"][before:]))
    if not built["answers"]:
        out.write("Case audits: nothing to add.")
        return []
    # auto_now and auto_now_add stamp the present on insert; the visits happened in the past.
    answered_at = [answer.updated_at for answer in built["answers"]]
    event_times = [event.at for event in built["events"]]
    answers = Answer.objects.bulk_create(built["answers"], batch_size=1000)
    CaseJudgement.objects.bulk_create(built["judgements"], batch_size=500)
    events = ModerationEvent.objects.bulk_create(built["events"], batch_size=500)
    for answer, at in zip(answers, answered_at, strict=True):
        answer.updated_at = at
    for event, at in zip(events, event_times, strict=True):
        event.at = at
    ModerationEvent.objects.bulk_update(events, ["at"], batch_size=500)
    Answer.objects.bulk_update(answers, ["updated_at"], batch_size=1000)
    CaseFile.objects.filter(pk__in=built["locked"]).update(status=CaseFile.Status.LOCKED)
    CaseFile.objects.filter(pk__in=built["started"]).update(status=CaseFile.Status.IN_PROGRESS)
    answers_by_case = defaultdict(list)
    for answer in answers:
        answers_by_case[answer.case_file_id].append(answer)
    calibrations, ratings = [], []
    for ctx, marked in contexts:
        made, rated = _double_ratings(ctx, marked, answers_by_case)
        calibrations += made
        ratings += rated
    Calibration.objects.bulk_create(calibrations)
    CalibrationRating.objects.bulk_create(ratings, batch_size=1000)
    out.write(
        f"Case audits: {len(built['locked'])} cases audited, moderated and locked "
        f"({len(answers)} answers, {len(calibrations)} double rated); "
        f"{len(built['started'])} under way on the visit on site now."
    )
    return []
