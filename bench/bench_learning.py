"""Regional learning at national scale: how much slower than a trivial signed-in page?

    python bench/bench_learning.py [--councils 153] [--years 10] [--repeat 5]

Generates the synthetic dataset (``bench.dataset``) in a temporary SQLite database, and in
a temporary PostgreSQL database too when ``DATABASE_URL`` points at a PostgreSQL server, then
serves the regional dashboard, the host view and both exports through Django's test client,
signed in, and prints each one's median time as a ratio to the home page served the same way.
Ratios, not seconds, so that numbers from different machines can be compared.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(args) -> None:
    """Run in a fresh process whose settings point at the database to measure."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    postgres = connection.vendor == "postgresql"
    if postgres:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        measure(args, Client)
    finally:
        if postgres:
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def tool_loader():
    """The default tool where its loader exists; otherwise a tool of the same size."""
    try:
        from audits.toolfile import load_default_tool

        return load_default_tool, "the default West Midlands tool"
    except ImportError:
        from audits.models import AuditTool
        from tests.factories import make_tool

        def stand_in(region):
            found = AuditTool.objects.filter(region=region).first()
            return found or make_tool(region, themes=13, questions=6)

        return stand_in, "a stand-in tool of 13 themes × 6 questions (no tool-file loader here)"


def give_authenticator(person) -> None:
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(
        user=person, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "BENCH" * 6}}
    )


def signed_in(client, person):
    """A client signed in as ``person`` a moment ago with their password (and code), so that
    the exports do not ask for the password again."""
    from importlib import import_module

    from allauth.account.internal.flows.login import record_authentication
    from django.conf import settings
    from django.contrib.auth import login
    from django.http import HttpRequest

    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, person, "django.contrib.auth.backends.ModelBackend")
    record_authentication(request, person, "password", reauthenticated=True)
    request.session.save()
    client._set_login_cookies(request)
    return client


def measure(args, client_class) -> None:
    from django.db import connection
    from django.urls import reverse

    from authorities.models import Authority, Region, User
    from authorities.services import load_authorities
    from bench import dataset

    load_authorities()
    loader, tool_name = tool_loader()
    result = dataset.generate(
        councils=args.councils, years=args.years, tool_for=loader, seed=args.seed
    )
    print(
        f"\n[{connection.vendor}] {result.councils} councils in {result.regions} regions × "
        f"{args.years} years with {tool_name}: {result.visits} visits, {result.cases} cases, "
        f"{result.answers} answers, {result.judgements} judgements; {result.rows} rows in "
        f"{result.seconds:.1f} s ({result.rows_per_second:,.0f} rows a second)"
    )
    region = Region.objects.filter(slug__startswith=dataset.SYNTHETIC_SLUG).order_by("pk").first()
    council = Authority.objects.filter(region=region).order_by("ons_code").first()
    coordinator = User.objects.get(email=f"coordinator@{region.slug}.invalid")
    director, _ = User.objects.get_or_create(
        email="bench.director@synthetic.invalid",
        defaults={
            "full_name": "Bench Director",
            "role": User.Role.DIRECTOR,
            "home_authority": council,
            "region": region,
        },
    )
    councils_in_region = Authority.objects.filter(region=region).count()
    print(f"measured on {region.name}: {councils_in_region} councils, {args.years} years")

    give_authenticator(coordinator)  # the coordinator's role signs in with a code

    def timed(person, url) -> tuple[float, float, int]:
        """Median wall time, and median CPU time of this process (which, on SQLite, includes
        the database's own work: steadier than wall time on a shared machine)."""
        client = signed_in(client_class(), person)
        response = client.get(url)  # warm: templates compiled, connection open
        assert response.status_code == 200, (url, response.status_code)
        wall, cpu = [], []
        for _ in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            size = len(response.getvalue())  # a streamed download is read to its end
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        return statistics.median(wall), statistics.median(cpu), size

    dashboard, last = reverse("learning:dashboard"), datetime.date.today().year - 1
    cases = [
        ("home page (trivial, signed in)", coordinator, reverse("home")),
        ("dashboard, coordinator (names)", coordinator, reverse("learning:dashboard")),
        ("dashboard, director (letters)", director, reverse("learning:dashboard")),
        ("dashboard, last year only", coordinator, f"{dashboard}?year_from={last}&year_to={last}"),
        ("my council, director", director, reverse("learning:my-council")),
        ("CSV export", coordinator, reverse("learning:export-csv")),
        ("Excel export", coordinator, reverse("learning:export-xlsx")),
    ]
    base_wall = base_cpu = None
    print(
        f"{'page':<34} {'wall ms':>9} {'ratio':>7} {'cpu ms':>9} {'ratio':>7} {'bytes':>10}"
        f"  (medians of {args.repeat})"
    )
    for label, person, url in cases:
        wall, cpu, size = timed(person, url)
        base_wall, base_cpu = base_wall or wall, base_cpu or cpu
        print(
            f"{label:<34} {wall * 1000:>9.1f} {wall / base_wall:>7.1f} "
            f"{cpu * 1000:>9.1f} {cpu / base_cpu:>7.1f} {size:>10,}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=153)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--skip-sqlite", action="store_true", help="Measure only PostgreSQL (DATABASE_URL)."
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "auditportal.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_STATIC_MANIFEST": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "ERROR",
        # Only the coordinator's role needs a code, as in the demo (the bench signs in directly).
        "AUDITPORTAL_MFA_FOR_EVERYONE": "false",
    }
    forwarded = [a for a in sys.argv[1:] if a != "--child"]
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-learning-") as folder:
        if not args.skip_sqlite:
            runs.append({"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"})
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            runs.append({"DATABASE_URL": os.environ["DATABASE_URL"]})
        for extra in runs:
            subprocess.run(  # noqa: S603 (our own script, our own arguments)
                [sys.executable, "-u", __file__, "--child", *forwarded],
                env={**base_env, **extra, "AUDITPORTAL_VAR_DIR": folder},
                check=True,
                cwd=ROOT,
            )


if __name__ == "__main__":
    main()
