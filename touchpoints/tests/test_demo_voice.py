"""The customer-voice demo: rosters with counters and no broken rule, tickets and presses attributed from them,
hourly figures, complaints; running it again adds nothing."""

from __future__ import annotations

import io

import pytest

from halls import demo as halls_demo
from halls.models import QueueEvent, QueueHour, QueueTicket
from staffing import demo as staffing_demo
from staffing.models import Roster, Shift
from staffing.services.rosters import roster_violations
from touchpoints import demo_voice
from touchpoints.models import Complaint, DevicePress, TicketAttribution

MODELS = (Roster, Shift, QueueEvent, QueueTicket, QueueHour, DevicePress, TicketAttribution, Complaint)


@pytest.fixture
def demo_world(db, monkeypatch):
    monkeypatch.setattr(demo_voice, "HISTORY_DAYS", 3)
    context: dict = {}
    halls_demo.load(context, io.StringIO())
    staffing_demo.load(context, io.StringIO())
    return context


def test_the_demo_builds_attributed_queue_data_and_runs_again_without_adding_anything(demo_world):
    demo_voice.load(demo_world, io.StringIO())
    counts = [model.objects.count() for model in MODELS]

    demo_voice.load(demo_world, io.StringIO())

    assert [model.objects.count() for model in MODELS] == counts
    assert QueueTicket.objects.count() > 500 and DevicePress.objects.count() > 200
    assert TicketAttribution.objects.filter(staff__isnull=False).count() == TicketAttribution.objects.count()
    assert Complaint.objects.filter(customer_ref__startswith="DEMO-").count() == len(demo_voice.COMPLAINTS)
    assert not any(roster_violations(roster=roster) for roster in Roster.objects.filter(hall__code="H001"))
    # Press tiers come from the ticket served just before at that counter.
    assert not DevicePress.objects.filter(tier="").exclude(attribution="nobody").exists()
