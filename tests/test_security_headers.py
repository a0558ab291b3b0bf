"""Every page carries headers that keep typed text from ever running as script."""

from django.urls import reverse

from tests.base import CastTestCase


class SecurityHeaderTests(CastTestCase):
    def test_pages_allow_scripts_only_from_the_service_itself(self):
        response = self.sign_in(self.coordinator).get(reverse("authorities:authority-list"))
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        script_directive = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
        self.assertNotIn("unsafe", script_directive)
        self.assertIn("frame-ancestors 'none'", policy)

    def test_pages_cannot_be_framed_or_sniffed(self):
        response = self.client.get(reverse("account_login"))
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_the_page_has_no_inline_script(self):
        response = self.sign_in(self.coordinator).get(reverse("home"))
        html = response.content.decode()
        for chunk in html.split("<script")[1:]:
            self.assertIn("src=", chunk.split(">")[0], "inline <script> found")
