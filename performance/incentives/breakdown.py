"""Reads behind the incentive pages: "why is my bonus this much", the what-if, the pool so far, the payroll.
Pure reads: nothing here writes.

Explanation shapes (JSON kept on the rows when computed, so a locked run explains itself later). Numbers are
strings of Decimals; days are ISO dates.

HallPool.explanation::

    {"version": 1,
     "scheme": {"id", "name", "version"},
     "terms": {"base_pool", "pool_per_head", "kpi_cap", "floor", "cap",
               "critical_fail": [scope, percent], "serious_complaint": [scope, percent],
               "stars": [1-star .. 5-star coefficient], "mystery_standard", "mystery_weight",
               "satisfaction_standard", "satisfaction_weight", "personal_floor", "personal_cap"},
     "headcount", "base",
     "kpis": [{"code", "name", "unit", "formula", "direction", "weight", "value", "actual", "changed",
               "numerator", "denominator", "target", "attainment", "counted", "left_out": ""|"no_data"|"no_target",
               "weight_share", "contribution"}],
     "attainment" (null when no KPI had data), "factor", "pool_before_gates",
     "gates": [{"kind": "critical_fail"|"serious_complaint", "id" (inspection or complaint), "day", "detail"
                (inspection kind or complaint severity), "scheme_scope", "scope" (as applied: "hall"|"person"),
                "fallback" (person scope but nobody on the hall's lines named), "percent", "staff" (cut),
                "named"}],
     "hall_percent", "gate_cut", "pool",
     "touchpoints": [{"code", "order", "name_en", "name_zh", "score" (mean of the month), "count"}],
     "appeals": [{"appeal", "inspection", "day", "staff"}], "frozen" (the whole hall),
     "points_total", "paid", "withheld", "unpaid" (the pool when nobody had points), "frozen_amount",
     "flags": ["no_kpi_data", "nobody_worked"]}

IncentiveLine.explanation::

    {"version": 1,
     "shops": [{"id", "hall", "day", "overall", "touchpoints": {code: score}}],
     "presses": {"total", "satisfied"}, "mystery_term", "satisfaction_term",
     "gates": [gate rows as above that cut this person], "percent" (their gate percentage, at most 100),
     "appeals": [{"appeal", "inspection"}], "hall_frozen", "points_total", "pool"}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from ..incentive_models import HallPool, IncentiveLine, IncentiveRun
from . import arithmetic as a
from .calc import PoolResult, compute_hall, kpi_rows
from .inputs import gather

GATE_LABELS = {
    "critical_fail": _("Failed critical item"),
    "serious_complaint": _("Upheld serious complaint"),
}
LEFT_OUT = {
    "no_data": _("No data this month: left out, with its weight."),
    "no_target": _("No target for this hall kind: left out, with its weight."),
}


def _d(x: Any) -> Decimal | None:
    return None if x in (None, "") else Decimal(str(x))


def _tp_name(row: dict) -> str:
    chinese = (get_language() or "").lower().startswith("zh")
    return (row.get("name_zh") if chinese else row.get("name_en")) or row.get("name_en") or row.get("code", "")


def _gate_rows(rows: list[dict]) -> list[dict]:
    return [
        {
            **row,
            "label": GATE_LABELS.get(row["kind"], row["kind"]),
            "percent": _d(row["percent"]),
            "day": dt.date.fromisoformat(row["day"]),
        }
        for row in rows
    ]


def _kpi_display(rows: list[dict]) -> list[dict]:
    result = []
    for row in rows:
        result.append(
            {
                **row,
                "label": gettext(row["name"]),
                "unit": gettext(row["unit"]) if row.get("unit") else "",
                "weight": _d(row["weight"]),
                "value": _d(row["value"]),
                "actual": _d(row.get("actual")),
                "target": _d(row["target"]),
                "attainment": _d(row["attainment"]),
                "weight_share": _d(row.get("weight_share")),
                "contribution": _d(row.get("contribution")),
                "left_out_reason": LEFT_OUT.get(row["left_out"], ""),
            }
        )
    return result


def pool_breakdown(pool: HallPool) -> dict[str, Any]:
    """The hall pool, step by step, from its explanation: KPI rows, touchpoint rows, gates, frozen reasons,
    and the totals check (paid + withheld + unpaid == pool)."""
    e = pool.explanation or {}
    unpaid = _d(e.get("unpaid")) or a.ZERO
    return {
        "pool": pool,
        "scheme": e.get("scheme", {}),
        "terms": e.get("terms", {}),
        "headcount": pool.headcount,
        "base": pool.base,
        "kpis": _kpi_display(e.get("kpis", [])),
        "attainment": pool.attainment,
        "no_kpi_data": "no_kpi_data" in e.get("flags", []),
        "nobody_worked": "nobody_worked" in e.get("flags", []),
        "factor": pool.factor,
        "pool_before_gates": pool.pool_before_gates,
        "gates": _gate_rows(e.get("gates", [])),
        "hall_percent": _d(e.get("hall_percent")) or a.ZERO,
        "gate_cut": pool.gate_cut,
        "amount": pool.pool,
        "touchpoints": [{**row, "label": _tp_name(row), "score": _d(row["score"])} for row in e.get("touchpoints", [])],
        "frozen": pool.frozen,
        "appeals": e.get("appeals", []),
        "frozen_amount": _d(e.get("frozen_amount")) or a.ZERO,
        "paid": pool.paid,
        "withheld": pool.withheld,
        "unpaid": unpaid,
        "points_total": _d(e.get("points_total")) or a.ZERO,
        "balanced": pool.paid + pool.withheld + unpaid == pool.pool,
    }


def line_breakdown(line: IncentiveLine) -> dict[str, Any]:
    """One person's line, step by step: star coefficient, hours, the shops and presses behind the personal
    factor, points, the share formula with its numbers, gates, cut and amount."""
    e = line.explanation or {}
    terms = (line.pool.explanation or {}).get("terms", {})
    points_total = _d(e.get("points_total")) or a.ZERO
    pool_amount = _d(e.get("pool")) or line.pool.pool
    shops = [
        {
            "id": shop["id"],
            "day": dt.date.fromisoformat(shop["day"]),
            "overall": _d(shop["overall"]),
            "touchpoints": sorted((code, _d(score)) for code, score in (shop.get("touchpoints") or {}).items()),
        }
        for shop in e.get("shops", [])
    ]
    presses = e.get("presses", {"total": 0, "satisfied": 0})
    return {
        "line": line,
        "grade": line.grade,
        "star_coefficient": line.star_coefficient,
        "hours_rostered": line.hours_rostered,
        "hours_worked": line.hours_worked,
        "hours_corrected": bool(line.hours_note),
        "hours_note": line.hours_note,
        "mystery": {
            "score": line.mystery_score,
            "standard": _d(terms.get("mystery_standard")),
            "weight": _d(terms.get("mystery_weight")),
            "term": _d(e.get("mystery_term")) or a.ZERO,
            "shops": shops,
        },
        "satisfaction": {
            "rate": line.satisfaction_rate,
            "presses": presses.get("total", 0),
            "satisfied": presses.get("satisfied", 0),
            "standard": _d(terms.get("satisfaction_standard")),
            "weight": _d(terms.get("satisfaction_weight")),
            "term": _d(e.get("satisfaction_term")) or a.ZERO,
        },
        "personal_factor": line.personal_factor,
        "personal_floor": _d(terms.get("personal_floor")),
        "personal_cap": _d(terms.get("personal_cap")),
        "points": line.points,
        "points_total": points_total,
        "pool": pool_amount,
        # share = pool x points / all points (then cut to the cent, left-over cents by largest remainder)
        "share_exact": (pool_amount * line.points / points_total) if points_total > 0 else a.ZERO,
        "share": line.share,
        "gates": _gate_rows(e.get("gates", [])),
        "percent": _d(e.get("percent")) or a.ZERO,
        "cut": line.cut,
        "amount": line.amount,
        "previous_amount": line.previous_amount,
        "difference": None if line.previous_amount is None else payable(line) - line.previous_amount,
        "frozen": line.frozen,
        "frozen_reason": line.frozen_reason,
        "appeals": e.get("appeals", []),
    }


@dataclass
class WhatIf:
    kpis: list[dict]
    before: dict[str, Decimal | None]
    after: dict[str, Decimal | None]

    @property
    def difference(self) -> Decimal:
        return self.after["pool"] - self.before["pool"]


def _stage(attainment: Decimal | None, terms: dict, base: Decimal, hall_percent: Decimal):
    factor = a.pool_factor(attainment, _d(terms["floor"]), _d(terms["cap"]))
    before = a.money(base * factor)
    gate_cut = a.cut(before, hall_percent)
    return {
        "attainment": attainment,
        "factor": factor,
        "pool_before_gates": before,
        "gate_cut": gate_cut,
        "pool": before - gate_cut,
    }


def what_if(*, pool: HallPool, kpi_values: dict[str, Decimal]) -> WhatIf:
    """The pool had some KPI values been different: the run's arithmetic on the pool's kept inputs, KPI by
    KPI, before and after gates. Unknown codes are ignored; nothing is saved."""
    e = pool.explanation or {}
    terms = e.get("terms", {})
    scheme = SimpleNamespace(kpi_cap=_d(terms.get("kpi_cap")) or Decimal("1.5"))
    kept = [
        SimpleNamespace(
            kpi=SimpleNamespace(
                code=row["code"],
                name=row["name"],
                unit=row.get("unit", ""),
                formula=row["formula"],
                direction=row["direction"],
            ),
            weight=_d(row["weight"]),
            value=_d(row.get("actual", row["value"])),
            target=_d(row["target"]),
            numerator=_d(row.get("numerator")) or a.ZERO,
            denominator=_d(row.get("denominator")) or a.ZERO,
        )
        for row in e.get("kpis", [])
    ]
    codes = {k.kpi.code for k in kept}
    changes = {code: value for code, value in kpi_values.items() if code in codes}
    base, hall_percent = pool.base, _d(e.get("hall_percent")) or a.ZERO
    _rows, attainment_before = kpi_rows(scheme, kept)
    rows, attainment_after = kpi_rows(scheme, kept, changes)
    if not terms:
        terms = {"floor": pool.factor, "cap": pool.factor}
    return WhatIf(
        kpis=_kpi_display(rows),
        before=_stage(attainment_before, terms, base, hall_percent),
        after=_stage(attainment_after, terms, base, hall_percent),
    )


def preview_pool(*, hall, month: dt.date) -> PoolResult | None:
    """The hall's pool for the month so far, computed as the run would and not saved (None: no scheme)."""
    inputs = gather(region_id=hall.region_id, month=month, hall_ids=[hall.pk])
    if not inputs.halls:
        return None
    return compute_hall(inputs.halls[0], inputs.people, inputs.person_appeals)


def halls_without_scheme(run: IncentiveRun) -> list:
    """The region's halls (in operation or renovating) with no pool in the run: no scheme was in force for
    their kind that month (or they opened since the run was computed). One query."""
    from halls.choices import HallStatus
    from halls.models import Hall

    return list(
        Hall.objects.filter(region_id=run.region_id)
        .exclude(status=HallStatus.CLOSED)
        .exclude(incentive_pools__run=run)
        .order_by("code")
    )


def payable(line: IncentiveLine) -> Decimal:
    """What payroll pays for a line: its amount, or 0 while frozen."""
    return a.ZERO if line.frozen else line.amount


PAYROLL_COLUMNS = [
    ("region", _("region")),
    ("month", _("month")),
    ("run", _("run")),
    ("status", _("status")),
    ("hall", _("hall")),
    ("staff_id", _("staff id")),
    ("employee_number", _("employee number")),
    ("name", _("name")),
    ("grade", _("star grade")),
    ("hours_worked", _("hours worked")),
    ("share", _("share")),
    ("cut", _("cut by gates")),
    ("amount", _("amount")),
    ("frozen", _("frozen")),
    ("payable", _("payable")),
    ("previous_amount", _("amount in the corrected run")),
    ("difference", _("difference to pay")),
]


def payroll_rows(run: IncentiveRun) -> Iterator[dict[str, Any]]:
    """One row per line of the run (hall code, then employee number). Frozen lines show their amount and pay
    0 ("frozen" column). On a correction run, `difference` = payable − what the corrected run paid."""
    lines = (
        IncentiveLine.objects.filter(pool__run=run)
        .select_related("pool__hall", "staff")
        .order_by("pool__hall__code", "staff__employee_number", "pk")
    )
    region = run.region.code
    month = f"{run.month:%Y-%m}"
    status = run.get_status_display()
    for line in lines.iterator(chunk_size=2000):
        pay = payable(line)
        yield {
            "region": region,
            "month": month,
            "run": run.pk,
            "status": status,
            "hall": line.pool.hall.code,
            "staff_id": line.staff_id,
            "employee_number": line.staff.employee_number,
            "name": line.staff.name,
            "grade": line.grade,
            "hours_worked": line.hours_worked,
            "share": line.share,
            "cut": line.cut,
            "amount": line.amount,
            "frozen": line.frozen,
            "payable": pay,
            "previous_amount": line.previous_amount,
            "difference": None if line.previous_amount is None else pay - line.previous_amount,
        }
