"""The load test's check after the run (bench/load.py): it passes when the database holds
exactly what the server acknowledged, and names a lost save or a stored refusal."""

from audits.models import Answer
from bench import load
from tests.base import VisitCastTestCase
from tests.factories import declare_team


class LoadCheckTests(VisitCastTestCase):
    visit_status = "on_site"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)

    def setUp(self):
        self.log = {"acks": [], "conflicts": []}
        self.plans = [{"visit": self.visit.pk}]
        self.case = self.cases[0]

    def autosave(self, person, version: int, note: str):
        """One autosave as the script sends it, logged as the load test logs it."""
        self.client.force_login(person)
        response = self.client.post(
            f"/visits/{self.visit.pk}/cases/{self.case.pk}/answers/t1-q1/",
            {"t1-q1-level": "met", "t1-q1-note": note, "t1-q1-version": str(version)},
        )
        data = response.json()
        if response.status_code == 200:
            self.log["acks"].append((self.case.pk, "t1-q1", data["version"], note))
        elif response.status_code == 409:
            self.log["conflicts"].append((self.case.pk, "t1-q1", note))
        return response.status_code

    def race(self):
        """Both auditors save from the same version: the second is refused."""
        self.assertEqual(self.autosave(self.auditor, 0, "Lead's first note."), 200)
        self.assertEqual(self.autosave(self.co_auditor, 0, "Co-auditor's stale note."), 409)
        self.assertEqual(self.autosave(self.co_auditor, 1, "Co-auditor's note."), 200)

    def test_it_finds_nothing_wrong_when_every_save_is_stored_and_the_conflict_refused(self):
        self.race()
        self.assertEqual(load.check(self.plans, self.log), [])

    def test_it_names_an_acknowledged_save_missing_from_the_database(self):
        self.race()
        self.log["acks"].append((self.case.pk, "t1-q1", 3, "A save the server acknowledged."))
        problems = load.check(self.plans, self.log)
        answer = (self.case.pk, "t1-q1")
        self.assertIn(f"{answer}: stored version 2, 3 saves acknowledged", problems)
        self.assertIn(f"{answer}: stored note is not the last acknowledged one", problems)

    def test_it_names_a_refused_save_that_was_stored_all_the_same(self):
        self.race()
        Answer.objects.filter(case_file=self.case).update(note="Co-auditor's stale note.")
        problems = load.check(self.plans, self.log)
        self.assertIn("a refused save is stored: Co-auditor's stale note.", problems)
