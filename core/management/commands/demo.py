"""`manage.py demo`: load realistic, idempotent demo data from every app that ships a `demo` module.

Each app's `demo.py` has `load(context, stdout)`; apps run in INSTALLED_APPS order, which follows the
dependency direction, so a later app can use what an earlier one put in `context`.
"""

from __future__ import annotations

import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load (or refresh) the demo data; safe to run again."

    def handle(self, *args, **options) -> None:
        context: dict = {}
        started = time.monotonic()
        for app_config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(context, self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s."))
        for line in context.get("logins", []):
            self.stdout.write(line)
