"""Many saves of one finding at the same moment: every one is either stored or refused, and
exactly one of those that started from the same version is stored. Needs real row locks,
so it runs on PostgreSQL (CI) and is skipped on SQLite."""

import threading
import unittest

from django.db import connection
from django.test import TransactionTestCase

from audits.models import Theme, ThemeFinding
from audits.services.fieldwork import StaleFinding, save_theme_finding
from tests.base import Cast
from tests.factories import make_tool, make_visit

SAVES = 8


@unittest.skipUnless(connection.vendor == "postgresql", "needs PostgreSQL's row locks")
class ConcurrentFindingSaveTests(TransactionTestCase):
    def setUp(self):
        Cast.build(self)
        self.tool = make_tool(self.region)
        self.visit = make_visit(
            host=self.sandwell,
            tool=self.tool,
            coordinator=self.coordinator,
            lead=self.auditor,
            auditors=[self.co_auditor],
            status="drafting",
        )
        self.theme = Theme.objects.get(tool=self.tool, key="t1")

    def race(self, expected_version: int) -> list[tuple[str, int]]:
        barrier = threading.Barrier(SAVES)
        results: list[tuple[str, int]] = []
        lock = threading.Lock()

        def save(n: int) -> None:
            try:
                barrier.wait()
                save_theme_finding(
                    visit=self.visit,
                    theme=self.theme,
                    by=[self.auditor, self.co_auditor][n % 2],
                    expected_version=expected_version,
                    strengths=f"Save {n}",
                    areas_for_development="",
                    level=None,
                    shareable_good_practice=False,
                )
                outcome = "stored"
            except StaleFinding:
                outcome = "refused"
            finally:
                connection.close()
            with lock:
                results.append((outcome, n))

        threads = [threading.Thread(target=save, args=(n,)) for n in range(SAVES)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    def assert_one_stored(self, results, version: int) -> None:
        self.assertEqual(len(results), SAVES, "every save answered")
        stored = [n for outcome, n in results if outcome == "stored"]
        self.assertEqual(len(stored), 1)
        finding = ThemeFinding.objects.get()
        self.assertEqual((finding.strengths, finding.version), (f"Save {stored[0]}", version))

    def test_of_many_first_saves_at_once_one_is_stored_and_the_rest_refused(self):
        self.assert_one_stored(self.race(expected_version=0), version=1)

    def test_of_many_saves_from_the_same_version_one_is_stored_and_the_rest_refused(self):
        self.race(expected_version=0)
        self.assert_one_stored(self.race(expected_version=1), version=2)
