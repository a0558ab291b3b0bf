"""Small, known objects for tests: a tool whose scales match the default tool's, and visits.

Built straight through the ORM so tests of one feature do not depend on another's forms.
"""

import datetime
from contextlib import contextmanager

from audits.models import (
    AuditTool,
    CaseFile,
    Question,
    RatingLevel,
    RatingScale,
    Theme,
    Visit,
    VisitAuditor,
)

QUESTION_LEVELS = [
    # key, label, score, needs_note, not_applicable, not_evidenced
    ("met", "Met", 3, True, False, False),
    ("partly-met", "Partly met", 2, False, False, False),
    ("not-met", "Not met", 1, True, False, False),
    ("not-evidenced", "Not evidenced on file", 0, True, False, True),
    ("not-applicable", "Not applicable", 0, False, True, False),
]
JUDGEMENT_LEVELS = [
    ("outstanding", "Outstanding", 4, True, False, False),
    ("good", "Good", 3, False, False, False),
    ("requires-improvement", "Requires improvement", 2, False, False, False),
    ("inadequate", "Inadequate", 1, True, False, False),
]


def _scale(tool, key, name, purpose, levels):
    scale = RatingScale.objects.create(tool=tool, key=key, name=name, purpose=purpose)
    for position, (lkey, label, score, note, na, ne) in enumerate(levels):
        RatingLevel.objects.create(
            scale=scale,
            key=lkey,
            label=label,
            score=score,
            position=position,
            needs_note=note,
            is_not_applicable=na,
            is_not_evidenced=ne,
        )
    return scale


def make_tool(
    region,
    *,
    themes=2,
    questions=3,
    status=AuditTool.Status.PUBLISHED,
    version=1,
    name="Test audit tool",
    more_themes=(),
) -> AuditTool:
    """A tool with ``themes`` themes of ``questions`` rated questions each (keys t1, t1-q1...)."""
    tool = AuditTool.objects.create(region=region, name=name, version=version, changelog="First.")
    question_scale = _scale(tool, "question", "Question rating", "question", QUESTION_LEVELS)
    _scale(tool, "judgement", "Judgement", "judgement", JUDGEMENT_LEVELS)
    for t in range(1, themes + 1):
        theme = Theme.objects.create(tool=tool, key=f"t{t}", position=t, title=f"Theme {t}")
        for q in range(1, questions + 1):
            Question.objects.create(
                tool=tool,
                theme=theme,
                key=f"t{t}-q{q}",
                position=q,
                text=f"Question {q} of theme {t}?",
                scale=question_scale,
                cqc_statements=["assessing-needs"],
            )
    # Named themes with one rated question each (key "<theme>-q1"), after the numbered ones.
    for position, key in enumerate(more_themes, themes + 1):
        theme = Theme.objects.create(tool=tool, key=key, position=position, title=key)
        Question.objects.create(
            tool=tool, theme=theme, key=f"{key}-q1", position=1, text="?", scale=question_scale
        )
    if status != AuditTool.Status.DRAFT:
        # Publishing goes through update() so that no freeze guard on save() is involved.
        AuditTool.objects.filter(pk=tool.pk).update(status=status)
        tool.refresh_from_db()
    return tool


def make_visit(
    *,
    host,
    tool,
    coordinator,
    lead=None,
    auditors=(),
    first_day=None,
    cases=0,
    status=Visit.Status.PLANNED,
    peer_team=(),
) -> Visit:
    first_day = first_day or datetime.date(2027, 3, 9)
    visit = Visit.objects.create(
        host=host,
        tool=tool,
        coordinator=coordinator,
        first_day=first_day,
        last_day=first_day + datetime.timedelta(days=1),
        peer_challenge_date=first_day + datetime.timedelta(days=28),
        data_sharing_reference="DSA-TEST-1",
        status=status,
    )
    if lead:
        VisitAuditor.objects.create(visit=visit, auditor=lead, is_lead=True)
    for auditor in auditors:
        VisitAuditor.objects.create(visit=visit, auditor=auditor)
    visit.peer_team.set(peer_team)
    team = [a for a in [lead, *auditors] if a]
    types = list(CaseFile.CaseType)
    for n in range(1, cases + 1):
        CaseFile.objects.create(
            visit=visit,
            reference=f"{host.name[:3].upper()}-{n:02d}",
            case_type=types[(n - 1) % len(types)],
            team="Locality team",
            primary_support_reason=CaseFile.SupportReason.PHYSICAL,
            age_band=CaseFile.AgeBand.AGE_65_84,
            allocated_to=team[(n - 1) % len(team)] if team else None,
        )
    return visit


def make_declaration(visit, auditor, *, cases=(), worked_at_host=False):
    """An auditor's declaration for a visit, linking them to ``cases`` if any."""
    from audits.models import Declaration

    declaration = Declaration.objects.create(
        visit=visit,
        auditor=auditor,
        worked_at_host_recently=worked_at_host,
        knows_someone=bool(cases),
    )
    declaration.conflicted_cases.set(cases)
    return declaration


def level_of(tool, key: str, purpose: str = "question"):
    """The rating level with ``key`` on the tool's question or judgement scale."""
    return RatingLevel.objects.get(scale__tool=tool, scale__purpose=purpose, key=key)


def make_answers(case_file, levels_by_question: dict, *, by=None) -> list:
    """Answer a case file's questions: {question key: level key on the question scale}."""
    from audits.models import Answer

    tool = case_file.visit.tool
    return [
        Answer.objects.create(
            case_file=case_file,
            question=Question.objects.get(tool=tool, key=question_key),
            level=level_of(tool, level_key),
            updated_by=by,
        )
        for question_key, level_key in levels_by_question.items()
    ]


def make_judgement(case_file, level_key: str, *, moderated_key: str | None = None):
    from audits.models import CaseJudgement

    tool = case_file.visit.tool
    return CaseJudgement.objects.create(
        case_file=case_file,
        level=level_of(tool, level_key, "judgement"),
        moderated_level=level_of(tool, moderated_key, "judgement") if moderated_key else None,
    )


def make_conversation(visit, *, group, by, held_on=None, views=None, notes="Notes."):
    """A conversation with views: {theme key: (judgement level key, summary)}."""
    from audits.models import Conversation, ConversationView

    conversation = Conversation.objects.create(
        visit=visit,
        group=group,
        held_on=held_on or visit.first_day,
        notes=notes,
        created_by=by,
    )
    conversation.held_by.set([by])
    for theme_key, (level_key, summary) in (views or {}).items():
        ConversationView.objects.create(
            conversation=conversation,
            theme=Theme.objects.get(tool=visit.tool, key=theme_key),
            level=level_of(visit.tool, level_key, "judgement"),
            summary=summary,
        )
    return conversation


def declare_team(visit):
    """Every auditor on the visit declares no conflict of interest."""
    return [make_declaration(visit, link.auditor) for link in visit.auditor_links.all()]


def cast_on_site(cast, tool, *, cases: int = 2):
    """The cast's Sandwell visit on ``tool``, on site with its two auditors declared; returns
    the visit and its first case."""
    visit = make_visit(
        host=cast.sandwell,
        tool=tool,
        coordinator=cast.coordinator,
        lead=cast.auditor,
        auditors=[cast.co_auditor],
        cases=cases,
        status=Visit.Status.ON_SITE,
    )
    declare_team(visit)
    return visit, visit.case_files.order_by("reference").first()


@contextmanager
def thawed(tool):
    """Test-only: reopen a published tool to reshape it, then put its status back.

    The product never does this (published versions refuse change on every path); tests
    use it to vary one question of the shared cast's tool without building another.
    """
    from django.db.models import QuerySet

    row = AuditTool.objects.filter(pk=tool.pk)
    status = row.values_list("status", flat=True).get()
    QuerySet.update(row, status=AuditTool.Status.DRAFT)
    try:
        yield tool
    finally:
        QuerySet.update(AuditTool.objects.filter(pk=tool.pk), status=status)


def record_answers(visit, levels: dict[str, list[str | None]], *, default: str | None = None):
    """Answer the visit's rated questions case by case, in reference order.

    ``levels[question_key][i]`` is the level key for the i-th case (None leaves it unanswered);
    questions not in ``levels`` get ``default`` for every case, if given.
    """
    from audits.models import Answer

    cases = list(visit.case_files.order_by("reference"))
    level_pk = {
        level.key: level.pk
        for level in RatingLevel.objects.filter(scale__tool=visit.tool, scale__purpose="question")
    }
    answers = []
    for question in visit.tool.questions.filter(answer_kind=Question.AnswerKind.SCALE):
        wanted = levels.get(question.key, [default] * len(cases))
        for case, key in zip(cases, wanted, strict=False):
            if key is not None:
                answers.append(Answer(case_file=case, question=question, level_id=level_pk[key]))
    Answer.objects.bulk_create(answers)


def record_judgements(visit, levels: list[str], *, moderated: dict[int, str] | None = None):
    """Judge the visit's cases in reference order; ``moderated`` maps a case index to the
    agreed level that moderation replaced the first one with."""
    from audits.models import CaseJudgement

    cases = list(visit.case_files.order_by("reference"))
    level_pk = {
        level.key: level.pk
        for level in RatingLevel.objects.filter(scale__tool=visit.tool, scale__purpose="judgement")
    }
    moderated = moderated or {}
    CaseJudgement.objects.bulk_create(
        CaseJudgement(
            case_file=case,
            level_id=level_pk[key],
            moderated_level_id=level_pk[moderated[i]] if i in moderated else None,
        )
        for i, (case, key) in enumerate(zip(cases, levels, strict=False))
    )


def make_audited_visit(
    *,
    host,
    tool,
    coordinator,
    year: int,
    cases: int,
    levels: dict[str, list[str | None]] | None = None,
    default: str | None = "met",
    judgements: list[str] | None = None,
    status=Visit.Status.ISSUED,
    month: int = 3,
) -> Visit:
    """A visit in ``year`` whose ``cases`` cases are answered and judged as given."""
    visit = make_visit(
        host=host,
        tool=tool,
        coordinator=coordinator,
        first_day=datetime.date(year, month, 9),
        cases=cases,
        status=status,
    )
    record_answers(visit, levels or {}, default=default)
    if judgements:
        record_judgements(visit, judgements)
    return visit
