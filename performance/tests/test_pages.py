"""Pages and API of the star ladder: scope (a manager sees only their halls, staff only themselves), the
ladder form's messages, decisions through the API, and query counts that do not grow with the rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from performance import services
from performance.models import Evaluation, GradeProposal, Ladder
from staffing.models import GradeChange, Honour, MentoringPair
from staffing.tests.factories import StaffMemberFactory

from .builders import make_ladder, presses, shop

Q1 = dt.date(2025, 1, 1)


@pytest.fixture
def evaluation(cast, staffing_cast):
    make_ladder()
    return Evaluation.objects.create(
        hall=cast.hall1, quarter_start=Q1, quarter_end=dt.date(2025, 3, 31), ladder=Ladder.objects.get()
    )


def _proposals(evaluation, count: int) -> None:
    for index in range(count):
        member = StaffMemberFactory(hall=evaluation.hall, name=f"P{index}", star_grade=2)
        GradeProposal.objects.create(
            evaluation=evaluation,
            staff=member,
            change="promote",
            from_grade=2,
            to_grade=3,
            status="proposed",
            evidence=[
                {
                    "criterion": "months",
                    "value": 9,
                    "threshold": 6,
                    "met": True,
                    "source": {"since": "2024-06-01", "to": "2025-03-31"},
                }
            ],
        )


def test_a_manager_sees_only_their_halls_evaluations(client, cast, evaluation):
    client.force_login(cast.users["manager"])
    assert client.get(f"/performance/evaluations/{evaluation.pk}/").status_code == 200
    client.force_login(cast.users["manager_other"])
    assert client.get(f"/performance/evaluations/{evaluation.pk}/").status_code == 404
    listing = client.get("/performance/evaluations/")
    assert evaluation.hall.code not in listing.content.decode()


def test_staff_see_only_their_own_progress(client, cast, staffing_cast, evaluation):
    other = staffing_cast.member1b
    Honour.objects.create(
        staff=staffing_cast.member1, kind="other", title="Mine", period_start=Q1, period_end=Q1, reason="x"
    )
    Honour.objects.create(staff=other, kind="other", title="Theirs", period_start=Q1, period_end=Q1, reason="x")
    client.force_login(cast.users["staff"])

    page = client.get("/performance/me/").content.decode()

    assert "Mine" in page and "Theirs" not in page
    assert "What 4 stars needs" in page
    assert client.get(f"/performance/evaluations/{evaluation.pk}/").status_code == 404
    assert client.get("/api/v1/grade-proposals/").status_code == 403
    assert [h["title"] for h in client.get("/api/v1/honours/").json()["results"]] == ["Mine"]


def test_the_evaluation_page_shows_the_evidence_in_a_fixed_number_of_queries(client, cast, evaluation):
    client.force_login(cast.users["manager"])
    _proposals(evaluation, 2)
    with CaptureQueriesContext(connection) as few:
        response = client.get(f"/performance/evaluations/{evaluation.pk}/")
    assert "Months at the current grade" in response.content.decode()
    _proposals(evaluation, 10)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/performance/evaluations/{evaluation.pk}/")
    assert len(many) == len(few)


def test_the_wall_and_lists_do_not_grow_with_rows(client, cast, staffing_cast, evaluation):
    client.force_login(cast.users["manager"])
    counts = []
    for _round in range(2):
        for index in range(4):
            member = StaffMemberFactory(hall=cast.hall1, star_grade=5 - index % 3)
            Honour.objects.create(
                staff=member,
                kind="service_star",
                period_start=dt.date(2026, 1 + index, 1),
                period_end=dt.date(2026, 1 + index, 28),
                reason="x",
            )
            Honour.objects.create(
                staff=member,
                kind="zero_complaints",
                period_start=dt.date(2026, 1 + index, 1),
                period_end=dt.date(2026, 1 + index, 28),
                reason="x",
            )
            MentoringPair.objects.create(
                hall=cast.hall1, mentor=member, mentee=staffing_cast.member1, goals="g", started_on=Q1
            )
        with CaptureQueriesContext(connection) as queries:
            for url in (
                f"/performance/halls/{cast.hall1.pk}/wall/",
                f"/performance/halls/{cast.hall1.pk}/mentoring/",
                "/performance/evaluations/",
                "/performance/approvals/".replace("approvals", "ladders"),
            ):
                assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_ladder_form_names_the_step_and_field_and_saves_nothing(client, cast):
    import tests.permission_matrix  # noqa: F401 - loads the matrix modules in their order
    from tests.matrix_star_ladder import _ladder_form

    client.force_login(cast.users["hq"])
    data = _ladder_form(cast)
    data["g4-min_satisfaction"] = 50  # under the step to 3 stars (82)

    response = client.post("/performance/ladders/new/", data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Step to 4 stars" in page and "is below the step to 3 stars (82)" in page
    assert not Ladder.objects.exists()
    assert client.post("/performance/ladders/new/", _ladder_form(cast)).status_code == 302
    assert Ladder.objects.get().steps.count() == 4


def test_recommend_then_approve_through_the_api(api_client, cast, staffing_cast):
    make_ladder()
    member = StaffMemberFactory(hall=cast.hall1, star_grade=1)
    GradeChange.objects.create(staff=member, from_grade=2, to_grade=1, effective_on=dt.date(2024, 1, 1), reason="x")
    shop(cast.hall1, member, dt.date(2025, 2, 1), "90", cast.users["shopper"])
    presses(cast.hall1, member, dt.date(2025, 2, 2), satisfied=30)
    evaluation = services.evaluation_run(hall=cast.hall1, quarter_start=Q1)
    proposal = evaluation.proposals.get(staff=member)
    assert proposal.change == "promote"

    api_client.force_authenticate(cast.users["hq"])
    assert api_client.post(f"/api/v1/grade-proposals/{proposal.pk}/approve/", {}).status_code == 400  # not recommended
    api_client.force_authenticate(cast.users["manager"])
    assert api_client.post(f"/api/v1/grade-proposals/{proposal.pk}/approve/", {}).status_code == 403
    assert api_client.post(f"/api/v1/grade-proposals/{proposal.pk}/recommend/", {"note": "ok"}).status_code == 200
    api_client.force_authenticate(cast.users["hq"])
    response = api_client.post(f"/api/v1/grade-proposals/{proposal.pk}/approve/", {})

    assert response.status_code == 200 and response.json()["status"] == "approved"
    member.refresh_from_db()
    assert member.star_grade == 2
