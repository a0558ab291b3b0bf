"""Truly concurrent saves from the same version: exactly one is stored, every other one is
refused with what was stored, and none is lost. Needs a real database server; SQLite
serialises writers, so the race this guards against cannot happen there."""

import threading

import pytest
from django.db import connection, connections

from audits.models import Answer, Question, RatingLevel, Visit
from audits.services import casework as services
from tests.base import Cast
from tests.factories import declare_team, make_tool, make_visit

THREADS = 8

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite allows one writer at a time, so saves cannot race; run on PostgreSQL "
        "(DATABASE_URL=postgres://...) to test concurrent saves",
    ),
]


class Scene:
    pass


@pytest.fixture
def scene():
    cast = Scene()
    Cast.build(cast)
    tool = make_tool(cast.region)
    visit = make_visit(
        host=cast.sandwell,
        tool=tool,
        coordinator=cast.coordinator,
        lead=cast.auditor,
        auditors=[cast.co_auditor],
        cases=1,
        status=Visit.Status.ON_SITE,
    )
    declare_team(visit)
    cast.case = services.case_audits().get(visit=visit)
    cast.question = Question.objects.get(tool=tool, key="t1-q1")
    cast.level = RatingLevel.objects.get(scale=cast.question.scale, key="partly-met")
    return cast


def race(scene, version: int):
    """Start THREADS saves from ``version`` at the same moment; return what each got."""
    barrier = threading.Barrier(THREADS)
    outcomes: list[tuple[str, str]] = []
    lock = threading.Lock()

    def save(n: int):
        note = f"Note typed on laptop {n}."
        try:
            barrier.wait()
            services.save_answer(
                case=scene.case,
                question=scene.question,
                level=scene.level,
                note=note,
                version=version,
                by=scene.auditor if n % 2 else scene.co_auditor,
            )
            result = ("stored", note)
        except services.StaleVersion as stale:
            result = ("refused", note, stale.current.note)
        except Exception as error:  # reported in the assertion, not swallowed
            result = ("error", note, repr(error))
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def assert_one_stored_the_rest_refused(outcomes):
    assert len(outcomes) == THREADS, outcomes
    assert not [o for o in outcomes if o[0] == "error"], outcomes
    stored = [o for o in outcomes if o[0] == "stored"]
    refused = [o for o in outcomes if o[0] == "refused"]
    assert len(stored) == 1, outcomes
    assert len(refused) == THREADS - 1, outcomes
    winner = stored[0][1]
    answer = Answer.objects.get()
    assert answer.note == winner
    # Every refused save was told what is stored, so its text can be kept or merged.
    assert {o[2] for o in refused} == {winner}
    return answer


def test_it_stores_one_first_answer_and_refuses_the_others(scene):
    answer = assert_one_stored_the_rest_refused(race(scene, version=0))
    assert answer.version == 1


def test_it_stores_one_update_from_the_same_version_and_refuses_the_others(scene):
    services.save_answer(
        case=scene.case,
        question=scene.question,
        level=scene.level,
        note="The first note.",
        version=0,
        by=scene.auditor,
    )
    answer = assert_one_stored_the_rest_refused(race(scene, version=1))
    assert answer.version == 2
