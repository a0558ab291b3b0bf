"""How long the covering report takes, compared with what it cannot avoid.

Builds a 16-case and a 40-case visit with an 80-question tool (8 themes of 10 questions, every
question answered on every case), with the fieldwork the report reads (a finding per theme,
conversations with views on every theme, two cases rated blind by both auditors) in a
throwaway SQLite database, then prints for each:

- build + HTML: ``builder.build`` and the template, as a ratio to WeasyPrint's own layout of
  that same HTML (the floor for any PDF made this way);
- the PDF's page count, and the time to write it;
- peak memory: Python allocations (tracemalloc) while building and laying out, and the
  process's peak resident size;
- a download of the issued PDF through the test client (access check, digest check, log row),
  as a ratio to WhiteNoise serving a static file of the same size through the same client.

Run: ``python bench/bench_report.py`` (about a minute). Prints ratios, not pass or fail.
"""

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="auditportal-bench-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="auditportal.settings",
    DJANGO_DEBUG="true",
    DATABASE_URL=f"sqlite:///{WORK / 'bench.sqlite3'}",
    AUDITPORTAL_VAR_DIR=str(WORK),
    DJANGO_MEDIA_ROOT=str(WORK / "media"),
    DJANGO_LOG_LEVEL="ERROR",
    DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
STATIC = WORK / "static"
STATIC.mkdir()

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, STATIC]
settings.ALLOWED_HOSTS = ["testserver"]
django.setup()

import resource  # noqa: E402
from unittest import mock  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from weasyprint import HTML  # noqa: E402

from audits.models import (  # noqa: E402
    Answer,
    AuditTool,
    Calibration,
    CalibrationRating,
    CaseFile,
    CaseJudgement,
    Conversation,
    ConversationView,
    Question,
    RatingLevel,
    RatingScale,
    Theme,
    ThemeFinding,
    Visit,
    VisitAuditor,
)
from authorities.models import Authority, Region, User  # noqa: E402
from reports import builder, pdf, services  # noqa: E402
from reports.fetcher import BASE_URL, StaticOnlyFetcher  # noqa: E402
from reports.models import CoveringReport, ReportSection  # noqa: E402

QUESTION_LEVELS = [
    ("met", "Met", 3, "#00703c", False, False),
    ("partly-met", "Partly met", 2, "#f47738", False, False),
    ("not-met", "Not met", 1, "#d4351c", False, False),
    ("not-evidenced", "Not evidenced on file", 0, "#912b88", False, True),
    ("not-applicable", "Not applicable", 0, "#b1b4b6", True, False),
]
JUDGEMENT_LEVELS = [
    ("outstanding", "Outstanding", 4, "#00703c"),
    ("good", "Good", 3, "#1d70b8"),
    ("requires-improvement", "Requires improvement", 2, "#f47738"),
    ("inadequate", "Inadequate", 1, "#d4351c"),
]
CQC = ["assessing-needs", "safeguarding", "care-provision", "governance", "equity"]
RUNS = 3


def person(email, role, council=None, region=None):
    return User.objects.create_user(
        email=email,
        password="bench-password-only",
        full_name=email.split("@")[0].title(),
        role=role,
        home_authority=council,
        region=region or council.region,
    )


def make_tool(region):
    tool = AuditTool.objects.create(
        region=region,
        name="West Midlands case file audit tool",
        version=3,
        changelog="Carers' questions split; Making Safeguarding Personal added.",
    )
    qscale = RatingScale.objects.create(tool=tool, key="q", name="Question", purpose="question")
    for position, (key, label, score, colour, na, ne) in enumerate(QUESTION_LEVELS):
        RatingLevel.objects.create(
            scale=qscale,
            key=key,
            label=label,
            score=score,
            colour=colour,
            position=position,
            is_not_applicable=na,
            is_not_evidenced=ne,
        )
    jscale = RatingScale.objects.create(tool=tool, key="j", name="Judgement", purpose="judgement")
    for position, (key, label, score, colour) in enumerate(JUDGEMENT_LEVELS):
        RatingLevel.objects.create(
            scale=jscale, key=key, label=label, score=score, colour=colour, position=position
        )
    for t in range(1, 9):
        theme = Theme.objects.create(
            tool=tool,
            key=f"t{t}",
            position=t,
            title=f"Theme {t} of the audit tool",
            description="What good practice looks like on this theme.",
        )
        Question.objects.bulk_create(
            Question(
                tool=tool,
                theme=theme,
                key=f"t{t}-q{q}",
                position=q,
                scale=qscale,
                text=f"Question {q} on theme {t}: is the practice evidenced on the file?",
                cqc_statements=[CQC[(t + q) % len(CQC)]],
            )
            for q in range(1, 11)
        )
    # A new tool starts as a draft; published straight in the table, as the test factories do.
    AuditTool.objects.filter(pk=tool.pk).update(status="published")
    tool.refresh_from_db()
    return tool


def make_visit(tool, host, coordinator, auditors, cases, month):
    import datetime

    visit = Visit.objects.create(
        host=host,
        tool=tool,
        coordinator=coordinator,
        first_day=datetime.date(2027, month, 9),
        last_day=datetime.date(2027, month, 10),
        data_sharing_reference=f"DSA-{host.slug.upper()}-2027",
        status="accuracy_check",
    )
    VisitAuditor.objects.create(visit=visit, auditor=auditors[0], is_lead=True)
    VisitAuditor.objects.create(visit=visit, auditor=auditors[1])
    types, ages, reasons = (
        list(CaseFile.CaseType),
        list(CaseFile.AgeBand),
        list(CaseFile.SupportReason),
    )
    files = CaseFile.objects.bulk_create(
        CaseFile(
            visit=visit,
            reference=f"{host.name[:3].upper()}-{n:02d}",
            case_type=types[n % len(types)],
            age_band=ages[n % len(ages)],
            primary_support_reason=reasons[n % len(reasons)],
            team="Locality team",
        )
        for n in range(1, cases + 1)
    )
    levels = list(RatingLevel.objects.filter(scale__tool=tool, scale__purpose="question"))
    judgements = list(RatingLevel.objects.filter(scale__tool=tool, scale__purpose="judgement"))
    questions = list(Question.objects.filter(tool=tool))
    Answer.objects.bulk_create(
        Answer(case_file=f, question=q, level=levels[(i * 7 + j * 3) % 5 if j % 4 else 0])
        for i, f in enumerate(files)
        for j, q in enumerate(questions)
    )
    CaseJudgement.objects.bulk_create(
        CaseJudgement(case_file=f, level=judgements[i % 4]) for i, f in enumerate(files)
    )
    add_fieldwork(visit, auditors, files, questions, levels, judgements)
    report = CoveringReport.objects.create(
        visit=visit,
        status="accuracy_check",
        summary="The sample shows timely, person-centred assessments. " * 8,
    )
    ReportSection.objects.bulk_create(
        ReportSection(
            report=report,
            theme=theme,
            narrative="The files show steady practice. " * 20,
            lines_of_enquiry="How is drift spotted?\nWho signs off plans?",
        )
        for theme in tool.themes.all()
    )
    return visit


def add_fieldwork(visit, auditors, files, questions, levels, judgements):
    """A finding per theme, 2 conversations per group with a view on every theme, and two
    cases rated blind by both auditors: what the report's triangulation and agreement read."""
    import datetime

    themes = list(visit.tool.themes.all())
    ThemeFinding.objects.bulk_create(
        ThemeFinding(
            visit=visit,
            theme=theme,
            strengths="Assessments were done with the person.\nCarers were offered help.",
            areas_for_development="Plans were not always shared.",
            level=judgements[t % 4],
            shareable_good_practice=t < 2,
        )
        for t, theme in enumerate(themes)
    )
    for n, group in enumerate([g for g, _ in Conversation.Group.choices] * 2):
        conversation = Conversation.objects.create(
            visit=visit,
            group=group,
            held_on=visit.first_day + datetime.timedelta(days=n % 2),
            created_by=auditors[0],
        )
        ConversationView.objects.bulk_create(
            ConversationView(
                conversation=conversation,
                theme=theme,
                level=judgements[(n + t) % 4],
                summary="What this group said about the theme, in a sentence or two.",
            )
            for t, theme in enumerate(themes)
        )
    for f in files[:2]:
        calibration = Calibration.objects.create(
            case_file=f,
            first_rater=auditors[0],
            second_rater=auditors[1],
            marked_by=auditors[0],
            revealed_at=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC),
        )
        CalibrationRating.objects.bulk_create(
            CalibrationRating(
                calibration=calibration,
                question=q,
                rater=rater,
                level=levels[(j + r * (j % 3 == 0)) % 3],
            )
            for j, q in enumerate(questions)
            for r, rater in enumerate(auditors)
        )


def median_time(fn, runs=RUNS):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def fetch_all(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(body)


def main():
    call_command("migrate", verbosity=0)
    call_command("load_authorities", verbosity=0)
    region = Region.objects.get(slug="west-midlands")
    council = {a.slug: a for a in Authority.objects.all()}
    coordinator = person("coordinator@bench.test", "coordinator", region=region)
    auditors = [
        person("psw@dudley.bench", "psw", council["dudley"]),
        person("psw@walsall.bench", "psw", council["walsall"]),
    ]
    director = person("director@sandwell.bench", "director", council["sandwell"])
    tool = make_tool(region)
    print(
        f"AuditPortal report benchmark: {Question.objects.filter(tool=tool).count()}-question "
        f"tool, SQLite, WeasyPrint, Python {sys.version.split()[0]}\n"
    )

    rows = []
    for cases, month in ((16, 3), (40, 4)):
        visit = make_visit(tool, council["sandwell"], coordinator, auditors, cases, month)

        def build_and_html(visit=visit):
            return pdf.render_html(builder.build(visit, draft=True))

        t_build, html = median_time(build_and_html)
        t_layout, document = median_time(
            lambda html=html: HTML(
                string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()
            ).render(pdf_variant="pdf/ua-1")
        )
        t_write, _ = median_time(lambda document=document: document.write_pdf(), runs=1)
        tracemalloc.start()
        HTML(string=build_and_html(), base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render(
            pdf_variant="pdf/ua-1"
        ).write_pdf()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        issued = services.issue_report(visit=visit, by=coordinator)
        t_download, t_static, t_unlogged = download_times(issued, director, cases)
        rows.append(
            (
                cases,
                t_build,
                t_layout,
                len(document.pages),
                t_write,
                peak,
                issued.pdf_size,
                t_download,
                t_static,
                t_unlogged,
            )
        )

    print_table(rows)


def download_times(issued, director, cases: int) -> tuple[float, float, float]:
    """The issued PDF's download beside a static file of its size, and without its log row."""
    client = Client()
    client.force_login(director)
    same_size = STATIC / f"same-size-{cases}.bin"
    same_size.write_bytes(os.urandom(issued.pdf_size))
    download = reverse("reports:version-pdf", args=[issued.visit_id, issued.version])
    static = f"{settings.STATIC_URL}{same_size.name}"
    fetch_all(client, download), fetch_all(client, static)  # warm both paths
    t_download, _ = median_time(lambda: fetch_all(client, download), runs=20)
    t_static, _ = median_time(lambda: fetch_all(client, static), runs=20)
    # Where the difference goes: the same download without writing its log row.
    with mock.patch("reports.services.log_download"):
        t_unlogged, _ = median_time(lambda: fetch_all(client, download), runs=20)
    return t_download, t_static, t_unlogged


def print_table(rows: list[tuple]) -> None:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{'cases':>5}  {'build+HTML':>10}  {'layout':>8}  {'ratio':>6}  {'pages':>5}  "
        f"{'write':>7}  {'peak alloc':>10}  {'PDF size':>9}  {'download':>9}  {'static':>8}  "
        f"{'ratio':>6}  {'unlogged':>8}  {'ratio':>6}"
    )
    for cases, t_build, t_layout, pages, t_write, peak, size, t_dl, t_st, t_un in rows:
        print(
            f"{cases:>5}  {t_build * 1000:>8.0f}ms  {t_layout:>7.2f}s  {t_build / t_layout:>6.3f}  "
            f"{pages:>5}  {t_write:>6.2f}s  {peak / 2**20:>8.1f}MB  {size / 1024:>7.0f}kB  "
            f"{t_dl * 1000:>7.1f}ms  {t_st * 1000:>6.1f}ms  {t_dl / t_st:>6.2f}  "
            f"{t_un * 1000:>6.1f}ms  {t_un / t_st:>6.2f}"
        )
    print(f"\nprocess peak resident size: {rss:.0f} MB")
    print("ratio (build+HTML) = builder and template time / WeasyPrint layout of the same HTML;")
    print("ratio (download) = issued PDF through access, digest check and log / static file;")
    print("unlogged = the same download without its log row (a durable SQLite write).")
    print(f"load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil

        shutil.rmtree(WORK, ignore_errors=True)
