"""Retention in the demo: the region keeps case-level notes 365 days after a visit closes,
Telford and Wrekin's data-sharing agreement says 270, and Wolverhampton's visit is on a legal
hold. So ``purge_expired --dry-run`` lists last year's closed visits, and one kept back."""

from audits import retention
from audits.models import LegalHold, Visit
from authorities.models import Authority, Region, User

HOLD_REASON = "Complaint C-2026-031 about the audit is being investigated."


def seed(*, password: str, out) -> list:
    region = Region.objects.get(slug="west-midlands")
    region.retention_days = 365
    region.save(update_fields=["retention_days"])
    Authority.objects.filter(region=region, slug="telford-and-wrekin").update(retention_days=270)
    visit = Visit.objects.filter(host__slug="wolverhampton", status=Visit.Status.CLOSED).first()
    coordinator = User.objects.filter(email="coordinator@wm.example").first()
    if visit and coordinator and not LegalHold.objects.filter(visit=visit).exists():
        retention.set_legal_hold(visit=visit, reason=HOLD_REASON, by=coordinator)
    out.write(
        "Retention: case-level notes kept 365 days after a visit closes (Telford and Wrekin "
        "270); Wolverhampton's visit on legal hold."
    )
    return []
