"""The cast: the people every test talks about, built once per test class.

- coordinator: Ceri, the West Midlands' improvement associate
- tool_owner: Tomasz, who keeps the audit tool
- auditor / co_auditor: PSWs from Dudley and Walsall, who audit Sandwell
- host_psw, host_director, host_ad: Sandwell's people
- outsider: a PSW from Coventry, unrelated to the visit
- peer: a member of Sandwell's peer challenge team
- platform_admin: runs the service, sees no audit content
- other_coordinator: the coordinator of another region
"""

from django.test import TestCase

from authorities.models import Authority, Region, User
from authorities.services import load_authorities

PASSWORD = "correct-horse-battery-staple"
# Everyone in the cast has this authenticator app, as production requires (tests run with
# AUDITPORTAL_MFA_FOR_EVERYONE on). ``authenticator_code`` gives its code now.
TOTP_SECRET = "CASTAUTHENTICATORSECRETFORTESTSX"
R = User.Role


def make_person(email, role, council=None, region=None, *, mfa=True, **extra) -> User:
    person = User.objects.create_user(
        email=email,
        password=PASSWORD,
        full_name=extra.pop("full_name", email.split("@")[0].replace(".", " ").title()),
        role=role,
        home_authority=council,
        region=region or (council.region if council else None),
        **extra,
    )
    if mfa:
        give_authenticator(person)
    return person


def give_authenticator(person, secret: str = TOTP_SECRET):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": secret}
    )


def authenticator_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    from authorities.mfa import current_code

    return current_code(secret, at)


class Cast:
    """Attributes set on the test class by ``build``."""

    @classmethod
    def build(cls, target):
        load_authorities()
        target.region = Region.objects.get(slug="west-midlands")
        council = {a.slug: a for a in Authority.objects.all()}
        target.dudley, target.walsall = council["dudley"], council["walsall"]
        target.sandwell, target.coventry = council["sandwell"], council["coventry"]
        target.coordinator = make_person("coordinator@wm.test", R.COORDINATOR, region=target.region)
        target.tool_owner = make_person("toolowner@wm.test", R.TOOL_OWNER, region=target.region)
        target.auditor = make_person("psw@dudley.test", R.PSW, target.dudley)
        target.co_auditor = make_person("psw@walsall.test", R.PSW, target.walsall)
        target.host_psw = make_person("psw@sandwell.test", R.PSW, target.sandwell)
        target.host_director = make_person("director@sandwell.test", R.DIRECTOR, target.sandwell)
        target.host_ad = make_person("ad@sandwell.test", R.ASSISTANT_DIRECTOR, target.sandwell)
        target.outsider = make_person("psw@coventry.test", R.PSW, target.coventry)
        target.peer = make_person("peer@wm.test", R.PEER_CHALLENGE, region=target.region)
        target.platform_admin = make_person("admin@service.test", R.PLATFORM_ADMIN, is_staff=True)
        target.other_region = Region.objects.create(name="North West", slug="north-west")
        target.bolton = Authority.objects.create(
            region=target.other_region,
            name="Bolton",
            slug="bolton",
            ons_code="E08000001",
            kind="metropolitan",
        )
        target.other_coordinator = make_person(
            "coordinator@nw.test", R.COORDINATOR, region=target.other_region
        )


class CastTestCase(TestCase):
    """A TestCase whose class has the cast as attributes."""

    @classmethod
    def setUpTestData(cls):
        Cast.build(cls)

    def sign_in(self, person):
        self.client.force_login(person)
        return self.client


class VisitCastTestCase(CastTestCase):
    """The cast plus a published tool and Sandwell's visit: Dudley's PSW leads, Walsall's
    PSW audits with them, the peer is on the peer challenge team, and the sample has
    four cases allocated alternately (SAN-01, SAN-03 to the lead)."""

    visit_status = "planned"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from tests.factories import make_tool, make_visit

        cls.tool = make_tool(cls.region)
        cls.visit = make_visit(
            host=cls.sandwell,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.auditor,
            auditors=[cls.co_auditor],
            peer_team=[cls.peer],
            cases=4,
            status=cls.visit_status,
        )
        cls.cases = list(cls.visit.case_files.order_by("reference"))
