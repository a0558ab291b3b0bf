import time
from io import StringIO

import pytest
from django.core.management import call_command

from audits.models import Answer, Visit
from authorities.models import Authority, User
from reports.models import IssuedReport

WEST_MIDLANDS = {
    "Birmingham": "E08000025",
    "Coventry": "E08000026",
    "Dudley": "E08000027",
    "Sandwell": "E08000028",
    "Solihull": "E08000029",
    "Walsall": "E08000030",
    "Wolverhampton": "E08000031",
    "Herefordshire": "E06000019",
    "Telford and Wrekin": "E06000020",
    "Stoke-on-Trent": "E06000021",
    "Shropshire": "E06000051",
    "Staffordshire": "E10000028",
    "Warwickshire": "E10000031",
    "Worcestershire": "E10000034",
}


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_loads_the_fourteen_councils_with_their_ons_codes():
    run("load_authorities")
    assert dict(Authority.objects.values_list("name", "ons_code")) == WEST_MIDLANDS


@pytest.mark.django_db
def test_it_loads_councils_idempotently():
    run("load_authorities")
    output = run("load_authorities")
    assert Authority.objects.count() == 14
    assert "0 created, 0 updated, 14 unchanged" in output


@pytest.mark.django_db
def test_it_restores_a_council_changed_by_hand():
    run("load_authorities")
    Authority.objects.filter(ons_code="E08000027").update(name="Dudly")
    assert "1 updated" in run("load_authorities")
    assert Authority.objects.get(ons_code="E08000027").name == "Dudley"


@pytest.mark.django_db
def test_seed_demo_creates_one_person_per_role_prints_sign_ins_and_runs_twice_the_same():
    # One test, as loading the demo renders real reports and takes a while.
    output = run("seed_demo", "--password", "a-demo-password-1")
    assert set(User.objects.values_list("role", flat=True)) == set(User.Role.values)
    psw_councils = User.objects.filter(role=User.Role.PSW).values("home_authority").distinct()
    assert psw_councils.count() >= 3
    assert "coordinator@wm.example" in output
    assert "a-demo-password-1" in output
    coordinator = User.objects.get(email="coordinator@wm.example")
    assert coordinator.check_password("a-demo-password-1")

    # Roles that need MFA come with the demo's authenticator; demo_code prints its code.
    assert "demo_code" in output
    from authorities.mfa import DEMO_TOTP_SECRET, current_code

    code = run("demo_code", "coordinator@wm.example").strip()
    assert code in {current_code(DEMO_TOTP_SECRET, time.time() + drift) for drift in (-30, 0)}

    counts = [model.objects.count() for model in (User, Authority, Visit, Answer, IssuedReport)]
    run("seed_demo", "--password", "a-demo-password-1")
    assert [model.objects.count() for model in (User, Authority, Visit, Answer, IssuedReport)] == (
        counts
    )
    assert counts[1] == 14


@pytest.mark.django_db
def test_demo_code_refuses_anyone_without_the_demo_authenticator():
    from django.core.management.base import CommandError

    from tests.base import R, make_person

    run("load_authorities")
    region = Authority.objects.get(slug="dudley").region
    make_person("real@wm.test", R.COORDINATOR, region=region)  # their own app's secret
    make_person("plain@wm.test", R.PSW, Authority.objects.get(slug="dudley"), mfa=False)
    for email, reason in [
        ("real@wm.test", "their own authenticator app"),
        ("plain@wm.test", "no authenticator app"),
        ("nobody@wm.test", "Nobody signs in with"),
    ]:
        with pytest.raises(CommandError, match=reason):
            run("demo_code", email)
