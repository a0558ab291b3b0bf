"""How fast a case audit opens and an answer autosaves, as ratios to a trivial page.

    python bench/bench_case_audit.py [--runs 50]

Builds, in a temporary SQLite database, a visit of 40 cases audited with an 80-question tool
(every answer of the measured case filled in, with notes), signs in as the auditor with
Django's test client, and times three requests served the same way: the privacy notice (a
trivial signed-in page), one theme of the case audit page, and one autosave round trip
(a changed evidence note, saved from the current version). Prints the median of each and
their ratios to the trivial page, plus the queries each takes. Ratios, not milliseconds,
are what to compare between machines.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORKDIR = tempfile.mkdtemp(prefix="auditportal-bench-")
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "auditportal.settings",
        "AUDITPORTAL_VAR_DIR": WORKDIR,
        "DATABASE_URL": f"sqlite:///{WORKDIR}/bench.sqlite3",
        # Served as in production: no debug toolbar of queries kept in memory.
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_MANIFEST": "false",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from audits.models import Answer, Question, RatingLevel, Visit  # noqa: E402
from authorities.models import Authority, Region, User  # noqa: E402
from authorities.services import load_authorities  # noqa: E402
from tests.factories import declare_team, make_tool, make_visit  # noqa: E402

CASES, THEMES, QUESTIONS_PER_THEME = 40, 10, 8


def build():
    call_command("migrate", verbosity=0)
    load_authorities()
    region = Region.objects.get(slug="west-midlands")
    council = {a.slug: a for a in Authority.objects.filter(region=region)}

    def person(email, role, authority=None):
        return User.objects.create_user(
            email=email,
            password="bench-password-1234",
            full_name=email.split("@")[0].title(),
            role=role,
            home_authority=authority,
            region=region,
        )

    coordinator = person("coordinator@bench.test", User.Role.COORDINATOR)
    auditor = person("psw@dudley.bench.test", User.Role.PSW, council["dudley"])
    co_auditor = person("psw@walsall.bench.test", User.Role.PSW, council["walsall"])
    tool = make_tool(region, themes=THEMES, questions=QUESTIONS_PER_THEME, name="Bench tool")
    visit = make_visit(
        host=council["sandwell"],
        tool=tool,
        coordinator=coordinator,
        lead=auditor,
        auditors=[co_auditor],
        cases=CASES,
        status=Visit.Status.ON_SITE,
    )
    declare_team(visit)
    levels = list(RatingLevel.objects.filter(scale__tool=tool, scale__key="question"))
    cases = list(visit.case_files.order_by("reference"))
    Answer.objects.bulk_create(
        Answer(
            case_file=case,
            question=question,
            level=levels[n % len(levels)],
            note="Evidence seen on file; manager decision recorded with reasons.",
            version=1,
            updated_by=auditor,
        )
        for case in cases
        for n, question in enumerate(Question.objects.filter(tool=tool))
    )
    return visit, cases[0], auditor


def timed(send, runs: int) -> tuple[float, int]:
    """Median milliseconds of ``send()`` over ``runs`` after a warm-up, and its queries."""
    for _ in range(5):
        send()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = send()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        send()
    return statistics.median(samples), len(queries.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="timed requests of each kind")
    runs = parser.parse_args().runs
    visit, case, auditor = build()
    client = Client()
    client.force_login(auditor)

    trivial = reverse("privacy")
    page = reverse("audits:caseaudit-detail", args=[visit.pk, case.pk]) + "?theme=t5"
    save_url = reverse("audits:answer-save", args=[visit.pk, case.pk, "t5-q3"])
    state = {"version": 1, "n": 0}

    def autosave():
        state["n"] += 1
        response = client.post(
            save_url,
            {
                "t5-q3-level": "partly-met",
                "t5-q3-note": f"Evidence seen on file, revision {state['n']}.",
                "t5-q3-version": state["version"],
            },
        )
        state["version"] = response.json()["version"]
        return response

    baseline, baseline_queries = timed(lambda: client.get(trivial), runs)
    case_page, page_queries = timed(lambda: client.get(page), runs)
    save, save_queries = timed(autosave, runs)

    print(f"Case audit benchmark: {CASES} cases, {THEMES * QUESTIONS_PER_THEME}-question tool,")
    print(f"SQLite, Django test client, median of {runs} runs each.")
    print(
        f"  trivial signed-in page (privacy)  {baseline:7.2f} ms  {baseline_queries:2} queries"
        "  1.00"
    )
    print(
        f"  case audit page (one theme)       {case_page:7.2f} ms  {page_queries:2} queries"
        f"  {case_page / baseline:.2f}"
    )
    print(
        f"  autosave round trip (one answer)  {save:7.2f} ms  {save_queries:2} queries"
        f"  {save / baseline:.2f}"
    )


if __name__ == "__main__":
    main()
