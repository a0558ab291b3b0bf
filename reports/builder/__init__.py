"""From a visit to the plain data of its covering report.

``build(visit)`` returns frozen dataclasses (``builder.data``) and nothing else: the HTML
preview, the PDF and the Word document are all rendered from the same ``Report``, so they
cannot disagree. One function makes each section: the cover, scope and method and the summary
(``front``), each theme (``themes``), and concerns, recommendations, learning for the region,
the CQC crosswalk and the appendix of cases (``back``), from what ``reading`` counts once.

Counting rules, stated in the report itself (``COUNTING_RULE``), are ``audits.counting``'s:
Not applicable leaves the denominator and is shown as a count with no percentage; Not
evidenced on file stays in it and counts as a shortfall; a shortfall is any counted rating
below the scale's best level (Met, Outstanding); percentages are rounded half up.

Every count is made by the database (``GROUP BY`` with ``COUNT``), so the number of queries
is the same whatever the size of the visit (``QUERY_COUNT``, pinned by a test).
"""

from .back import recommendations_of
from .data import COUNTING_RULE, Report
from .front import file_stem, report_title
from .report import QUERY_COUNT, build, sections
from .themes import suggested_lines_of_enquiry, suggested_narrative

__all__ = [
    "COUNTING_RULE",
    "QUERY_COUNT",
    "Report",
    "build",
    "file_stem",
    "recommendations_of",
    "report_title",
    "sections",
    "suggested_lines_of_enquiry",
    "suggested_narrative",
]
