"""The team records its conversations on site, with the view expressed on each theme."""

from django.urls import reverse

from audits.models import Conversation, ConversationView
from tests.base import VisitCastTestCase
from tests.factories import level_of, make_conversation


def conversation_data(cast, **overrides) -> dict:
    """A complete POST: leaders, both auditors, a view on theme 1, theme 2 not discussed."""
    good = level_of(cast.tool, "good", "judgement")
    data = {
        "group": "leaders",
        "held_on_0": "9",
        "held_on_1": "3",
        "held_on_2": "2027",
        "participants": "Director and Assistant Director",
        "held_by": [cast.auditor.pk, cast.co_auditor.pk],
        "notes": "Leaders described a new front door and a practice framework.",
        "theme-t1-level": str(good.pk),
        "theme-t1-summary": "Confident the front door resolves most contacts early.",
        "theme-t2-level": "",
        "theme-t2-summary": "",
    }
    data.update(overrides)
    return data


class ConversationTests(VisitCastTestCase):
    visit_status = "on_site"

    def add_url(self):
        return reverse("audits:conversation-create", args=[self.visit.pk])

    def test_it_records_a_conversation_with_a_view_for_each_theme_it_touched(self):
        response = self.sign_in(self.auditor).post(self.add_url(), conversation_data(self))
        self.assertRedirects(response, reverse("audits:conversation-list", args=[self.visit.pk]))
        conversation = Conversation.objects.get()
        self.assertEqual(conversation.group, "leaders")
        self.assertEqual(conversation.created_by, self.auditor)
        self.assertCountEqual(conversation.held_by.all(), [self.auditor, self.co_auditor])
        view = conversation.views.get()
        self.assertEqual((view.theme.key, view.level.key), ("t1", "good"))

    def test_it_shows_the_views_on_the_list_of_conversations(self):
        make_conversation(
            self.visit,
            group="practitioners",
            by=self.co_auditor,
            views={"t2": ("requires-improvement", "Caseloads too high to review on time.")},
        )
        response = self.sign_in(self.auditor).get(
            reverse("audits:conversation-list", args=[self.visit.pk])
        )
        self.assertContains(response, "Practitioners, 9 March 2027")
        self.assertContains(response, "Caseloads too high to review on time.")
        self.assertContains(response, "Requires improvement")

    def test_it_asks_for_a_summary_when_a_view_is_chosen_and_keeps_what_was_typed(self):
        data = conversation_data(self, **{"theme-t1-summary": ""})
        response = self.sign_in(self.auditor).post(self.add_url(), data)
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "Summarise the view expressed about Theme 1")
        self.assertContains(response, "Leaders described a new front door")
        self.assertFalse(Conversation.objects.exists())

    def test_it_asks_for_a_view_when_only_a_summary_is_given(self):
        data = conversation_data(self, **{"theme-t2-summary": "Mentioned in passing."})
        response = self.sign_in(self.auditor).post(self.add_url(), data)
        self.assertContains(response, "Choose the view expressed about Theme 2")
        self.assertContains(response, "Mentioned in passing.")

    def test_it_refuses_a_level_that_is_not_on_the_judgement_scale(self):
        met = level_of(self.tool, "met")
        data = conversation_data(self, **{"theme-t1-level": str(met.pk)})
        response = self.sign_in(self.auditor).post(self.add_url(), data)
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(Conversation.objects.exists())

    def test_it_only_lets_the_visit_auditors_be_named_as_holding_it(self):
        data = conversation_data(self, held_by=[self.outsider.pk])
        response = self.sign_in(self.auditor).post(self.add_url(), data)
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(Conversation.objects.exists())

    def test_it_asks_for_the_date_and_who_it_was_with(self):
        data = conversation_data(self, group="", held_on_0="", held_on_1="", held_on_2="")
        response = self.sign_in(self.auditor).post(self.add_url(), data)
        self.assertContains(response, "Choose who the conversation was with")
        self.assertContains(response, "Enter the date")

    def test_it_changes_a_conversation_and_drops_a_theme_no_longer_discussed(self):
        conversation = make_conversation(
            self.visit,
            group="leaders",
            by=self.auditor,
            views={"t1": ("good", "Positive."), "t2": ("outstanding", "Very positive.")},
        )
        url = reverse("audits:conversation-edit", args=[self.visit.pk, conversation.pk])
        page = self.sign_in(self.co_auditor).get(url)
        self.assertContains(page, "Very positive.")
        inadequate = level_of(self.tool, "inadequate", "judgement")
        data = conversation_data(
            self, **{"theme-t1-level": str(inadequate.pk), "theme-t1-summary": "Worried."}
        )
        self.client.post(url, data)
        views = {view.theme.key: view.level.key for view in conversation.views.all()}
        self.assertEqual(views, {"t1": "inadequate"})

    def test_it_keeps_the_conversation_and_its_views_in_the_audit_trail(self):
        from auditlog.models import LogEntry

        self.sign_in(self.auditor).post(self.add_url(), conversation_data(self))
        conversation = Conversation.objects.get()
        created = LogEntry.objects.get_for_object(conversation).get(action=LogEntry.Action.CREATE)
        self.assertEqual(created.actor, self.auditor)
        view = conversation.views.get()
        self.assertTrue(LogEntry.objects.get_for_object(view).filter(actor=self.auditor).exists())

    def test_it_deletes_a_conversation_after_asking(self):
        conversation = make_conversation(self.visit, group="managers", by=self.auditor)
        url = reverse("audits:conversation-delete", args=[self.visit.pk, conversation.pk])
        page = self.sign_in(self.auditor).get(url)
        self.assertContains(page, "Delete the conversation with team managers")
        self.assertTrue(Conversation.objects.exists())
        self.client.post(url)
        self.assertFalse(Conversation.objects.exists())
        self.assertFalse(ConversationView.objects.exists())

    def test_it_works_without_javascript_one_row_per_theme_with_not_discussed(self):
        response = self.sign_in(self.auditor).get(self.add_url())
        self.assertContains(response, 'name="theme-t1-level"')
        self.assertContains(response, 'name="theme-t2-level"')
        self.assertContains(response, ">Not discussed</option>", count=2)
        self.assertNotContains(response, "<script>")


class ConversationListQueryTests(VisitCastTestCase):
    visit_status = "on_site"

    def test_it_lists_conversations_in_a_constant_number_of_queries(self):
        url = reverse("audits:conversation-list", args=[self.visit.pk])
        client = self.sign_in(self.auditor)
        make_conversation(self.visit, group="leaders", by=self.auditor, views={"t1": ("good", "")})
        # session, user, visit, may the auditor change it (team check), the user's council
        # (account bar), conversations, who held them, their views
        with self.assertNumQueries(8):
            client.get(url)
        for group in ["practitioners", "managers", "leaders", "practitioners"]:
            make_conversation(
                self.visit,
                group=group,
                by=self.co_auditor,
                views={"t1": ("good", "A."), "t2": ("inadequate", "B.")},
            )
        with self.assertNumQueries(8):
            response = client.get(url)
        self.assertContains(response, '<h2 class="govuk-summary-card__title">', count=5)
