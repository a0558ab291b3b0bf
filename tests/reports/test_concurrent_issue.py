"""Two coordinators press Issue at the same moment: exactly one version is issued."""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import TransactionTestCase

from audits.models import Visit
from authorities.models import User
from reports import services
from reports.models import CoveringReport, IssuedReport, ReportSection
from reports.services import ReportWorkflowError
from tests.base import Cast, make_person
from tests.factories import make_tool, make_visit

from .support import TemporaryMedia, fake_docx, fake_pdf


def slow_pdf(data):
    time.sleep(0.5)  # long enough that the second press arrives while the first renders
    return fake_pdf(data)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs row locks across two real connections; SQLite serialises whole-database "
    "writes instead (CI runs this on PostgreSQL)",
)
class ConcurrentIssueTests(TemporaryMedia, TransactionTestCase):
    def setUp(self):
        Cast.build(self)
        self.second_coordinator = make_person(
            "coordinator2@wm.test", User.Role.COORDINATOR, region=self.region
        )
        tool = make_tool(self.region)
        self.visit = make_visit(
            host=self.sandwell,
            tool=tool,
            coordinator=self.coordinator,
            lead=self.auditor,
            auditors=[self.co_auditor],
            cases=2,
            status=Visit.Status.ACCURACY_CHECK,
        )
        report = CoveringReport.objects.create(
            visit=self.visit, summary="Ready.", status=CoveringReport.Status.ACCURACY_CHECK
        )
        for theme in tool.themes.all():
            ReportSection.objects.create(report=report, theme=theme)

    def test_two_coordinators_pressing_issue_at_once_yield_one_version(self):
        from unittest import mock

        barrier = threading.Barrier(2)
        outcomes = []

        def press(person):
            try:
                barrier.wait()
                issued = services.issue_report(visit=self.visit, by=person)
                outcomes.append(("issued", issued.version))
            except ReportWorkflowError as refusal:
                outcomes.append(("refused", str(refusal)))
            finally:
                connections.close_all()

        with (
            mock.patch("reports.services.pdf", mock.Mock(render_pdf=slow_pdf)),
            mock.patch("reports.services.docx", mock.Mock(render_docx=fake_docx)),
        ):
            threads = [
                threading.Thread(target=press, args=(person,))
                for person in (self.coordinator, self.second_coordinator)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)

        self.assertEqual(sorted(kind for kind, _ in outcomes), ["issued", "refused"])
        self.assertIn("already been issued as version 1", dict(outcomes)["refused"])
        self.assertEqual(list(IssuedReport.objects.values_list("version", flat=True)), [1])
        self.assertEqual(len(self.stored_files()), 2)  # one PDF and one Word file
