"""CQC's quality statements in templates: ``{{ key|cqc_label }}`` and ``{{ key|we_statement }}``."""

from django import template

from ..cqc import QualityStatement
from ..cqc import we_statement as _we_statement

register = template.Library()


@register.filter
def cqc_label(key: str) -> str:
    return dict(QualityStatement.choices).get(key, key)


@register.filter
def we_statement(key: str) -> str:
    return _we_statement(key)
