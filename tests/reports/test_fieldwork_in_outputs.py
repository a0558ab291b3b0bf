"""The fieldwork the report carries (the team's judgement, strengths and areas, what leaders and
practitioners said, the triangulation, the auditors' agreement, learning for the region) shows
the same in the HTML preview, the PDF and the Word file, with typed text never read as markup."""

import io

import docx as python_docx
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from audits.models import Calibration, CalibrationRating, Question, ThemeFinding
from reports import builder, pdf
from reports.docx import render_docx
from tests.factories import level_of, make_conversation

from .support import HOSTILE, KnownVisitTestCase

# What each output must say, from the fieldwork set up below.
EXPECTED = [
    "The team's judgement of this theme",
    "Requires improvement",  # Theme 1: the team's judgement, and the case files' reading
    "Assessments were done with the person.",
    "Plans were not always shared.",
    "What leaders said",
    "Leaders trust the front door.",
    "What practitioners and team managers said",
    "Team managers: Supervision is rushed.",
    "Where the three sources agree",
    "Diverge",
    "Not enough evidence",
    "How the three sources are compared",
    "38% or less Inadequate",
    "Team managers' views are read with practitioners'",
    "they chose the same answer on 67% of the 3 questions they both rated",
    "Learning for the region",
    "Theme 1: Assessments were done with the person.",
]


class FieldworkInEveryOutputTests(KnownVisitTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        t1 = cls.tool.themes.get(key="t1")
        ThemeFinding.objects.create(
            visit=cls.visit,
            theme=t1,
            strengths=f"Assessments were done with the person.\n{HOSTILE}",
            areas_for_development="Plans were not always shared.",
            level=level_of(cls.tool, "requires-improvement", "judgement"),
            shareable_good_practice=True,
        )
        # Theme 1's files read as Requires improvement (60%); leaders Outstanding, practitioners
        # and managers Inadequate: three levels apart. Theme 2 has no practitioners' views.
        make_conversation(
            cls.visit,
            group="leaders",
            by=cls.auditor,
            views={
                "t1": ("outstanding", "Leaders trust the front door."),
                "t2": ("good", HOSTILE),
            },
        )
        make_conversation(
            cls.visit,
            group="practitioners",
            by=cls.auditor,
            views={"t1": ("inadequate", "Caseloads are too high.")},
        )
        make_conversation(
            cls.visit,
            group="managers",
            by=cls.auditor,
            views={"t1": ("inadequate", "Supervision is rushed.")},
        )
        calibration = Calibration.objects.create(
            case_file=cls.cases[0],
            first_rater=cls.auditor,
            second_rater=cls.co_auditor,
            marked_by=cls.coordinator,
            revealed_at=timezone.now(),
        )
        questions = Question.objects.filter(tool=cls.tool, theme=t1).order_by("position")
        for rater, keys in (
            (cls.auditor, ["met", "met", "met"]),
            (cls.co_auditor, ["met", "met", "not-met"]),
        ):
            for question, key in zip(questions, keys, strict=True):
                CalibrationRating.objects.create(
                    calibration=calibration,
                    question=question,
                    rater=rater,
                    level=level_of(cls.tool, key),
                )
        cls.data = builder.build(cls.visit)

    def flat(self, text: str) -> str:
        return " ".join(text.replace("\u2019", "'").split())

    def test_the_data_reads_as_the_fieldwork_says(self):
        first, second = self.data.themes
        self.assertEqual(first.triangulation.verdict, "Diverge")
        self.assertEqual(second.triangulation.verdict, "Not enough evidence")
        self.assertEqual(self.data.calibration_agreement, 67)

    def test_the_preview_shows_all_of_it_and_escapes_typed_text(self):
        response = self.sign_in(self.auditor).get(
            reverse("reports:report-preview", args=[self.visit.pk])
        )
        html = response.content.decode()
        text = self.flat(html.replace("&#x27;", "'"))
        for words in EXPECTED:
            self.assertIn(words, text)
        self.assertNotIn("<script>alert", html)
        self.assertNotIn("<img src=x", html)
        self.assertIn("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html)

    def test_the_pdf_shows_all_of_it_with_typed_text_literal(self):
        reader = PdfReader(io.BytesIO(pdf.render_pdf(self.data)))
        text = self.flat("\n".join(page.extract_text() or "" for page in reader.pages))
        for words in EXPECTED:
            self.assertIn(words, text)
        self.assertIn("<script>alert('x')</script>", text)

    def test_the_word_file_shows_all_of_it_with_typed_text_literal(self):
        document = python_docx.Document(io.BytesIO(render_docx(self.data)))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        text = self.flat("\n".join(parts))
        for words in EXPECTED:
            self.assertIn(words, text)
        self.assertIn("<script>alert('x')</script>", text)
        self.assertIn("{{ secret }}", text)
