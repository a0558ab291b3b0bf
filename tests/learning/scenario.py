"""A small region of issued audits whose right answers are worked out by hand.

Tool: 2 themes (t1, t2) of 3 questions each. Visits (cases in brackets):

- Sandwell 2023 (5): t1 all Partly met (0% Met); t2 all Met. Judged Good ×5.
- Sandwell 2025 (6): t1-q1 Met, Met, Met, Partly, Not met, Not applicable; t1-q2 all Met;
  t1-q3 Not evidenced then Met ×5 → t1 14 of 17 applicable Met (82%); t2-q1 Met,
  t2-q2 and t2-q3 Not met → t2 6 of 18 (33%). Judged Good, Good, Outstanding,
  Requires improvement (moderated to Good), Inadequate, Good → 5 of 6 Good or better (83%).
- Dudley 2025 (5): t1 all Met (100%); t2 all Not evidenced (0%). Judged Requires improvement.
- Walsall 2025 (4): all Met, judged Good: fewer than 5 cases, so suppressed, and left out
  of every pooled figure.
- Coventry 2025 (8), still drafting: all Not met. Never counted.
- Bolton (another region) 2025 (6), issued: never seen by this region.
"""

from audits.models import Visit
from tests.base import R, make_person
from tests.factories import make_audited_visit, make_tool, record_judgements

NOT_MET_T2 = {"t2-q2": ["not-met"] * 6, "t2-q3": ["not-met"] * 6}


def build(target):
    target.tool = make_tool(target.region)
    common = {"tool": target.tool, "coordinator": target.coordinator}
    target.sandwell_2023 = make_audited_visit(
        host=target.sandwell,
        year=2023,
        cases=5,
        levels={f"t1-q{n}": ["partly-met"] * 5 for n in (1, 2, 3)},
        judgements=["good"] * 5,
        status=Visit.Status.CLOSED,
        **common,
    )
    target.sandwell_2025 = make_audited_visit(
        host=target.sandwell,
        year=2025,
        cases=6,
        levels={
            "t1-q1": ["met", "met", "met", "partly-met", "not-met", "not-applicable"],
            "t1-q3": ["not-evidenced"] + ["met"] * 5,
            **NOT_MET_T2,
        },
        **common,
    )
    record_judgements(
        target.sandwell_2025,
        ["good", "good", "outstanding", "requires-improvement", "inadequate", "good"],
        moderated={3: "good"},
    )
    target.dudley_2025 = make_audited_visit(
        host=target.dudley,
        year=2025,
        cases=5,
        levels={f"t2-q{n}": ["not-evidenced"] * 5 for n in (1, 2, 3)},
        judgements=["requires-improvement"] * 5,
        month=6,
        **common,
    )
    target.walsall_2025 = make_audited_visit(
        host=target.walsall, year=2025, cases=4, judgements=["good"] * 4, **common
    )
    target.coventry_draft = make_audited_visit(
        host=target.coventry,
        year=2025,
        cases=8,
        default="not-met",
        judgements=["inadequate"] * 8,
        status=Visit.Status.DRAFTING,
        **common,
    )
    other_coordinator = target.other_coordinator
    target.bolton_2025 = make_audited_visit(
        host=target.bolton,
        tool=make_tool(target.other_region, name="North West tool"),
        coordinator=other_coordinator,
        year=2025,
        cases=6,
        default="not-met",
        judgements=["inadequate"] * 6,
    )
    target.bolton_psw = make_person("psw@bolton.test", R.PSW, target.bolton)


WEST_MIDLANDS = [
    "Birmingham",
    "Coventry",
    "Dudley",
    "Sandwell",
    "Solihull",
    "Walsall",
    "Wolverhampton",
    "Herefordshire",
    "Telford",
    "Stoke",
    "Shropshire",
    "Staffordshire",
    "Warwickshire",
    "Worcestershire",
]
