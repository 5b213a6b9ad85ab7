"""`manage.py assignments_generate`: plan assignments by hand (docs/schedules.md), e.g. after adding a region or
changing a plan. Without options it does what the nightly job does. Running it again creates nothing new."""

from __future__ import annotations

import argparse
import datetime as dt

from django.core.management.base import BaseCommand

from inspections.services.assignments import assignments_generate, assignments_generate_nightly


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a date (YYYY-MM-DD).") from None


def _month(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a month (YYYY-MM).") from None


class Command(BaseCommand):
    help = "Generate inspection assignments: daily checks for --day, patrols and mystery visits for --month."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--day", action="append", default=[], type=_date, help="YYYY-MM-DD; repeat for more")
        parser.add_argument("--days", type=int, default=1, help="with --day: this many days from it (default 1)")
        parser.add_argument("--month", action="append", default=[], type=_month, help="YYYY-MM; repeat for more")
        parser.add_argument("--since", type=_date, help="leave out the part of a month before this day (pro-rated)")

    def handle(self, *args, **options) -> None:
        days = [day + dt.timedelta(days=n) for day in options["day"] for n in range(max(1, options["days"]))]
        if days or options["month"]:
            report = assignments_generate(days=days, months=options["month"], since=options["since"])
        else:
            report = assignments_generate_nightly()
        result = report.as_dict()
        for warning in result["warnings"]:
            self.stderr.write(warning)
        self.stdout.write(
            f"created {sum(result['created'].values())} {result['created']}, "
            f"moved {result['moved']}, cancelled {result['cancelled']}"
        )
