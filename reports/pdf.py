"""The report as HTML and as a PDF: one template, rendered by WeasyPrint for print."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML

from .builder.data import Report
from .fetcher import BASE_URL, StaticOnlyFetcher
from .printable import printable_html

TEMPLATE = "reports/report_pdf.html"


def render_html(report: Report) -> str:
    """The standalone HTML document WeasyPrint lays out; the preview shows the same body."""
    return render_to_string(TEMPLATE, {"report": report})


def html_to_pdf(html: str) -> bytes:
    """Lay out and write the PDF: A4, tagged (PDF/UA-1), loading only our static files."""
    html = printable_html(html)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")


def render_pdf(report: Report) -> bytes:
    return html_to_pdf(render_html(report))
