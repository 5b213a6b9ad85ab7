"""The incentive arithmetic of docs/incentives.md as pure functions: Decimal in, Decimal out, no ORM.

Rounding, in one place: ratios and factors to 4 decimals half up (`ratio`); money to the cent half up
(`money`); shares cut to the cent with the left-over cents by largest remainder (`split`)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, Protocol

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
RATIO = Decimal("0.0001")

HIGHER = "higher"
LOWER = "lower"


def _d(x: Any) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


def money(x: Any) -> Decimal:
    """To the cent, half up."""
    return _d(x).quantize(CENT, rounding=ROUND_HALF_UP)


def ratio(x: Any) -> Decimal:
    """To 4 decimals, half up."""
    return _d(x).quantize(RATIO, rounding=ROUND_HALF_UP)


def clamp(x: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(_d(low), min(_d(high), x))


def kpi_attainment(value: Any, target: Any, direction: str, cap: Any) -> Decimal | None:
    """One KPI's attainment against its target, kept between 0 and `cap`, 4 decimals half up.

    higher is better: value / target; lower is better: target / value (a value of 0 earns the cap).
    A target of 0: higher earns the cap above 0 and 1 at exactly 0 (the target met, no more); lower earns
    the cap at 0 and 0 above it. None when there is no value or no target (the KPI is left out)."""
    if value is None or target is None:
        return None
    value, target, cap = _d(value), _d(target), _d(cap)
    if direction == LOWER:
        if value <= 0:
            raw = cap
        elif target == 0:
            raw = ZERO
        else:
            raw = target / value
    elif target == 0:
        raw = cap if value > 0 else (ONE if value == 0 else ZERO)
    else:
        raw = value / target
    return ratio(clamp(raw, ZERO, cap))


def weighted_attainment(items: Iterable[tuple[Any, Decimal | None]]) -> Decimal | None:
    """Σ weight × attainment / Σ weight over the items with an attainment (others left out with their
    weight), 4 decimals half up; None when none has one (or the weights counted add up to 0)."""
    counted = [(_d(weight), _d(att)) for weight, att in items if att is not None]
    total_weight = sum((weight for weight, _att in counted), ZERO)
    if not counted or total_weight <= 0:
        return None
    return ratio(sum((weight * att for weight, att in counted), ZERO) / total_weight)


def pool_factor(attainment: Decimal | None, floor: Any, cap: Any) -> Decimal:
    """The weighted attainment kept between the scheme's floor and cap; 1 when no KPI had data."""
    if attainment is None:
        return ONE
    return ratio(clamp(_d(attainment), _d(floor), _d(cap)))


class PersonalTerms(Protocol):
    mystery_standard: Decimal
    mystery_weight: Decimal
    satisfaction_standard: Decimal
    satisfaction_weight: Decimal
    personal_floor: Decimal
    personal_cap: Decimal


def personal_factor(mystery: Decimal | None, satisfaction: Decimal | None, scheme_terms: PersonalTerms) -> Decimal:
    """1 + mystery weight × (score − standard) / 100 + satisfaction weight × (rate − standard) / 100, kept
    between the personal floor and cap, 4 decimals half up. A term without data (None) counts 0."""
    t = scheme_terms
    factor = ONE
    if mystery is not None:
        factor += _d(t.mystery_weight) * (_d(mystery) - _d(t.mystery_standard)) / HUNDRED
    if satisfaction is not None:
        factor += _d(t.satisfaction_weight) * (_d(satisfaction) - _d(t.satisfaction_standard)) / HUNDRED
    return ratio(clamp(factor, _d(t.personal_floor), _d(t.personal_cap)))


def points_of(star_coefficient: Any, hours: Any, factor: Any) -> Decimal:
    """star coefficient × hours worked × personal factor, 4 decimals half up."""
    return ratio(_d(star_coefficient) * _d(hours) * _d(factor))


def split(pool: Decimal, points: dict[Hashable, Decimal]) -> dict[Hashable, Decimal]:
    """pool × points / all points for each key, cut to the cent (rounded down); the cents left over go one
    each to the largest remainders (ties: the lower key), so the shares add up to the pool exactly.
    Keys with no points get 0; when nobody has points every share is 0 (the pool is not paid)."""
    pool = money(pool)
    total = sum((_d(p) for p in points.values() if p > 0), ZERO)
    if total <= 0 or pool <= 0:
        return {key: ZERO for key in points}
    shares: dict[Hashable, Decimal] = {}
    remainders: list[tuple[Decimal, Hashable]] = []
    for key, p in points.items():
        exact = pool * _d(p) / total if p > 0 else ZERO
        cut_down = exact.quantize(CENT, rounding=ROUND_DOWN)
        shares[key] = cut_down
        if p > 0:
            remainders.append((exact - cut_down, key))
    leftover = int((pool - sum(shares.values(), ZERO)) / CENT)
    remainders.sort(key=lambda item: (-item[0], item[1]))
    for _rest, key in remainders[:leftover]:
        shares[key] += CENT
    return shares


def capped_percent(percents: Iterable[Any]) -> Decimal:
    """Percentages add up and stop at 100."""
    return min(HUNDRED, sum((_d(p) for p in percents), ZERO))


def cut(share: Any, percent: Any) -> Decimal:
    """share × percent / 100 (percent stopping at 100), to the cent half up."""
    return money(_d(share) * min(HUNDRED, max(ZERO, _d(percent))) / HUNDRED)
