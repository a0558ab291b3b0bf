"""The health endpoint a load balancer polls: "ok" or "fail" to anyone, each check and what it
said only to a platform administrator."""

import datetime

from django.test import TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from audits.tasks.visits import send_assignment_notice
from authorities.models import User
from tests.base import make_person

CHECKS = ("Database", "Cache", "Storage", "TaskQueue")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def broken_storage(folder):
    """A file store whose folder is a file: every save fails, as on a full or lost disk."""
    blocker = folder / "not-a-folder"
    blocker.write_text("")
    return {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker)},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class HealthTests(TransactionTestCase):
    """Committed rows, not a test transaction: the checks run in threads of their own, with
    connections of their own, as they do in production."""

    def setUp(self):
        self.platform_admin = make_person("admin@service.test", User.Role.PLATFORM_ADMIN)
        self.auditor = make_person("psw@dudley.test", User.Role.PSW, region=self.region())

    @staticmethod
    def region():
        from authorities.models import Region

        return Region.objects.create(name="West Midlands", slug="west-midlands")

    def sign_in(self, person):
        self.client.force_login(person)

    def health(self):
        return self.client.get(reverse("health"))

    def test_it_tells_an_anonymous_caller_ok_and_nothing_more(self):
        response = self.health()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"ok\n")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")

    def test_it_shows_a_platform_administrator_every_check(self):
        self.sign_in(self.platform_admin)
        lines = self.health().content.decode().splitlines()
        self.assertEqual(lines, ["ok", *(f"{check}: ok" for check in CHECKS)])

    def test_it_shows_anyone_else_signed_in_only_the_status(self):
        self.sign_in(self.auditor)
        self.assertEqual(self.health().content, b"ok\n")

    def test_it_fails_with_a_broken_file_store_and_tells_a_visitor_nothing_else(self):
        import tempfile
        from pathlib import Path

        with (
            tempfile.TemporaryDirectory() as folder,
            override_settings(STORAGES=broken_storage(Path(folder))),
        ):
            response = self.health()
            self.sign_in(self.platform_admin)
            detail = self.health().content.decode()
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.content, b"fail\n")
        self.assertTrue(detail.startswith("fail\n"), detail)
        self.assertIn("Database: ok", detail)
        self.assertRegex(detail, r"Storage: (?!ok)")

    @override_settings(TASKS=DATABASE_TASKS)
    def test_it_fails_when_a_task_has_waited_past_the_limit(self):
        from django_tasks_db.models import DBTaskResult

        self.assertEqual(self.health().status_code, 200)
        send_assignment_notice.enqueue(visit_id=1, auditor_id=self.auditor.pk)
        self.assertEqual(self.health().status_code, 200, "a task queued just now is not late")
        DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=11))
        response = self.health()
        self.assertEqual((response.status_code, response.content), (503, b"fail\n"))
        self.sign_in(self.platform_admin)
        self.assertIn("is `manage.py db_worker` running?", self.health().content.decode())
        DBTaskResult.objects.update(status="SUCCESSFUL")
        self.assertEqual(self.health().status_code, 200, "a worker took it")
