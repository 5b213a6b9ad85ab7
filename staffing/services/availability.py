"""Availability: the weekly pattern of times a person cannot work, and dated exceptions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import DatedUnavailability, StaffMember, WeeklyUnavailability


def _check_window(fields: Mapping[str, Any]) -> None:
    """Both ends or neither (the whole day); the end after the start."""
    start, end = fields.get("start"), fields.get("end")
    if (start is None) != (end is None):
        field = "end" if end is None else "start"
        raise ValidationError({field: _("Give both times, or leave both empty for the whole day.")})
    if start is not None and end <= start:
        raise ValidationError({"end": _("The end must come after the start.")})


@transaction.atomic
def weekly_unavailability_add(*, staff: StaffMember, fields: Mapping[str, Any]) -> WeeklyUnavailability:
    _check_window(fields)
    item = WeeklyUnavailability(staff=staff, **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def dated_unavailability_add(*, staff: StaffMember, fields: Mapping[str, Any]) -> DatedUnavailability:
    _check_window(fields)
    item = DatedUnavailability(staff=staff, **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def unavailability_delete(*, item: WeeklyUnavailability | DatedUnavailability) -> None:
    item.delete()
