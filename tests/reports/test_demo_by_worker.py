"""The demo's reports go through the task worker: seed_demo leaves them being prepared, a real
worker run issues them (Dudley's corrected as version 2) without telling anyone about made-up
history, and a second seed asks for nothing more. Rendering is stood in for (quick_render);
the real files are the PDF and Word tests' business."""

import io

from django.core import mail
from django.core.management import call_command
from django.test import TransactionTestCase
from django_tasks_db.models import DBTaskResult

from audits.models import Visit
from reports.models import CoveringReport, IssuedReport

from .support import TemporaryMedia, quick_render
from .worker import DATABASE_QUEUE, run_worker


def seed() -> str:
    out = io.StringIO()
    with quick_render():
        call_command("seed_demo", stdout=out)
    return out.getvalue()


@DATABASE_QUEUE
class DemoByWorkerTests(TemporaryMedia, TransactionTestCase):
    def test_it_leaves_the_reports_being_prepared_until_a_worker_run_issues_them(self):
        output = seed()
        self.assertIn("asked of the task worker (0 issued versions so far)", output)
        waiting = CoveringReport.objects.filter(preparation="queued")
        self.assertGreater(waiting.count(), 0)
        self.assertFalse(IssuedReport.objects.exists())
        asked = waiting.count()

        with quick_render():
            ran = run_worker()
        self.assertTrue(all(task.status == "SUCCESSFUL" for task in ran), ran)
        self.assertFalse(
            CoveringReport.objects.filter(preparation__in=["queued", "failed"]).exists()
        )
        issued = CoveringReport.objects.filter(status=CoveringReport.Status.ISSUED)
        self.assertEqual(issued.count(), asked)
        first, second = Visit.objects.filter(
            host__slug="dudley", status__in=["issued", "closed"]
        ).order_by("first_day")
        by_version = IssuedReport.objects.order_by("version")
        # Dudley's first audit is corrected; its second, a year later, is issued once.
        self.assertEqual([v.version for v in by_version.filter(visit=first)], [1, 2])
        self.assertEqual([v.version for v in by_version.filter(visit=second)], [1])
        # The worker issued the first before the second, which compares with it.
        self.assertLess(
            by_version.filter(visit=first).first().issued_at,
            by_version.filter(visit=second).first().issued_at,
        )
        # The visits are back at the status the demo history gave them, none left mid-way.
        self.assertFalse(
            Visit.objects.filter(
                status=Visit.Status.ACCURACY_CHECK,
                covering_report__status=CoveringReport.Status.ISSUED,
            ).exists()
        )
        notices = DBTaskResult.objects.exclude(task_path="reports.demo.prepare_demo_report")
        self.assertFalse(notices.exists())
        self.assertEqual(mail.outbox, [])

    def test_it_asks_for_nothing_new_on_a_second_seed(self):
        seed()
        queued = DBTaskResult.objects.count()
        self.assertIn(" 0 asked of the task worker", seed())
        self.assertEqual(DBTaskResult.objects.count(), queued)
        with quick_render():
            run_worker()
        issued = sorted(IssuedReport.objects.values_list("visit", "version", "pdf_sha256"))
        seed()
        self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 0)
        self.assertEqual(
            sorted(IssuedReport.objects.values_list("visit", "version", "pdf_sha256")), issued
        )
