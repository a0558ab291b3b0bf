"""What the live tests load into the database their servers share, through ``manage.py shell``
(``from tests.production.live_data import ...``), since those servers are other processes."""


def visit_ready_to_issue() -> int:
    """The cast, and Sandwell's visit with the known ratings, drafted and through the factual
    accuracy check: the coordinator's next step is to issue it. Returns the visit's id."""
    from reports import services
    from reports.models import CoveringReport, ReportSection
    from tests.base import Cast
    from tests.factories import make_tool, make_visit
    from tests.reports.support import fill_known_visit

    class Cast_:
        pass

    Cast.build(Cast_)
    visit = make_visit(
        host=Cast_.sandwell,
        tool=make_tool(Cast_.region),
        coordinator=Cast_.coordinator,
        lead=Cast_.auditor,
        auditors=[Cast_.co_auditor],
        cases=4,
        status="drafting",
    )
    fill_known_visit(visit, by=Cast_.auditor)
    report = CoveringReport.objects.create(
        visit=visit, summary="The sample shows strong assessments.", created_by=Cast_.auditor
    )
    for theme in visit.tool.themes.all():
        ReportSection.objects.create(report=report, theme=theme)
    services.send_for_accuracy_check(report=report, by=Cast_.auditor)
    return visit.pk
