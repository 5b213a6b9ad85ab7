"""Labour rules in force for a hall: the region's, with the hall's own overrides on top."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from halls.models import Hall, Region

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


# Sensible bounds for any rule, whoever sets it; a typo (90 h a day) is refused with the field named.
BOUNDS: dict[str, tuple[Decimal, Decimal]] = {
    "min_shift_hours": (Decimal("1"), Decimal("24")),
    "max_shift_hours": (Decimal("1"), Decimal("24")),
    "max_hours_day": (Decimal("1"), Decimal("24")),
    "max_hours_week": (Decimal("1"), Decimal("100")),
    "min_rest_hours": (Decimal("0"), Decimal("24")),
    "max_days_week": (Decimal("1"), Decimal("7")),
    "max_consecutive_days": (Decimal("1"), Decimal("31")),
}


def _check_bounds(values: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, (low, high) in BOUNDS.items():
        value = values.get(name)
        if value is not None and not low <= Decimal(value) <= high:
            errors.setdefault(name, []).append(
                _("Give a value from %(low)s to %(high)s.") % {"low": f"{low:g}", "high": f"{high:g}"}
            )
    return errors


def _check_consistent(rules: LabourRules) -> dict[str, list[str]]:
    """The rules in force must leave room for at least one valid shift and one valid week."""
    errors: dict[str, list[str]] = {}
    if rules.min_shift_hours > rules.max_shift_hours:
        errors.setdefault("min_shift_hours", []).append(
            _("The shortest shift (%(min)s h) is longer than the longest shift (%(max)s h).")
            % {"min": f"{rules.min_shift_hours:g}", "max": f"{rules.max_shift_hours:g}"}
        )
    if rules.min_shift_hours > rules.max_hours_day:
        errors.setdefault("max_hours_day", []).append(
            _("The maximum hours per day (%(day)s h) are fewer than the shortest shift (%(min)s h).")
            % {"day": f"{rules.max_hours_day:g}", "min": f"{rules.min_shift_hours:g}"}
        )
    if rules.min_shift_hours > rules.max_hours_week:
        errors.setdefault("max_hours_week", []).append(
            _("The maximum hours per week are fewer than the shortest shift.")
        )
    if rules.max_consecutive_days < 1 or rules.max_days_week < 1:
        errors.setdefault("max_days_week", []).append(_("At least one working day is needed."))
    return errors


@transaction.atomic
def region_rules_save(*, region: Region, fields: Mapping[str, Any]) -> RegionLabourRules:
    """Set a region's labour rules; every hall of the region that does not override a rule follows it."""
    rules_row, _created = RegionLabourRules.objects.select_for_update().get_or_create(region=region)
    for name in LabourRulesBase.FIELDS:
        if name in fields:
            setattr(rules_row, name, fields[name])
    values = {name: getattr(rules_row, name) for name in LabourRulesBase.FIELDS}
    errors = _check_bounds(values) or _check_consistent(LabourRules(**values))
    if errors:
        raise ValidationError(errors)
    rules_row.full_clean()
    rules_row.save()
    _check_halls_still_consistent(region)
    return rules_row


def _check_halls_still_consistent(region: Region) -> None:
    for hall in Hall.objects.filter(region=region, labour_rules__isnull=False).order_by("code"):
        problems = _check_consistent(effective_rules(hall))
        if problems:
            message = next(iter(problems.values()))[0]
            raise ValidationError(
                _("With these rules, hall %(code)s's own overrides no longer make sense: %(problem)s")
                % {"code": hall.code, "problem": message}
            )


@transaction.atomic
def hall_rules_save(*, hall: Hall, fields: Mapping[str, Any]) -> HallLabourRules:
    """Set a hall's overrides; an empty (None) value means "as the region"."""
    override, _created = HallLabourRules.objects.select_for_update().get_or_create(hall=hall)
    for name in LabourRulesBase.FIELDS:
        if name in fields:
            setattr(override, name, fields[name])
    errors = _check_bounds({name: getattr(override, name) for name in LabourRulesBase.FIELDS})
    if errors:
        raise ValidationError(errors)
    override.full_clean()
    override.save()
    # Checked on the merged rules; raising here rolls the save back.
    errors = _check_consistent(effective_rules(hall))
    if errors:
        raise ValidationError(errors)
    return override
