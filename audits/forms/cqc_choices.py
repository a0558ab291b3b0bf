"""CQC's quality statements as checkbox choices, each with its we statement as the hint."""

from crispy_forms_gds.choices import Choice

from ..cqc import QualityStatement, we_statement


def quality_statement_choices() -> list[Choice]:
    return [
        Choice(key, label, hint=we_statement(key) or None)
        for key, label in QualityStatement.choices
    ]
