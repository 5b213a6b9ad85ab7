"""The KPI catalogue: how each formula turns summed facts into a value. The rows themselves (name, quadrant,
direction) are seeded into KpiDefinition by migration 0004; this module knows how to read them back.

aggregation:
- "ratio": value = scale * sum(numerator) / sum(denominator) (None when the denominator is 0);
- "sum":   value = sum(numerator) (counts such as honours);
- "p90":   value = nearest-rank 90th percentile of the merged histograms (seconds), shown in minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext, gettext_noop


@dataclass(frozen=True)
class Formula:
    key: str
    aggregation: str = "ratio"
    scale: Decimal = Decimal(1)
    places: int = 1


PERCENT = Decimal(100)
PER_MINUTE = Decimal(1) / Decimal(60)

FORMULAS: dict[str, Formula] = {
    f.key: f
    for f in [
        Formula("satisfaction", scale=PERCENT),
        Formula("satisfaction_gold", scale=PERCENT),
        Formula("satisfaction_silver", scale=PERCENT),
        Formula("satisfaction_bronze", scale=PERCENT),
        Formula("satisfaction_ordinary", scale=PERCENT),
        Formula("complaints_per_1000", scale=Decimal(1000), places=2),
        Formula("mystery_shop", places=1),
        Formula("touchpoint_score", places=1),
        Formula("wait_mean", scale=PER_MINUTE, places=1),
        Formula("wait_p90", aggregation="p90", places=1),
        Formula("within_target", scale=PERCENT),
        Formula("walk_outs", scale=PERCENT),
        Formula("inspection_completion", scale=PERCENT),
        Formula("actions_on_time", scale=PERCENT),
        Formula("roster_coverage", scale=PERCENT),
        Formula("star_mix", scale=PERCENT),
        Formula("mentoring_pairs", places=1),
        Formula("honours", aggregation="sum", places=0),
        Formula("sales_new_lines", scale=PERCENT),
        Formula("sales_broadband", scale=PERCENT),
        Formula("sales_devices", scale=PERCENT),
    ]
}


def nearest_rank_p90_of(histogram: dict[Any, int]) -> int | None:
    """The ceil(0.9 n)-th smallest value of a {value: count} histogram (keys may be strings from JSON)."""
    pairs = sorted((int(value), int(count)) for value, count in histogram.items() if int(count) > 0)
    total = sum(count for _value, count in pairs)
    if not total:
        return None
    rank = -(-9 * total // 10)  # ceil(0.9 n) without floats
    seen = 0
    for value, count in pairs:
        seen += count
        if seen >= rank:
            return value
    return None  # pragma: no cover


def merge_histograms(histograms: list[dict[Any, int] | None]) -> dict[int, int]:
    merged: dict[int, int] = {}
    for histogram in histograms:
        for value, count in (histogram or {}).items():
            merged[int(value)] = merged.get(int(value), 0) + int(count)
    return merged


def value_of(
    formula_key: str, numerator: Decimal, denominator: Decimal, histograms: list[dict] | None = None
) -> Decimal | None:
    """The period value of a KPI from its summed facts, rounded half up to the formula's places."""
    formula = FORMULAS[formula_key]
    quantum = Decimal(1).scaleb(-formula.places)
    if formula.aggregation == "sum":
        return Decimal(numerator).quantize(quantum, rounding=ROUND_HALF_UP)
    if formula.aggregation == "p90":
        p90 = nearest_rank_p90_of(merge_histograms(histograms or []))
        return None if p90 is None else (Decimal(p90) / 60).quantize(quantum, rounding=ROUND_HALF_UP)
    if not denominator:
        return None
    return (formula.scale * Decimal(numerator) / Decimal(denominator)).quantize(quantum, rounding=ROUND_HALF_UP)


# The seeded names, marked for translation: a page shows gettext(kpi.name), so a seeded name appears translated
# and a name an operator typed appears as typed.
SEEDED_NAMES = [
    gettext_noop("Satisfaction rate"),
    gettext_noop("Satisfaction rate, gold customers"),
    gettext_noop("Satisfaction rate, silver customers"),
    gettext_noop("Satisfaction rate, bronze customers"),
    gettext_noop("Satisfaction rate, ordinary customers"),
    gettext_noop("Complaints per 1,000 served"),
    gettext_noop("Mystery-shop score"),
    gettext_noop("Touchpoint score"),
    gettext_noop("Mean wait"),
    gettext_noop("90th-percentile wait"),
    gettext_noop("Served within the target wait"),
    gettext_noop("Walk-outs"),
    gettext_noop("Inspection completion"),
    gettext_noop("Corrective actions closed on time"),
    gettext_noop("Roster coverage of demand"),
    gettext_noop("Star mix (3 stars or more)"),
    gettext_noop("Active mentoring pairs"),
    gettext_noop("Honours"),
    gettext_noop("New lines against target"),
    gettext_noop("Broadband against target"),
    gettext_noop("Devices against target"),
    gettext_noop("pairs"),
    gettext_noop("count"),
    gettext_noop("score"),
    gettext_noop("min"),
]


def label_of(kpi: Any) -> str:
    return gettext(kpi.name)


def unit_of(kpi: Any) -> str:
    return gettext(kpi.unit)
