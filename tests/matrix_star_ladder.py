"""The permission matrix rows of the star ladder: ladder versions, quarterly evaluations and their proposals
(recommend, hold, approve, reject), mentoring pairs, honours, the hall's wall and "my progress".

`star_ladder_setup(context)` adds before the test's snapshot of the database: `ladder_a` (region A's
ladder, over a default one), `mentor5` (a 5-star in hall1), `pair1` (mentor5 mentoring member1, the staff
user's record), `honour1` (member1's), `evaluation1` (hall1, 2025 Q1) with `proposal_proposed` (member1b,
3 -> 4, awaiting the manager) and `proposal_recommended` (member1, 3 -> 4, awaiting HQ).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.permission_matrix import EVERYONE, Endpoint, _row

Q1 = dt.date(2025, 1, 1)


def star_ladder_setup(context: Any) -> None:
    from performance.models import Evaluation, GradeProposal
    from performance.tests.builders import make_ladder
    from staffing.models import Honour, MentoringPair
    from staffing.tests.factories import StaffMemberFactory

    make_ladder()
    context.ladder_a = make_ladder(region=context.region_a)
    hall = context.hall1
    context.mentor5 = StaffMemberFactory(hall=hall, name="Mentor Five", employee_number="A001-009", star_grade=5)
    context.pair1 = MentoringPair.objects.create(
        hall=hall, mentor=context.mentor5, mentee=context.member1, goals="Family plans", started_on=Q1
    )
    context.honour1 = Honour.objects.create(
        staff=context.member1, kind="other", title="Calm", period_start=Q1, period_end=Q1, reason="Matrix"
    )
    context.evaluation1 = Evaluation.objects.create(
        hall=hall, quarter_start=Q1, quarter_end=dt.date(2025, 3, 31), ladder=context.ladder_a
    )
    proposal = {"evaluation": context.evaluation1, "change": "promote", "from_grade": 3, "to_grade": 4}
    context.proposal_proposed = GradeProposal.objects.create(staff=context.member1b, status="proposed", **proposal)
    context.proposal_recommended = GradeProposal.objects.create(staff=context.member1, status="recommended", **proposal)


HALL1_OUTSIDERS = {"manager_other": "404", "hq_other": "404", "shopper": "404", "staff": "404"}
RUNS_A_HALL = _row(
    admin="ok", hq="ok", manager="ok", manager_other="ok", hq_other="ok", inspector="403", shopper="403", staff="403"
)
HALL1_RUNNERS = {"admin": "ok", "hq": "ok", "manager": "ok", "inspector": "403", **HALL1_OUTSIDERS}
MANAGER_ACTS = {"admin": "ok", "hq": "403", "manager": "ok", "inspector": "403", **HALL1_OUTSIDERS}
HQ_ACTS = {"admin": "ok", "hq": "ok", "manager": "403", "inspector": "403", **HALL1_OUTSIDERS}
# Pairs are visible to their mentor and mentee too: the staff user (member1, the mentee) may not act.
PAIR_RUNNERS = {**HALL1_RUNNERS, "staff": "403"}
LADDER_A_READERS = _row(
    admin="ok", hq="ok", manager="ok", manager_other="ok", hq_other="404", inspector="403", shopper="404", staff="403"
)
GOVERNORS = _row(
    admin="ok", hq="ok", hq_other="ok", manager="403", manager_other="403", inspector="403", shopper="403", staff="403"
)
CREATE_IN_HALL1 = {**HALL1_RUNNERS, "manager_other": "400", "hq_other": "400", "shopper": "403", "staff": "403"}
WALL_READERS = {"admin": "ok", "hq": "ok", "manager": "ok", "inspector": "ok", **HALL1_OUTSIDERS}
# Administrators have no staff record of their own: the page does not exist for them.
STAFF_ONLY = {**{role: "403" for role in RUNS_A_HALL}, "staff": "ok", "admin": "404"}


def _ladder_form(c: Any) -> dict[str, Any]:
    data = {"region": c.region_a.pk, "demotion_quarters": 2, "note": "Matrix"}
    for grade, months in ((2, 3), (3, 6), (4, 12), (5, 18)):
        data.update(
            {
                f"g{grade}-months_at_grade": months,
                f"g{grade}-min_mystery_shop": 60 + 5 * grade,
                f"g{grade}-min_satisfaction": 70 + 4 * grade,
                f"g{grade}-max_complaints": 5 - grade,
                f"g{grade}-training_course": "",
            }
        )
    return data


def _run_form(c: Any) -> dict[str, Any]:
    from django.utils import timezone

    from performance.forms import ended_quarters

    return {"hall": c.hall1.pk, "quarter": ended_quarters(timezone.localdate())[0][0]}


def _pair_body(c: Any) -> dict[str, Any]:
    return {"mentor": c.mentor5.pk, "mentee": c.member1b.pk, "goals": "Queue at peak", "started_on": "2025-02-01"}


def _honour_body(c: Any) -> dict[str, Any]:
    return {
        "staff": c.member1b.pk,
        "kind": "other",
        "title": "Helpful",
        "period_start": "2025-02-01",
        "period_end": "2025-02-28",
        "reason": "Stayed late for a customer",
    }


def _proposal(name: str, action: str, expect: dict[str, str], api: bool, note: str = "") -> Endpoint:
    attr = "proposal_proposed" if action in ("recommend", "hold") else "proposal_recommended"
    if api:
        path = lambda c: f"/api/v1/grade-proposals/{getattr(c, attr).pk}/{action}/"  # noqa: E731
        label = f"/api/v1/grade-proposals/{{id}}/{action}/"
    else:
        path = lambda c: f"/performance/proposals/{getattr(c, attr).pk}/{action}/"  # noqa: E731
        label = f"/performance/proposals/{{id}}/{action}/"
    return Endpoint(name, "post", path, expect, api=api, data=lambda c: {"note": note}, label_path=label)


STAR_LADDER_ENDPOINTS: list[Endpoint] = [
    # --- HTML ---
    Endpoint("star ladders", "get", lambda c: "/performance/ladders/", RUNS_A_HALL, label_path="/performance/ladders/"),
    Endpoint(
        "star ladder of region A",
        "get",
        lambda c: f"/performance/ladders/{c.ladder_a.pk}/",
        LADDER_A_READERS,
        label_path="/performance/ladders/{id}/",
    ),
    Endpoint(
        "star ladder: new version form",
        "get",
        lambda c: "/performance/ladders/new/",
        GOVERNORS,
        label_path="/performance/ladders/new/",
    ),
    Endpoint(
        "star ladder: new version of region A",
        "post",
        lambda c: "/performance/ladders/new/",
        {**GOVERNORS, "hq_other": "400"},
        data=_ladder_form,
        label_path="/performance/ladders/new/",
    ),
    Endpoint(
        "star evaluations",
        "get",
        lambda c: "/performance/evaluations/",
        RUNS_A_HALL,
        label_path="/performance/evaluations/",
    ),
    Endpoint(
        "star evaluation: run for hall1",
        "post",
        lambda c: "/performance/evaluations/",
        {**RUNS_A_HALL, "manager_other": "400", "hq_other": "400"},
        data=_run_form,
        label_path="/performance/evaluations/",
    ),
    Endpoint(
        "star evaluation of hall1",
        "get",
        lambda c: f"/performance/evaluations/{c.evaluation1.pk}/",
        HALL1_RUNNERS,
        label_path="/performance/evaluations/{id}/",
    ),
    _proposal("grade proposal: recommend", "recommend", MANAGER_ACTS, api=False),
    _proposal("grade proposal: hold", "hold", MANAGER_ACTS, api=False, note="Exam first"),
    _proposal("grade proposal: approve", "approve", HQ_ACTS, api=False),
    _proposal("grade proposal: reject", "reject", HQ_ACTS, api=False, note="Next quarter"),
    Endpoint(
        "star grades: HQ approval queue",
        "get",
        lambda c: "/performance/approvals/",
        GOVERNORS,
        label_path="/performance/approvals/",
    ),
    Endpoint(
        "mentoring pairs of hall1",
        "get",
        lambda c: f"/performance/halls/{c.hall1.pk}/mentoring/",
        HALL1_RUNNERS,
        label_path="/performance/halls/{id}/mentoring/",
    ),
    Endpoint(
        "mentoring pair: start in hall1",
        "post",
        lambda c: f"/performance/halls/{c.hall1.pk}/mentoring/",
        HALL1_RUNNERS,
        data=_pair_body,
        label_path="/performance/halls/{id}/mentoring/",
    ),
    Endpoint(
        "mentoring pair: mentor's sign-off",
        "post",
        lambda c: f"/performance/mentoring/{c.pair1.pk}/sign-off/",
        PAIR_RUNNERS,
        label_path="/performance/mentoring/{id}/sign-off/",
    ),
    Endpoint(
        "mentoring pair: complete",
        "post",
        lambda c: f"/performance/mentoring/{c.pair1.pk}/complete/",
        PAIR_RUNNERS,
        label_path="/performance/mentoring/{id}/complete/",
    ),
    Endpoint(
        "honour form (hall1)",
        "get",
        lambda c: f"/performance/halls/{c.hall1.pk}/honours/new/",
        HALL1_RUNNERS,
        label_path="/performance/halls/{id}/honours/new/",
    ),
    Endpoint(
        "honour: award by hand in hall1",
        "post",
        lambda c: f"/performance/halls/{c.hall1.pk}/honours/new/",
        HALL1_RUNNERS,
        data=_honour_body,
        label_path="/performance/halls/{id}/honours/new/",
    ),
    Endpoint(
        "honours wall of hall1",
        "get",
        lambda c: f"/performance/halls/{c.hall1.pk}/wall/",
        WALL_READERS,
        label_path="/performance/halls/{id}/wall/",
    ),
    Endpoint("my progress", "get", lambda c: "/performance/me/", STAFF_ONLY, label_path="/performance/me/"),
    # --- API ---
    Endpoint(
        "API: star ladders",
        "get",
        lambda c: "/api/v1/star-ladders/",
        RUNS_A_HALL,
        api=True,
        label_path="/api/v1/star-ladders/",
    ),
    Endpoint(
        "API: star ladder of region A",
        "get",
        lambda c: f"/api/v1/star-ladders/{c.ladder_a.pk}/",
        LADDER_A_READERS,
        api=True,
        label_path="/api/v1/star-ladders/{id}/",
    ),
    Endpoint(
        "API: star evaluations",
        "get",
        lambda c: "/api/v1/star-evaluations/",
        RUNS_A_HALL,
        api=True,
        label_path="/api/v1/star-evaluations/",
    ),
    Endpoint(
        "API: star evaluation of hall1",
        "get",
        lambda c: f"/api/v1/star-evaluations/{c.evaluation1.pk}/",
        HALL1_RUNNERS,
        api=True,
        label_path="/api/v1/star-evaluations/{id}/",
    ),
    Endpoint(
        "API: star evaluation: run for hall1",
        "post",
        lambda c: "/api/v1/star-evaluations/",
        CREATE_IN_HALL1,
        api=True,
        data=lambda c: {"hall": c.hall1.pk, "quarter_start": "2025-04-01"},
        label_path="/api/v1/star-evaluations/",
    ),
    Endpoint(
        "API: grade proposals",
        "get",
        lambda c: "/api/v1/grade-proposals/",
        RUNS_A_HALL,
        api=True,
        label_path="/api/v1/grade-proposals/",
    ),
    _proposal("API: grade proposal: recommend", "recommend", MANAGER_ACTS, api=True),
    _proposal("API: grade proposal: hold", "hold", MANAGER_ACTS, api=True, note="Exam first"),
    _proposal("API: grade proposal: approve", "approve", HQ_ACTS, api=True),
    _proposal("API: grade proposal: reject", "reject", HQ_ACTS, api=True, note="Next quarter"),
    Endpoint(
        "API: mentoring pairs",
        "get",
        lambda c: "/api/v1/mentoring-pairs/",
        {**RUNS_A_HALL, "staff": "ok"},
        api=True,
        label_path="/api/v1/mentoring-pairs/",
    ),
    Endpoint(
        "API: mentoring pair: start in hall1",
        "post",
        lambda c: "/api/v1/mentoring-pairs/",
        CREATE_IN_HALL1,
        api=True,
        data=_pair_body,
        label_path="/api/v1/mentoring-pairs/",
    ),
    Endpoint(
        "API: mentoring pair: mentor's sign-off",
        "post",
        lambda c: f"/api/v1/mentoring-pairs/{c.pair1.pk}/sign-off/",
        PAIR_RUNNERS,
        api=True,
        label_path="/api/v1/mentoring-pairs/{id}/sign-off/",
    ),
    Endpoint(
        "API: mentoring pair: end",
        "post",
        lambda c: f"/api/v1/mentoring-pairs/{c.pair1.pk}/end/",
        PAIR_RUNNERS,
        api=True,
        data=lambda c: {"completed": True},
        label_path="/api/v1/mentoring-pairs/{id}/end/",
    ),
    Endpoint(
        "API: honours",
        "get",
        lambda c: "/api/v1/honours/",
        {**EVERYONE, "shopper": "403"},
        api=True,
        label_path="/api/v1/honours/",
    ),
    Endpoint(
        "API: honour: award by hand in hall1",
        "post",
        lambda c: "/api/v1/honours/",
        CREATE_IN_HALL1,
        api=True,
        data=_honour_body,
        label_path="/api/v1/honours/",
    ),
]
