"""Demo KPIs: three months of imported sales figures per demo hall and the daily facts of the last ~60 days
for every hall (built by the same service as the nightly task, from the other apps' demo data)."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from halls.models import Hall

from .kpi_models import SalesFigure
from .kpis.facts import rebuild

FACT_DAYS = 62


def _months(today: dt.date, count: int) -> list[dt.date]:
    months = [today.replace(day=1)]
    while len(months) < count:
        months.append((months[-1] - dt.timedelta(days=1)).replace(day=1))
    return months


def _sales(halls: list[Hall], today: dt.date) -> None:
    for hall in halls:
        rng = random.Random(f"sales-{hall.code}")
        scale = hall.counters or 4
        for month in _months(today, 3):
            targets = {"new_lines": 40 * scale, "broadband": 12 * scale, "devices": 25 * scale}
            SalesFigure.objects.update_or_create(
                hall=hall,
                month=month,
                defaults={
                    **{f"{key}_target": value for key, value in targets.items()},
                    **{key: round(value * rng.uniform(0.78, 1.12)) for key, value in targets.items()},
                },
            )


def load(context: dict[str, Any], stdout: Any) -> None:
    started = time.monotonic()
    halls = list(Hall.objects.order_by("pk"))
    today = max((hall.local_now().date() for hall in halls), default=dt.date.today())
    _sales(halls, today)
    written = rebuild(first=today - dt.timedelta(days=FACT_DAYS), last=today, halls=halls)
    stdout.write(f"performance: {written} daily KPI facts for {len(halls)} halls in {time.monotonic() - started:.1f} s")
