"""What the report tests share: a visit with known answers, stored versions, temporary media.

The known visit (``KnownVisitTestCase``) is the cast's Sandwell visit (2 themes × 3 questions,
4 cases) with these ratings, chosen so every rule of the counting shows:

    theme 1     q1        q2              q3
    SAN-01      met       met             met
    SAN-02      met       partly-met      not-applicable
    SAN-03      not-met   not-evidenced   met
    SAN-04      met       not-applicable  partly-met

    theme 2     q1              q2              q3
    SAN-01      met             met             not-met
    SAN-02      not-applicable  not-applicable  not-applicable
    (SAN-03 and SAN-04 not rated on theme 2)

Judgements: SAN-01 good; SAN-02 requires improvement, moderated to good; SAN-03 inadequate;
SAN-04 none yet. SAN-04 is 85 and over with support for memory and cognition. Question 2.1
also gives evidence for the safeguarding quality statement.
"""

import hashlib
import shutil
import tempfile

from django.core.files.base import ContentFile
from django.test import override_settings

from audits.models import Answer, CaseFile, CaseJudgement, Question, RatingLevel, Visit
from reports import builder
from reports.models import CoveringReport, IssuedReport, Supersession, report_storage
from tests.base import VisitCastTestCase
from tests.factories import thawed

GRID = {
    "SAN-01": {"t1-q1": "met", "t1-q2": "met", "t1-q3": "met",
               "t2-q1": "met", "t2-q2": "met", "t2-q3": "not-met"},
    "SAN-02": {"t1-q1": "met", "t1-q2": "partly-met", "t1-q3": "not-applicable",
               "t2-q1": "not-applicable", "t2-q2": "not-applicable", "t2-q3": "not-applicable"},
    "SAN-03": {"t1-q1": "not-met", "t1-q2": "not-evidenced", "t1-q3": "met"},
    "SAN-04": {"t1-q1": "met", "t1-q2": "not-applicable", "t1-q3": "partly-met"},
}  # fmt: skip
HOSTILE = "<script>alert('x')</script> <img src=x onerror=alert(1)> {{ secret }} {% now 'Y' %}"
HOSTILE_IMG = '<img src="http://169.254.169.254/latest/meta-data/">'


def rate(case: CaseFile, ratings: dict[str, str], *, by) -> None:
    tool = case.visit.tool
    for key, level_key in ratings.items():
        question = Question.objects.get(tool=tool, key=key)
        Answer.objects.create(
            case_file=case,
            question=question,
            level=RatingLevel.objects.get(scale=question.scale, key=level_key),
            note="Seen on file.",
            updated_by=by,
        )


def judge(case: CaseFile, level_key: str, *, moderated: str | None = None) -> CaseJudgement:
    scale_levels = RatingLevel.objects.filter(scale__tool=case.visit.tool, scale__key="judgement")
    return CaseJudgement.objects.create(
        case_file=case,
        level=scale_levels.get(key=level_key),
        moderated_level=scale_levels.get(key=moderated) if moderated else None,
    )


def fill_known_visit(visit: Visit, *, by) -> None:
    cases = {case.reference: case for case in visit.case_files.all()}
    for reference, ratings in GRID.items():
        rate(cases[reference], ratings, by=by)
    judge(cases["SAN-01"], "good")
    judge(cases["SAN-02"], "requires-improvement", moderated="good")
    judge(cases["SAN-03"], "inadequate")
    CaseFile.objects.filter(pk=cases["SAN-04"].pk).update(
        age_band=CaseFile.AgeBand.AGE_85_PLUS,
        primary_support_reason=CaseFile.SupportReason.MEMORY,
    )
    with thawed(visit.tool):
        Question.objects.filter(tool=visit.tool, key="t2-q1").update(
            cqc_statements=["safeguarding", "assessing-needs"]
        )


def store_version(visit: Visit, version: int, *, by, pdf=None, docx=None, note="") -> IssuedReport:
    """An issued version with stand-in files, for tests about access rather than rendering."""
    pdf = pdf or f"%PDF-1.7 stand-in for version {version}".encode()
    docx = docx or f"PK stand-in Word file for version {version}".encode()
    storage = report_storage()
    stem = builder.file_stem(visit, version)
    previous = IssuedReport.objects.filter(visit=visit).order_by("-version").first()
    issued = IssuedReport.objects.create(
        visit=visit,
        version=version,
        issued_by=by,
        correction_note=note or ("" if version == 1 else "Corrected a date."),
        file_stem=stem,
        pdf_file=storage.save(f"reports/visit-{visit.pk}/{stem}.pdf", ContentFile(pdf)),
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        pdf_size=len(pdf),
        docx_file=storage.save(f"reports/visit-{visit.pk}/{stem}.docx", ContentFile(docx)),
        docx_sha256=hashlib.sha256(docx).hexdigest(),
        docx_size=len(docx),
    )
    if previous:
        Supersession.objects.create(superseded=previous, superseded_by=issued)
    return issued


class TemporaryMedia:
    """Mix in first: stored report files go to a folder removed after the class."""

    @classmethod
    def setUpClass(cls):
        cls._media = tempfile.mkdtemp(prefix="auditportal-reports-")
        cls._media_override = override_settings(MEDIA_ROOT=cls._media)
        cls._media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._media_override.disable()
        shutil.rmtree(cls._media, ignore_errors=True)

    def stored_files(self) -> list[str]:
        import os

        found = []
        for root, _dirs, files in os.walk(self._media):
            found += [os.path.relpath(os.path.join(root, name), self._media) for name in files]
        return sorted(found)


class KnownVisitTestCase(TemporaryMedia, VisitCastTestCase):
    """The cast's visit, drafting, with the known ratings and a started report."""

    visit_status = Visit.Status.DRAFTING

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        fill_known_visit(cls.visit, by=cls.auditor)
        cls.report = CoveringReport.objects.create(
            visit=cls.visit, summary="The sample shows strong assessments.", created_by=cls.auditor
        )
        from reports.models import ReportSection

        for theme in cls.tool.themes.all():
            ReportSection.objects.create(report=cls.report, theme=theme)


def fake_pdf(data) -> bytes:
    return f"%PDF-1.7 {data.title} version {data.cover.version} draft={data.is_draft}".encode()


def fake_docx(data) -> bytes:
    return f"PK {data.title} version {data.cover.version} draft={data.is_draft}".encode()


def quick_render():
    """Stand-in renderers, for tests about the workflow rather than the files."""
    from unittest import mock

    return mock.patch.multiple(
        "reports.services",
        **{"pdf": mock.Mock(render_pdf=fake_pdf), "docx": mock.Mock(render_docx=fake_docx)},
    )
