"""The quarterly evaluation against hand-worked evidence: a promotion, a hold because one criterion fails,
a demotion after two quarters below the floor; HQ's approval is the only thing that changes a grade."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from performance import services
from performance.choices import ProposalChange, ProposalStatus
from performance.models import GradeProposal, TrainingRecord
from staffing.models import GradeChange, MentoringPair, StaffMember
from staffing.tests.factories import StaffMemberFactory

from .builders import complaint, make_ladder, presses, shop

Q1 = dt.date(2025, 1, 1)


def at_grade(member: StaffMember, grade: int, since: dt.date) -> StaffMember:
    """Put someone at `grade` since a date, as an earlier decision would have."""
    GradeChange.objects.create(
        staff=member,
        from_grade=max(1, grade - 1) if grade > 1 else 2,
        to_grade=grade,
        effective_on=since,
        reason="earlier",
    )
    StaffMember.objects.filter(pk=member.pk).update(star_grade=grade)
    member.refresh_from_db()
    return member


@pytest.fixture
def ladder(db):
    return make_ladder()


@pytest.fixture
def promotable(cast, ladder):
    """Grade 2 since 1 June 2024; Q1 2025: shops 78, 86, 88 (mean 84.0 >= 80), 36 of 40 presses satisfied
    (90.0 % >= 85), one upheld complaint (<= 1) and one not upheld (not counted), "service basics" passed."""
    member = at_grade(StaffMemberFactory(hall=cast.hall1, name="Promotable"), 2, dt.date(2024, 6, 1))
    for day, score in ((dt.date(2025, 1, 10), "78"), (dt.date(2025, 2, 10), "86"), (dt.date(2025, 3, 10), "88")):
        shop(cast.hall1, member, day, score, cast.users["shopper"])
    shop(cast.hall1, member, dt.date(2025, 3, 20), "10", cast.users["shopper"], published=False)  # not counted
    presses(cast.hall1, member, dt.date(2025, 2, 3), satisfied=36, other=4)
    complaint(cast.hall1, member, dt.date(2025, 2, 5))
    complaint(cast.hall1, member, dt.date(2025, 2, 6), outcome="not_upheld")
    TrainingRecord.objects.create(staff=member, course="service BASICS", passed_on=dt.date(2025, 2, 10))
    return member


def evidence_of(proposal: GradeProposal) -> dict[str, dict]:
    return {row["criterion"]: row for row in proposal.evidence}


def test_every_criterion_met_proposes_a_promotion_with_its_evidence(cast, promotable):
    evaluation = services.evaluation_run(hall=cast.hall1, quarter_start=Q1, by=cast.users["manager"])

    proposal = evaluation.proposals.get(staff=promotable)
    assert (proposal.change, proposal.from_grade, proposal.to_grade) == (ProposalChange.PROMOTE, 2, 3)
    assert proposal.status == ProposalStatus.PROPOSED
    rows = evidence_of(proposal)
    assert rows["months"]["value"] == 9 and rows["months"]["threshold"] == 6
    assert rows["mystery_shop"]["value"] == "84.0" and rows["mystery_shop"]["met"]
    assert len(rows["mystery_shop"]["source"]["inspections"]) == 3
    assert rows["satisfaction"]["value"] == "90.0"
    assert rows["satisfaction"]["source"] == {
        "presses": 40,
        "satisfied": 36,
        "quarter": "2025 Q1",
        "from": "2025-01-01",
        "to": "2025-03-31",
    }
    assert rows["complaints"]["value"] == 1 and rows["complaints"]["met"]
    assert rows["training"]["value"] == "2025-02-10" and rows["training"]["met"]
    assert "mentor_sign_off" not in rows  # the step to 3 stars does not ask for it


def test_one_criterion_short_holds_the_promotion_and_says_which(cast, promotable):
    # A fourth visit at 64 brings the mean to (78 + 86 + 88 + 64) / 4 = 79.0, under 80.
    shop(cast.hall1, promotable, dt.date(2025, 3, 25), "64", cast.users["shopper"])

    evaluation = services.evaluation_run(hall=cast.hall1, quarter_start=Q1)

    proposal = evaluation.proposals.get(staff=promotable)
    assert (proposal.change, proposal.status, proposal.to_grade) == (ProposalChange.NONE, ProposalStatus.NO_CHANGE, 2)
    failed = [row["criterion"] for row in proposal.evidence if not row["met"]]
    assert failed == ["mystery_shop"]
    assert evidence_of(proposal)["mystery_shop"]["value"] == "79.0"


def test_too_few_presses_is_not_a_rate_and_does_not_promote(cast, promotable):
    from touchpoints.models import DevicePress

    DevicePress.objects.filter(staff=promotable).order_by("pk")[:1].get().delete()
    DevicePress.objects.filter(
        staff=promotable, pk__in=DevicePress.objects.filter(staff=promotable).values("pk")[:20]
    ).delete()  # 19 left: under the 20-press minimum

    proposal = services.evaluation_run(hall=cast.hall1, quarter_start=Q1).proposals.get(staff=promotable)

    assert proposal.change == ProposalChange.NONE
    assert evidence_of(proposal)["satisfaction"]["value"] is None


def test_two_quarters_below_the_floor_propose_a_demotion(cast, ladder):
    member = at_grade(StaffMemberFactory(hall=cast.hall1, name="Slipping"), 3, dt.date(2023, 1, 1))
    shop(cast.hall1, member, dt.date(2025, 2, 1), "70", cast.users["shopper"])  # Q1: under the floor of 80
    presses(cast.hall1, member, dt.date(2024, 11, 5), satisfied=21, other=9)  # Q4 2024: 70.0 % under 85

    proposal = services.evaluation_run(hall=cast.hall1, quarter_start=Q1).proposals.get(staff=member)

    assert (proposal.change, proposal.from_grade, proposal.to_grade) == (ProposalChange.DEMOTE, 3, 2)
    floors = [row for row in proposal.evidence if row["criterion"] == "floor"]
    assert [(row["source"]["quarter"], row["source"]["below"]) for row in floors] == [
        ("2025 Q1", ["mystery_shop"]),
        ("2024 Q4", ["satisfaction"]),
    ]


def test_one_quarter_below_the_floor_is_not_enough(cast, ladder):
    member = at_grade(StaffMemberFactory(hall=cast.hall1, name="One bad quarter"), 3, dt.date(2023, 1, 1))
    shop(cast.hall1, member, dt.date(2025, 2, 1), "70", cast.users["shopper"])

    proposal = services.evaluation_run(hall=cast.hall1, quarter_start=Q1).proposals.get(staff=member)

    assert proposal.change == ProposalChange.NONE


def test_nothing_changes_without_hq_approval(cast, promotable):
    evaluation = services.evaluation_run(hall=cast.hall1, quarter_start=Q1)
    proposal = evaluation.proposals.get(staff=promotable)
    with pytest.raises(ValidationError, match="proposed"):
        services.proposal_approve(proposal=proposal, by=cast.users["hq"])  # not recommended yet

    services.proposal_recommend(proposal=proposal, by=cast.users["manager"], note="Ready")

    promotable.refresh_from_db()
    assert promotable.star_grade == 2
    assert not GradeChange.objects.filter(staff=promotable, to_grade=3).exists()
    assert evaluation.proposals.get(staff=promotable).status == ProposalStatus.RECOMMENDED


def test_approval_changes_the_grade_and_records_who_when_and_why(cast, promotable):
    evaluation = services.evaluation_run(hall=cast.hall1, quarter_start=Q1)
    proposal = services.proposal_recommend(
        proposal=evaluation.proposals.get(staff=promotable), by=cast.users["manager"], note="Ready"
    )

    services.proposal_approve(proposal=proposal, by=cast.users["hq"], note="Well done.")

    promotable.refresh_from_db()
    assert promotable.star_grade == 3
    change = GradeChange.objects.get(staff=promotable, to_grade=3)
    assert (change.from_grade, change.decided_by, change.recommended_by) == (2, cast.users["hq"], cast.users["manager"])
    assert f"#{evaluation.pk}" in change.source and "2025 Q1" in change.source
    assert "Well done." in change.reason and "Mystery-shop score" in change.reason
    proposal.refresh_from_db()
    assert (proposal.status, proposal.grade_change) == (ProposalStatus.APPROVED, change)


def test_a_held_proposal_needs_a_note_and_cannot_be_approved(cast, promotable):
    proposal = services.evaluation_run(hall=cast.hall1, quarter_start=Q1).proposals.get(staff=promotable)
    with pytest.raises(ValidationError) as error:
        services.proposal_hold(proposal=proposal, by=cast.users["manager"], note=" ")
    assert "note" in error.value.message_dict

    held = services.proposal_hold(proposal=proposal, by=cast.users["manager"], note="Wait for the exam")
    with pytest.raises(ValidationError):
        services.proposal_approve(proposal=held, by=cast.users["hq"])
    rejected = services.proposal_reject(proposal=held, by=cast.users["hq"], note="Agreed, next quarter")

    promotable.refresh_from_db()
    assert (rejected.status, promotable.star_grade) == (ProposalStatus.REJECTED, 2)


def test_a_stale_approval_writes_nothing(cast, promotable):
    proposal = services.evaluation_run(hall=cast.hall1, quarter_start=Q1).proposals.get(staff=promotable)
    proposal = services.proposal_recommend(proposal=proposal, by=cast.users["manager"])
    StaffMember.objects.filter(pk=promotable.pk).update(star_grade=4)  # changed elsewhere meanwhile

    with pytest.raises(ValidationError, match="evaluate again"):
        services.proposal_approve(proposal=proposal, by=cast.users["hq"])

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RECOMMENDED
    assert not GradeChange.objects.filter(staff=promotable, to_grade=3).exists()


def test_running_again_keeps_decisions_and_refreshes_the_rest(cast, promotable):
    other = StaffMemberFactory(hall=cast.hall1, name="Other", star_grade=1)
    evaluation = services.evaluation_run(hall=cast.hall1, quarter_start=Q1)
    services.proposal_recommend(proposal=evaluation.proposals.get(staff=promotable), by=cast.users["manager"])

    again = services.evaluation_run(hall=cast.hall1, quarter_start=Q1)

    assert again.pk == evaluation.pk
    assert again.proposals.get(staff=promotable).status == ProposalStatus.RECOMMENDED
    assert again.proposals.filter(staff=other).count() == 1


def test_a_quarter_not_yet_ended_is_refused(cast, ladder):
    today = cast.hall1.local_now().date()
    with pytest.raises(ValidationError) as error:
        services.evaluation_run(hall=cast.hall1, quarter_start=today)
    assert "quarter" in error.value.message_dict


def test_a_mentor_sign_off_counts_when_the_step_asks_for_it(cast, ladder):
    member = at_grade(StaffMemberFactory(hall=cast.hall1, name="Mentee"), 3, dt.date(2023, 6, 1))
    mentor = StaffMemberFactory(hall=cast.hall1, name="Mentor", star_grade=5)
    for day in (dt.date(2025, 1, 8), dt.date(2025, 2, 8)):
        shop(cast.hall1, member, day, "90", cast.users["shopper"])
    presses(cast.hall1, member, dt.date(2025, 3, 3), satisfied=48, other=2)
    TrainingRecord.objects.create(staff=member, course="Advanced service", passed_on=dt.date(2025, 1, 20))

    first = services.evaluation_run(hall=cast.hall1, quarter_start=Q1).proposals.get(staff=member)
    assert [row["criterion"] for row in first.evidence if not row["met"]] == ["mentor_sign_off"]

    MentoringPair.objects.create(
        hall=cast.hall1,
        mentor=mentor,
        mentee=member,
        goals="x",
        started_on=dt.date(2024, 12, 1),
        mentor_signed_off=True,
    )
    second = services.evaluation_run(hall=cast.hall1, quarter_start=Q1).proposals.get(staff=member)
    assert (second.change, second.to_grade) == (ProposalChange.PROMOTE, 4)


def test_the_ladder_refuses_falling_thresholds_naming_the_step_and_field(db):
    with pytest.raises(ValidationError) as error:
        make_ladder(g4={"min_mystery_shop": Decimal("75")})
    assert list(error.value.message_dict) == ["4.min_mystery_shop"]
    assert "4 stars (75)" in error.value.message_dict["4.min_mystery_shop"][0]


def test_a_region_ladder_is_a_new_version_and_wins_over_the_default(cast, ladder):
    first = make_ladder(region=cast.region_a)
    second = make_ladder(region=cast.region_a, g2={"months_at_grade": 4})

    assert (first.version, second.version) == (1, 2)
    assert services.ladder_in_force(cast.region_a.pk) == second
    assert services.ladder_in_force(cast.region_b.pk) == ladder


def test_the_quarterly_task_evaluates_every_hall_for_the_quarter_that_ended(cast, promotable):
    from performance.evidence import previous_quarter
    from performance.models import Evaluation
    from performance.tasks import evaluate_last_quarter

    assert evaluate_last_quarter() == 3  # hall1, hall2, hall_b
    start, _end = previous_quarter(cast.hall1.local_now().date())
    assert set(Evaluation.objects.values_list("quarter_start", flat=True)) == {start}
    promotable.refresh_from_db()
    assert promotable.star_grade == 2  # proposals only
