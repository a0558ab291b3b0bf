from django.core.management.base import BaseCommand

from authorities.services import load_authorities


class Command(BaseCommand):
    help = (
        "Load the councils and their ONS codes from authorities/data/authorities.csv (idempotent)."
    )

    def handle(self, *args, **options):
        result = load_authorities()
        self.stdout.write(
            f"Councils: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
