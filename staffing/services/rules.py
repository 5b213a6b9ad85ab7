"""Labour rules in force for a hall: the region's, with the hall's own overrides on top."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from halls.models import Hall

from ..models import HallLabourRules, LabourRulesBase, RegionLabourRules


@dataclass(frozen=True)
class LabourRules:
    min_shift_hours: Decimal
    max_shift_hours: Decimal
    max_hours_day: Decimal
    max_hours_week: Decimal
    min_rest_hours: Decimal
    max_days_week: int
    max_consecutive_days: int

    @property
    def longest_shift_hours(self) -> Decimal:
        # One shift a day, so the daily cap also caps the shift.
        return min(self.max_shift_hours, self.max_hours_day)


def effective_rules(hall: Hall) -> LabourRules:
    region_rules = RegionLabourRules.objects.filter(region_id=hall.region_id).first() or RegionLabourRules()
    values = {name: getattr(region_rules, name) for name in LabourRulesBase.FIELDS}
    override = HallLabourRules.objects.filter(hall=hall).first()
    if override:
        values.update(
            {name: getattr(override, name) for name in LabourRulesBase.FIELDS if getattr(override, name) is not None}
        )
    return LabourRules(**values)
