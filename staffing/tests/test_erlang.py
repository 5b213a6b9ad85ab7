"""Erlang C against published values, exact small cases and the edges a hall's data can reach."""

from __future__ import annotations

import math
import time

import pytest

from staffing.erlang import agents_needed, erlang_b, erlang_c, service_level, traffic_intensity


def test_200_arrivals_an_hour_at_3_minutes_need_14_agents_for_80_percent_in_20_seconds():
    # 100 arrivals in 30 minutes = 200 an hour; 3-minute handling time; 10 erlangs.
    assert agents_needed(200, 3, target_share=0.8, target_wait_minutes=20 / 60) == 14


def test_13_agents_answer_only_79_6_percent_within_20_seconds():
    assert service_level(200, 3, 13, target_wait_seconds=20) == pytest.approx(0.796, abs=0.001)


def test_14_agents_answer_88_8_percent_within_20_seconds():
    assert service_level(200, 3, 14, target_wait_seconds=20) == pytest.approx(0.888, abs=0.001)


@pytest.mark.parametrize(
    ("agents", "published"),
    # Probability of waiting for 10 erlangs, as printed in standard Erlang C tables.
    [(11, 0.6821), (12, 0.4494), (13, 0.2853), (14, 0.1741), (15, 0.1020)],
)
def test_erlang_c_matches_the_published_table_for_10_erlangs(agents, published):
    assert erlang_c(10, agents) == pytest.approx(published, abs=0.00005)


def test_erlang_c_matches_the_closed_form_of_small_queues():
    # M/M/2 with 1 erlang: C = 1/3; M/M/3 with 2 erlangs: C = 4/9 (worked by hand from the definition).
    assert erlang_c(1, 2) == pytest.approx(1 / 3, rel=1e-12)
    assert erlang_c(2, 3) == pytest.approx(4 / 9, rel=1e-12)


def test_erlang_b_matches_the_factorial_formula_where_that_is_still_safe():
    traffic, agents = 7.5, 9
    terms = [traffic**k / math.factorial(k) for k in range(agents + 1)]
    assert erlang_b(traffic, agents) == pytest.approx(terms[-1] / sum(terms), rel=1e-12)


def test_a_queue_with_no_more_agents_than_erlangs_always_waits():
    assert erlang_c(10, 10) == 1.0
    assert erlang_c(10, 7) == 1.0
    assert service_level(200, 3, 10, target_wait_seconds=20) == 0.0


def test_no_arrivals_need_no_agents_and_are_always_served():
    assert agents_needed(0, 3) == 0
    assert erlang_c(0, 0) == 0.0
    assert service_level(0, 3, 0, target_wait_seconds=20) == 1.0


def test_agents_needed_always_exceeds_the_traffic_intensity():
    # A target of "wait at most forever" would be met by any stable queue: still more agents than erlangs.
    assert agents_needed(120, 6, target_share=0.01, target_wait_minutes=600) == 13
    assert traffic_intensity(120, 6) == 12


def test_more_agents_never_lower_the_service_level():
    levels = [service_level(200, 3, n, target_wait_seconds=20) for n in range(11, 25)]
    assert levels == sorted(levels)
    assert levels[-1] < 1.0


def test_a_longer_target_wait_needs_no_more_agents():
    strict = agents_needed(300, 8, target_share=0.8, target_wait_minutes=0.5)
    relaxed = agents_needed(300, 8, target_share=0.8, target_wait_minutes=10)
    assert relaxed <= strict
    assert relaxed > traffic_intensity(300, 8)


def test_500_erlangs_are_computed_fast_and_finite():
    started = time.perf_counter()
    agents = agents_needed(10_000, 3, target_share=0.8, target_wait_minutes=20 / 60)
    waiting = erlang_c(500, 520)
    elapsed = time.perf_counter() - started
    assert 500 < agents < 540
    assert math.isfinite(waiting) and 0 < waiting < 1
    assert service_level(10_000, 3, agents, 20) >= 0.8 > service_level(10_000, 3, agents - 1, 20)
    assert elapsed < 0.05


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: erlang_c(-1, 3), "traffic_erlangs"),
        (lambda: erlang_c(float("nan"), 3), "traffic_erlangs"),
        (lambda: erlang_b(2, -1), "agents"),
        (lambda: agents_needed(100, 0), "aht_minutes"),
        (lambda: agents_needed(-5, 3), "arrivals_per_hour"),
        (lambda: agents_needed(100, 3, target_share=1.0), "target_share"),
        (lambda: service_level(100, 3, 5, target_wait_seconds=-1), "target_wait_seconds"),
    ],
)
def test_nonsense_inputs_are_refused_naming_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()
