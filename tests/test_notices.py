"""Notices are queued once their change commits, on any task backend, and none while the demo
loads: its made-up history tells nobody, even with the database backend a worker reads."""

import io

from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django_tasks_db.models import DBTaskResult

from auditportal import notices
from audits.models import Visit
from audits.services.visits import advance_visit
from tests.base import VisitCastTestCase
from tests.factories import make_declaration
from tests.reports.support import TemporaryMedia, quick_render

DATABASE_QUEUE = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
)


@DATABASE_QUEUE
class NoticeQueueTests(VisitCastTestCase):
    def setUp(self):
        make_declaration(self.visit, self.auditor)
        make_declaration(self.visit, self.co_auditor)

    def advance(self):
        with self.captureOnCommitCallbacks(execute=True):
            return advance_visit(
                visit=self.visit, to=Visit.Status.SAMPLE_AGREED, by=self.coordinator
            )

    def test_it_queues_the_notice_for_a_worker_once_the_move_commits(self):
        change = self.advance()
        queued = DBTaskResult.objects.get()
        self.assertEqual(queued.task_path, "audits.tasks.visits.send_status_notice")
        self.assertEqual(queued.args_kwargs["args"], [change.pk])

    def test_it_queues_nothing_while_notices_are_suppressed(self):
        with notices.suppressed():
            change = self.advance()
        self.assertEqual(change.to_status, Visit.Status.SAMPLE_AGREED)
        self.assertFalse(DBTaskResult.objects.exists())

    def test_it_queues_again_once_the_suppressed_block_ends(self):
        with notices.suppressed():
            pass
        self.advance()
        self.assertEqual(DBTaskResult.objects.count(), 1)


@DATABASE_QUEUE
class DemoSeedNoticeTests(TemporaryMedia, TestCase):
    def test_it_loads_the_demo_without_queueing_or_sending_a_notice(self):
        """The demo replays reports through the workflow that moves visits and tells people;
        only the reports' files are left for the worker (tests/reports/test_demo_by_worker.py
        runs it and finds no notice afterwards either)."""
        with quick_render(), self.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo", stdout=io.StringIO())
        queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
        self.assertEqual(queued, {"reports.demo.prepare_demo_report"})
        self.assertEqual(mail.outbox, [])
