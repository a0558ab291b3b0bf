"""The audit trail holds who, when and what changed, never the words of free text.

django-auditlog writes one ``LogEntry`` per change with the old and new value of each field.
For every registered model, each text field (a ``TextField``, or a ``CharField`` without
choices) is *masked*: the trail keeps its length and a keyed hash (HMAC-SHA256 with
``AUDITPORTAL_TRAIL_KEY``), enough to tell that it changed and whether two versions are the
same, and nothing to read back. The few fields that are labels rather than free text (case
references, keys, people's names and e-mail addresses, file digests) are kept as written,
listed in ``KEPT_AS_WRITTEN``.

The entry's ``object_repr`` is the model's name and the row's id, not ``str(obj)``, because
some models name themselves by their text (a recommendation's first words).

``install`` runs once every app has registered its models (``auditportal`` is the last app),
so a model registered tomorrow is masked without anyone remembering to.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.db import models

# Labels, keys and digests: what a reader of the trail needs to know which thing changed.
KEPT_AS_WRITTEN: dict[str, set[str]] = {
    "audits.casefile": {"reference"},
    "audits.ratinglevel": {"colour"},
    "audits.questionproposal": {"question_key"},
    "authorities.authority": {"name", "ons_code"},
    "authorities.user": {"email", "full_name", "job_title"},
    "reports.reportcomment": {"section_key", "section_title"},
    "reports.issuedreport": {"file_stem", "pdf_sha256", "docx_sha256"},
}
MASK_CALLABLE = "auditportal.trail.mask"
FINGERPRINT_LENGTH = 12
_MASKED = re.compile(r"^(\d+) characters?, fingerprint ([0-9a-f]+)$")


def fingerprint(text: str) -> str:
    """A keyed hash of ``text``: equal texts give equal values; it cannot be read back."""
    key = settings.AUDITPORTAL_TRAIL_KEY.encode()
    digest = hmac.new(key, text.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
    return digest[:FINGERPRINT_LENGTH]


def mask(value: str) -> str:
    """What the trail keeps of a text value: its length and fingerprint, or "" when empty.

    auditlog hands over ``str(None)`` for a field that had no value (a new row).
    """
    if value in ("", "None"):
        return ""
    plural = "" if len(value) == 1 else "s"
    return f"{len(value)} character{plural}, fingerprint {fingerprint(value)}"


def describe_masked(value: str) -> str:
    """A masked value as a reader sees it: "(120 characters, not kept)"."""
    match = _MASKED.match(value or "")
    if not match:
        return value
    count = int(match.group(1))
    return f"{count:,} character{'' if count == 1 else 's'} (text not kept)"


def is_masked(value: str) -> bool:
    return bool(_MASKED.match(value or ""))


def text_fields(model: type[models.Model]) -> list[str]:
    """The model's fields that hold free text, which the trail masks."""
    kept = KEPT_AS_WRITTEN.get(model._meta.label_lower, set())
    return sorted(
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField)
        and not field.choices
        and field.name not in kept
    )


def install() -> None:
    """Mask every registered model's text fields and give entries a repr without text."""
    from auditlog.models import LogEntry
    from auditlog.registry import auditlog
    from django.db.models.signals import pre_save

    for model, options in auditlog._registry.items():
        masked = set(options["mask_fields"]) | set(text_fields(model))
        options["mask_fields"] = sorted(masked - set(options["exclude_fields"]))
        options["mask_callable"] = MASK_CALLABLE
    pre_save.connect(_repr_without_text, sender=LogEntry, dispatch_uid="trail-repr")


def _repr_without_text(sender, instance, **kwargs) -> None:
    if instance.pk is None and instance.content_type_id:
        model = instance.content_type.model_class()
        name = model._meta.verbose_name if model else instance.content_type.model
        instance.object_repr = f"{name} {instance.object_pk}"
