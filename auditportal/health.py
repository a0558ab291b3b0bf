"""The health endpoint a load balancer polls: the database, the shared cache, the file store
and the task queue, each tried for real on every call (django-health-check).

A load balancer is anonymous, and so is anyone on the internet who finds the address: they get
``ok`` (200) or ``fail`` (503) and nothing else, since which part failed and why (a host name,
a bucket, a database error) helps an attacker more than it helps them. A signed-in platform
administrator, who runs the service, also sees each check and what it said.
"""

import asyncio
import dataclasses
import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The task queue is readable and someone takes work from it.

    With the database backend, a task that has been ready for longer than
    ``AUDITPORTAL_TASK_QUEUE_STALE_MINUTES`` means no ``db_worker`` is running: e-mails and
    report files would wait for ever while every page still answered. The immediate backend
    runs each task inside the request, so there is no queue to fall behind.
    """

    alias: str = "default"

    def run(self):
        from django_tasks import task_backends
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult, get_date_max

        if not isinstance(task_backends[self.alias], DatabaseBackend):
            return
        cutoff = timezone.now() - datetime.timedelta(
            minutes=settings.AUDITPORTAL_TASK_QUEUE_STALE_MINUTES
        )
        waiting = DBTaskResult.objects.ready().filter(
            Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff)
        )
        try:
            stale = waiting.exists()
        except DatabaseError as error:
            raise ServiceUnavailable("The task queue cannot be read.") from error
        if stale:
            raise ServiceUnavailable(
                f"A task has waited more than {settings.AUDITPORTAL_TASK_QUEUE_STALE_MINUTES} "
                "minutes: is `manage.py db_worker` running?"
            )


@method_decorator(login_not_required, name="dispatch")
class HealthView(HealthCheckView):
    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        "health_check.checks.Storage",
        "auditportal.health.TaskQueue",
    )

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            self.results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        healthy = not any(result.error for result in self.results)
        lines = ["ok" if healthy else "fail"]
        if await _may_see_detail(request):
            lines += [
                f"{type(result.check).__name__}: {result.error or 'ok'}" for result in self.results
            ]
        return HttpResponse(
            "\n".join(lines) + "\n",
            content_type="text/plain; charset=utf-8",
            status=200 if healthy else 503,
        )


async def _may_see_detail(request) -> bool:
    try:
        user = await request.auser()
    except DatabaseError:  # the session lives in the database: no detail without it
        return False
    return user.is_authenticated and user.role == "platform_admin"


health = HealthView.as_view()
