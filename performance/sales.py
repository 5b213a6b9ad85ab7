"""Monthly sales figures per hall imported from CSV by HQ: all rows or none, each error naming its row and
column, existing hall + month rows updated; the KPI facts of the affected halls and months are rebuilt by a
Celery task queued on commit. docs/kpis.md, "Importing sales"."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from halls.ingest import RowError, csv_rows
from halls.models import Hall

from .kpi_models import SalesFigure

SALES_COLUMNS = (
    "hall_code",
    "month",
    "new_lines",
    "new_lines_target",
    "broadband",
    "broadband_target",
    "devices",
    "devices_target",
)
NUMBER_COLUMNS = SALES_COLUMNS[2:]
# A count larger than this is a typing error (and would overflow the column on some databases).
MAX_FIGURE = 10_000_000
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
IMPORT_PERM = "performance.import_salesfigure"


@dataclass
class SalesImportError(Exception):
    """Every problem found in an import, each naming its row (1 = the header) and column."""

    errors: list[tuple[int, str, str]]

    def __str__(self) -> str:
        return "; ".join(f"row {row}, {column}: {message}" for row, column, message in self.errors)

    def as_list(self) -> list[dict[str, Any]]:
        return [{"row": row, "column": column, "message": message} for row, column, message in self.errors]


@dataclass
class SalesImportResult:
    created: int = 0
    updated: int = 0
    # (hall id, first day of the month) of every row written, for the KPI rebuild.
    hall_months: list[tuple[int, dt.date]] = field(default_factory=list)


def template_csv() -> str:
    """The header the import expects and one example row."""
    return ",".join(SALES_COLUMNS) + "\r\n" + "H001,2026-03,120,130,40,40,75,80\r\n"


def parse_month(value: str) -> dt.date | None:
    match = MONTH.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        return None
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _number(value: str) -> tuple[int | None, str | None]:
    text = value.strip().replace(",", "")
    if not text:
        return None, _("missing: give a whole number (0 or more)")
    if not re.fullmatch(r"[+-]?\d+", text):
        return None, _("“%(value)s” is not a whole number") % {"value": value.strip()}
    number = int(text)
    if number < 0:
        return None, _("must not be negative")
    if number > MAX_FIGURE:
        return None, _("at most %(max)s") % {"max": f"{MAX_FIGURE:,}"}
    return number, None


def _importable_halls(user: Any, codes: Iterable[str]) -> dict[str, Hall]:
    """Halls among `codes` the user may import sales for: visible to them and in a region where they are HQ
    (or any, for administrators). Others are "unknown" to the import, so nothing about them leaks."""
    halls = Hall.objects.visible_to(user).filter(code__in=sorted(set(codes))).select_related("region")
    return {hall.code: hall for hall in halls if user.has_perm(IMPORT_PERM, hall)}


def _read(data: bytes | str) -> tuple[list[dict[str, str]], list[int]]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        rows, numbers = csv_rows(raw, required=SALES_COLUMNS)
    except RowError as error:
        raise SalesImportError([(1, "", str(error))]) from None
    return rows, numbers


@transaction.atomic
def sales_import_csv(*, user: Any, data: bytes | str) -> SalesImportResult:
    """Create or update monthly sales figures from CSV; any error anywhere imports nothing."""
    rows, numbers = _read(data)
    if not rows:
        raise SalesImportError([(2, "hall_code", _("the file has no rows"))])
    halls = _importable_halls(user, [(row.get("hall_code") or "").strip() for row in rows])
    errors: list[tuple[int, str, str]] = []
    prepared: dict[tuple[int, dt.date], tuple[int, Hall, dict[str, int]]] = {}
    for row, number in zip(rows, numbers, strict=True):
        code = (row.get("hall_code") or "").strip()
        hall = halls.get(code)
        if not code:
            errors.append((number, "hall_code", _("missing: give the hall code")))
        elif hall is None:
            errors.append((number, "hall_code", _("unknown hall “%(code)s”") % {"code": code}))
        raw_month = (row.get("month") or "").strip()
        month = parse_month(raw_month)
        if month is None:
            errors.append((number, "month", _("“%(value)s” is not a month: give YYYY-MM") % {"value": raw_month}))
        values: dict[str, int] = {}
        for column in NUMBER_COLUMNS:
            value, problem = _number(row.get(column) or "")
            if problem:
                errors.append((number, column, problem))
            else:
                values[column] = value
        if hall is None or month is None:
            continue
        key = (hall.pk, month)
        if key in prepared:
            errors.append(
                (
                    number,
                    "month",
                    _("%(hall)s %(month)s is also on row %(row)s")
                    % {"hall": code, "month": f"{month:%Y-%m}", "row": prepared[key][0]},
                )
            )
            continue
        prepared[key] = (number, hall, values)
    if errors:
        raise SalesImportError(sorted(errors))
    return _write(prepared)


def _write(prepared: dict[tuple[int, dt.date], tuple[int, Hall, dict[str, int]]]) -> SalesImportResult:
    result = SalesImportResult(hall_months=sorted(prepared))
    existing = {
        (figure.hall_id, figure.month): figure
        for figure in SalesFigure.objects.select_for_update().filter(
            hall_id__in={hall_id for hall_id, _month in prepared}, month__in={month for _hall, month in prepared}
        )
    }
    now = timezone.now()
    to_create, to_update = [], []
    for key, (_row, hall, values) in sorted(prepared.items()):
        figure = existing.get(key)
        if figure is None:
            to_create.append(SalesFigure(hall=hall, month=key[1], **values))
            continue
        for column, value in values.items():
            setattr(figure, column, value)
        figure.updated_at = now
        to_update.append(figure)
    SalesFigure.objects.bulk_create(to_create, batch_size=1000)
    SalesFigure.objects.bulk_update(to_update, [*NUMBER_COLUMNS, "updated_at"], batch_size=1000)
    result.created, result.updated = len(to_create), len(to_update)
    pairs = [[hall_id, month.isoformat()] for hall_id, month in result.hall_months]
    transaction.on_commit(lambda: _queue_rebuild(pairs))
    return result


def _queue_rebuild(pairs: list[list[Any]]) -> None:
    from .tasks import kpi_rebuild_sales

    kpi_rebuild_sales.delay(pairs)


def rebuild_sales_facts(pairs: Iterable[tuple[int, dt.date]]) -> int:
    """Rebuild the facts of each (hall, month): sales facts live on the month's first day, so that day is
    rebuilt (every KPI of it, as the nightly run would). Returns the facts written."""
    from .kpis.facts import definitions_by_formula, rebuild_hall

    kpis = definitions_by_formula()
    by_hall: dict[int, set[dt.date]] = {}
    for hall_id, month in pairs:
        by_hall.setdefault(hall_id, set()).add(month)
    written = 0
    for hall in Hall.objects.filter(pk__in=by_hall).order_by("pk"):
        for month in sorted(by_hall[hall.pk]):
            written += rebuild_hall(hall=hall, first=month, last=month, kpis=kpis)
    return written
