"""`manage.py voice_rebuild --from 2026-03-01 --to 2026-03-31 [--hall H001 ...]`: derive the queue tickets, their
staff, the hourly figures and the presses' attribution again for a range of the halls' local days.

Use it after a roster was corrected after the fact, after a bulk load that bypassed the API, or when the
hourly refresh could not run. Every day with queue events or device presses in the range is rebuilt, one
transaction per hall and day; days without events are left alone. Safe to run again.
"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from halls.models import Hall, QueueEvent
from touchpoints.models import DevicePress
from touchpoints.voice import voice_refresh


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"“{value}” is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Rebuild queue tickets, staff attribution and hourly figures for a date range."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="first", required=True, help="first local day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", required=True, help="last local day, YYYY-MM-DD (inclusive)")
        parser.add_argument("--hall", action="append", default=[], help="hall code (repeat for several; default all)")

    def handle(self, *args, **options) -> None:
        first, last = _date(options["first"]), _date(options["last"])
        if last < first:
            raise CommandError("--to must not be before --from.")
        halls = Hall.objects.order_by("code")
        if options["hall"]:
            codes = {code.upper() for code in options["hall"]}
            halls = halls.filter(code__in=codes)
            missing = codes - set(halls.values_list("code", flat=True))
            if missing:
                raise CommandError(f"Unknown hall code(s): {', '.join(sorted(missing))}.")
        started = time.monotonic()
        totals = {"days": 0, "tickets": 0, "presses": 0}
        for hall in halls:
            days: set[dt.date] = set()
            for model in (QueueEvent, DevicePress):
                days.update(
                    model.objects.filter(hall=hall, service_day__range=(first, last))
                    .values_list("service_day", flat=True)
                    .distinct()
                )
            for day in sorted(days):
                summary = voice_refresh(hall=hall, days=[day])
                totals["days"] += 1
                totals["tickets"] += summary.tickets
                totals["presses"] += summary.presses
            if days:
                self.stdout.write(f"{hall.code}: {len(days)} day(s) rebuilt")
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt {totals['days']} hall-day(s): {totals['tickets']} tickets, {totals['presses']} presses "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
