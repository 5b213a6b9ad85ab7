"""Rebuild the daily KPI facts for a range of days: `manage.py kpi_rebuild --from 2026-01-01 --to 2026-01-31
[--hall A001]`. Idempotent (each hall's days are deleted and rewritten in one transaction per chunk, with the
monthly roll-up of the months they touch). `--rollup-only` leaves the daily facts and recomputes the monthly
roll-up of the months the days touch from them (once after upgrading to the roll-up)."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from halls.models import Hall
from performance.kpis.facts import rebuild, rollup_all


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from error


class Command(BaseCommand):
    help = "Rebuild the daily KPI facts of every hall (or one) for the days --from .. --to (both included)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="first", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="last", required=True, help="Last day, YYYY-MM-DD.")
        parser.add_argument("--hall", dest="hall", help="A hall's code; default all halls.")
        parser.add_argument(
            "--rollup-only",
            action="store_true",
            help="Keep the daily facts; recompute the monthly roll-up of the months the days touch from them.",
        )

    def handle(
        self, *args, first: str, last: str, hall: str | None = None, rollup_only: bool = False, **options
    ) -> None:
        start, end = _date(first), _date(last)
        if end < start:
            raise CommandError("--to is before --from.")
        halls = Hall.objects.order_by("pk")
        if hall:
            halls = halls.filter(code=hall)
            if not halls.exists():
                raise CommandError(f"No hall with the code {hall!r}.")
        began = time.monotonic()
        if rollup_only:
            written = rollup_all(first=start, last=end, halls=None if not hall else halls)
            self.stdout.write(
                f"{written} monthly facts written for {halls.count()} hall(s), "
                f"{start:%Y-%m}..{end:%Y-%m} in {time.monotonic() - began:.1f} s."
            )
            return
        written = rebuild(first=start, last=end, halls=halls)
        self.stdout.write(
            f"{written} facts written for {halls.count()} hall(s), {start}..{end} in {time.monotonic() - began:.1f} s."
        )
