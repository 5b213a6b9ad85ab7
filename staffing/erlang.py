"""Erlang C: how many people a queue needs so that a target share of customers waits no longer than a target.

Traffic intensity A (erlangs) is arrivals per hour times handling time in hours. With N agents and N > A,
Erlang C gives the probability that a customer has to wait at all; the service level is the share answered
within a target wait t: SL = 1 - C(A, N) * exp(-(N - A) * t / AHT). `docs/demand.md` writes the formula
down with a worked example.
"""

from __future__ import annotations

import math

# A hall never needs more agents than this; it stops a nonsense input (say 10^9 arrivals) looping forever.
MAX_AGENTS = 100_000


def erlang_b(traffic_erlangs: float, agents: int) -> float:
    """Probability that all `agents` are busy in a loss system (Erlang B).

    Uses the recursion B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1)): every step stays in [0, 1], so it is
    stable for hundreds of erlangs where the textbook A^N / N! overflows.
    """
    _check_traffic(traffic_erlangs)
    if agents < 0:
        raise ValueError("agents must be >= 0")
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = traffic_erlangs * blocking / (n + traffic_erlangs * blocking)
    return blocking


def erlang_c(traffic_erlangs: float, agents: int) -> float:
    """Probability that a customer has to wait (Erlang C); 1.0 when the queue is unstable (agents <= traffic)."""
    _check_traffic(traffic_erlangs)
    if traffic_erlangs == 0:
        return 0.0
    if agents <= traffic_erlangs:
        return 1.0
    blocking = erlang_b(traffic_erlangs, agents)
    return agents * blocking / (agents - traffic_erlangs * (1.0 - blocking))


def traffic_intensity(arrivals_per_hour: float, aht_minutes: float) -> float:
    """Offered load in erlangs: arrivals per hour times the mean handling time in hours."""
    if arrivals_per_hour < 0:
        raise ValueError("arrivals_per_hour must be >= 0")
    if aht_minutes <= 0:
        raise ValueError("aht_minutes must be > 0")
    return arrivals_per_hour * aht_minutes / 60.0


def service_level(arrivals_per_hour: float, aht_minutes: float, agents: int, target_wait_seconds: float) -> float:
    """Share of customers served within `target_wait_seconds` by `agents` people (0.0 when the queue grows)."""
    if target_wait_seconds < 0:
        raise ValueError("target_wait_seconds must be >= 0")
    traffic = traffic_intensity(arrivals_per_hour, aht_minutes)
    if traffic == 0:
        return 1.0
    if agents <= traffic:
        return 0.0
    waiting = erlang_c(traffic, agents)
    return 1.0 - waiting * math.exp(-(agents - traffic) * target_wait_seconds / (aht_minutes * 60.0))


def agents_needed(
    arrivals_per_hour: float, aht_minutes: float, target_share: float = 0.8, target_wait_minutes: float = 10.0
) -> int:
    """Smallest number of agents whose service level reaches `target_share` within `target_wait_minutes`.

    0 when nobody arrives. Otherwise always more than the traffic intensity, since with fewer the queue
    grows without limit whatever the target.
    """
    if not 0 < target_share < 1:
        raise ValueError("target_share must be between 0 and 1 (exclusive)")
    if target_wait_minutes < 0:
        raise ValueError("target_wait_minutes must be >= 0")
    traffic = traffic_intensity(arrivals_per_hour, aht_minutes)
    if traffic == 0:
        return 0
    agents = math.floor(traffic) + 1
    # Walk Erlang B forward alongside the search instead of restarting the recursion at every N.
    blocking = erlang_b(traffic, agents)
    wait_over_aht = target_wait_minutes / aht_minutes
    while agents <= MAX_AGENTS:
        waiting = agents * blocking / (agents - traffic * (1.0 - blocking))
        if 1.0 - waiting * math.exp(-(agents - traffic) * wait_over_aht) >= target_share:
            return agents
        agents += 1
        blocking = traffic * blocking / (agents + traffic * blocking)
    raise ValueError(f"more than {MAX_AGENTS} agents needed for {traffic:.0f} erlangs")


def _check_traffic(traffic_erlangs: float) -> None:
    if not traffic_erlangs >= 0 or math.isinf(traffic_erlangs):
        raise ValueError("traffic_erlangs must be a finite number >= 0")
