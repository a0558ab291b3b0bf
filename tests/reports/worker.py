"""The task worker, run by the tests themselves: django-tasks-db's own worker loop against the
database queue, in this process, until the queue is empty."""

from django.test import override_settings
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

DATABASE_QUEUE = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
)


def run_worker() -> list[DBTaskResult]:
    """Run every task waiting in the queue, as `manage.py db_worker --batch` does; returns them."""
    waiting = set(DBTaskResult.objects.ready().values_list("pk", flat=True))
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
    return list(DBTaskResult.objects.filter(pk__in=waiting).order_by("enqueued_at"))
