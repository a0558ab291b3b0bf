"""Loading the reference list of councils."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from .models import Authority, Region

AUTHORITIES_CSV = Path(__file__).resolve().parent / "data" / "authorities.csv"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def load_authorities(*, path: Path = AUTHORITIES_CSV) -> LoadResult:
    """Create or update councils from the reviewable CSV, keyed by ONS code (idempotent)."""
    result = LoadResult()
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            region, _ = Region.objects.get_or_create(
                slug=slugify(row["region"]), defaults={"name": row["region"].strip()}
            )
            wanted = {
                "region": region,
                "name": row["name"].strip(),
                "slug": slugify(row["name"]),
                "kind": row["kind"].strip(),
            }
            authority = Authority.objects.filter(ons_code=row["ons_code"].strip()).first()
            if authority is None:
                authority = Authority(ons_code=row["ons_code"].strip(), **wanted)
                authority.full_clean()
                authority.save()
                result.created += 1
            elif any(getattr(authority, field) != value for field, value in wanted.items()):
                for field, value in wanted.items():
                    setattr(authority, field, value)
                authority.full_clean()
                authority.save()
                result.updated += 1
            else:
                result.unchanged += 1
    return result
