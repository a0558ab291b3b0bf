"""The one permission mechanism: every view, download and export fetches through here.

Each model that users reach has a *policy* (registered with ``@policy(Model)`` in its app's
``policies.py``) answering three questions about a signed-in user:

- ``visible(user, queryset)``: which rows may this person see at all?
- ``can_change(user, obj)``: may they change this one?
- ``can_create(user, **context)``: may they add one here?

Views never ask those questions themselves; they call ``fetch`` (one object: 404 where
the user may not see it, 403 where they may see but not change it), ``visible`` (lists)
or ``require_create``. A model without a policy is invisible to everyone, so a new model
cannot leak by omission.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


class Policy:
    """Deny everything; subclasses open up exactly what each role needs."""

    def visible(self, user, queryset: models.QuerySet) -> models.QuerySet:
        return queryset.none()

    def can_change(self, user, obj: models.Model) -> bool:
        return False

    def can_create(self, user, **context: Any) -> bool:
        return False

    def why_not_change(self, user, obj: models.Model) -> str:
        """A sentence for the 403 page, saying why the change is refused."""
        return "You can see this, but you cannot change it."


_policies: dict[type[models.Model], Policy] = {}


def policy(model: type[models.Model]) -> Callable[[type[Policy]], type[Policy]]:
    """Register the policy class for ``model`` (one per model)."""

    def register(cls: type[Policy]) -> type[Policy]:
        if model in _policies:
            raise RuntimeError(f"{model.__name__} already has an access policy")
        _policies[model] = cls()
        return cls

    return register


def policy_for(model: type[models.Model]) -> Policy:
    return _policies.get(model, Policy())


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def visible(user, model_or_queryset: type[M] | models.QuerySet) -> models.QuerySet:
    """The rows of a model (or of a narrower queryset) this person may see."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, models.QuerySet)
        else model_or_queryset._default_manager.all()
    )
    if not _signed_in(user):
        return queryset.none()
    return policy_for(queryset.model).visible(user, queryset)


def can_change(user, obj: models.Model) -> bool:
    return _signed_in(user) and policy_for(type(obj)).can_change(user, obj)


def can_create(user, model: type[models.Model], **context: Any) -> bool:
    return _signed_in(user) and policy_for(model).can_create(user, **context)


def fetch(user, model_or_queryset: type[M] | models.QuerySet, *, edit: bool = False, **lookup):
    """Fetch one object and authorise in one call.

    Raises Http404 where the person may not see it (so its existence is not revealed)
    and PermissionDenied where they may see it but not change it.
    """
    queryset = visible(user, model_or_queryset)
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise refusal(Http404("Not found"), queryset.model, lookup) from error
    if edit and not can_change(user, obj):
        message = policy_for(type(obj)).why_not_change(user, obj)
        raise refusal(PermissionDenied(message), type(obj), {"pk": obj.pk})
    return obj


def require_create(user, model: type[models.Model], **context: Any) -> None:
    if not can_create(user, model, **context):
        raise refusal(PermissionDenied("Your role does not allow you to add this."), model, {})


def require(allowed: bool, message: str = "Your role does not allow this.") -> None:
    """Refuse with 403 unless ``allowed``; for role checks that have no single object."""
    if not allowed:
        raise refusal(PermissionDenied(message), None, {})


def refusal(error: Exception, model: type[models.Model] | None, lookup: dict) -> Exception:
    """Mark ``error`` as a refusal of this mechanism, so the denial is recorded
    (``auditportal.denials``) once the request has finished with it. Only ids and keys are
    kept, never what the refused object holds."""
    error.access_refusal = {
        "subject": model._meta.label_lower if model is not None else "",
        "lookup": ", ".join(f"{name}={value}" for name, value in sorted(lookup.items()))[:100],
    }
    return error
