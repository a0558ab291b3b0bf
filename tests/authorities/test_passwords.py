"""Passwords: at least 12 characters, no common ones, none that are mostly a council, a
region, the service or the person's own name with digits; no composition rules."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.base import CastTestCase


class PasswordTests(CastTestCase):
    def refused(self, password, user=None) -> bool:
        try:
            validate_password(password, user or self.auditor)
        except ValidationError:
            return True
        return False

    def test_it_refuses_the_region_with_a_year(self):
        self.assertTrue(self.refused("westmidlands2026"))
        self.assertTrue(self.refused("WestMidlands-2026!"))

    def test_it_refuses_a_council_with_digits_and_symbols(self):
        for password in ["Dudley-Council-2026", "sandwell123456", "Stoke-on-Trent-99"]:
            with self.subTest(password=password):
                self.assertTrue(self.refused(password))

    def test_it_refuses_the_persons_own_name_with_digits(self):
        self.auditor.full_name = "Ceri Owen"
        self.assertTrue(self.refused("ceriowen20262026", self.auditor))
        self.assertTrue(self.refused("Owen.Ceri.1985!!", self.auditor))

    def test_it_refuses_the_service_name(self):
        self.assertTrue(self.refused("AuditPortal2026!"))

    def test_it_explains_what_to_do_instead(self):
        with self.assertRaises(ValidationError) as caught:
            validate_password("westmidlands2026", self.auditor)
        self.assertIn("three or four random words", " ".join(caught.exception.messages))

    def test_it_refuses_short_and_common_passwords(self):
        self.assertTrue(self.refused("short-pass"))
        self.assertTrue(self.refused("password1234"))

    def test_it_accepts_random_words_without_symbols_or_capitals(self):
        self.assertFalse(self.refused("marble kettle orchard velvet"))
        self.assertFalse(self.refused("dudley foxes climb ivy walls"))
