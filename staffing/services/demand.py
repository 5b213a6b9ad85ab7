"""Demand settings of a hall: handling time, service target, floor roles and entered arrivals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from halls.models import Hall

from ..demand import profile_for
from ..models import DemandProfile


@transaction.atomic
def demand_profile_save(*, hall: Hall, fields: Mapping[str, Any]) -> DemandProfile:
    profile = DemandProfile.objects.select_for_update().filter(pk=profile_for(hall).pk).get()
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    hall._demand_profile_cache = profile
    return profile
