"""One hall's pool and its people's lines from gathered inputs (performance/incentives/inputs.py), with no
ORM: the run, the recompute of one hall, the what-if page and the dashboard's "pool so far" all call
`compute_hall`, so they cannot disagree. The explanation shapes are described in breakdown.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from . import arithmetic as a
from .inputs import SHOP_FORMULAS, HallInput, PendingAppeal, Person

HALL, PERSON = "hall", "person"
EXPLANATION_VERSION = 1


@dataclass
class LineResult:
    staff_id: int
    grade: int
    star_coefficient: Decimal
    hours_rostered: Decimal
    hours_worked: Decimal
    hours_note: str
    mystery_score: Decimal | None
    satisfaction_rate: Decimal | None
    personal_factor: Decimal
    points: Decimal
    share: Decimal = a.ZERO
    cut: Decimal = a.ZERO
    amount: Decimal = a.ZERO
    frozen: bool = False
    frozen_reason: str = ""
    explanation: dict[str, Any] = field(default_factory=dict)


@dataclass
class PoolResult:
    headcount: int
    base: Decimal
    attainment: Decimal | None
    factor: Decimal
    pool_before_gates: Decimal
    gate_cut: Decimal
    pool: Decimal
    paid: Decimal
    withheld: Decimal
    frozen: bool
    explanation: dict[str, Any]
    lines: list[LineResult]


def _s(x: Decimal | None) -> str | None:
    return None if x is None else str(x)


def kpi_rows(scheme, kpis, kpi_values: dict[str, Decimal] | None = None) -> tuple[list[dict], Decimal | None]:
    """Each KPI's row (value, target, attainment, counted or why not) and the weighted attainment."""
    rows, items = [], []
    for k in kpis:
        value = k.value
        changed = kpi_values is not None and k.kpi.code in kpi_values
        if changed:
            value = None if kpi_values[k.kpi.code] is None else Decimal(str(kpi_values[k.kpi.code]))
        attainment = a.kpi_attainment(value, k.target, k.kpi.direction, scheme.kpi_cap)
        reason = "no_data" if value is None else "no_target" if k.target is None else ""
        items.append((k.weight, attainment))
        rows.append(
            {
                "code": k.kpi.code,
                "name": k.kpi.name,
                "unit": k.kpi.unit,
                "formula": k.kpi.formula,
                "direction": k.kpi.direction,
                "weight": str(k.weight),
                "value": _s(value),
                "actual": _s(k.value),
                "changed": changed,
                "numerator": str(k.numerator),
                "denominator": str(k.denominator),
                "target": _s(k.target),
                "attainment": _s(attainment),
                "counted": attainment is not None,
                "left_out": reason,
            }
        )
    counted_weight = sum((Decimal(r["weight"]) for r in rows if r["counted"]), a.ZERO)
    for row in rows:
        if row["counted"] and counted_weight > 0:
            share = Decimal(row["weight"]) / counted_weight
            row["weight_share"] = str(a.ratio(share))
            row["contribution"] = str(a.ratio(share * Decimal(row["attainment"])))
        else:
            row["weight_share"] = row["contribution"] = None
    return rows, a.weighted_attainment(items)


def compute_hall(
    hi: HallInput,
    people: dict[int, Person],
    person_appeals: dict[int, list[PendingAppeal]],
    *,
    corrections: dict[int, tuple[Decimal, str]] | None = None,
    kpi_values: dict[str, Decimal] | None = None,
) -> PoolResult:
    """The hall pool and its lines by docs/incentives.md. `corrections`: staff id -> (hours worked, note)
    kept from a manager's review; `kpi_values`: KPI code -> value replacing the month's (what-if)."""
    scheme = hi.scheme
    corrections = corrections or {}
    staff_ids = sorted(sid for sid in hi.hours if sid in people)
    headcount = sum(1 for sid in staff_ids if hi.hours[sid] > 0)
    # A hall with nobody on its published rosters that month (closed, renovating) has no base to pay out.
    base = a.money(scheme.base_pool + scheme.pool_per_head * headcount) if headcount else a.money(Decimal("0"))
    rows, attainment = kpi_rows(scheme, hi.kpis, kpi_values)
    factor = a.pool_factor(attainment, scheme.attainment_floor, scheme.attainment_cap)
    before = a.money(base * factor)

    # Gates.
    on_lines = set(staff_ids)
    scope_of = {
        "critical_fail": (scheme.critical_fail_scope, scheme.critical_fail_cut),
        "serious_complaint": (scheme.serious_complaint_scope, scheme.serious_complaint_cut),
    }
    hall_percents: list[Decimal] = []
    person_percents: dict[int, list[Decimal]] = {}
    person_gates: dict[int, list[dict]] = {}
    gate_rows = []
    for event in hi.gates:
        scope, percent = scope_of[event.kind]
        involved = sorted(sid for sid in event.staff_ids if sid in on_lines) if scope == PERSON else []
        fallback = scope == PERSON and not involved
        row = {
            "kind": event.kind,
            "id": event.ref_id,
            "day": event.day.isoformat(),
            "detail": event.detail,
            "scheme_scope": scope,
            "scope": HALL if scope == HALL or fallback else PERSON,
            "fallback": fallback,
            "percent": str(percent),
            "staff": involved,
            "named": list(event.staff_ids),
        }
        gate_rows.append(row)
        if row["scope"] == HALL:
            hall_percents.append(percent)
        else:
            for sid in involved:
                person_percents.setdefault(sid, []).append(percent)
                person_gates.setdefault(sid, []).append(row)
    hall_percent = a.capped_percent(hall_percents)
    gate_cut = a.cut(before, hall_percent)
    pool = before - gate_cut

    # Frozen.
    counts_shops = any(k.kpi.formula in SHOP_FORMULAS for k in hi.kpis)
    hall_frozen = bool(hi.appeals) and counts_shops

    # Lines.
    lines: list[LineResult] = []
    for sid in staff_ids:
        person = people[sid]
        rostered = hi.hours[sid]
        worked, note = corrections.get(sid, (rostered, ""))
        star = scheme.star_coefficient(person.grade)
        mystery, satisfaction = person.mystery_score, person.satisfaction
        factor_p = a.personal_factor(mystery, satisfaction, scheme)
        points = a.points_of(star, worked, factor_p)
        mystery_term = (
            a.ratio(scheme.mystery_weight * (mystery - scheme.mystery_standard) / a.HUNDRED)
            if mystery is not None
            else a.ZERO
        )
        satisfaction_term = (
            a.ratio(scheme.satisfaction_weight * (satisfaction - scheme.satisfaction_standard) / a.HUNDRED)
            if satisfaction is not None
            else a.ZERO
        )
        own_appeals = person_appeals.get(sid, [])
        reasons = []
        if own_appeals:
            reasons.append(
                gettext("Pending appeal on mystery shop %(ids)s, where they were observed.")
                % {"ids": ", ".join(f"#{p.inspection_id}" for p in own_appeals)}
            )
        if hall_frozen:
            reasons.append(
                gettext("Pending appeal on the hall's mystery shop %(ids)s, which the pool counts.")
                % {"ids": ", ".join(f"#{p.inspection_id}" for p in hi.appeals)}
            )
        lines.append(
            LineResult(
                staff_id=sid,
                grade=person.grade,
                star_coefficient=star,
                hours_rostered=rostered,
                hours_worked=worked,
                hours_note=note,
                mystery_score=mystery,
                satisfaction_rate=satisfaction,
                personal_factor=factor_p,
                points=points,
                frozen=bool(reasons),
                frozen_reason=" ".join(reasons)[:200],
                explanation={
                    "version": EXPLANATION_VERSION,
                    "shops": [
                        {
                            "id": s.inspection_id,
                            "hall": s.hall_id,
                            "day": s.day.isoformat(),
                            "overall": str(s.overall),
                            "touchpoints": s.by_touchpoint,
                        }
                        for s in person.shops
                    ],
                    "presses": {"total": person.presses, "satisfied": person.satisfied},
                    "mystery_term": str(mystery_term),
                    "satisfaction_term": str(satisfaction_term),
                    "gates": person_gates.get(sid, []),
                    "percent": str(a.capped_percent(person_percents.get(sid, []))),
                    "appeals": [{"appeal": p.appeal_id, "inspection": p.inspection_id} for p in own_appeals],
                    "hall_frozen": hall_frozen,
                },
            )
        )
    shares = a.split(pool, {line.staff_id: line.points for line in lines})
    total_points = sum((line.points for line in lines), a.ZERO)
    for line in lines:
        line.share = shares[line.staff_id]
        line.cut = a.cut(line.share, line.explanation["percent"])
        line.amount = line.share - line.cut
        line.explanation["points_total"] = str(total_points)
        line.explanation["pool"] = str(pool)
    paid = sum((line.amount for line in lines), a.ZERO)
    withheld = sum((line.cut for line in lines), a.ZERO)
    flags = []
    if attainment is None:
        flags.append("no_kpi_data")
    if total_points <= 0:
        flags.append("nobody_worked")
    explanation = {
        "version": EXPLANATION_VERSION,
        "scheme": {"id": scheme.pk, "name": scheme.name, "version": scheme.version},
        "terms": {
            "base_pool": str(scheme.base_pool),
            "pool_per_head": str(scheme.pool_per_head),
            "kpi_cap": str(scheme.kpi_cap),
            "floor": str(scheme.attainment_floor),
            "cap": str(scheme.attainment_cap),
            "critical_fail": [scheme.critical_fail_scope, str(scheme.critical_fail_cut)],
            "serious_complaint": [scheme.serious_complaint_scope, str(scheme.serious_complaint_cut)],
            "stars": [str(scheme.star_coefficient(g)) for g in range(1, 6)],
            "mystery_standard": str(scheme.mystery_standard),
            "mystery_weight": str(scheme.mystery_weight),
            "satisfaction_standard": str(scheme.satisfaction_standard),
            "satisfaction_weight": str(scheme.satisfaction_weight),
            "personal_floor": str(scheme.personal_floor),
            "personal_cap": str(scheme.personal_cap),
        },
        "headcount": headcount,
        "base": str(base),
        "kpis": rows,
        "attainment": _s(attainment),
        "factor": str(factor),
        "pool_before_gates": str(before),
        "gates": gate_rows,
        "hall_percent": str(hall_percent),
        "gate_cut": str(gate_cut),
        "pool": str(pool),
        "touchpoints": hi.touchpoints,
        "appeals": [
            {"appeal": p.appeal_id, "inspection": p.inspection_id, "day": p.day.isoformat(), "staff": list(p.staff_ids)}
            for p in hi.appeals
        ],
        "frozen": hall_frozen,
        "points_total": str(total_points),
        "paid": str(paid),
        "withheld": str(withheld),
        "unpaid": str(pool - paid - withheld),
        "frozen_amount": str(sum((line.amount for line in lines if line.frozen), a.ZERO)),
        "flags": flags,
    }
    return PoolResult(
        headcount=headcount,
        base=base,
        attainment=attainment,
        factor=factor,
        pool_before_gates=before,
        gate_cut=gate_cut,
        pool=pool,
        paid=paid,
        withheld=withheld,
        frozen=hall_frozen,
        explanation=explanation,
        lines=lines,
    )
