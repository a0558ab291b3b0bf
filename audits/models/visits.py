"""Visits: the two days on site, the team, and the sample of case files."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from authorities.models import Authority

from .tools import AuditTool


class Visit(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        SAMPLE_AGREED = "sample_agreed", "Sample agreed"
        ON_SITE = "on_site", "On site"
        DRAFTING = "drafting", "Drafting"
        ACCURACY_CHECK = "accuracy_check", "Factual accuracy check"
        ISSUED = "issued", "Issued"
        CLOSED = "closed", "Closed"
        CANCELLED = "cancelled", "Cancelled"

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

    class Meta:
        ordering = ["-first_day", "host__name"]
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
        return f"{self.host} audit, {self.first_day:%-d %B %Y}"


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


class StatusChange(models.Model):
    """Each move of a visit's status: who, when, from and to."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="status_history")
    from_status = models.CharField(max_length=20, choices=Visit.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Visit.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.visit}: {self.get_from_status_display()} → {self.get_to_status_display()}"


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
            models.UniqueConstraint(
                fields=["visit", "reference"], name="case_reference_unique_in_visit"
            )
        ]

    def __str__(self):
        return self.reference


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
