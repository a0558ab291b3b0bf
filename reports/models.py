"""The covering report: the working draft, the host's accuracy-check comments, and the issued
versions, which never change once written.

A visit has one working report (``CoveringReport``): the team and the coordinator compose it,
the host's leaders comment on it during the factual accuracy check, and the coordinator
issues it. Issuing writes an ``IssuedReport``: the PDF and Word files rendered once, stored
through Django's storage API with their SHA-256. Issued rows are never updated or deleted
(model, queryset and, on PostgreSQL, a database trigger refuse it); a correction is a new
version, and the older one is marked superseded by a row in ``Supersession`` rather than by
changing it. See docs/decisions/0001-issued-reports-are-immutable.md.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from audits.models import Theme, Visit


class ImmutableRecordError(Exception):
    """Raised on any attempt to change or delete an issued report."""


def report_storage():
    """Where issued files live: the default storage (a folder, or object storage in production)."""
    return default_storage


class ReportVisit(Visit):
    """A visit seen from its covering report: the report page and the list of reports."""

    class Meta:
        proxy = True


class Preparation(models.TextChoices):
    """Where the issued files of a report are: asked of the task worker, or failed."""

    NONE = "", "Not asked for"
    QUEUED = "queued", "Being prepared"
    FAILED = "failed", "Could not be prepared"


class CoveringReport(models.Model):
    """The working report of a visit: one per visit, edited until it is issued.

    ``version`` goes up by one on every save of the text; a save that starts from an older
    version is refused, so two authors never silently overwrite each other.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACCURACY_CHECK = "accuracy_check", "Factual accuracy check"
        ISSUED = "issued", "Issued"

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="covering_report")
    summary = models.TextField("summary of findings", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Issuing asks the task worker for the files (``reports.issuing``); until they are stored
    # the report keeps its status, and a failed attempt keeps its reason for the report page.
    preparation = models.CharField(
        "issued files", max_length=10, choices=Preparation.choices, blank=True, default=""
    )
    preparation_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    preparation_at = models.DateTimeField(null=True, blank=True)
    preparation_note = models.TextField("correction note to issue with", blank=True)
    preparation_failure = models.TextField("why the files could not be prepared", blank=True)

    def __str__(self):
        return f"Covering report of {self.visit}"

    def get_absolute_url(self):
        return reverse("reports:report-detail", args=[self.visit_id])

    @property
    def is_editable(self) -> bool:
        return self.status != self.Status.ISSUED

    @property
    def is_preparing(self) -> bool:
        return self.preparation == Preparation.QUEUED

    @property
    def preparation_failed(self) -> bool:
        return self.preparation == Preparation.FAILED


class DraftReportFile(CoveringReport):
    """The draft as a file to download: only the team and the coordinator get one."""

    class Meta:
        proxy = True


class ReportSection(models.Model):
    """One theme's part of the report: the team's narrative and lines of enquiry."""

    report = models.ForeignKey(CoveringReport, on_delete=models.CASCADE, related_name="sections")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    narrative = models.TextField(blank=True)
    lines_of_enquiry = models.TextField(
        "lines of enquiry for the peer challenge team",
        blank=True,
        help_text="One line of enquiry on each line.",
    )

    class Meta:
        ordering = ["report", "theme__position", "theme__pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "theme"], name="one_section_per_theme")
        ]

    def __str__(self):
        return f"{self.report}: {self.theme}"


class ReportComment(models.Model):
    """A host leader's comment on one section of the draft, and the team's response."""

    report = models.ForeignKey(CoveringReport, on_delete=models.CASCADE, related_name="comments")
    section_key = models.CharField(max_length=80)
    section_title = models.CharField(max_length=250)
    text = models.TextField("comment")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_comments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField("the team's response", blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["report", "created_at", "pk"]

    def __str__(self):
        return f"Comment on {self.section_title} by {self.author}"


class ImmutableQuerySet(models.QuerySet):
    """Rows that are written once: bulk changes and deletes are refused."""

    def update(self, **kwargs):
        raise ImmutableRecordError(f"{self.model._meta.verbose_name} rows cannot be changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutableRecordError(f"{self.model._meta.verbose_name} rows cannot be changed.")

    def delete(self):
        raise ImmutableRecordError(f"{self.model._meta.verbose_name} rows cannot be deleted.")

    delete.alters_data = True
    delete.queryset_only = True


class WrittenOnce(models.Model):
    """A row that is inserted once and then never changed nor deleted."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(
                f"This {self._meta.verbose_name} was written once and cannot be changed."
            )
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(f"This {self._meta.verbose_name} cannot be deleted.")


class IssuedReport(WrittenOnce):
    """One issued version of a visit's report: the files exactly as they were issued."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="issued_reports")
    version = models.PositiveIntegerField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)
    correction_note = models.TextField(blank=True)
    file_stem = models.CharField(
        max_length=150, help_text="The download's file name without its extension."
    )
    pdf_file = models.FileField(storage=report_storage, max_length=255)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64)
    pdf_size = models.PositiveBigIntegerField()
    docx_file = models.FileField(storage=report_storage, max_length=255)
    docx_sha256 = models.CharField("Word SHA-256", max_length=64)
    docx_size = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["visit", "-version"]
        get_latest_by = "version"
        constraints = [
            models.UniqueConstraint(fields=["visit", "version"], name="issued_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="issued_version_positive"),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(correction_note=""),
                name="correction_has_a_note",
            ),
        ]

    def __str__(self):
        return f"{self.visit}: version {self.version}"

    def get_absolute_url(self):
        return reverse("reports:report-detail", args=[self.visit_id])

    def stored(self, file_format: str):
        """(file field, SHA-256, size) of one format."""
        if file_format == self.Format.PDF:
            return self.pdf_file, self.pdf_sha256, self.pdf_size
        if file_format == self.Format.DOCX:
            return self.docx_file, self.docx_sha256, self.docx_size
        raise ValueError(file_format)

    def filename(self, file_format: str) -> str:
        return f"{self.file_stem}.{file_format}"


class Supersession(WrittenOnce):
    """A later version replaced an earlier one: kept apart so issued rows never change."""

    superseded = models.OneToOneField(
        IssuedReport, on_delete=models.PROTECT, related_name="supersession"
    )
    superseded_by = models.OneToOneField(
        IssuedReport, on_delete=models.PROTECT, related_name="supersedes"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(superseded=models.F("superseded_by")),
                name="supersession_not_itself",
            )
        ]

    def __str__(self):
        return f"{self.superseded} superseded by version {self.superseded_by.version}"


class DownloadLog(models.Model):
    """Every download of a report file: who, when, which version and format, from where."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="report_downloads")
    issued_report = models.ForeignKey(
        IssuedReport, on_delete=models.PROTECT, null=True, blank=True, related_name="downloads"
    )
    is_draft = models.BooleanField(default=False)
    file_format = models.CharField(max_length=10, choices=IssuedReport.Format.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_downloads"
    )
    at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_draft=True, issued_report__isnull=True)
                | Q(is_draft=False, issued_report__isnull=False),
                name="download_is_a_draft_or_a_version",
            )
        ]

    def __str__(self):
        what = "draft" if self.is_draft else f"version {self.issued_report.version}"
        return f"{self.user} downloaded the {what} {self.file_format} at {self.at:%Y-%m-%d %H:%M}"


auditlog.register(CoveringReport)
auditlog.register(ReportSection)
auditlog.register(ReportComment)
auditlog.register(IssuedReport)
auditlog.register(Supersession)
