"""Visits: the schedule, the visit page, the team, the case sample, allocation and calendars."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from auditportal import access
from audits import calendars, retention, sampling
from audits import visit_list as listing
from audits.areas import visit_area_links
from audits.forms.schedule import ScheduleFilterForm
from audits.forms.visits import (
    AdvanceForm,
    AllocationForm,
    CaseFileForm,
    DeclarationForm,
    SampleUploadForm,
    VisitForm,
)
from audits.models import (
    CalendarFeed,
    CaseAllocation,
    CaseFile,
    Declaration,
    LegalHold,
    StatusChange,
    Visit,
    VisitAuditor,
)
from audits.policies.retention import RETENTION_SHOWN
from audits.policies.visits import VISIT_ROLES
from audits.services import sample
from audits.services import visits as services

NO_VISITS = "Your role takes no part in visits."
SCHEDULE_SORTS = {"council": "Council", "date": "Days on site", "status": "Status"}


def _posted(request):
    """The POST data, or None on GET: an empty POST still shows what is missing."""
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


def _team(user, prefix: str = "auditor_links") -> Prefetch:
    """Prefetch the teams this person may see, each member with their council."""
    links = access.visible(user, VisitAuditor).select_related("auditor__home_authority")
    return Prefetch(prefix, queryset=links, to_attr="team")


def visit_list(request):
    """The coordinator's schedule of the region; everyone else's own visits."""
    user = request.user
    access.require(user.role in VISIT_ROLES, NO_VISITS)
    visits = access.visible(user, Visit).select_related("host")
    if not user.is_coordinator:
        return _my_visits(request, listing.default_order(visits))
    years = [day.year for day in visits.dates("first_day", "year")]
    filters = ScheduleFilterForm(request.GET, region_id=user.region_id, years=years)
    order = listing.ListOrder.from_query(request.GET.get("sort"))
    rows = order.apply(filters.filter(visits, person=user).with_preparation())
    page = listing.page_of(rows.prefetch_related(_team(user)), request.GET.get("page"))
    return render(
        request,
        "audits/visit_schedule.html",
        {
            "visits": page.object_list,
            "page": page,
            "page_query": listing.page_query(request.GET),
            "sorts": listing.sort_headers(order, request.GET, SCHEDULE_SORTS),
            "order": order,
            "filters": filters,
            "can_add": access.can_create(user, Visit),
        },
    )


def _my_visits(request, visits):
    user = request.user
    mine = visits.filter(pk__in=VisitAuditor.objects.filter(auditor=user).values("visit"))
    auditing = mine.annotate(
        declared=Exists(Declaration.objects.filter(visit=OuterRef("pk"), auditor=user)),
        leading=Exists(
            VisitAuditor.objects.filter(visit=OuterRef("pk"), auditor=user, is_lead=True)
        ),
    ).prefetch_related(_team(user))
    hosted = (
        visits.filter(host_id=user.home_authority_id).prefetch_related(_team(user))
        if user.role in user.HOST_ROLES
        else visits.none()
    )
    attached = visits.filter(peer_team=user) if user.role == user.Role.PEER_CHALLENGE else None
    return render(
        request,
        "audits/visit_mine.html",
        {
            "auditing": auditing if user.is_psw else None,
            "hosted": hosted if user.role in user.HOST_ROLES else None,
            "attached": attached,
        },
    )


def visit_calendar(request):
    """A month of visits as a table: weeks in rows, Monday to Sunday in columns."""
    access.require(request.user.role in VISIT_ROLES, NO_VISITS)
    today = timezone.localdate()
    try:
        month = datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        month = today.replace(day=1)
    start, end = calendars.month_span(month.year, month.month)
    visits = (
        access.visible(request.user, Visit)
        .exclude(status=Visit.Status.CANCELLED)
        .filter(
            Q(first_day__lte=end, last_day__gte=start) | Q(peer_challenge_date__range=(start, end))
        )
        .select_related("host")
    )
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "audits/visit_calendar.html",
        {
            "month": month,
            "weeks": calendars.month_grid(month.year, month.month, visits),
            "previous": previous,
            "following": following,
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def visit_create(request):
    access.require_create(request.user, Visit)
    form = VisitForm(_posted(request), coordinator=request.user)
    if form.is_valid():
        visit = form.save(by=request.user)
        if visit:
            messages.success(request, f"The visit to {visit.host} has been scheduled.")
            return redirect(visit)
    return render(
        request,
        "audits/visit_form.html",
        {"form": form, "title": "Schedule a visit", "back_url": reverse("audits:visit-list")},
    )


@require_http_methods(["GET", "POST"])
def visit_edit(request, pk):
    visit = access.fetch(request.user, Visit.objects.select_related("host"), edit=True, pk=pk)
    form = VisitForm(_posted(request), coordinator=request.user, visit=visit)
    if form.is_valid() and form.save(by=request.user):
        messages.success(request, "The visit has been saved.")
        return redirect(visit)
    return render(
        request,
        "audits/visit_form.html",
        {
            "form": form,
            "title": f"Change the visit to {visit.host}",
            "caption": visit.days_display,
            "back_url": visit.get_absolute_url(),
        },
    )


def visit_detail(request, pk):
    user = request.user
    visit = access.fetch(
        user,
        Visit.objects.with_preparation().select_related("host__region", "tool", "coordinator"),
        pk=pk,
    )
    team = list(
        access.visible(user, VisitAuditor)
        .filter(visit=visit)
        .select_related("auditor__home_authority")
    )
    declarations = {
        d.auditor_id: d
        for d in access.visible(user, Declaration)
        .filter(visit=visit)
        .prefetch_related("conflicted_cases")
    }
    for link in team:
        link.declaration = declarations.get(link.auditor_id)
    cases = list(access.visible(user, CaseFile).filter(visit=visit).select_related("allocated_to"))
    my_link = next((link for link in team if link.auditor_id == user.pk), None)
    can_change = access.can_change(user, visit)
    can_add_cases = access.can_create(user, CaseFile, visit=visit)
    return render(
        request,
        "audits/visit_detail.html",
        {
            "visit": visit,
            "area_links": visit_area_links(user, visit),
            "team": team,
            "declarations": declarations,
            "cases": cases,
            "mix": sample.sample_mix(cases) if cases or can_add_cases else None,
            "history": access.visible(user, StatusChange).filter(visit=visit).select_related("by"),
            "can_change": can_change,
            "can_add_cases": can_add_cases,
            "can_allocate": access.can_create(user, CaseAllocation, visit=visit),
            "my_link": my_link,
            "my_declaration": declarations.get(user.pk),
            "can_declare": my_link and access.can_create(user, Declaration, visit=visit),
            "missing": visit.missing_for_next() if team or can_change else [],
            "moves": visit.allowed_moves if can_change else (),
            "warnings": services.visit_warnings(visit, team) if can_change else [],
            "peer_team": visit.peer_team.all() if can_change else (),
            **_retention(user, visit),
        },
    )


def _retention(user, visit) -> dict:
    """How long the visit's notes are kept, once its report is issued; holds for the coordinator."""
    if visit.status not in RETENTION_SHOWN:
        return {}
    holds = access.visible(user, LegalHold)
    return {
        "retention": retention.status_of(visit, holds_seen=holds),
        "can_hold": access.can_create(user, LegalHold, visit=visit),
    }


@require_http_methods(["GET", "POST"])
def visit_advance(request, pk):
    """GET says what the move does; only the POST from this page makes it."""
    visit = access.fetch(
        request.user, Visit.objects.select_related("host", "tool"), edit=True, pk=pk
    )
    to = request.POST.get("to") or request.GET.get("to") or visit.next_status
    form = AdvanceForm(_posted(request), initial={"to": to}, visit=visit)
    if form.is_valid() and form.save(by=request.user):
        messages.success(request, f"The visit is now {visit.get_status_display().lower()}.")
        return redirect(visit)
    allowed = to in visit.allowed_moves
    return render(
        request,
        "audits/visit_advance.html",
        {
            "form": form,
            "visit": visit,
            "to": to,
            "missing": visit.missing_for(to) if allowed else [],
            "consequences": services.move_consequences(visit, to) if allowed else [],
        },
    )


def visit_ics(request, pk):
    """The visit's days on site and peer challenge date, for the person's own calendar."""
    visit = access.fetch(request.user, Visit.objects.select_related("host"), pk=pk)
    team = [link.auditor for link in access.visible(request.user, VisitAuditor).filter(visit=visit)]
    content = calendars.calendar_file(
        [(visit, team, request.build_absolute_uri(visit.get_absolute_url()))],
        name=f"{visit.host} audit",
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    filename = f"audit-{visit.host.slug}-{visit.first_day:%Y-%m-%d}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def visit_allocate(request, pk):
    visit = access.fetch(request.user, Visit, pk=pk)
    access.require(
        access.can_create(request.user, CaseAllocation, visit=visit),
        "Only the coordinator or the lead auditor can allocate cases, until drafting starts.",
    )
    result = sample.allocate_cases(visit=visit, by=request.user)
    messages.success(
        request,
        f"{len(result.allocated)} case{'s' if len(result.allocated) != 1 else ''} allocated.",
    )
    if result.left_over:
        references = ", ".join(case.reference for case in result.left_over)
        messages.warning(
            request,
            f"Every auditor declared a link to {references}: replace the case or change the team.",
        )
    return redirect(reverse("audits:visit-detail", args=[visit.pk]) + "#sample")


@require_http_methods(["GET", "POST"])
def casefile_allocation(request, pk, case_pk):
    cases = CaseAllocation.objects.filter(visit_id=pk).select_related("visit__host")
    case = access.fetch(request.user, cases, edit=True, pk=case_pk)
    form = AllocationForm(_posted(request), case=case)
    if form.is_valid() and form.save(by=request.user):
        messages.success(request, f"{case.reference} is now with {case.allocated_to}.")
        return redirect(reverse("audits:visit-detail", args=[pk]) + "#sample")
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": f"Move {case.reference}",
            "caption": f"{case.visit.host} audit",
            "back_url": case.visit.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def declaration_edit(request, pk):
    user = request.user
    visit = access.fetch(user, Visit.objects.select_related("host"), pk=pk)
    declaration = access.visible(user, Declaration).filter(visit=visit, auditor=user).first()
    if declaration is not None:
        access.require(access.can_change(user, declaration), "Declarations can no longer change.")
    else:
        access.require_create(user, Declaration, visit=visit)
    form = DeclarationForm(_posted(request), visit=visit, auditor=user, declaration=declaration)
    result = form.save() if form.is_valid() else None
    if result is not None:
        messages.success(request, "Your declaration has been saved.")
        for case in result.moved:
            messages.success(request, f"{case.reference} has gone to {case.allocated_to}.")
        if result.unallocated:
            messages.warning(
                request,
                f"{', '.join(c.reference for c in result.unallocated)} needs another auditor; "
                "the coordinator has been shown it.",
            )
        return redirect(visit)
    return render(
        request,
        "audits/declaration_form.html",
        {"form": form, "visit": visit, "declaration": declaration},
    )


@require_http_methods(["GET", "POST"])
def casefile_add(request, pk):
    visit = access.fetch(request.user, Visit.objects.select_related("host__region"), pk=pk)
    access.require_create(request.user, CaseFile, visit=visit)
    form = CaseFileForm(_posted(request), visit=visit)
    if form.is_valid():
        case = form.save(by=request.user)
        if case:
            messages.success(request, f"{case.reference} has been added to the sample.")
            return redirect(reverse("audits:casefile-add", args=[visit.pk]))
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": "Add a case to the sample",
            "caption": f"{visit.host} audit, {visit.days_display}",
            "lead": "Add one case at a time, or upload the whole sample as a CSV file.",
            "back_url": reverse("audits:visit-detail", args=[visit.pk]) + "#sample",
        },
    )


@require_http_methods(["GET", "POST"])
def casefile_edit(request, pk, case_pk):
    cases = CaseFile.objects.filter(visit_id=pk).select_related("visit__host__region")
    case = access.fetch(request.user, cases, edit=True, pk=case_pk)
    form = CaseFileForm(_posted(request), instance=case, visit=case.visit)
    if form.is_valid() and form.save(by=request.user):
        messages.success(request, f"{case.reference} has been saved.")
        return redirect(reverse("audits:visit-detail", args=[pk]) + "#sample")
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": f"Change {form.initial.get('reference') or case.reference}",
            "caption": f"{case.visit.host} audit",
            "back_url": reverse("audits:visit-detail", args=[pk]) + "#sample",
        },
    )


@require_http_methods(["GET", "POST"])
def casefile_remove(request, pk, case_pk):
    cases = CaseFile.objects.filter(visit_id=pk).select_related("visit__host__region")
    case = access.fetch(request.user, cases, edit=True, pk=case_pk)
    if request.method == "POST":
        sample.remove_case(case=case, by=request.user)
        messages.success(request, f"{case.reference} has been removed from the sample.")
        return redirect(reverse("audits:visit-detail", args=[pk]) + "#sample")
    return render(request, "audits/casefile_sample_remove.html", {"case": case})


@require_http_methods(["GET", "POST"])
def sample_upload(request, pk):
    visit = access.fetch(request.user, Visit.objects.select_related("host__region"), pk=pk)
    access.require_create(request.user, CaseFile, visit=visit)
    form = SampleUploadForm(_posted(request), _files(request), visit=visit)
    if form.is_valid():
        cases = form.save(by=request.user)
        if cases is not None:
            messages.success(
                request,
                f"{len(cases)} case{'s' if len(cases) != 1 else ''} added to the sample.",
            )
            return redirect(reverse("audits:visit-detail", args=[visit.pk]) + "#sample")
    return render(
        request,
        "audits/casefile_sample_upload.html",
        {
            "form": form,
            "visit": visit,
            "columns": sampling.CHOICES,
            "max_rows": sampling.MAX_ROWS,
            "example_reference": visit.example_reference(),
        },
    )


def sample_template(request, pk):
    visit = access.fetch(request.user, Visit.objects.select_related("host__region"), pk=pk)
    access.require_create(request.user, CaseFile, visit=visit)
    response = HttpResponse(sampling.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="case-sample-template.csv"'
    return response


@require_http_methods(["GET", "POST"])
def calendar_feed_settings(request):
    """A person's own calendar link: make it, replace it, or stop it."""
    user = request.user
    access.require_create(user, CalendarFeed)
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            services.stop_calendar_feed(person=user)
            messages.success(request, "Your calendar link has been turned off.")
        else:
            services.renew_calendar_feed(person=user)
            messages.success(
                request, "Your new calendar link is ready. Any old link has stopped working."
            )
        return redirect("audits:calendar-feed-settings")
    feed = access.visible(user, CalendarFeed).first()
    url = reverse("audits:calendar-feed", args=[feed.token]) if feed else ""
    return render(
        request,
        "audits/visit_calendar_feed.html",
        {"feed": feed, "feed_url": request.build_absolute_uri(url) if url else ""},
    )


@login_not_required
def calendar_feed(request, token):
    """A person's visits as a calendar feed, for Outlook to subscribe to.

    Public by design: calendar programs cannot sign in, so the secret token in the address
    is the key. A wrong or revoked token is simply not found.
    """
    feed = (
        CalendarFeed.objects.select_related("person")
        .filter(token=token, person__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404("No such calendar")
    person = feed.person
    visits = (
        # Cancelled visits stay in, marked cancelled, so subscribed calendars remove them.
        access.visible(person, Visit)
        .for_person(person)
        .select_related("host")
        .prefetch_related(_team(person))
        .order_by("first_day")
    )
    entries = (
        (
            visit,
            [link.auditor for link in visit.team],
            request.build_absolute_uri(visit.get_absolute_url()),
        )
        for visit in visits
    )
    content = calendars.calendar_file(entries, name=f"Audit visits: {person}", feed=True)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
