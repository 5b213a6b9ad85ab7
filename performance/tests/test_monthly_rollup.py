"""The monthly KPI roll-up (MonthlyFact): after a rebuild, after a partial rebuild of a month and across a month
boundary it holds the sums of the month's daily rows (hand-checked), merges the wait histograms, costs a fixed
number of queries whatever the days, and `kpi_rebuild --rollup-only` rebuilds it from the daily facts alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from performance.kpi_models import DailyFact, MonthlyFact
from performance.kpis.definitions import value_of
from performance.kpis.facts import merged_histogram, rebuild, rollup
from touchpoints.models import DevicePress

from . import test_kpis
from .test_kpis import D2, MARCH, D, _press, _tickets

story = test_kpis.story  # the hand-worked hall of test_kpis (a fixture): presses, tickets, complaints on D, D2
APRIL = dt.date(2026, 4, 1)


def _month(hall, code, month=MARCH):
    return MonthlyFact.objects.get(hall=hall, kpi__code=code, month=month)


def _sums_of_daily_rows(hall, month):
    """{KPI code: (sum num, sum den, days, merged histogram)} from the daily rows of the month, in Python."""
    result: dict[str, list] = {}
    after = (month + dt.timedelta(days=32)).replace(day=1)
    for fact in DailyFact.objects.filter(hall=hall, day__gte=month, day__lt=after).select_related("kpi"):
        entry = result.setdefault(fact.kpi.code, [Decimal(0), Decimal(0), 0, []])
        entry[0] += fact.numerator
        entry[1] += fact.denominator
        entry[2] += 1
        entry[3].append(fact.histogram)
    return {code: (num, den, days, merged_histogram(h)) for code, (num, den, days, h) in result.items()}


def _rolled_up(hall, month):
    return {
        row.kpi.code: (row.numerator, row.denominator, row.days, row.histogram)
        for row in MonthlyFact.objects.filter(hall=hall, month=month).select_related("kpi")
    }


def test_rollup_after_a_rebuild_is_the_sum_of_the_daily_rows(story):
    # Satisfaction: 7 of 10 on D, 1 of 2 on D2: the month holds 8 / 12 (66.7 %, not the mean of days 60.0).
    satisfaction = _month(story, "satisfaction")
    assert (satisfaction.numerator, satisfaction.denominator, satisfaction.days) == (8, 12, 2)
    assert value_of("satisfaction", satisfaction.numerator, satisfaction.denominator) == Decimal("66.7")
    # Complaints: 5 complaints, 10 served (D) and 1 day without tickets (D2).
    complaints = _month(story, "complaints_per_1000")
    assert (complaints.numerator, complaints.denominator) == (5, 10)
    # The wait histogram is merged: ten waits 60..540 s and 1200 s, the 9th smallest 540 s = 9.0 min.
    p90 = _month(story, "wait_p90")
    assert sum(p90.histogram.values()) == 10
    assert p90.histogram["540"] == 1 and p90.histogram["1200"] == 1
    assert value_of("wait_p90", Decimal(0), Decimal(0), [p90.histogram]) == Decimal("9.0")
    # ... and its percentile stored with it (what the HQ league sorts by): 540 s.
    assert p90.p90_seconds == 540
    assert _month(story, "satisfaction").p90_seconds is None
    # Every KPI of the month equals the sums of its daily rows.
    assert len(_rolled_up(story, MARCH)) >= 10
    assert _rolled_up(story, MARCH) == _sums_of_daily_rows(story, MARCH)
    assert not MonthlyFact.objects.exclude(hall=story).exists()


def test_partial_rebuild_of_a_month_keeps_the_other_days(story):
    day3 = dt.date(2026, 3, 20)
    DevicePress.objects.bulk_create([_press(story, day3, "satisfied"), _press(story, day3, "dissatisfied")])
    rebuild(first=day3, last=day3, halls=[story])
    satisfaction = _month(story, "satisfaction")
    # D and D2 (8 / 12) stay counted, D3 adds 1 / 2: 9 / 14 over three days.
    assert (satisfaction.numerator, satisfaction.denominator, satisfaction.days) == (9, 14, 3)
    # A changed source on D2 only (the neutral press becomes satisfied): 10 / 14.
    DevicePress.objects.filter(hall=story, service_day=D2, rating="neutral").update(rating="satisfied")
    rebuild(first=D2, last=D2, halls=[story])
    assert (_month(story, "satisfaction").numerator, _month(story, "satisfaction").denominator) == (10, 14)
    assert _rolled_up(story, MARCH) == _sums_of_daily_rows(story, MARCH)


def test_rebuild_across_a_month_boundary_rolls_up_both_months(story):
    _tickets(story, APRIL + dt.timedelta(days=1), [30, 90, 700])
    DevicePress.objects.bulk_create([_press(story, APRIL, "satisfied")])
    rebuild(first=dt.date(2026, 3, 30), last=dt.date(2026, 4, 2), halls=[story])
    # March 30-31 had no presses: March's satisfaction is still 8 / 12, and every KPI the sum of its days.
    assert (_month(story, "satisfaction").numerator, _month(story, "satisfaction").denominator) == (8, 12)
    assert _rolled_up(story, MARCH) == _sums_of_daily_rows(story, MARCH)
    april = _month(story, "satisfaction", APRIL)
    assert (april.numerator, april.denominator) == (1, 1)
    assert _month(story, "wait_p90", APRIL).histogram == {"30": 1, "90": 1, "700": 1}
    assert _month(story, "wait_p90", APRIL).p90_seconds == 700  # the 3rd of 3 (ceil 2.7)
    assert _rolled_up(story, APRIL) == _sums_of_daily_rows(story, APRIL)


def test_rollup_queries_do_not_grow_with_days_and_the_command_rebuilds_it(story, cast):
    def queries(first, last):
        with CaptureQueriesContext(connection) as captured:
            rollup(halls=[story.pk], first=first, last=last)
        return len(captured)

    assert queries(D, D) == queries(MARCH, dt.date(2026, 4, 30))
    expected = _rolled_up(story, MARCH)
    MonthlyFact.objects.all().delete()
    call_command("kpi_rebuild", "--from", "2026-03-05", "--to", "2026-03-05", "--rollup-only")
    # The whole month is rolled up from its daily rows, which stay as they were.
    assert _rolled_up(story, MARCH) == expected
    assert DailyFact.objects.filter(hall=story).count() >= 10
