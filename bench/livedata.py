"""The visits in progress that the synthetic history lacks: a visit being drafted in the
measured region (declared auditors, every case answered, a covering report with a section per
theme) and an issued report with its stored files, plus the people who open them."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile

from audits.models import CaseFile, Question, Visit
from authorities.models import Authority, Region, User
from bench import dataset
from bench.served import give_authenticator

CASES = 16
# About the size of a 16-case issued PDF: the download reads, checks and sends all of it.
ISSUED_BYTES = 400_000


@dataclass
class Live:
    region: Region
    council: Authority
    coordinator: User
    auditor: User
    co_auditor: User
    director: User
    admin: User
    visit: Visit
    case: CaseFile
    question: Question
    issued_visit: Visit


def _person(email, role, *, council=None, region=None) -> User:
    person = User.objects.create_user(
        email=email,
        password=None,
        full_name=email.split("@")[0].replace(".", " ").title(),
        role=role,
        home_authority=council,
        region=region or (council.region if council else None),
    )
    give_authenticator(person)  # production asks every role for a code
    return person


def people(region: Region, councils: list[Authority]) -> dict[str, User]:
    host, lead_home, co_home = (councils * 3)[:3]
    coordinator = User.objects.get(email=f"coordinator@{region.slug}.invalid")
    give_authenticator(coordinator)
    return {
        "coordinator": coordinator,
        "auditor": _person(f"psw.lead@{lead_home.slug}.invalid", User.Role.PSW, council=lead_home),
        "co_auditor": _person(f"psw.co@{co_home.slug}.invalid", User.Role.PSW, council=co_home),
        "director": _person(f"director@{host.slug}.invalid", User.Role.DIRECTOR, council=host),
        "admin": _person("admin@bench.invalid", User.Role.PLATFORM_ADMIN),
    }


def build(region: Region) -> Live:
    from audits.toolfile import load_default_tool
    from tests.factories import declare_team, make_visit, record_answers, record_judgements

    councils = list(Authority.objects.filter(region=region).order_by("ons_code"))
    cast = people(region, councils)
    tool = load_default_tool(region)
    visit = make_visit(
        host=councils[0],
        tool=tool,
        coordinator=cast["coordinator"],
        lead=cast["auditor"],
        auditors=[cast["co_auditor"]],
        first_day=datetime.date.today() - datetime.timedelta(days=3),
        cases=CASES,
        status=Visit.Status.DRAFTING,
    )
    declare_team(visit)
    record_answers(visit, {}, default="met")
    judgement = tool.scales.filter(purpose="judgement").first()
    if judgement is not None:
        keys = list(judgement.levels.values_list("key", flat=True))
        record_judgements(visit, [keys[n % len(keys)] for n in range(CASES)])
    _covering_report(visit, cast["coordinator"])
    return Live(
        region=region,
        council=councils[0],
        visit=visit,
        case=visit.case_files.order_by("reference").first(),
        question=tool.questions.filter(answer_kind=Question.AnswerKind.SCALE)
        .order_by("theme__position", "position")
        .first(),
        issued_visit=_issued(councils[0], cast["coordinator"]),
        **cast,
    )


def _covering_report(visit: Visit, by: User) -> None:
    from reports.models import CoveringReport, ReportSection

    report = CoveringReport.objects.create(
        visit=visit,
        summary="The sample shows timely, person-centred assessments. " * 8,
        created_by=by,
    )
    ReportSection.objects.bulk_create(
        ReportSection(
            report=report,
            theme=theme,
            narrative="The files show steady practice. " * 20,
            lines_of_enquiry="How is drift spotted?\nWho signs off plans?",
        )
        for theme in visit.tool.themes.all()
    )


def _issued(council: Authority, by: User) -> Visit:
    """The council's latest issued synthetic visit, with stored files as issuing leaves them."""
    from reports.models import IssuedReport

    visit = (
        Visit.objects.filter(host=council, status=Visit.Status.ISSUED)
        .order_by("-first_day")
        .first()
    )
    if visit is None:  # one year of data in the tiny sample: issue the first closed one
        visit = Visit.objects.filter(host__region=council.region).exclude(status="drafting").first()
    pdf = (b"%PDF-1.7\n" + b"0" * ISSUED_BYTES)[:ISSUED_BYTES]
    docx = b"PK" + b"1" * (ISSUED_BYTES // 2)
    stem = f"{dataset.SYNTHETIC_PREFIX} issued report"
    issued = IssuedReport(
        visit=visit,
        version=1,
        issued_by=by,
        file_stem=stem,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        pdf_size=len(pdf),
        docx_sha256=hashlib.sha256(docx).hexdigest(),
        docx_size=len(docx),
    )
    issued.pdf_file.save(f"bench/{visit.pk}-v1.pdf", ContentFile(pdf), save=False)
    issued.docx_file.save(f"bench/{visit.pk}-v1.docx", ContentFile(docx), save=False)
    issued.save()
    return visit
