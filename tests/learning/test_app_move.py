"""Regional learning moved from `reports` to its own app without moving a row."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [("reports", "0003_learning_register_reminders_and_tallies"), ("learning", None)]
AFTER = [
    ("reports", "0004_regional_learning_moves_to_its_own_app"),
    ("learning", "0001_models_from_reports"),
]


class LearningAppMoveTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        executor.loader.build_graph()
        return executor.loader.project_state([t for t in targets if t[1]]).apps

    def tearDown(self):
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    def test_it_keeps_the_rows_and_the_trail_of_the_moved_models(self):
        """A follow-up written before the move is read through the learning app afterwards,
        and the trail's content type for it now names the learning app."""
        old = self.migrate(BEFORE)
        # People and regions are not part of the move and stay at their latest migration, so
        # they are made with today's models.
        from authorities.models import Region, User

        ContentType = old.get_model("contenttypes", "ContentType")
        region = Region.objects.create(name="Moved Region", slug="moved-region")
        person = User.objects.create(
            email="mover@example.org", full_name="Mo Ver", role="coordinator", region=region
        )
        old.get_model("reports", "ActionReminder").objects.create(
            owner_id=person.pk, sent_on="2026-01-05", overdue=2
        )
        before_ct = ContentType.objects.get_or_create(app_label="reports", model="actionreminder")[
            0
        ]

        new = self.migrate(AFTER)
        reminder = new.get_model("learning", "ActionReminder").objects.get()
        self.assertEqual((reminder.owner_id, reminder.overdue), (person.pk, 2))
        moved_ct = new.get_model("contenttypes", "ContentType").objects.get(pk=before_ct.pk)
        self.assertEqual(moved_ct.app_label, "learning")
