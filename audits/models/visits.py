"""Visits: the two days on site, the team, and the sample of case files.

The visit's status machine is in ``visit_status``; the guards here say what the team and
the sample must be before the visit goes on site.
"""

from __future__ import annotations

import datetime
import secrets
from collections import defaultdict

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse
from django.utils import timezone

from auditportal import dates
from audits.identifiers import (
    EXAMPLE_REFERENCE,
    example_reference,
    find_identifiers,
    reference_problem,
)
from authorities.models import Authority

from .tools import AuditTool
from .visit_status import VisitStatus, VisitStatusMachine, status_guard

# A visit is two consecutive working days; anything longer than a week is a typing slip.
LONGEST_VISIT_DAYS = 7
# A two-day visit by two PSWs covers about this many cases (DOMAIN.md, "Sampling").
SAMPLE_GUIDANCE = (8, 16)
# What a calendar shows of a visit: a change to any of these is a new revision of its events.
CALENDAR_FIELDS = ("first_day", "last_day", "peer_challenge_date", "status")
# clean() compares these with what is stored; save() compares the calendar's.
TRACKED_FIELDS = ("tool_id", "host_id", *CALENDAR_FIELDS)


def next_working_day(day: datetime.date) -> datetime.date:
    """The next Monday-to-Friday day after ``day`` (bank holidays are not known here)."""
    day += datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def format_days(first: datetime.date, last: datetime.date) -> str:
    """Days on site as GOV.UK writes them: "9 to 10 March 2027", "30 April to 1 May 2027"."""
    return dates.days(first, last)


def _count(queryset: models.QuerySet) -> Coalesce:
    """A correlated COUNT(*) over ``queryset`` (filtered on ``OuterRef``), zero when empty."""
    counted = queryset.order_by().values("visit").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), Value(0))


class VisitQuerySet(models.QuerySet):
    def with_preparation(self) -> VisitQuerySet:
        """Annotate what the status guards read, so lists show readiness without N+1."""
        team = VisitAuditor.objects.filter(visit=OuterRef("pk"))
        cases = CaseFile.objects.filter(visit=OuterRef("pk"))
        declared = Declaration.objects.filter(
            visit=OuterRef("pk"),
            auditor__visit_links__visit=OuterRef("pk"),
        )
        return self.annotate(
            prep_cases=_count(cases),
            prep_unallocated=_count(cases.filter(allocated_to__isnull=True)),
            prep_auditors=_count(team),
            prep_leads=_count(team.filter(is_lead=True)),
            prep_declared=_count(declared),
        )

    def for_person(self, person) -> VisitQuerySet:
        """The visits a person takes part in: coordinating, auditing, hosting or peer team."""
        involved = (
            Q(coordinator=person)
            | Q(pk__in=VisitAuditor.objects.filter(auditor=person).values("visit"))
            | Q(pk__in=Visit.peer_team.through.objects.filter(user=person).values("visit"))
        )
        if person.role in person.HOST_ROLES and person.home_authority_id:
            involved |= Q(host_id=person.home_authority_id)
        return self.filter(involved)

    def active(self) -> VisitQuerySet:
        return self.exclude(status__in=[Visit.Status.CLOSED, Visit.Status.CANCELLED])


class Visit(VisitStatusMachine, models.Model):
    Status = VisitStatus

    host = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="hosted_visits")
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="visits")
    first_day = models.DateField("first day on site")
    last_day = models.DateField("last day on site")
    peer_challenge_date = models.DateField(null=True, blank=True)
    data_sharing_reference = models.CharField(
        "data-sharing agreement reference", max_length=100, blank=True
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coordinated_visits"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    auditors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="VisitAuditor", related_name="audit_visits"
    )
    peer_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="peer_challenge_visits"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Calendar programs replace an event only when its SEQUENCE goes up (RFC 5545), so each
    # change of the dates or the status counts one revision, and when it happened.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    calendar_changed_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-first_day", "host__name"]
        indexes = [models.Index(fields=["first_day"], name="visit_first_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="visit_last_day_not_before_first"
            ),
            models.CheckConstraint(
                condition=Q(peer_challenge_date__isnull=True)
                | Q(peer_challenge_date__gt=F("last_day")),
                name="visit_peer_challenge_after_site_days",
            ),
        ]

    def __str__(self):
        return f"{self.host} audit, {dates.day(self.first_day)}"

    def save(self, *args, **kwargs):
        if self._calendar_changed():
            self.calendar_sequence += 1
            self.calendar_changed_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"],
                    "calendar_sequence",
                    "calendar_changed_at",
                }
        super().save(*args, **kwargs)
        self._remember_stored()

    def get_absolute_url(self):
        return reverse("audits:visit-detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        visit = super().from_db(db, field_names, values)
        visit._remember_stored()
        return visit

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        # What was just read is what is stored, for the fields that were read.
        stored = getattr(self, "_stored", None)
        if stored is not None:
            for name in fields or TRACKED_FIELDS:
                if name in TRACKED_FIELDS and name in self.__dict__:
                    stored[name] = self.__dict__[name]

    def _remember_stored(self) -> None:
        """Keep what is stored, so clean() and save() can tell changed fields from old ones."""
        self._stored = {
            name: self.__dict__[name] for name in TRACKED_FIELDS if name in self.__dict__
        }

    def _calendar_changed(self) -> bool:
        """Whether a stored visit's dates or status differ from what was read."""
        stored = getattr(self, "_stored", None)
        if not self.pk or stored is None:
            return False
        return any(
            name in stored and stored[name] != self.__dict__.get(name) for name in CALENDAR_FIELDS
        )

    # --- Describing ------------------------------------------------------------------

    @property
    def days_display(self) -> str:
        return format_days(self.first_day, self.last_day)

    def example_reference(self) -> str:
        """A made-up case reference in the host council's own style, from its latest one."""
        latest = (
            CaseFile.objects.filter(visit__host_id=self.host_id)
            .order_by("-added_at", "-pk")
            .values_list("reference", flat=True)
            .first()
        )
        return example_reference(self.host.name, latest)

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def sample_is_open(self) -> bool:
        return self.status in self.BEFORE_SITE

    def _changed(self, name: str) -> bool:
        stored = getattr(self, "_stored", None)
        return stored is None or stored.get(name) != getattr(self, name)

    # --- Rules across one visit's fields (forms and services run them) ----------------

    def clean(self):
        super().clean()
        errors: dict[str, list[str]] = defaultdict(list)
        if self.first_day and self.last_day:
            if self.last_day < self.first_day:
                errors["last_day"].append(
                    "The last day on site must be the same as or after the first day."
                )
            elif (self.last_day - self.first_day).days > LONGEST_VISIT_DAYS:
                errors["last_day"].append(
                    "The last day on site must be within a week of the first day: "
                    "a visit is usually two working days."
                )
        if self.peer_challenge_date and self.last_day and self.peer_challenge_date <= self.last_day:
            errors["peer_challenge_date"].append(
                f"The peer challenge date must be after the last day on site "
                f"({dates.day(self.last_day)})."
            )
        if self.coordinator_id and not self.coordinator.is_coordinator:
            errors["coordinator"].append(f"{self.coordinator} is not a coordinator.")
        if (
            self.host_id
            and self.coordinator_id
            and self.host.region_id != self.coordinator.region_id
        ):
            errors["host"].append(
                f"{self.host} is not in the {self.coordinator.region} region; "
                "choose one of your region's councils."
            )
        errors["tool"] += self._tool_problems()
        dates_changed = self._changed("first_day") or self._changed("last_day")
        # A service that changes the team as well checks the new members' days itself.
        if self.pk and dates_changed and not getattr(self, "team_checked_separately", False):
            for link in self.auditor_links.select_related("auditor"):
                overlap = link.overlapping_visit(visit=self)
                if overlap:
                    errors["first_day"].append(
                        f"{link.auditor} is on the {overlap.host} audit on "
                        f"{overlap.days_display}, which overlaps these days; "
                        "choose other days or change the team."
                    )
        errors = {field: messages for field, messages in errors.items() if messages}
        if errors:
            raise ValidationError(errors)

    def _tool_problems(self) -> list[str]:
        if not self.tool_id or not self._changed("tool_id"):
            return []
        stored_tool = (getattr(self, "_stored", None) or {}).get("tool_id")
        if self.pk and stored_tool and self.status not in self.BEFORE_SITE:
            fixed = AuditTool.objects.get(pk=stored_tool)
            return [
                f"The audit tool is fixed once the team is on site: this visit stays with {fixed}."
            ]
        problems = []
        if self.tool.status != AuditTool.Status.PUBLISHED:
            problems.append(
                f"Choose a published version of the audit tool: {self.tool} is "
                f"{self.tool.get_status_display().lower()}."
            )
        if self.host_id and self.tool.region_id != self.host.region_id:
            problems.append(f"Choose a tool of the {self.host.region} region.")
        return problems

    def date_warnings(self) -> list[str]:
        """Things worth a second look that are not wrong: weekends and unusual lengths."""
        warnings = []
        for label, day in (("first", self.first_day), ("last", self.last_day)):
            if day and day.weekday() >= 5:
                warnings.append(
                    f"The {label} day on site, {day:%A %-d %B %Y}, is a weekend day. "
                    "Check that the host expects the team then."
                )
        if self.first_day and self.last_day and self.last_day != next_working_day(self.first_day):
            warnings.append(
                f"The visit is on site {self.days_display}; visits are usually two "
                "consecutive working days."
            )
        return warnings


@status_guard(Visit.Status.SAMPLE_AGREED)
@status_guard(Visit.Status.ON_SITE)
def _team_and_sample_ready(visit: Visit) -> list[str]:
    prep = visit.preparation
    missing = []
    if not prep.leads:
        missing.append("Choose the lead auditor.")
    if not prep.cases:
        low, high = SAMPLE_GUIDANCE
        missing.append(
            f"Add the case sample: at least one case (a two-day visit covers about {low} to "
            f"{high})."
        )
    if prep.unallocated:
        missing.append(
            f"Allocate the {prep.unallocated} case{'s' if prep.unallocated != 1 else ''} "
            f"that {'have' if prep.unallocated != 1 else 'has'} no auditor."
        )
    if prep.undeclared:
        missing.append(
            f"{prep.undeclared} of the {prep.auditors} auditors "
            f"{'have' if prep.undeclared != 1 else 'has'} not made a declaration of interests."
        )
    return missing


@status_guard(Visit.Status.ON_SITE)
def _data_sharing_agreed(visit: Visit) -> list[str]:
    if visit.data_sharing_reference.strip():
        return []
    return ["Record the data-sharing agreement reference before the team sees case files."]


class VisitAuditor(models.Model):
    """A PSW on a visit's team; one of them leads."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="auditor_links")
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visit_links"
    )
    is_lead = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_lead", "auditor__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "auditor"], name="auditor_once_per_visit"),
            models.UniqueConstraint(
                fields=["visit"], condition=Q(is_lead=True), name="one_lead_per_visit"
            ),
        ]

    def __str__(self):
        return f"{self.auditor} on {self.visit}" + (" (lead)" if self.is_lead else "")

    def clean(self):
        super().clean()
        if self.visit_id and self.auditor_id:
            problems = auditor_problems(visit=self.visit, auditor=self.auditor)
            if problems:
                raise ValidationError({"auditor": problems})

    def overlapping_visit(self, *, visit: Visit) -> Visit | None:
        return overlapping_visit(visit=visit, auditor=self.auditor)


def overlapping_visit(*, visit: Visit, auditor) -> Visit | None:
    """Another live visit of ``auditor`` whose days on site overlap ``visit``'s."""
    return (
        Visit.objects.filter(
            auditor_links__auditor=auditor,
            first_day__lte=visit.last_day,
            last_day__gte=visit.first_day,
        )
        .exclude(status=Visit.Status.CANCELLED)
        .exclude(pk=visit.pk)
        .select_related("host")
        .order_by("first_day")
        .first()
    )


def auditor_problems(*, visit: Visit, auditor) -> list[str]:
    """Why ``auditor`` cannot be on ``visit``'s team, each saying what to change."""
    if not auditor.is_psw:
        return [
            f"{auditor} is a {auditor.get_role_display().lower()}; only Principal Social "
            "Workers audit case files. Choose a PSW."
        ]
    if not auditor.is_active:
        return [f"{auditor} can no longer sign in; choose a PSW who can."]
    if auditor.works_for(visit.host):
        return [
            f"{auditor} works for {visit.host}, the host council; "
            "choose a PSW from another council."
        ]
    if auditor.region_id != visit.host.region_id:
        return [f"{auditor} is not in the {visit.host.region} region; choose one of its PSWs."]
    if visit.first_day and visit.last_day:
        overlap = overlapping_visit(visit=visit, auditor=auditor)
        if overlap:
            return [
                f"{auditor} is already on the {overlap.host} audit on {overlap.days_display}, "
                "which overlaps these days; choose another PSW or move one of the visits."
            ]
    return []


class CaseFile(models.Model):
    """One case in the sample, known only by a pseudonymous reference."""

    class CaseType(models.TextChoices):
        NEW_ASSESSMENT = "new_assessment", "New assessment"
        REVIEW = "review", "Review"
        CARER = "carer", "Carer"
        SAFEGUARDING = "section_42", "Section 42 enquiry"
        CAPACITY = "capacity", "Capacity and best-interest decision"
        TRANSITION = "transition", "Transition to adulthood"
        HOSPITAL_DISCHARGE = "hospital_discharge", "Hospital discharge"
        DIRECT_PAYMENT = "direct_payment", "Direct payment"
        CLOSED_NFA = "closed_nfa", "Closed with no further action"

    class AgeBand(models.TextChoices):
        AGE_18_25 = "18-25", "18 to 25"
        AGE_26_64 = "26-64", "26 to 64"
        AGE_65_84 = "65-84", "65 to 84"
        AGE_85_PLUS = "85+", "85 and over"

    class SupportReason(models.TextChoices):
        """The primary support reasons of the national adult social care returns."""

        PHYSICAL = "physical", "Physical support"
        SENSORY = "sensory", "Sensory support"
        MEMORY = "memory", "Support with memory and cognition"
        LEARNING_DISABILITY = "learning_disability", "Learning disability support"
        MENTAL_HEALTH = "mental_health", "Mental health support"
        SOCIAL = "social", "Social support"
        CARER = "carer", "Support for a carer"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        AGREED = "agreed", "Agreed"
        LOCKED = "locked", "Locked"

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="case_files")
    reference = models.CharField("pseudonymous reference", max_length=30)
    case_type = models.CharField(max_length=30, choices=CaseType.choices)
    team = models.CharField(max_length=100, blank=True)
    primary_support_reason = models.CharField(max_length=30, choices=SupportReason.choices)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocated_case_files",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["visit", "reference"]
        constraints = [
            # DUD-07 and dud-07 are the same case to the people reading the report.
            models.UniqueConstraint(
                "visit",
                Upper("reference"),
                name="case_reference_unique_in_visit",
                violation_error_message="This reference is already in the visit's sample.",
            )
        ]

    def __str__(self):
        return self.reference

    def clean(self):
        super().clean()
        errors = {}
        self.reference = (self.reference or "").strip()
        like = self.visit.example_reference() if self.visit_id else EXAMPLE_REFERENCE
        problem = reference_problem(self.reference, like=like)
        if problem:
            errors["reference"] = problem
        elif self.visit_id and (
            CaseFile.objects.filter(visit_id=self.visit_id, reference__iexact=self.reference)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["reference"] = (
                f"{self.reference} is already in this visit's sample; "
                "each case needs its own reference."
            )
        self.team = (self.team or "").strip()
        if find_identifiers(self.team):
            errors["team"] = (
                "Enter the team's name only, such as “Locality team North”: "
                "this looks like a personal identifier."
            )
        if errors:
            raise ValidationError(errors)


class CaseAllocation(CaseFile):
    """A case seen as a piece of work to hand out: who may move it between auditors."""

    class Meta:
        proxy = True


class Declaration(models.Model):
    """An auditor's conflict-of-interest declaration for one visit, made before seeing cases."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="declarations")
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declarations"
    )
    worked_at_host_recently = models.BooleanField(
        "worked at the host council in the last three years"
    )
    knows_someone = models.BooleanField("knows a person or a worker on a case")
    details = models.TextField(blank=True)
    # A declared link to a case takes that case off this auditor.
    conflicted_cases = models.ManyToManyField(CaseFile, blank=True, related_name="conflicts")
    declared_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "auditor"], name="one_declaration_per_auditor")
        ]

    def __str__(self):
        return f"Declaration by {self.auditor} for {self.visit}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar address: whoever has the link sees their visits' dates.

    Revoking replaces the token, so an old link stops working at once.
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    made_at = models.DateTimeField("link made", auto_now=True)

    def __str__(self):
        return f"Calendar feed of {self.person}"

    def renew(self) -> None:
        self.token = new_feed_token()
        self.save(update_fields=["token", "made_at"])


def declared_conflicts(visit: Visit) -> set[tuple[int, int]]:
    """(case id, auditor id) pairs the visit's auditors declared a link between."""
    through = Declaration.conflicted_cases.through
    return set(
        through.objects.filter(declaration__visit=visit).values_list(
            "casefile_id", "declaration__auditor_id"
        )
    )


auditlog.register(
    Visit,
    m2m_fields={"peer_team"},
    # The trail already shows the change of date or status that moved these on.
    exclude_fields=["calendar_sequence", "calendar_changed_at"],
)
auditlog.register(VisitAuditor)
auditlog.register(CaseFile)
auditlog.register(Declaration, m2m_fields={"conflicted_cases"})
auditlog.register(CalendarFeed, exclude_fields=["token"])
