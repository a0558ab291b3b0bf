"""The annual summary's PDF passes the same PDF/UA structure checks as the covering report."""

from tests.learning.test_summary import SummaryCast
from tests.reports.pdf_structure import pdf_ua_problems, read_structure


class SummaryStructureTests(SummaryCast):
    def test_it_passes_every_check(self):
        self.assertEqual(pdf_ua_problems(self.pdf, title=self.summary.title), [])
        _, structure = read_structure(self.pdf)
        self.assertEqual(len(structure.figures), 1)  # the recurring themes chart
        self.assertGreaterEqual(len(structure.tables), 4)
