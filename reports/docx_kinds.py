"""The Word document's results for questions of the other kinds (``builder.kinds``): a table of
answers per choice question, a sentence for numbers and dates. Free text is never in it.

``render_docx`` hands over its table writer, so the tables look like the rest of the file.
"""

from __future__ import annotations

from collections.abc import Callable

from .builder.data import ThemeSection
from .charts import percent_or_dash


def other_kinds(doc, theme: ThemeSection, table: Callable) -> None:
    if not theme.other_kinds:
        return
    doc.add_heading("Answers to the other questions", level=2)
    for result in theme.other_kinds:
        title = f"{result.number} {result.text}"
        if not result.options:
            doc.add_paragraph(f"{title}: {result.summary}")
            continue
        table(
            doc,
            f"{title}: {result.summary}",
            ["Answer", "Cases", "Share of those answering"],
            [
                [option.label, str(option.count), percent_or_dash(option.percent)]
                for option in result.options
            ],
            numeric={1, 2},
        )
