"""`make load`: auditors autosaving at once against gunicorn (2 workers) and PostgreSQL, then a
check in the database that no acknowledged save was lost and no refused one was stored.

    bash bench/run.sh load                    # 50 auditors for 60 s
    LOAD_USERS=5 LOAD_SECONDS=5 bash bench/run.sh load   # what CI runs

Auditors work in pairs on visits being drafted (each pair declared on its visit). Each one
saves the evidence note of a question on a case of their own, as the autosave script does
(the note, the rating and the version the edit started from), and one save in five goes to the
answer both of the pair share, so the two race for it. A save answered 200 is acknowledged
with its new version; a 409 is a conflict: the auditor takes the version the server names and
carries on, as "keep theirs" does. Anything else is an error.

Afterwards, for every answer: its stored version is where it started plus the saves
acknowledged for it (so no refused save was stored and no acknowledged one vanished), no two
acknowledgements share a version (no save overwrote another unseen), and its stored note is
the one of its highest acknowledged version. Exits 1 on any error or mismatch.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import served  # noqa: E402

CASES_EACH = 2  # cases allocated to each auditor
SHARED_SHARE = 0.2  # saves that go to the pair's shared answer


def build(users: int) -> list[dict]:
    """Visits being drafted, two declared auditors each, and each auditor's targets."""
    import datetime

    from audits.models import Question, Visit
    from audits.toolfile import load_default_tool
    from authorities.models import Authority, Region, User
    from bench import dataset
    from bench.livedata import _person
    from tests.factories import declare_team, make_visit

    dataset.generate(councils=2, years=1, regions=1, tool_for=load_default_tool)
    region = Region.objects.filter(slug__startswith=dataset.SYNTHETIC_SLUG).order_by("pk").first()
    host, home = Authority.objects.filter(region=region).order_by("ons_code")[:2]
    tool = load_default_tool(region)
    coordinator = User.objects.get(email=f"coordinator@{region.slug}.invalid")
    questions = list(
        tool.questions.filter(answer_kind=Question.AnswerKind.SCALE).order_by(
            "theme__position", "position"
        )
    )
    levels = list(
        questions[0]
        .scale.levels.filter(is_not_applicable=False, is_not_evidenced=False)
        .values_list("key", flat=True)
    )
    auditors = [
        _person(f"psw.{n:03d}@{home.slug}.invalid", User.Role.PSW, council=home)
        for n in range(users)
    ]
    plans = []
    for first in range(0, users, 2):
        pair = auditors[first : first + 2]
        visit = make_visit(
            host=host,
            tool=tool,
            coordinator=coordinator,
            lead=pair[0],
            auditors=pair[1:],
            first_day=datetime.date.today(),
            cases=CASES_EACH * len(pair),
            status=Visit.Status.DRAFTING,
        )
        declare_team(visit)
        cases = list(visit.case_files.order_by("reference"))
        shared = (cases[0].pk, questions[0].key)
        for n, auditor in enumerate(pair):
            own = [(case.pk, q.key) for case in cases[n :: len(pair)] for q in questions[1:]]
            plans.append(
                {
                    "auditor": auditor,
                    "visit": visit.pk,
                    "own": own,
                    "shared": shared if len(pair) == 2 else None,
                    "levels": levels,
                }
            )
    return plans


class Auditor:
    """One auditor's autosaves: what they sent, what was acknowledged and what refused."""

    def __init__(self, plan: dict, number: int, log: dict, rng: random.Random):
        self.plan, self.number, self.log, self.rng = plan, number, log, rng
        self.versions: dict[tuple[int, str], int] = defaultdict(int)  # all start unanswered
        self.edits = 0

    def target(self) -> tuple[int, str]:
        if self.plan["shared"] and self.rng.random() < SHARED_SHARE:
            return self.plan["shared"]
        return self.rng.choice(self.plan["own"])

    async def run(self, client, until: float) -> None:
        while time.monotonic() < until:
            await self.save(client, *self.target())
            await asyncio.sleep(self.rng.uniform(0.1, 0.6))  # typing until the next autosave

    async def save(self, client, case: int, key: str) -> None:
        self.edits += 1
        note = f"Auditor {self.number} edit {self.edits}: evidence seen on file."
        body = {
            f"{key}-level": self.rng.choice(self.plan["levels"]),
            f"{key}-note": note,
            f"{key}-version": str(self.versions[(case, key)]),
        }
        url = f"/visits/{self.plan['visit']}/cases/{case}/answers/{key}/"
        started = time.perf_counter()
        try:
            response = await client.post(url, data=body, headers={"Accept": "application/json"})
            status, data = response.status_code, response.json() if response.content else {}
        except Exception as failure:  # a failed request is counted, not raised
            status, data = f"{type(failure).__name__}", {}
        self.log["times"].append(time.perf_counter() - started)
        if status == 200:
            self.versions[(case, key)] = data["version"]
            self.log["acks"].append((case, key, data["version"], note))
        elif status == 409:
            self.versions[(case, key)] = data["version"]
            self.log["conflicts"].append((case, key, note))
        else:
            self.log["errors"][str(status)] += 1


async def drive(base: str, plans: list[dict], cookies: dict, seconds: float) -> dict:
    import httpx

    log = {"times": [], "acks": [], "conflicts": [], "errors": defaultdict(int)}
    rng = random.Random(15)
    limits = httpx.Limits(max_connections=len(plans) * 2)
    clients = [
        httpx.AsyncClient(
            base_url=base,
            cookies=cookies[p["auditor"].pk],
            headers=served.csrf_header(cookies[p["auditor"].pk]),
            timeout=60,
            limits=limits,
        )
        for p in plans
    ]
    auditors = [Auditor(plan, n, log, random.Random(rng.random())) for n, plan in enumerate(plans)]
    started = time.monotonic()
    until = started + seconds
    await asyncio.gather(*(a.run(c, until) for a, c in zip(auditors, clients, strict=True)))
    log["elapsed"] = time.monotonic() - started
    for client in clients:
        await client.aclose()
    return log


def check(plans: list[dict], log: dict) -> list[str]:
    """What the database holds against what the server acknowledged and refused."""
    from audits.models import Answer

    problems = []
    acks = defaultdict(list)
    for case, key, version, note in log["acks"]:
        acks[(case, key)].append((version, note))
    stored = {
        (case, key): (version, note)
        for case, key, version, note in Answer.objects.filter(
            case_file__visit_id__in={p["visit"] for p in plans}
        ).values_list("case_file_id", "question__key", "version", "note")
    }
    for answer, saves in acks.items():
        versions = sorted(v for v, _note in saves)
        version, note = stored.get(answer, (0, ""))
        if len(set(versions)) != len(versions):
            problems.append(f"{answer}: two acknowledged saves share a version {versions}")
        if version != len(saves):
            problems.append(f"{answer}: stored version {version}, {len(saves)} saves acknowledged")
        if note != max(saves)[1]:
            problems.append(f"{answer}: stored note is not the last acknowledged one")
    for answer in set(stored) - set(acks):
        problems.append(f"{answer}: stored, but no save of it was acknowledged")
    stored_notes = {note for _version, note in stored.values()}
    problems += [
        f"a refused save is stored: {n}" for _c, _k, n in log["conflicts"] if n in stored_notes
    ]
    return problems


def report(log: dict, problems: list[str], users: int, seconds: float) -> dict:
    times = sorted(log["times"])
    count = len(times)
    return {
        "users": users,
        "seconds": seconds,
        "requests": count,
        "requests_per_second": round(count / log["elapsed"], 1),
        "p50_ms": round(statistics.median(times) * 1000, 1) if times else None,
        "p95_ms": round(statistics.quantiles(times, n=20)[-1] * 1000, 1) if count > 1 else None,
        "acknowledged": len(log["acks"]),
        "conflicts_refused": len(log["conflicts"]),
        "errors": dict(log["errors"]),
        "answers_checked": len({(c, k) for c, k, _v, _n in log["acks"]}),
        "problems": problems,
    }


def child(users: int, seconds: float, port: int, out: Path) -> None:
    import django

    django.setup()
    plans = build(users)
    cookies = {p["auditor"].pk: served.session_cookies(p["auditor"]) for p in plans}
    with served.Gunicorn(dict(os.environ), port) as server:
        log = asyncio.run(drive(server.base, plans, cookies, seconds))
        peak = server.peak_mib()
    result = report(log, check(plans, log), users, seconds)
    result["worker_peak_mib"] = round(peak, 1)
    out.write_text(json.dumps(result, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", "50")))
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("LOAD_SECONDS", "60"))
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", "8553")))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "load.json")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.users, args.seconds, args.port, args.out)
        return
    work = served.work_dir("auditportal-load-")
    database = served.clone(served.ensure_template(work), "bench_load")
    try:
        subprocess.run(  # noqa: S603
            [
                served.PYTHON,
                "-u",
                __file__,
                "--child",
                "--users",
                str(args.users),
                "--seconds",
                str(args.seconds),
                "--port",
                str(args.port),
                "--out",
                str(args.out),
            ],
            env=served.production_env(database, work),
            cwd=ROOT,
            check=True,
        )
    finally:
        served.drop(database)
    result = json.loads(args.out.read_text())
    print(
        f"{result['users']} auditors autosaving for {result['seconds']:g} s against gunicorn "
        f"(2 workers) and PostgreSQL: {result['requests']} saves, {result['requests_per_second']} "
        f"a second, p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms; "
        f"{result['acknowledged']} acknowledged, {result['conflicts_refused']} refused as "
        f"conflicts, errors {result['errors'] or 0}; worker peak {result['worker_peak_mib']} MiB"
    )
    problems = result["problems"]
    print(
        f"Database check of {result['answers_checked']} answers: "
        + (
            "every acknowledged save stored, every conflict refused"
            if not problems
            else f"{len(problems)} problems:\n  " + "\n  ".join(problems[:20])
        )
    )
    if problems or result["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
