"""The privacy notice's promise about tokens and the API's call log, kept."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from api.models import ApiCall
from api.tokens import make_token
from tests.base import CastTestCase


class CallRetentionTests(CastTestCase):
    def test_the_privacy_notice_says_what_is_kept_about_tokens_and_calls(self):
        response = self.client.get(reverse("privacy"))
        self.assertContains(response, "a fingerprint of it (a SHA-256 hash), never the token")
        self.assertContains(
            response, "kept for 365 days, then deleted, and so are records of calls"
        )

    @override_settings(AUDITPORTAL_SECURITY_EVENT_DAYS=365)
    def test_calls_older_than_the_kept_period_are_deleted(self):
        token = make_token(owner=self.host_psw, name="Excel").token
        now = timezone.now()
        for days in (366, 364):
            ApiCall.objects.create(
                person=self.host_psw,
                token=token,
                path="/api/v1/visits",
                status=200,
                at=now - datetime.timedelta(days=days),
            )
        out = StringIO()
        call_command("purge_expired", "--dry-run", stdout=out)
        self.assertIn("Would delete 1 API call record(s) older than 365 days.", out.getvalue())
        self.assertEqual(ApiCall.objects.count(), 2)
        call_command("purge_expired", stdout=StringIO())
        self.assertEqual(
            list(ApiCall.objects.values_list("at", flat=True)),
            [now - datetime.timedelta(days=364)],
        )
