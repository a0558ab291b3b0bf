"""Journey 7: people of an unrelated council — Coventry's PSW and Coventry's Director — type
in the addresses of every page and download the journeys above use for Sandwell's visits.
Each answers with a refusal page (page not found, or you cannot do this), never content,
and nothing is downloaded."""

import pytest
from django.urls import reverse

from authorities.models import User
from reports.models import ReportComment
from tests.base import make_person
from tests.e2e.scenes import busy_region

# What must never appear on a refusal page: the host, its cases and its report's words.
SECRETS = ("Sandwell", "SAN-0", "Assessments are strong", "carer", "Dates are wrong")


def journey_urls(region) -> list[str]:
    checking, issued, planned = region.checking, region.issued, region.planned
    case = checking.case_files.order_by("reference").first()
    concern = checking.immediate_concerns.get()
    comment = ReportComment.objects.get(report__visit=checking)
    visit, case_args = [checking.pk], [checking.pk, case.pk]
    return [
        # Journeys 1 and 2: the visit, its team and its sample.
        reverse("audits:visit-detail", args=visit),
        reverse("audits:visit-edit", args=visit),
        reverse("audits:visit-advance", args=visit),
        reverse("audits:visit-ics", args=visit),
        reverse("audits:declaration-edit", args=visit),
        reverse("audits:casefile-sample-upload", args=[planned.pk]),
        reverse("audits:casefile-sample-template", args=[planned.pk]),
        reverse("audits:casefile-add", args=[planned.pk]),
        # Journeys 3 to 5: the case audit, its moderation and a concern.
        reverse("audits:visit-progress", args=visit),
        reverse("audits:caseaudit-detail", args=case_args),
        reverse("audits:caseaudit-judgement", args=case_args),
        reverse("audits:caseaudit-check", args=case_args),
        reverse("audits:caseaudit-review", args=case_args),
        reverse("audits:caseaudit-trail", args=case_args),
        reverse("audits:concern-visit-list", args=visit),
        reverse("audits:concern-raise", args=visit),
        reverse("audits:concern-detail", args=[concern.pk]),
        reverse("audits:concern-acknowledge", args=[concern.pk]),
        reverse("audits:conversation-list", args=visit),
        reverse("audits:themefinding-list", args=visit),
        # Journey 6: the report, its accuracy check, and the files.
        reverse("reports:report-detail", args=visit),
        reverse("reports:report-compose", args=visit),
        reverse("reports:report-preview", args=visit),
        reverse("reports:report-accuracy-check", args=visit),
        reverse("reports:comment-respond", args=[checking.pk, comment.pk]),
        reverse("reports:report-issue", args=visit),
        reverse("reports:draft-pdf", args=visit),
        reverse("reports:draft-docx", args=visit),
        reverse("reports:report-detail", args=[issued.pk]),
        reverse("reports:version-pdf", args=[issued.pk, 1]),
        reverse("reports:version-docx", args=[issued.pk, 1]),
    ]


@pytest.mark.parametrize("who", ["outsider", "coventry_director"])
def test_an_unrelated_council_gets_nothing_from_any_journey_url(
    who, signed_in, cast, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    region = busy_region(cast)
    cast.coventry_director = make_person(
        "director@coventry.test", User.Role.DIRECTOR, cast.coventry
    )
    browser = signed_in(getattr(cast, who))
    statuses = {url: browser.refused(url, secrets=SECRETS) for url in journey_urls(region)}
    # Pages about a visit they cannot see say it is not there, rather than that it is refused.
    assert set(statuses.values()) <= {403, 404}
    assert statuses[reverse("audits:visit-detail", args=[region.checking.pk])] == 404
    assert statuses[reverse("reports:version-pdf", args=[region.issued.pk, 1])] == 404
