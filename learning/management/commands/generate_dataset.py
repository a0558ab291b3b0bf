from django.core.management.base import BaseCommand, CommandError

from bench import dataset


class Command(BaseCommand):
    help = (
        "Make synthetic national-scale audit data (regions named 'Synthetic …', E99 council "
        "codes) for benchmarks; running it again replaces the synthetic visits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--councils", type=int, default=153, help="How many councils.")
        parser.add_argument("--years", type=int, default=10, help="One audit a year for this long.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument("--end-year", type=int, default=None, help="The last year audited.")

    def handle(self, *args, councils, years, seed, end_year, **options):
        if councils < 1 or years < 1:
            raise CommandError("Give at least one council and one year.")
        # The tool-file loader imports and publishes the default tool once per region.
        from audits.toolfile import load_default_tool

        result = dataset.generate(
            councils=councils, years=years, seed=seed, end_year=end_year, tool_for=load_default_tool
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic data: {result.regions} regions, {result.councils} councils, "
                f"{result.visits} visits, {result.cases} cases, {result.answers} answers, "
                f"{result.judgements} judgements ({result.rows} rows in {result.seconds:.1f} s, "
                f"{result.rows_per_second:,.0f} rows a second) with {', '.join(result.tools)}."
            )
        )
