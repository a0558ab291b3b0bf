"""E-mails to people, queued once the change they tell of is committed; or none at all.

Every service that tells someone something (an auditor joining a team, a visit moving on, an
immediate concern, overdue learning actions) queues its task through ``queue``. Loading the
demo replays made-up history through those same services: inside ``suppressed()`` nothing is
queued, so no task backend, immediate or database, ever holds an e-mail about it.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

_suppressed: ContextVar[bool] = ContextVar("notices_suppressed", default=False)


@contextmanager
def suppressed() -> Iterator[None]:
    """Queue no notice inside this block (the demo's made-up history)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def queue(task, /, *args, **kwargs) -> None:
    """Enqueue ``task`` with these arguments once the current transaction commits.

    A worker must find the rows the e-mail is about, and a rolled-back change tells nobody.
    """
    if _suppressed.get():
        return
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
