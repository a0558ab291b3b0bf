"""`make bench`: every page that grows with the data, served by gunicorn on PostgreSQL, as a
ratio to a trivial signed-in page requested just before it in the same run.

    bash bench/run.sh pages            # regional (14 councils × 10 years), then national
    BENCH_SIZE=regional bash bench/run.sh pages
    BENCH_SIZE=tiny BENCH_REQUESTS=3 bash bench/run.sh pages   # what CI runs

For each size: a database cloned from a migrated template, the synthetic history
(``bench.dataset``) plus a visit being drafted and an issued report (``bench.livedata``),
then gunicorn with 2 workers and production settings. Each page is requested ``BENCH_REQUESTS``
times (30 by default), each time straight after the privacy notice (the trivial page) by the
same person, so both see the same load on a shared machine; the ratio is the page's median
over the trivial page's median. Queries are counted once per page through Django's test client
in the same process (CaptureQueriesContext); memory is the gunicorn workers' peak resident
size (VmHWM) after the run. The table is printed and written to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import served  # noqa: E402

# councils, years, regions: the measured region is the first synthetic one.
SIZES = {
    "regional": (14, 10, 1),  # one region of 14 councils: 140 visits
    "national": (153, 10, 9),  # 17 councils a region: 170 visits in the measured region
    "tiny": (2, 1, 1),
    "small": (4, 2, 2),
}
RUNS = {"all": ["regional", "national"], "ci": ["tiny", "small"]}
RESULTS = ROOT / "bench" / "results" / "latest.json"


# --- In the child: one size, built, served and measured ------------------------------------


def pages(live) -> list[dict]:
    """Each measured request: label, who, method, URL, and how many rows of data it shows."""
    from django.urls import reverse

    from audits.models import Answer, Visit
    from learning.models import QuestionTally

    v, case = live.visit, live.case
    in_region = Visit.objects.filter(host__region=live.region)
    answers = Answer.objects.filter(case_file=case, question__theme=live.question.theme).count()
    tallies = QuestionTally.objects.filter(visit__host__region=live.region).count()
    theme = live.question.theme.key
    return [
        page("home, coordinator", live.coordinator, reverse("home"), in_region.count()),
        page("home, auditing PSW", live.auditor, reverse("home"), 1),
        page("home, director", live.director, reverse("home"), 1),
        page("home, platform admin", live.admin, reverse("home"), 0),
        page("visits list", live.coordinator, reverse("audits:visit-list"), in_region.count()),
        page(
            "visit page",
            live.coordinator,
            reverse("audits:visit-detail", args=[v.pk]),
            v.case_files.count(),
        ),
        page(
            "case audit page (one theme)",
            live.auditor,
            reverse("audits:caseaudit-detail", args=[v.pk, case.pk]) + f"?theme={theme}",
            answers,
        ),
        page(
            "autosave (one answer)",
            live.auditor,
            reverse("audits:answer-save", args=[v.pk, case.pk, live.question.key]),
            1,
            method="POST",
        ),
        page(
            "report page",
            live.coordinator,
            reverse("reports:report-detail", args=[v.pk]),
            v.case_files.count(),
        ),
        page(
            "report preview",
            live.coordinator,
            reverse("reports:report-preview", args=[v.pk]),
            v.case_files.count(),
        ),
        page(
            "issued download (PDF)",
            live.director,
            reverse("reports:version-pdf", args=[live.issued_visit.pk, 1]),
            1,
        ),
        page("dashboard, coordinator", live.coordinator, reverse("learning:dashboard"), tallies),
        page(
            "my council, director",
            live.director,
            reverse("learning:my-council"),
            Visit.objects.filter(host=live.council).count(),
        ),
        page("CSV export", live.coordinator, reverse("learning:export-csv"), tallies),
        page("XLSX export", live.coordinator, reverse("learning:export-xlsx"), tallies),
    ]


def page(label, person, url, rows, method="GET") -> dict:
    return {"label": label, "person": person, "url": url, "rows": rows, "method": method}


class Autosave:
    """The autosave's body: a changed note each time, from the version last acknowledged."""

    def __init__(self, live):
        self.key, self.n = live.question.key, 0
        self.version = live.question.answers.get(case_file=live.case).version

    def body(self) -> dict:
        self.n += 1
        return {
            f"{self.key}-level": "met",
            f"{self.key}-note": f"Evidence seen on file, revision {self.n}.",
            f"{self.key}-version": str(self.version),
        }

    def saw(self, status: int, data: dict) -> None:
        if status != 200:
            raise RuntimeError(f"autosave answered {status}: {data}")
        self.version = data["version"]


def count_queries(items, cookies, autosave) -> None:
    """Queries per request through the test client, in this process, after one warm-up."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for item in items:
        client = Client()
        for name, value in cookies[item["person"].pk].items():
            client.cookies[name] = value

        def send(client=client, item=item):
            if item["method"] == "POST":
                response = client.post(item["url"], autosave.body())
                autosave.saw(response.status_code, response.json())
                return response
            return client.get(item["url"])

        send()
        with CaptureQueriesContext(connection) as queries:
            response = send()
            if response.streaming:
                b"".join(response.streaming_content)
        if response.status_code != 200:
            raise RuntimeError(f"{item['label']}: {item['url']} answered {response.status_code}")
        item["queries"] = len(queries.captured_queries)


# Exports ask for the password again 15 minutes after it was given: sign in afresh sooner.
SIGN_IN_AGAIN_AFTER = 10 * 60


def signed_in_clients(server, items) -> dict:
    """An HTTP client per person, signed in a moment ago."""
    import httpx

    people = {item["person"].pk: item["person"] for item in items}
    clients = {}
    for pk, person in people.items():
        jar = served.session_cookies(person)
        clients[pk] = httpx.Client(
            base_url=server.base, cookies=jar, headers=served.csrf_header(jar), timeout=300
        )
    return clients


def time_pages(server, items, autosave, requests: int) -> None:
    """Interleaved: each page's request follows the trivial page's, by the same person."""
    clients, signed_in_at = signed_in_clients(server, items), time.monotonic()
    for item in items:
        item["samples"], item["trivial"] = [], []
    for _round in range(requests + 1):  # the first round warms each worker's caches
        if time.monotonic() - signed_in_at > SIGN_IN_AGAIN_AFTER:
            for client in clients.values():
                client.close()
            clients, signed_in_at = signed_in_clients(server, items), time.monotonic()
        for item in items:
            client = clients[item["person"].pk]
            trivial = timed(lambda c=client: c.get("/privacy/"))
            if item["method"] == "POST":
                seconds, response = timed_response(
                    lambda c=client, u=item["url"]: c.post(u, data=autosave.body())
                )
                autosave.saw(response.status_code, response.json())
            else:
                seconds = timed(lambda c=client, u=item["url"]: c.get(u))
            if _round:
                item["trivial"].append(trivial)
                item["samples"].append(seconds)
    for client in clients.values():
        client.close()


def timed(send) -> float:
    seconds, response = timed_response(send)
    if response.status_code != 200:
        raise RuntimeError(f"{response.request.url} answered {response.status_code}")
    return seconds


def timed_response(send):
    started = time.perf_counter()
    response = send()
    response.read()
    return time.perf_counter() - started, response


def child(size: str, requests: int, port: int, out: Path) -> None:
    import django

    django.setup()
    from audits.toolfile import load_default_tool
    from authorities.models import Region
    from bench import dataset, livedata

    councils, years, regions = SIZES[size]
    result = dataset.generate(
        councils=councils, years=years, regions=regions, tool_for=load_default_tool
    )
    region = Region.objects.filter(slug__startswith=dataset.SYNTHETIC_SLUG).order_by("pk").first()
    live = livedata.build(region)
    items = pages(live)
    people = {item["person"].pk: item["person"] for item in items}
    cookies = {pk: served.session_cookies(person) for pk, person in people.items()}
    autosave = Autosave(live)
    count_queries(items, cookies, autosave)
    with served.Gunicorn(dict(os.environ), port) as server:
        time_pages(server, items, autosave, requests)
        peak = server.peak_mib()
    out.write_text(json.dumps(summary(size, result, items, peak, requests), indent=1))


def summary(size, result, items, peak, requests) -> dict:
    def p95(samples):
        return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]

    return {
        "size": size,
        "data": {
            "councils": result.councils,
            "regions": result.regions,
            "visits": result.visits,
            "cases": result.cases,
            "answers": result.answers,
            "seconds": round(result.seconds, 1),
        },
        "requests": requests,
        "worker_peak_mib": round(peak, 1),
        "pages": [
            {
                "page": item["label"],
                "rows": item["rows"],
                "median_ms": round(statistics.median(item["samples"]) * 1000, 1),
                "p95_ms": round(p95(item["samples"]) * 1000, 1),
                "trivial_median_ms": round(statistics.median(item["trivial"]) * 1000, 1),
                "ratio": round(
                    statistics.median(item["samples"]) / statistics.median(item["trivial"]), 2
                ),
                "queries": item["queries"],
            }
            for item in items
        ],
    }


# --- In the parent: a database per size, a child per size, one table ----------------------


def run_size(size: str, template: str, args, work: str) -> dict:
    database = served.clone(template, f"bench_{size}")
    out = Path(work) / f"{size}.json"
    env = served.production_env(database, work)
    started = time.monotonic()
    try:
        subprocess.run(  # noqa: S603
            [
                served.PYTHON,
                "-u",
                __file__,
                "--child",
                size,
                "--requests",
                str(args.requests),
                "--port",
                str(args.port),
                "--out",
                str(out),
            ],
            env=env,
            cwd=ROOT,
            check=True,
        )
    finally:
        served.drop(database)
    result = json.loads(out.read_text())
    result["wall_seconds"] = round(time.monotonic() - started, 1)
    return result


def table(runs: list[dict]) -> str:
    last, first = runs[-1], runs[0]
    by_page = {p["page"]: p for p in first["pages"]}
    sizes = " / ".join(run["size"] for run in runs)
    lines = [
        f"| page | rows ({sizes}) | median ms | p95 ms | ratio ({last['size']}) "
        f"| ratio ({first['size']}) | queries ({sizes}) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for p in last["pages"]:
        small = by_page[p["page"]]
        lines.append(
            f"| {p['page']} | {small['rows']} / {p['rows']} | {p['median_ms']} | {p['p95_ms']} "
            f"| {p['ratio']:.2f} | {small['ratio']:.2f} | {small['queries']} / {p['queries']} |"
        )
    peaks = ", ".join(f"{run['size']} {run['worker_peak_mib']} MiB" for run in runs)
    trivial = statistics.median(p["trivial_median_ms"] for p in last["pages"])
    lines.append("")
    lines.append(
        f"Trivial page (privacy notice, signed in): median {trivial} ms at {last['size']}. "
        f"Worker peak memory: {peaks}. {last['requests']} requests a page."
    )
    return "\n".join(lines)


def machine() -> dict:
    memory = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(memory / 1024 / 1024),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size", default=os.environ.get("BENCH_SIZE", "all"), choices=[*RUNS, *SIZES]
    )
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", "30")))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8551")))
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", choices=list(SIZES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.requests, args.port, args.out)
        return
    work = served.work_dir("auditportal-bench-")
    started, load_before = datetime.datetime.now(datetime.UTC), os.getloadavg()
    template = served.ensure_template(work)
    runs = [run_size(size, template, args, work) for size in RUNS.get(args.size, [args.size])]
    report = {
        "date": started.isoformat(timespec="seconds"),
        "machine": {**machine(), "load_average_before": [round(x, 2) for x in load_before]},
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    for run in runs:
        data = run["data"]
        print(
            f"{run['size']}: {data['councils']} councils in {data['regions']} regions, "
            f"{data['visits']} visits, {data['answers']:,} answers built in {data['seconds']} s; "
            f"whole size {run['wall_seconds']} s"
        )
    print(table(runs))
    m = report["machine"]
    print(
        f"\n{report['date']}, {m['cores']} cores, {m['memory_gib']} GiB, load {m['load_average']}"
        f"; written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}"
    )


if __name__ == "__main__":
    main()
