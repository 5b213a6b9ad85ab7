"""The star ladder's rules: given a person's figures, what the ladder proposes (promotion, demotion or no
change) and the evidence for it, criterion by criterion. Pure functions over figures; services read the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .choices import Criterion, ProposalChange
from .evidence import Person
from .models import Ladder, LadderStep


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _row(criterion: str, value: Any, threshold: Any, met: bool, **source: Any) -> dict[str, Any]:
    return {"criterion": criterion, "value": value, "threshold": threshold, "met": met, "source": source}


def _period(label: str, start: dt.date, end: dt.date) -> dict[str, str]:
    return {"quarter": label, "from": start.isoformat(), "to": end.isoformat()}


def step_rows(step: LadderStep, person: Person) -> list[dict[str, Any]]:
    """One evidence row per criterion the step asks for, over the latest quarter."""
    label, start, end, figures = person.quarters[0]
    period = _period(label, start, end)
    rows = [
        _row(
            Criterion.MONTHS,
            person.months_at_grade,
            step.months_at_grade,
            person.months_at_grade >= step.months_at_grade,
            since=person.grade_since.isoformat(),
            to=end.isoformat(),
        )
    ]
    if step.min_mystery_shop is not None:
        mean = figures.shop_mean
        rows.append(
            _row(
                Criterion.MYSTERY_SHOP,
                _num(mean),
                str(step.min_mystery_shop),
                mean is not None and mean >= step.min_mystery_shop,
                inspections=[pk for pk, _ in figures.shop_scores],
                **period,
            )
        )
    if step.min_satisfaction is not None:
        rate = figures.satisfaction
        rows.append(
            _row(
                Criterion.SATISFACTION,
                _num(rate),
                str(step.min_satisfaction),
                rate is not None and rate >= step.min_satisfaction,
                presses=figures.presses,
                satisfied=figures.satisfied,
                **period,
            )
        )
    if step.max_complaints is not None:
        count = len(figures.complaints)
        rows.append(
            _row(
                Criterion.COMPLAINTS,
                count,
                step.max_complaints,
                count <= step.max_complaints,
                complaints=figures.complaints,
                **period,
            )
        )
    if step.training_course:
        passed = person.courses.get(step.training_course.strip().lower())
        rows.append(
            _row(
                Criterion.TRAINING,
                passed.isoformat() if passed else None,
                step.training_course,
                passed is not None and passed <= end,
            )
        )
    if step.mentor_sign_off:
        rows.append(_row(Criterion.MENTOR_SIGN_OFF, person.signed_off, True, person.signed_off))
    return rows


def floor_rows(step: LadderStep, person: Person, quarters: int) -> tuple[list[dict[str, Any]], bool]:
    """The floor of the person's grade (the criteria of the step that led to it) over the last `quarters`
    quarters: one row per quarter, and whether they were below it in every one. Missing figures never
    count as below."""
    rows = []
    below_every_quarter = len(person.quarters) >= quarters > 0
    for label, start, end, figures in person.quarters[:quarters]:
        failures = []
        mean, rate, complaints = figures.shop_mean, figures.satisfaction, len(figures.complaints)
        if step.min_mystery_shop is not None and mean is not None and mean < step.min_mystery_shop:
            failures.append(Criterion.MYSTERY_SHOP.value)
        if step.min_satisfaction is not None and rate is not None and rate < step.min_satisfaction:
            failures.append(Criterion.SATISFACTION.value)
        if step.max_complaints is not None and complaints > step.max_complaints:
            failures.append(Criterion.COMPLAINTS.value)
        below_every_quarter = below_every_quarter and bool(failures)
        rows.append(
            _row(
                Criterion.FLOOR,
                figures.as_json(),
                {
                    "mystery_shop": _num(step.min_mystery_shop),
                    "satisfaction": _num(step.min_satisfaction),
                    "complaints": step.max_complaints,
                },
                not failures,
                below=failures,
                **_period(label, start, end),
            )
        )
    return rows, below_every_quarter


def assess(ladder: Ladder, person: Person) -> tuple[str, int, list[dict[str, Any]]]:
    """(change, proposed grade, evidence). A demotion is checked first; otherwise a promotion when every
    criterion of the next step is met; otherwise no change, with the evidence of what is missing."""
    evidence: list[dict[str, Any]] = []
    grade = person.grade
    if grade > 1 and ladder.demotion_quarters:
        floor = ladder.step_to(grade)
        if floor is not None:
            rows, below = floor_rows(floor, person, ladder.demotion_quarters)
            evidence.extend(rows)
            if below:
                return ProposalChange.DEMOTE, grade - 1, evidence
    if grade < 5:
        step = ladder.step_to(grade + 1)
        if step is not None:
            rows = step_rows(step, person)
            evidence = rows + evidence
            if all(row["met"] for row in rows):
                return ProposalChange.PROMOTE, grade + 1, evidence
    return ProposalChange.NONE, grade, evidence
