"""Demo fieldwork for the visits that are past their days on site: conversations whose views
diverge the way they do in real audits (leaders warmer than practitioners on oversight and
recording), a finding for every theme (areas for development where it fell short), learning actions
for each auditor (some done, some overdue) and one acknowledged immediate concern.

Runs after ``audits.demodata.visits`` and ``.casework``; with no such visits it does nothing.
Idempotent: every row is found by its natural key and brought back to the same values.
"""

import datetime

from django.utils import timezone

from authorities.models import User

from .. import evidence
from ..models import (
    ConcernEvent,
    Conversation,
    ConversationView,
    ImmediateConcern,
    LearningAction,
    RatingLevel,
    RatingScale,
    Theme,
    ThemeFinding,
    Visit,
)

PAST_SITE = (
    Visit.Status.DRAFTING,
    Visit.Status.ACCURACY_CHECK,
    Visit.Status.ISSUED,
    Visit.Status.CLOSED,
)

# Theme key -> two versions of (strengths, areas for development, judgement when the case
# files do not settle it). The second version is used on every other visit.
FINDINGS = {
    "case-profile": [
        (
            "The sample covered new assessments, reviews, carers, section 42 enquiries and a "
            "transition case, across the locality, hospital and learning disability teams.",
            "The host's case management system made it hard to find the current plan; "
            "auditors spent time piecing together the chronology.",
            "good",
        ),
        (
            "The sample was well chosen, with a fair mix of age bands and primary support "
            "reasons, and the host gave quick access to the records.",
            "Two cases had documents saved outside the main record, which a new worker "
            "would be unlikely to find.",
            "good",
        ),
    ],
    "first-contact": [
        (
            "The front door resolved most contacts with information, advice and community "
            "options before a formal assessment, in line with Care Act sections 2 and 4.",
            "Records of early help rarely said what matters to the person, so it was hard to "
            "tell whether the advice met their needs.",
            "good",
        ),
        (
            "Contacts were answered promptly and prevention options, such as equipment and "
            "reablement, were offered early.",
            "Carers who made first contact were not always signposted to their own assessment.",
            "requires-improvement",
        ),
    ],
    "assessment": [
        (
            "Assessments were proportionate and written with the person; strengths, networks "
            "and what matters to the person were described in most files.",
            "Supported self-assessment was rarely offered where it would have suited the "
            "person, and eligibility decisions did not always give reasons.",
            "good",
        ),
        (
            "Good examples of strengths-based conversations, with the person's own words "
            "quoted and community resources considered before services.",
            "Fluctuating needs and the whole family, young carers included, were not "
            "consistently considered.",
            "requires-improvement",
        ),
    ],
    "care-planning": [
        (
            "Plans linked needs to outcomes the person chose, and direct payments were "
            "discussed in most cases.",
            "The personal budget was not always stated in the plan, and plans were not "
            "always shared with the person.",
            "requires-improvement",
        ),
        (
            "Creative use of direct payments and community support, with personal budgets "
            "clearly stated.",
            "Some plans read as lists of services rather than outcomes the person wants.",
            "good",
        ),
    ],
    "review": [
        (
            "Where reviews took place they tested outcomes and updated the plan.",
            "Reviews were overdue in a third of the cases; the review backlog is known to "
            "leaders but practitioners feel it is not resourced.",
            "requires-improvement",
        ),
        (
            "Planned reviews were mostly on time, and unplanned reviews followed changes quickly.",
            "Reviews did not always revisit whether the person's outcomes were met.",
            "requires-improvement",
        ),
    ],
    "carers": [
        (
            "Carers were identified in almost every relevant case and their views recorded.",
            "Carers' own assessments were offered in fewer than half of the cases, and "
            "contingency plans were rarely recorded.",
            "requires-improvement",
        ),
        (
            "Carers' assessments were timely and led to practical support, including breaks.",
            "Young carers were not always identified or referred on.",
            "good",
        ),
    ],
    "mental-capacity": [
        (
            "Capacity assessments were decision- and time-specific, and the four functional "
            "tests were evidenced.",
            "Best-interest decisions did not always weigh the less restrictive option or "
            "record the views of family and advocates.",
            "requires-improvement",
        ),
        (
            "Practicable steps to help people decide were well recorded, including the use "
            "of easy-read information.",
            "Where liberty was restricted, DoLS or the Court of Protection was not "
            "consistently considered.",
            "requires-improvement",
        ),
    ],
    "risk": [
        (
            "Risk was assessed with the person, including risks they choose to take, with "
            "positive risk-taking supported.",
            "Risk assessments were not always updated when circumstances changed.",
            "good",
        ),
        (
            "Risk plans were clear about who does what if things change.",
            "Risk was sometimes described only in terms of services, not the person's own "
            "strengths and networks.",
            "requires-improvement",
        ),
    ],
    "safeguarding": [
        (
            "Concerns were screened promptly and section 42 decisions were clear; Making "
            "Safeguarding Personal was evident, with the person asked what they wanted.",
            "Outcomes were not always revisited at closure, and advocacy was not always "
            "considered where the person had substantial difficulty.",
            "good",
        ),
        (
            "Responses were proportionate and least intrusive, with protection plans in place.",
            "Reasons for closing enquiries were thin in some cases, and the person's desired "
            "outcomes were recorded at the start but not at the end.",
            "requires-improvement",
        ),
    ],
    "voice": [
        (
            "The person's own words were visible in most records, and communication needs "
            "were met, including interpreters.",
            "Independent advocacy was not consistently offered under sections 67 and 68.",
            "good",
        ),
        (
            "Culture, identity and faith were respected and recorded.",
            "The person's voice faded after assessment; plans and reviews were written about "
            "the person rather than with them.",
            "requires-improvement",
        ),
    ],
    "management-oversight": [
        (
            "Managers' decisions were recorded at key points in new cases.",
            "Supervision rarely reflected on individual cases, and drift in long-term cases "
            "was not spotted; practitioners describe supervision as caseload checking.",
            "requires-improvement",
        ),
        (
            "Management oversight was visible at allocation and closure.",
            "Reflective supervision is not yet embedded; there is little evidence of "
            "managers challenging drift or quality.",
            "requires-improvement",
        ),
    ],
    "recording": [
        (
            "Records were respectful and, in most cases, a stranger could follow the story "
            "and the reasons for decisions.",
            "Chronologies were often out of date and forms were duplicated; recording was "
            "not always proportionate to the complexity of the case.",
            "requires-improvement",
        ),
        (
            "Case summaries were current and written in plain language.",
            "Form-filling added length without adding understanding; the quality assurance "
            "framework does not yet look at proportionate recording.",
            "requires-improvement",
        ),
    ],
    "outcomes": [
        (
            "Most people were helped to stay independent at home, and the difference the "
            "work made was clear in the better files.",
            "Outcomes were rarely measured against what the person said mattered to them.",
            "good",
        ),
        (
            "Clear positive outcomes for carers and for people leaving hospital.",
            "Quality assurance does not yet follow outcomes for people over time.",
            "requires-improvement",
        ),
    ],
    "practitioner-conversation": [
        (
            "Practitioners' accounts matched the files and showed real knowledge of the "
            "people they work with and pride in strengths-based practice.",
            "Practitioners said caseloads and the recording system get in the way of "
            "spending time with people.",
            "good",
        ),
        (
            "Workers were reflective and open about what they would do differently.",
            "Practitioners asked for more reflective supervision and for learning from "
            "audits to be fed back to them.",
            "requires-improvement",
        ),
    ],
}
GENERIC_FINDING = (
    "The files showed practice that was person-centred and compliant with the Care Act in "
    "most cases.",
    "Quality assurance and management oversight should pick up the gaps the audit found.",
    "requires-improvement",
)

# (group, who took part, day on site (0 or 1), notes, {theme key: (level key, summary)}).
# Leaders are warmer than practitioners on oversight, recording and reviews: that gap is
# what triangulation is there to show.
CONVERSATIONS = [
    (
        Conversation.Group.LEADERS,
        "Director, Assistant Director and the Principal Social Worker",
        0,
        "Leaders described a practice framework built on strengths-based conversations, a "
        "new front door, and a quality assurance cycle of monthly case audits.",
        {
            "assessment": ("good", "Confident that strengths-based practice is embedded."),
            "safeguarding": ("good", "Making Safeguarding Personal is part of every enquiry."),
            "management-oversight": (
                "good",
                "Supervision policy sets monthly reflective supervision for everyone.",
            ),
            "recording": ("good", "The new recording guidance has made records shorter."),
            "review": ("good", "The review backlog is reducing with an extra review team."),
            "voice": ("outstanding", "Co-production with people who use services is strong."),
        },
    ),
    (
        Conversation.Group.PRACTITIONERS,
        "Four social workers from the locality teams",
        0,
        "Practitioners were proud of their work with people but spoke of high caseloads, a "
        "slow recording system and little time for reflection.",
        {
            "assessment": ("good", "Strengths-based conversations feel natural now."),
            "management-oversight": (
                "requires-improvement",
                "Supervision is mostly about caseload numbers, not practice.",
            ),
            "recording": (
                "inadequate",
                "The forms are long and repeat themselves; recording takes half the week.",
            ),
            "review": ("requires-improvement", "Reviews slip when new work comes in."),
            "carers": ("requires-improvement", "Carers' assessments are often left to later."),
            "mental-capacity": (
                "good",
                "Confident with capacity assessments after recent training.",
            ),
        },
    ),
    (
        Conversation.Group.MANAGERS,
        "Two team managers",
        1,
        "Managers recognised the review backlog and the pressure on supervision time; they "
        "described a new approach to audit feedback.",
        {
            "management-oversight": (
                "requires-improvement",
                "Reflective supervision happens, but not as often as the policy says.",
            ),
            "review": ("requires-improvement", "The backlog is real and we prioritise risk."),
            "safeguarding": ("good", "Screening is quick and decisions are clear."),
            "risk": ("good", "Positive risk-taking is supported by managers."),
        },
    ),
    (
        Conversation.Group.PRACTITIONERS,
        "Three social workers from the hospital discharge team",
        1,
        "Hospital social workers described good partnership with health colleagues and "
        "pressure to discharge quickly.",
        {
            "assessment": (
                "requires-improvement",
                "Assessments on wards are rushed and rarely proportionate to the person.",
            ),
            "voice": ("requires-improvement", "The person's wishes get lost in discharge."),
            "risk": ("good", "Risk is talked through with the person and their family."),
        },
    ),
    (
        Conversation.Group.LEADERS,
        "The Principal Social Worker",
        1,
        "The PSW described the practice development programme and the audit cycle.",
        {
            "recording": ("good", "Proportionate recording is part of the induction."),
            "carers": ("good", "The carers' offer has been refreshed this year."),
        },
    ),
]

LEARNING = [
    (
        "Bring the host's one-page case summary template to our recording review group.",
        LearningAction.Status.DONE,
        "Adopted in two teams as a pilot.",
    ),
    (
        "Pilot the host's carer contingency planning prompt in our locality teams.",
        LearningAction.Status.OPEN,
        "",
    ),
    (
        "Share the host's Making Safeguarding Personal closure questions with our "
        "safeguarding leads.",
        LearningAction.Status.IN_PROGRESS,
        "On the agenda for the next safeguarding leads meeting.",
    ),
]

CONCERN_RISK = (
    "A carer caring alone for a person with advanced dementia told the worker six weeks ago "
    "that they could not cope; no carer's assessment or contingency plan is on file and no "
    "contact has been recorded since."
)
CONCERN_ACTION = "Told the duty team manager on the first day on site, who agreed to call today."
CONCERN_RESPONSE = (
    "Duty social worker visited the next day; emergency respite arranged and a carer's "
    "assessment booked within the week."
)


def _levels(visit: Visit) -> dict[str, RatingLevel]:
    return {
        level.key: level
        for level in RatingLevel.objects.filter(
            scale__tool_id=visit.tool_id, scale__purpose=RatingScale.Purpose.JUDGEMENT
        )
    }


def _judgement(answers, fallback: str) -> str:
    """The team's judgement for a theme: from the case files where they say enough."""
    if answers.counted < 4:
        return fallback
    met = answers.best / answers.counted
    if met >= 0.85:
        return "outstanding" if fallback == "good" else "good"
    if met >= 0.6:
        return "good"
    if met >= 0.35:
        return "requires-improvement"
    return "inadequate"


def _seed_conversations(visit, themes, levels, team) -> int:
    count = 3 + visit.pk % 3
    for group, participants, day, notes, views in CONVERSATIONS[:count]:
        conversation, _ = Conversation.objects.update_or_create(
            visit=visit,
            group=group,
            participants=participants,
            defaults={
                "held_on": visit.first_day + datetime.timedelta(days=day),
                "notes": notes,
                "created_by": team[0],
            },
        )
        conversation.held_by.set(team)
        for key, (level_key, summary) in views.items():
            if key in themes and level_key in levels:
                ConversationView.objects.update_or_create(
                    conversation=conversation,
                    theme=themes[key],
                    defaults={"level": levels[level_key], "summary": summary},
                )
    return count


NOT_PRACTICE = {"case-profile", "practitioner-conversation", "outcomes"}


def _seed_findings(visit, levels, lead, variant) -> None:
    shared = 0
    for theme_evidence in evidence.visit_evidence(visit):
        theme = theme_evidence.theme
        strengths, areas, fallback = FINDINGS.get(theme.key, [GENERIC_FINDING] * 2)[variant]
        level_key = _judgement(theme_evidence.answers, fallback)
        good = level_key in {"good", "outstanding"}
        # Good practice worth sharing is about practice, not the sample or the conversation.
        share = good and shared < 2 and theme.key not in NOT_PRACTICE
        shared += share
        ThemeFinding.objects.update_or_create(
            visit=visit,
            theme=theme,
            defaults={
                "strengths": strengths,
                # Teams write areas for development where the theme fell short, so the
                # regional dashboard shows them recurring under the region's weak themes.
                "areas_for_development": "" if good else areas,
                "level": levels.get(level_key),
                "shareable_good_practice": share,
                "version": 1,
                "updated_by": lead,
            },
        )


def _seed_learning(visit, team, today) -> int:
    made = 0
    for n, auditor in enumerate(team):
        if not auditor.home_authority_id or auditor.home_authority_id == visit.host_id:
            continue
        due = [
            visit.last_day + datetime.timedelta(days=45),
            min(visit.last_day + datetime.timedelta(days=90), today - datetime.timedelta(14)),
            max(visit.last_day + datetime.timedelta(days=180), today + datetime.timedelta(60)),
        ]
        for i, (action, status, note) in enumerate(LEARNING[: 2 + (n + visit.pk) % 2]):
            LearningAction.objects.update_or_create(
                owner=auditor,
                visit=visit,
                action=action,
                defaults={
                    "council_id": auditor.home_authority_id,
                    "due_on": due[i],
                    "status": status,
                    "status_note": note,
                },
            )
            made += 1
    return made


def _seed_concern(visit, lead) -> bool:
    case_file = visit.case_files.order_by("reference").first()
    host_psw = (
        User.objects.filter(role=User.Role.PSW, home_authority_id=visit.host_id)
        .order_by("pk")
        .first()
    )
    if case_file is None or host_psw is None:
        return False
    raised_at = timezone.make_aware(
        datetime.datetime.combine(visit.first_day, datetime.time(14, 20))
    )
    acknowledged_at = raised_at + datetime.timedelta(hours=2, minutes=5)
    concern, _ = ImmediateConcern.objects.update_or_create(
        visit=visit,
        case_file=case_file,
        defaults={
            "risk": CONCERN_RISK,
            "action_taken": CONCERN_ACTION,
            "raised_by": lead,
            "raised_at": raised_at,
            "status": ImmediateConcern.Status.ACKNOWLEDGED,
            "acknowledged_by": host_psw,
            "acknowledged_at": acknowledged_at,
            "response": CONCERN_RESPONSE,
        },
    )
    steps = [
        ("", ImmediateConcern.Status.RAISED, lead, raised_at, CONCERN_ACTION),
        (
            ImmediateConcern.Status.RAISED,
            ImmediateConcern.Status.ACKNOWLEDGED,
            host_psw,
            acknowledged_at,
            CONCERN_RESPONSE,
        ),
    ]
    for from_status, to_status, by, at, note in steps:
        ConcernEvent.objects.update_or_create(
            concern=concern,
            to_status=to_status,
            defaults={"from_status": from_status, "by": by, "at": at, "note": note},
        )
    return True


def seed(*, password: str, out) -> list:
    visits = list(
        Visit.objects.filter(status__in=PAST_SITE)
        .select_related("host", "tool")
        .order_by("first_day", "pk")
    )
    today = timezone.localdate()
    conversations = actions = 0
    concern_raised = False
    for index, visit in enumerate(visits):
        team = [link.auditor for link in visit.auditor_links.select_related("auditor")]
        if not team:
            continue
        themes = {theme.key: theme for theme in Theme.objects.filter(tool_id=visit.tool_id)}
        levels = _levels(visit)
        conversations += _seed_conversations(visit, themes, levels, team)
        _seed_findings(visit, levels, team[0], index % 2)
        actions += _seed_learning(visit, team, today)
        if not concern_raised:
            concern_raised = _seed_concern(visit, team[0])
    if visits:
        out.write(
            f"Fieldwork: {conversations} conversations, findings for {len(visits)} past "
            f"visit{'s' if len(visits) != 1 else ''}, "
            f"{actions} learning actions, {int(concern_raised)} immediate concern."
        )
    return []
