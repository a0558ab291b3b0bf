"""What needs a person's attention: the items their home page lists first.

Each app registers *providers* with ``@attention_provider(roles...)``: a function taking the
person and today's date and returning ``Attention`` items, each linking to the page that
does the job. Audits adds its own (declarations, cases, sample, concerns); an app above it
(the covering report, regional learning, improvement plans) adds its own from its
``AppConfig.ready``, so the home page lists them without audits importing that app.

A provider runs a fixed number of queries whatever the data (one, usually), and only for
the roles it names, so the home page's query count is pinned per role.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Attention:
    """One thing a person should do next, and the page where they do it."""

    label: str  # the link's text, saying what to do: "Make your declaration for Sandwell"
    url: str
    detail: str = ""  # a sentence after the link: why, or what is left
    urgent: bool = False  # a person at risk, or a deadline passed: listed first


Provider = Callable[..., Iterable[Attention]]


@dataclass(frozen=True)
class _Registered:
    roles: frozenset[str]
    provider: Provider


# In the order the apps registered them (INSTALLED_APPS order, then module order).
PROVIDERS: list[_Registered] = []


def attention_provider(*roles: str) -> Callable[[Provider], Provider]:
    """Register ``provider(person, today)`` for people with one of ``roles``."""

    def register(provider: Provider) -> Provider:
        PROVIDERS.append(_Registered(frozenset(roles), provider))
        return provider

    return register


def attention_for(person, today: datetime.date | None = None) -> list[Attention]:
    """Everything that needs ``person`` now, urgent items first, then in provider order."""
    today = today or timezone.localdate()
    items = [
        item
        for registered in PROVIDERS
        if person.role in registered.roles
        for item in registered.provider(person, today)
    ]
    return sorted(items, key=lambda item: not item.urgent)  # stable: keeps provider order
