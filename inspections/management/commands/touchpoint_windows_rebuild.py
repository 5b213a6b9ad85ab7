"""`manage.py touchpoint_windows_rebuild`: build the touchpoint score windows by hand (what the nightly job does),
e.g. after a backfill or on a fresh install. docs/performance.md, "Touchpoint heatmap"."""

from __future__ import annotations

import argparse
import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from inspections.services.touchpoint_windows import WINDOW_DAYS, touchpoint_windows_rebuild


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Rebuild the 30- and 90-day touchpoint score windows ending on --as-of (default: yesterday)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--as-of", type=_date, help="the last day in the windows, YYYY-MM-DD (before today)")
        parser.add_argument(
            "--days", action="append", type=int, choices=WINDOW_DAYS, help="a window to build; repeat for more"
        )

    def handle(self, *args, **options) -> None:
        try:
            written = touchpoint_windows_rebuild(options["as_of"], options["days"] or WINDOW_DAYS)
        except ValueError as error:
            raise CommandError(str(error)) from None
        for days, rows in written.items():
            self.stdout.write(f"{days} days: {rows} rows")
