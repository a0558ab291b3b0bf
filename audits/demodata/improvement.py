"""Demo improvement plan: Dudley's first audit has three recommendations, and Dudley has answered
them with a plan that is partly done: one action done, one under way and overdue, one planned.
The under-way action fell due before Dudley's second audit, a year later, so that audit's
"Since the last audit" shows the plan partly done with one action overdue.

Runs after ``.fieldwork`` (the covering report, issued afterwards by ``reports.demo``, prints
these recommendations). Idempotent: recommendations and actions are found by their text.
"""

import datetime

from django.utils import timezone

from authorities.models import User

from ..models import ActionUpdate, PlanAction, Recommendation, Theme, Visit

HOST = "dudley"
PAST = (Visit.Status.ISSUED, Visit.Status.CLOSED)
# (theme key, recommendation, [(action, owner: "director"/"psw" or a role, due in days,
# status, progress note)]). Actions already started fall due that many days after the report
# was issued, before the second audit; a planned one that many days from today, so it is
# never overdue whenever the demo is seeded.
PLAN = [
    (
        "carers",
        "Make sure every carer is offered their own assessment, and that the offer and the "
        "answer are recorded.",
        [
            ("Add the carer's assessment offer to the assessment form as a required step.",
             "psw", 180, PlanAction.Status.DONE, "The form changed in the case system in May."),
            ("Audit twenty carers' files each quarter and report the results to the "
             "leadership team.", "Head of Adult Social Work", 240, PlanAction.Status.UNDER_WAY,
             "First quarter audited; the second is late because of staff absence."),
        ],
    ),
    (
        "management-oversight",
        "Record managers' decisions at each key point of a case, with their reasons.",
        [
            ("Run supervision workshops for team managers on recording decisions.",
             "director", 75, PlanAction.Status.PLANNED, ""),
        ],
    ),
    (
        "mental-capacity",
        "Show in each capacity assessment which decision it was for and how the person was "
        "helped to decide.",
        [],
    ),
]  # fmt: skip


def _owner(visit: Visit, who: str) -> tuple[User | None, str]:
    role = {"director": User.Role.DIRECTOR, "psw": User.Role.PSW}.get(who)
    if role is None:
        return None, who
    people = User.objects.filter(home_authority_id=visit.host_id, role=role, is_active=True)
    person = people.order_by("pk").first()
    return (person, "") if person else (None, "Principal Social Worker")


def _seed_action(recommendation, visit, row, *, by, today, issued_at) -> bool:
    text, who, due_in, status, note = row
    owner, role = _owner(visit, who)
    action, made = PlanAction.objects.get_or_create(
        recommendation=recommendation,
        action=text,
        defaults={"owner": owner, "owner_role": role, "due_on": today, "created_by": by},
    )
    action.owner, action.owner_role = owner, role
    start = today if status == PlanAction.Status.PLANNED else issued_at.date()
    action.due_on = start + datetime.timedelta(days=due_in)
    action.status = status
    action.created_at = issued_at
    action.save()
    if made:
        ActionUpdate.objects.create(action=action, status="planned", by=by, at=issued_at)
        if status != PlanAction.Status.PLANNED:
            later = issued_at + datetime.timedelta(days=150)  # in May
            ActionUpdate.objects.create(action=action, status=status, note=note, by=by, at=later)
    return made


def seed(*, password: str, out) -> list:
    visit = (
        Visit.objects.filter(host__slug=HOST, status__in=PAST)
        .select_related("host")
        .order_by("first_day", "pk")
        .first()
    )  # the first audit's plan, which the second audit looks back on
    if visit is None:
        return []
    lead = visit.auditor_links.order_by("-is_lead", "pk").first()
    writer = User.objects.filter(home_authority_id=visit.host_id, role=User.Role.PSW).first()
    if lead is None or writer is None:
        return []
    today = timezone.localdate()
    issued_at = timezone.make_aware(
        datetime.datetime.combine(visit.last_day + datetime.timedelta(days=35), datetime.time(10))
    )
    themes = {theme.key: theme for theme in Theme.objects.filter(tool_id=visit.tool_id)}
    made = 0
    for theme_key, text, actions in PLAN:
        recommendation, _ = Recommendation.objects.get_or_create(
            visit=visit,
            text=text,
            defaults={"theme": themes.get(theme_key), "created_by": lead.auditor},
        )
        for row in actions:
            made += _seed_action(
                recommendation, visit, row, by=writer, today=today, issued_at=issued_at
            )
    out.write(f"Improvement plan: {HOST.title()}'s, {made} actions added, one overdue.")
    return []
