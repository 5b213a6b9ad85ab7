"""Which incentive scheme is in force, whether a version was used, and a new version copied from one.

For a hall and a month the scheme in force is the highest version of its region and kind whose
`effective_from` is not after the month (docs/incentives.md, "Schemes")."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ..incentive_models import HallPool, IncentiveScheme, SchemeKpi


def _month(month: dt.date) -> dt.date:
    return month.replace(day=1)


def schemes_in_force(region_id: int, month: dt.date) -> dict[str, IncentiveScheme]:
    """{hall kind: scheme in force} for a region and month, in one query (the KPI weights are not fetched)."""
    chosen: dict[str, IncentiveScheme] = {}
    candidates = IncentiveScheme.objects.filter(region_id=region_id, effective_from__lte=_month(month)).order_by(
        "hall_kind", "-version"
    )
    for scheme in candidates:
        chosen.setdefault(scheme.hall_kind, scheme)
    return chosen


def scheme_in_force(*, region_id: int, hall_kind: str, month: dt.date) -> IncentiveScheme | None:
    return (
        IncentiveScheme.objects.filter(region_id=region_id, hall_kind=hall_kind, effective_from__lte=_month(month))
        .order_by("-version")
        .first()
    )


def scheme_is_used(scheme: IncentiveScheme) -> bool:
    """A version some run has used never changes (a change is a new version)."""
    return HallPool.objects.filter(scheme=scheme).exists()


@transaction.atomic
def new_version(*, scheme: IncentiveScheme, by) -> IncentiveScheme:
    """A saved copy of `scheme` as the next version of its region and kind, with its KPI weights and the same
    month in force; the caller edits it (a version no run has used may be edited)."""
    versions = list(
        IncentiveScheme.objects.select_for_update()
        .filter(region_id=scheme.region_id, hall_kind=scheme.hall_kind)
        .values_list("version", flat=True)
    )
    top = max(versions, default=0)
    weights = list(SchemeKpi.objects.filter(scheme=scheme).values_list("kpi_id", "weight"))
    copy = IncentiveScheme.objects.get(pk=scheme.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.version = top + 1
    copy.created_by = by
    copy.note = ""
    copy.save()
    SchemeKpi.objects.bulk_create([SchemeKpi(scheme=copy, kpi_id=kpi_id, weight=weight) for kpi_id, weight in weights])
    return copy
