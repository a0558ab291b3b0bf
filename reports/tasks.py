"""Background work of the covering report: rendering and issuing its files.

Tasks take ids and the version asked for, not objects, and re-read the report, so a task
that arrives twice or late finds the work done and does nothing.
"""

from django_tasks import task

from auditportal import notices

from . import demo, issuing


@task()
def prepare_issued_files(*, visit_id: int, version: int) -> str:
    """Render the PDF and Word files of the version the coordinator issued, store and issue."""
    return issuing.complete_issue(visit_id=visit_id, version=version)


@task()
def prepare_demo_report(*, visit_id: int, version: int, status: str, after_change: int) -> str:
    """The demo's reports: issue, then give the replayed moves the demo history's dates."""
    with notices.suppressed():  # made-up history tells nobody, on the worker as in seed_demo
        outcome = issuing.complete_issue(visit_id=visit_id, version=version)
        demo.settle(visit_id=visit_id, status=status, after_change=after_change)
    return outcome
