"""Demo people: one per role, PSWs in every council, so a new user lands in a real region."""

from dataclasses import dataclass

from django.conf import settings

from .mfa import activate_demo_totp
from .models import Authority, Region, User
from .services import load_authorities

R = User.Role


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: str
    council: str | None = None  # a council's slug; None for regional staff
    job_title: str = ""


# Staff names are invented; they are the people who use the service, not people who
# receive care, so they carry no risk.
PSW_NAMES = {
    "birmingham": "Amaka Obi",
    "coventry": "Gareth Lloyd",
    "dudley": "Priya Sharma",
    "sandwell": "Hannah Price",
    "solihull": "Tom Fairweather",
    "walsall": "Joseph Mensah",
    "wolverhampton": "Ruth Adeyemi",
    "herefordshire": "Sian Morgan",
    "telford-and-wrekin": "Kevin Shaw",
    "stoke-on-trent": "Nadia Hussain",
    "shropshire": "Owen Bright",
    "staffordshire": "Claire Dunn",
    "warwickshire": "Imran Malik",
    "worcestershire": "Laura Finch",
}

PEOPLE = [
    DemoPerson(
        "coordinator@wm.example", "Ceri Jones", R.COORDINATOR, job_title="Improvement associate"
    ),
    DemoPerson(
        "toolowner@wm.example", "Tomasz Nowak", R.TOOL_OWNER, job_title="Chair, PSW network"
    ),
    *[
        DemoPerson(f"psw@{slug}.example", name, R.PSW, slug, "Principal Social Worker")
        for slug, name in PSW_NAMES.items()
    ],
    DemoPerson(
        "director@dudley.example",
        "Martin Cole",
        R.DIRECTOR,
        "dudley",
        "Director of Adult Social Care",
    ),
    DemoPerson(
        "ad@dudley.example", "Grace Wu", R.ASSISTANT_DIRECTOR, "dudley", "Assistant Director"
    ),
    DemoPerson(
        "director@sandwell.example",
        "Elaine Roberts",
        R.DIRECTOR,
        "sandwell",
        "Director of Adult Social Care",
    ),
    DemoPerson(
        "ad@sandwell.example",
        "Femi Balogun",
        R.ASSISTANT_DIRECTOR,
        "sandwell",
        "Assistant Director",
    ),
    DemoPerson(
        "director@walsall.example",
        "Paul Turner",
        R.DIRECTOR,
        "walsall",
        "Director of Adult Social Care",
    ),
    DemoPerson("peer@wm.example", "Anita Desai", R.PEER_CHALLENGE, job_title="Peer challenge lead"),
    DemoPerson(
        "admin@auditportal.example",
        "Sam Platform",
        R.PLATFORM_ADMIN,
        job_title="Service administrator",
    ),
]


def seed(*, password: str, out) -> list[tuple[str, str]]:
    load_authorities()
    region = Region.objects.get(slug="west-midlands")
    councils = {authority.slug: authority for authority in Authority.objects.filter(region=region)}
    sign_ins = []
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first() or User(email=person.email)
        user.full_name = person.full_name
        user.role = person.role
        user.job_title = person.job_title
        user.home_authority = councils.get(person.council) if person.council else None
        user.region = None if person.role == R.PLATFORM_ADMIN else region
        user.is_staff = person.role == R.PLATFORM_ADMIN
        user.is_active = True
        user.set_password(password)
        user.save()
        label = user.get_role_display() + (
            f", {user.home_authority}" if user.home_authority else ""
        )
        if _needs_mfa(user):
            # These roles need a code at sign-in; the demo's authenticator has a known secret.
            activate_demo_totp(user)
            label += " (code: demo_code)"
        sign_ins.append((label, user.email))
    return sign_ins


def _needs_mfa(user) -> bool:
    return settings.AUDITPORTAL_MFA_FOR_EVERYONE or user.role in settings.AUDITPORTAL_MFA_ROLES
