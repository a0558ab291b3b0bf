"""Regions, councils (authorities) and the people who use the service."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

# E99 is never issued by ONS: it marks the synthetic councils of `generate_dataset`.
ons_code_validator = RegexValidator(
    r"^E(06|07|08|09|10|99)\d{6}$",
    "Enter the council's ONS code: E followed by 8 digits, such as E08000027.",
)

# The privacy notice's rule: case-level notes go a year after the visit closes, unless the
# region, or the host council under its own data-sharing agreement, sets another period.
DEFAULT_RETENTION_DAYS = 365
RETENTION_LIMITS = [
    MinValueValidator(30, "Keep notes for at least 30 days after the visit closes."),
    MaxValueValidator(3650, "Keep notes for at most 3650 days (10 years)."),
]


class Region(models.Model):
    """An ADASS region; a coordinator's powers stop at its edge."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    retention_days = models.PositiveIntegerField(
        "days case-level notes are kept after a visit closes",
        default=DEFAULT_RETENTION_DAYS,
        validators=RETENTION_LIMITS,
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Authority(models.Model):
    """A council with adult social care duties."""

    class Kind(models.TextChoices):
        METROPOLITAN = "metropolitan", "Metropolitan borough"
        UNITARY = "unitary", "Unitary authority"
        COUNTY = "county", "County council"
        LONDON = "london", "London borough"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="authorities")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    ons_code = models.CharField(
        "ONS code", max_length=9, unique=True, validators=[ons_code_validator]
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    retention_days = models.PositiveIntegerField(
        "days case-level notes are kept after its visit closes",
        null=True,
        blank=True,
        validators=RETENTION_LIMITS,
        help_text="Leave empty to keep them as long as the region does.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="authority_name_unique_in_region"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("authorities:authority-detail", args=[self.slug])


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("Every person needs an e-mail address to sign in with.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, role=User.Role.PLATFORM_ADMIN)
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """One person: one role, one home council (none for regional staff), one region."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", "Coordinator"
        TOOL_OWNER = "tool_owner", "Tool owner"
        PSW = "psw", "Principal Social Worker"
        DIRECTOR = "director", "Director"
        ASSISTANT_DIRECTOR = "assistant_director", "Assistant Director"
        PEER_CHALLENGE = "peer_challenge", "Peer challenge team member"
        PLATFORM_ADMIN = "platform_admin", "Platform administrator"

    # Roles that belong to a council rather than to the region.
    COUNCIL_ROLES = {Role.PSW, Role.DIRECTOR, Role.ASSISTANT_DIRECTOR}
    # A host council's people who receive and check its reports.
    HOST_ROLES = {Role.PSW, Role.DIRECTOR, Role.ASSISTANT_DIRECTOR}

    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=30, choices=Role.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    home_authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
        help_text="Leave empty for regional staff.",
    )
    job_title = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(
        default=True, help_text="People who have left can no longer sign in."
    )
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
            models.CheckConstraint(
                condition=models.Q(role="platform_admin") | models.Q(region__isnull=False),
                name="user_region_required_except_platform_admin",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        if self.home_authority_id and not self.region_id:
            self.region_id = self.home_authority.region_id
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.role in self.COUNCIL_ROLES and not self.home_authority_id:
            errors["home_authority"] = (
                f"Choose the council this {self.get_role_display()} works for."
            )
        if self.role == self.Role.COORDINATOR and self.home_authority_id:
            errors["home_authority"] = "Coordinators are regional staff: leave the council empty."
        if self.role != self.Role.PLATFORM_ADMIN and not (self.region_id or self.home_authority_id):
            errors["region"] = "Choose the region this person belongs to."
        if (
            self.home_authority_id
            and self.region_id
            and self.home_authority.region_id != self.region_id
        ):
            errors["home_authority"] = "Choose a council in this person's region."
        if errors:
            raise ValidationError(errors)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR

    @property
    def is_tool_owner(self) -> bool:
        return self.role == self.Role.TOOL_OWNER

    @property
    def is_psw(self) -> bool:
        return self.role == self.Role.PSW

    @property
    def is_host_leader(self) -> bool:
        """Directors and Assistant Directors, who read their own council's reports."""
        return self.role in {self.Role.DIRECTOR, self.Role.ASSISTANT_DIRECTOR}

    @property
    def is_platform_admin(self) -> bool:
        return self.role == self.Role.PLATFORM_ADMIN

    def works_for(self, authority) -> bool:
        return bool(authority) and self.home_authority_id == authority.pk


class SecurityEvent(models.Model):
    """One sign-in, failure, throttle, MFA change, re-authentication or session end.

    Never a password. A failure for an address nobody signs in with keeps only a keyed hash
    of what was typed, so repeated attempts on one address can be seen without storing it.
    """

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Wrong e-mail address or password"
        THROTTLED = "throttled", "Refused: too many failed attempts"
        SSO_REFUSED = "sso_refused", "Council sign-in refused"
        MFA_FAILED = "mfa_failed", "Wrong authenticator or recovery code"
        MFA_ADDED = "mfa_added", "Authenticator app set up"
        MFA_REMOVED = "mfa_removed", "Authenticator app removed"
        RECOVERY_CODES_MADE = "recovery_codes_made", "New recovery codes made"
        RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
        MFA_RESET = "mfa_reset", "Authenticator reset by the coordinator"
        REAUTHENTICATED = "reauthenticated", "Confirmed who they are again"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET = "password_reset", "Password reset from an e-mail link"
        SIGNED_OUT = "signed_out", "Signed out"
        SESSION_IDLE = "session_idle", "Signed out after 30 minutes without activity"
        SESSION_LIMIT = "session_limit", "Signed out after 10 hours"
        SESSIONS_ENDED = "sessions_ended", "Every session ended"
        DEACTIVATED = "deactivated", "Can no longer sign in"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="security_events"
    )
    # The person's region when it happened: what a coordinator may read.
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who made it happen when that is someone else (a coordinator resetting MFA).
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email_hash = models.CharField(
        max_length=64, blank=True, help_text="Keyed hash of an e-mail address nobody uses."
    )
    address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["region", "-occurred_at"], name="securityevent_region_when")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def unknown_account_reference(self) -> str:
        """A short reference that is the same for every attempt on one unknown address."""
        return self.email_hash[:10]
