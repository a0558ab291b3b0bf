"""Every role on every audit tool page: who reads, who changes, and who sees nothing at all.

Published versions are read by everyone signed in within the region; drafts, editing,
publishing and deciding proposals belong to the region's tool owners and coordinator; the
platform administrator sees no tool; another region sees nothing of ours. 404 means "not
there for you", 403 "you can see it but not do this".
"""

from django.urls import reverse

from audits.models import QuestionProposal
from tests.base import CastTestCase
from tests.factories import make_tool

EDITORS = ("coordinator", "tool_owner")
READERS = ("auditor", "host_psw", "host_director", "host_ad", "peer", "outsider")
PSWS = ("auditor", "host_psw", "outsider")
EVERYONE = (*EDITORS, *READERS, "platform_admin", "other_coordinator")


def expect(default: int, **by_person: int) -> dict[str, int]:
    return {person: by_person.get(person, default) for person in EVERYONE}


def editors(status: int, others: int) -> dict[str, int]:
    return expect(others, **dict.fromkeys(EDITORS, status))


class ToolAccessTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.published = make_tool(cls.region, name="Published tool")
        cls.draft = make_tool(cls.region, name="Draft tool", status="draft")
        cls.other = make_tool(cls.other_region, name="North West tool")
        cls.proposal = QuestionProposal.objects.create(
            tool=cls.published,
            question_key="t1-q1",
            current_text="Question 1 of theme 1?",
            proposed_text="Reworded?",
            reason="Clearer.",
            proposed_by=cls.auditor,
        )

    def parts(self, tool):
        theme = tool.themes.first()
        scale = tool.scales.first()
        return {
            "theme": theme.pk,
            "question": tool.questions.first().pk,
            "scale": scale.pk,
            "level": scale.levels.first().pk,
        }

    def editing_urls(self, tool):
        p = self.parts(tool)
        pages = [
            ("tool-settings", []),
            ("theme-add", []),
            ("theme-edit", [p["theme"]]),
            ("theme-remove", [p["theme"]]),
            ("question-add", [p["theme"]]),
            ("question-edit", [p["question"]]),
            ("question-remove", [p["question"]]),
            ("scale-add", []),
            ("scale-edit", [p["scale"]]),
            ("scale-remove", [p["scale"]]),
            ("level-add", [p["scale"]]),
            ("level-edit", [p["level"]]),
            ("level-remove", [p["level"]]),
            ("tool-delete", []),
        ]
        return [reverse(f"audits:{name}", args=[tool.pk, *args]) for name, args in pages]

    def reading_urls(self, tool):
        return [
            reverse(f"audits:{name}", args=[tool.pk])
            for name in (
                "tool-detail",
                "tool-preview",
                "tool-export",
                "tool-compare",
                "tool-search",
            )
        ] + [
            reverse("audits:theme-detail", args=[tool.pk, self.parts(tool)["theme"]]),
            reverse("audits:tool-search", args=[tool.pk]) + "?q=theme",
        ]

    def check(self, urls, expected: dict[str, int], method="get"):
        for url in urls:
            response = getattr(self.client, method)(url)
            self.assertEqual(response.status_code, 302, f"anonymous {method} {url}")
            self.assertIn(reverse("account_login"), response["Location"])
        for person, status in expected.items():
            client = self.sign_in(getattr(self, person))
            for url in urls:
                with self.subTest(person=person, url=url, method=method):
                    data = {"direction": "down"} if method == "post" else None
                    response = getattr(client, method)(url, data)
                    self.assertEqual(response.status_code, status)
            client.logout()

    def test_the_list_is_open_to_everyone_signed_in_and_shows_only_their_regions_tools(self):
        self.check([reverse("audits:tool-list")], expect(200))

    def test_a_published_version_is_read_by_everyone_in_its_region_only(self):
        self.check(
            self.reading_urls(self.published),
            expect(200, platform_admin=404, other_coordinator=404),
        )

    def test_another_regions_version_is_read_only_by_that_region(self):
        self.check(self.reading_urls(self.other), expect(404, other_coordinator=200))

    def test_a_draft_is_seen_only_by_tool_owners_and_the_coordinator(self):
        self.check(self.reading_urls(self.draft), editors(200, 404))

    def test_a_draft_is_changed_only_by_tool_owners_and_the_coordinator(self):
        self.check(self.editing_urls(self.draft), editors(200, 404))

    def test_nobody_changes_a_published_version(self):
        self.check(
            self.editing_urls(self.published),
            expect(403, platform_admin=404, other_coordinator=404),
        )

    def test_moves_need_an_editor_and_a_draft(self):
        p = self.parts(self.draft)
        urls = [
            reverse("audits:theme-move", args=[self.draft.pk, p["theme"]]),
            reverse("audits:question-move", args=[self.draft.pk, p["question"]]),
            reverse("audits:level-move", args=[self.draft.pk, p["level"]]),
        ]
        self.check(urls, editors(302, 404), method="post")
        p = self.parts(self.published)
        urls = [reverse("audits:theme-move", args=[self.published.pk, p["theme"]])]
        self.check(urls, expect(403, platform_admin=404, other_coordinator=404), method="post")

    def test_publishing_retiring_and_next_versions_are_for_editors_of_the_region(self):
        self.check([reverse("audits:tool-publish", args=[self.draft.pk])], editors(200, 404))
        urls = [
            reverse("audits:tool-retire", args=[self.published.pk]),
            reverse("audits:tool-next-version", args=[self.published.pk]),
        ]
        self.check(urls, editors(200, 404))
        # A published version is not published again, even by its editors.
        self.check([reverse("audits:tool-publish", args=[self.published.pk])], editors(403, 404))

    def test_importing_is_for_tool_owners_and_coordinators(self):
        self.check(
            [reverse("audits:tool-import")],
            expect(403, coordinator=200, tool_owner=200, other_coordinator=200),
        )

    def test_only_psws_propose_changes_to_a_published_question(self):
        question = self.parts(self.published)["question"]
        url = reverse("audits:proposal-create", args=[self.published.pk, question])
        self.check(
            [url],
            expect(403, **dict.fromkeys(PSWS, 200), platform_admin=404, other_coordinator=404),
        )

    def test_the_proposal_list_is_for_psws_and_editors(self):
        self.check(
            [reverse("audits:proposal-list")],
            expect(403, **dict.fromkeys((*EDITORS, *PSWS, "other_coordinator"), 200)),
        )

    def test_a_proposal_is_read_by_its_author_and_the_regions_editors(self):
        self.check([self.proposal.get_absolute_url()], editors(200, 404) | {"auditor": 200})

    def test_a_proposal_is_decided_only_by_the_regions_editors(self):
        self.check(
            [reverse("audits:proposal-decline", args=[self.proposal.pk])],
            editors(200, 404) | {"auditor": 403},
        )
        not_editors = {p: s for p, s in expect(404, auditor=403).items() if p not in EDITORS}
        self.check(
            [reverse("audits:proposal-accept", args=[self.proposal.pk])], not_editors, "post"
        )
        self.assertEqual(QuestionProposal.objects.get().status, "open")

    def test_the_navigation_offers_the_audit_tool_to_everyone_but_the_platform_admin(self):
        response = self.sign_in(self.platform_admin).get(reverse("home"))
        self.assertNotContains(response, reverse("audits:tool-list"))
        response = self.sign_in(self.peer).get(reverse("home"))
        self.assertContains(response, reverse("audits:tool-list"))
