"""The shared cast builds a consistent visit that other tests rely on."""

from tests.base import VisitCastTestCase


class VisitCastTests(VisitCastTestCase):
    def test_the_visit_has_a_lead_a_co_auditor_and_four_allocated_cases(self):
        links = list(self.visit.auditor_links.all())
        self.assertEqual(
            [(link.auditor, link.is_lead) for link in links],
            [(self.auditor, True), (self.co_auditor, False)],
        )
        self.assertEqual(
            [c.allocated_to for c in self.cases],
            [self.auditor, self.co_auditor, self.auditor, self.co_auditor],
        )
        self.assertEqual(self.tool.questions.count(), 6)
