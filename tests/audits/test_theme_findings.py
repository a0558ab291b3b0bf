"""The team writes each theme's finding beside its evidence, and never loses the other's text."""

from unittest import mock

from django.urls import reverse

from audits.models import CaseFile, Theme, ThemeFinding
from tests.base import VisitCastTestCase
from tests.factories import level_of, make_answers, make_conversation, make_judgement


def finding_data(cast, *, version=0, **overrides) -> dict:
    data = {
        "strengths": "Strengths-based conversations were visible in most assessments.",
        "areas_for_development": "Carers' assessments were rarely offered.",
        "level": str(level_of(cast.tool, "good", "judgement").pk),
        "shareable_good_practice": "on",
        "version": str(version),
    }
    data.update(overrides)
    return data


class ThemeFindingTests(VisitCastTestCase):
    visit_status = "drafting"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.theme = Theme.objects.get(tool=cls.tool, key="t1")
        cls.url = reverse("audits:themefinding-edit", args=[cls.visit.pk, "t1"])

    def test_it_saves_a_finding_and_marks_the_theme_completed(self):
        response = self.sign_in(self.auditor).post(self.url, finding_data(self))
        self.assertRedirects(response, self.url)
        finding = ThemeFinding.objects.get()
        self.assertEqual(finding.level.key, "good")
        self.assertEqual((finding.version, finding.updated_by), (1, self.auditor))
        self.assertTrue(finding.shareable_good_practice)
        listing = self.client.get(reverse("audits:themefinding-list", args=[self.visit.pk]))
        self.assertContains(listing, "Completed")
        self.assertContains(listing, "Judgement: Good; good practice to share")
        self.assertContains(listing, "Not yet started")  # theme 2

    def test_it_marks_a_partly_written_finding_in_progress(self):
        data = finding_data(self, areas_for_development="", level="")
        self.sign_in(self.auditor).post(self.url, data)
        listing = self.client.get(reverse("audits:themefinding-list", args=[self.visit.pk]))
        self.assertContains(listing, "In progress")

    def test_it_shows_the_evidence_beside_the_form(self):
        make_answers(self.cases[0], {"t1-q1": "met", "t1-q2": "not-evidenced"})
        make_judgement(self.cases[0], "requires-improvement")
        make_conversation(
            self.visit,
            group="practitioners",
            by=self.auditor,
            views={"t1": ("inadequate", "No time for strengths-based work.")},
        )
        response = self.sign_in(self.co_auditor).get(self.url)
        self.assertContains(response, "What the case files show")
        self.assertContains(response, "Not evidenced on file")
        self.assertContains(response, "1 of 2 counted answers fall short of met")
        self.assertContains(response, "Case judgements")
        self.assertContains(response, "No time for strengths-based work.")
        self.assertContains(response, 'fill="#505a5f"')  # a bar in the level's colour
        self.assertContains(response, 'name="strengths"')

    def test_it_labels_answers_on_cases_not_yet_agreed_as_provisional(self):
        """Answers count as soon as they are recorded; the page says which are agreed."""
        make_answers(self.cases[0], {"t1-q1": "met", "t1-q2": "not-evidenced"})
        make_answers(self.cases[1], {"t1-q1": "partly-met"})
        self.sign_in(self.co_auditor)
        page = self.client.get(self.url)
        self.assertContains(page, "Answers to this theme's questions, as recorded so far")
        self.assertContains(
            page, "None of the 3 answers is on a case audit agreed in moderation yet"
        )
        self.assertContains(page, "Provisional")
        CaseFile.objects.filter(pk=self.cases[0].pk).update(status=CaseFile.Status.AGREED)
        page = self.client.get(self.url)
        self.assertContains(
            page,
            "2 of the 3 answers are on case audits agreed in moderation; the other 1 is not yet",
        )
        CaseFile.objects.filter(pk=self.cases[1].pk).update(status=CaseFile.Status.LOCKED)
        page = self.client.get(self.url)
        self.assertContains(page, "All 3 answers are on case audits agreed in moderation.")
        self.assertNotContains(page, "Provisional")

    def test_it_refuses_a_stale_save_and_shows_both_texts(self):
        self.sign_in(self.co_auditor).post(
            self.url, finding_data(self, strengths="Their strengths text.")
        )
        # The auditor opened the page at version 0 and saves after the co-auditor.
        response = self.sign_in(self.auditor).post(
            self.url, finding_data(self, strengths="My strengths text.")
        )
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Not saved", status_code=409)
        self.assertContains(response, "Their strengths text.", status_code=409)
        self.assertContains(response, "My strengths text.", status_code=409)
        finding = ThemeFinding.objects.get()
        self.assertEqual((finding.strengths, finding.version), ("Their strengths text.", 1))
        # The form now carries the stored version, so saving again replaces it knowingly.
        self.assertContains(response, 'name="version" value="1"', status_code=409)

    def test_a_save_after_seeing_the_conflict_replaces_the_other_text(self):
        self.sign_in(self.co_auditor).post(self.url, finding_data(self, strengths="Theirs."))
        self.sign_in(self.auditor).post(self.url, finding_data(self, strengths="Mine.", version=1))
        finding = ThemeFinding.objects.get()
        self.assertEqual((finding.strengths, finding.version), ("Mine.", 2))
        self.assertEqual(finding.updated_by, self.auditor)

    def test_of_two_first_saves_at_once_the_later_is_refused(self):
        """The unique constraint settles a race the row lock cannot (there is no row yet)."""
        from audits.services.fieldwork import StaleFinding, save_theme_finding

        values = {
            "visit": self.visit,
            "theme": self.theme,
            "expected_version": 0,
            "areas_for_development": "",
            "level": None,
            "shareable_good_practice": False,
        }
        first = ThemeFinding(visit=self.visit, theme=self.theme, strengths="First.", version=1)
        # The other save lands between this one's check and its insert.
        original = ThemeFinding.objects.select_for_update

        def late_insert(*args, **kwargs):
            queryset = original(*args, **kwargs)
            if not ThemeFinding.objects.exists():
                first.save()
            return queryset.none()

        with (
            mock.patch.object(ThemeFinding.objects, "select_for_update", late_insert),
            self.assertRaises(StaleFinding) as refused,
        ):
            save_theme_finding(by=self.auditor, strengths="Second.", **values)
        # Refused, and shown the text that won; (here the other save shared this test's
        # transaction, so it is rolled back with the refusal, unlike a real second client).
        self.assertEqual(refused.exception.current.strengths, "First.")

    def test_it_refuses_a_judgement_from_another_scale(self):
        met = level_of(self.tool, "met")
        response = self.sign_in(self.auditor).post(self.url, finding_data(self, level=str(met.pk)))
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(ThemeFinding.objects.exists())

    def test_it_answers_404_for_a_theme_the_tool_does_not_have(self):
        url = reverse("audits:themefinding-edit", args=[self.visit.pk, "no-such-theme"])
        self.assertEqual(self.sign_in(self.auditor).get(url).status_code, 404)

    def test_it_keeps_each_change_in_the_audit_trail_with_who_made_it(self):
        from auditlog.models import LogEntry

        from auditportal import trail

        self.sign_in(self.auditor).post(self.url, finding_data(self, strengths="First."))
        self.sign_in(self.co_auditor).post(
            self.url, finding_data(self, strengths="Second.", version=1)
        )
        finding = ThemeFinding.objects.get()
        entries = LogEntry.objects.get_for_object(finding).order_by("timestamp", "pk")
        self.assertEqual([e.actor for e in entries], [self.auditor, self.co_auditor])
        # The trail keeps each version's length and keyed hash, never the words.
        self.assertEqual(
            entries.last().changes_dict["strengths"], [trail.mask("First."), trail.mask("Second.")]
        )
        self.assertNotIn("First.", str(entries.last().changes))

    def test_it_shows_the_coordinator_the_finding_without_a_form(self):
        self.sign_in(self.auditor).post(self.url, finding_data(self))
        response = self.sign_in(self.coordinator).get(self.url)
        self.assertContains(response, "Carers&#x27; assessments were rarely offered.")
        self.assertNotContains(response, 'name="strengths"')


class ThemeFindingQueryTests(VisitCastTestCase):
    visit_status = "drafting"

    def grow(self, extra: int) -> None:
        for n in range(5, 5 + extra):
            case = CaseFile.objects.create(
                visit=self.visit,
                reference=f"SAN-{n:02d}",
                case_type="review",
                primary_support_reason="physical",
                age_band="65-84",
            )
            make_answers(case, {"t1-q1": "met", "t1-q2": "partly-met", "t1-q3": "not-met"})
            make_judgement(case, "good")
            make_conversation(
                self.visit, group="managers", by=self.auditor, views={"t1": ("good", "OK.")}
            )

    def test_the_finding_page_takes_the_same_queries_as_the_visit_grows(self):
        url = reverse("audits:themefinding-edit", args=[self.visit.pk, "t1"])
        client = self.sign_in(self.auditor)
        # session, user, visit, theme, team check, finding, judgement levels (form),
        # evidence (levels, cases, answer counts, judgement counts, views), user's council
        with self.assertNumQueries(13):
            client.get(url)
        self.grow(30)
        with self.assertNumQueries(13):
            response = client.get(url)
        self.assertContains(response, "OK.", count=30)

    def test_the_findings_list_takes_the_same_queries_as_findings_grow(self):
        url = reverse("audits:themefinding-list", args=[self.visit.pk])
        client = self.sign_in(self.auditor)
        # session, user, visit, findings, themes, user's council
        with self.assertNumQueries(6):
            client.get(url)
        for theme in Theme.objects.filter(tool=self.tool):
            ThemeFinding.objects.create(
                visit=self.visit,
                theme=theme,
                strengths="S.",
                level=level_of(self.tool, "good", "judgement"),
            )
        with self.assertNumQueries(6):
            response = client.get(url)
        self.assertContains(response, "Judgement: Good", count=2)
