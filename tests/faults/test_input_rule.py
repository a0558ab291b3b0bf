"""The one input rule: NUL, half characters and text-flipping characters are refused with a
message that shows them, whichever way the text comes in; nothing typed is lost."""

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase
from django.urls import reverse

from auditportal import text
from audits.models import AuditTool, Conversation, Visit
from audits.toolfile import export_tool
from tests.audits.test_conversations import conversation_data
from tests.audits.test_sample_upload import HEADER
from tests.base import VisitCastTestCase
from tests.factories import declare_team

RLO = "\u202e"


class RuleTests(SimpleTestCase):
    def test_it_lets_ordinary_text_through(self):
        for ok in ["Care Act s.42 – “MSP” ✅ café", "Line one\r\nline two\ttabbed", "עברית \u200f"]:
            with self.subTest(ok=ok):
                self.assertIsNone(text.problem(ok))

    def test_it_names_each_kind_of_refused_character_and_where_it_is(self):
        cases = {
            "ab\x00cd": ("a NUL character", "<U+0000>", 3),
            "ab\ud800cd": ("half of a character", "<U+D800>", 3),
            f"invoice{RLO}fdp.exe": ("reverses the direction", "<U+202E>", 8),
            "x\u2066y": ("reverses the direction", "<U+2066>", 2),
            "bell\x07": ("a control character", "<U+0007>", 5),
        }
        for value, (name, shown, position) in cases.items():
            with self.subTest(value=repr(value)):
                found = text.problem(value)
                self.assertIn(name, found.message)
                self.assertIn(shown, found.message)
                self.assertEqual(found.position, position)

    def test_the_message_quotes_the_text_with_the_character_made_visible(self):
        message = text.problem(f"invoice{RLO}fdp.exe").message
        self.assertIn("“…invoice<U+202E>fdp.exe…”", message)
        self.assertNotIn(RLO, message)
        self.assertEqual(text.visible(f"a{RLO}b\x00"), "a<U+202E>b<U+0000>")

    def test_a_password_is_never_quoted(self):
        self.assertNotIn("secret", text.problem(f"secret{RLO}", quote=False).message)


class FormTests(VisitCastTestCase):
    visit_status = Visit.Status.ON_SITE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)

    def test_a_form_refuses_a_flipping_character_and_keeps_what_was_typed(self):
        url = reverse("audits:conversation-create", args=[self.visit.pk])
        notes = f"The manager said{RLO} it was fine."
        response = self.sign_in(self.auditor).post(url, conversation_data(self, notes=notes))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "reverses the direction of text")
        self.assertContains(response, "said&lt;U+202E&gt; it was")
        self.assertContains(response, notes)  # still in the box, to be mended
        self.assertFalse(Conversation.objects.exists())

    def test_a_date_of_twenty_digits_is_a_message_not_a_server_error(self):
        url = reverse("audits:conversation-create", args=[self.visit.pk])
        for year in ["99999999999999999999", "0", "12345"]:
            with self.subTest(year=year):
                data = conversation_data(self, held_on_2=year)
                response = self.sign_in(self.auditor).post(url, data)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Enter a ")
        self.assertFalse(Conversation.objects.exists())

    def test_it_calls_a_superscript_digit_chosen_as_a_case_an_invalid_choice(self):
        """ "²" is a digit to Python but no number to int(): a message, not a server error."""
        url = reverse("audits:concern-raise", args=[self.visit.pk])
        data = {"case_file": "²", "risk": "Left without support.", "action_taken": "Told the PSW."}
        response = self.sign_in(self.auditor).post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Select a valid choice")

    def test_it_calls_a_choice_with_two_minus_signs_an_invalid_choice(self):
        """ "--0" looks like digits once every sign is stripped, but is no number."""
        url = reverse("audits:concern-raise", args=[self.visit.pk])
        data = {
            "case_file": "--0",
            "risk": "Left without support.",
            "action_taken": "Told the PSW.",
        }
        response = self.sign_in(self.auditor).post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Select a valid choice")

    def test_the_visit_form_refuses_an_overflowing_first_day(self):
        response = self.sign_in(self.coordinator).post(
            reverse("audits:visit-edit", args=[self.visit.pk]),
            {"first_day_0": "1", "first_day_1": "1", "first_day_2": "9" * 20},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Enter a real date as numbers")


class FileTests(VisitCastTestCase):
    def test_a_sample_file_with_a_flipping_character_names_its_row_and_shows_it(self):
        content = HEADER + f"SAN-11,Review{RLO}weiver,Locality team North,Physical,65 to 84\r\n"
        upload = SimpleUploadedFile("s.csv", content.encode(), content_type="text/csv")
        response = self.sign_in(self.host_psw).post(
            reverse("audits:casefile-sample-upload", args=[self.visit.pk]), {"file": upload}
        )
        self.assertContains(response, "Review&lt;U+202E&gt;weiver")
        self.assertNotContains(response, RLO)
        self.assertEqual(self.visit.case_files.count(), 4)

    def test_a_tool_file_with_half_a_character_or_a_nul_is_refused_not_a_server_error(self):
        data = yaml.safe_load(export_tool(self.tool))
        for bad in ["\ud800", "\x00"]:
            data["themes"][0]["questions"][0]["text"] = f"Was the carer {bad}offered?"
            raw = yaml.dump(data, allow_unicode=False).encode("utf-8")
            with self.subTest(bad=repr(bad)):
                response = self.sign_in(self.tool_owner).post(
                    reverse("audits:tool-import"),
                    {"file": SimpleUploadedFile("t.yaml", raw, content_type="application/yaml")},
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Theme 1")
                self.assertContains(response, f"&lt;U+{ord(bad):04X}&gt;")
        self.assertEqual(AuditTool.objects.count(), 1)
