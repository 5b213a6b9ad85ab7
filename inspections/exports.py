"""Inspection and finding exports: the rows of a (scoped, filtered) list as CSV or XLSX.

One row per inspection (overall, TP01..TP16, each experience dimension) or per finding (the issue log). Times
are in each hall's own time zone. CSV is streamed row by row, so its size is not bounded by memory; XLSX is
built in openpyxl's write-only mode into a temporary file and refused above `XLSX_MAX_ROWS` (the message says
to narrow the filter or take the CSV). Text never runs as a formula: CSV cells that would start one get a
leading apostrophe, XLSX cells are typed as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from touchpoints.choices import Dimension

from .anonymity import inspector_name
from .choices import ActionStatus, InspectionKind, InspectionStatus, QualityGap, RootCause, Severity
from .models import CorrectiveAction, Finding, Inspection

TOUCHPOINT_CODES = [f"TP{number:02d}" for number in range(1, 17)]
# Rows fetched per database round trip while streaming.
CHUNK = 1000
# An XLSX is assembled whole before it is sent (about 1 s per 1,000 rows with openpyxl on a busy 2-core machine,
# bench/inspection_exports.py); above this many rows the CSV, streamed from the first byte, is the way.
XLSX_MAX_ROWS = 5_000
# OWASP "CSV injection": a cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class TooManyRows(Exception):
    """The export is larger than an XLSX is allowed to be."""

    def __init__(self, count: int) -> None:
        self.count = count
        super().__init__(
            _("%(count)s rows are too many for an Excel file (at most %(limit)s): narrow the filter or use CSV.")
            % {"count": count, "limit": XLSX_MAX_ROWS}
        )


# What the rows read: fewer columns to fetch and convert than whole rows of five joined tables.
INSPECTION_COLUMNS = (
    "kind",
    "status",
    "submitted_at",
    "overall",
    "by_touchpoint",
    "by_dimension",
    "hall__code",
    "hall__name",
    "hall__time_zone",
    "template_version__number",
    "template_version__template__name",
    "inspector__username",
    "inspector__first_name",
    "inspector__last_name",
)
FINDING_COLUMNS = (
    "found_at",
    "item_code",
    "description",
    "severity",
    "quality_gap",
    "root_cause",
    "recurring",
    "hall__code",
    "hall__name",
    "hall__time_zone",
    "touchpoint__code",
    "touchpoint__name_en",
    "touchpoint__name_zh",
    "inspection__kind",
    "inspection__template_version__template__name",
    "complaint_id",
)


def labels(choices: Any) -> dict[str, str]:
    """A choices class's labels in the active language, translated once per export rather than per row."""
    return {value: str(label) for value, label in choices.choices}


@dataclass(frozen=True)
class Table:
    """What an export writes: a sheet name, translated headers, rows of plain values, and a file name stem."""

    title: str
    headers: list[str]
    rows: Callable[[], Iterator[list[Any]]]
    stem: str


def finding_count_subquery() -> Subquery:
    """Findings of each inspection, as a subquery (no GROUP BY over the joined list)."""
    counts = (
        Finding.objects.filter(inspection=OuterRef("pk"))
        .order_by()
        .values("inspection")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Subquery(counts, output_field=IntegerField())


def local(moment: dt.datetime | None, hall: Any) -> dt.datetime | None:
    """A stored UTC time in the hall's time zone, without tzinfo (what a spreadsheet cell holds)."""
    if moment is None:
        return None
    return timezone.localtime(moment, hall.tzinfo).replace(tzinfo=None)


def _score(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _person(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def stem(kind: str, hall_code: str | None = None) -> str:
    """`inspections-H001-2025-01-31`: what, for which hall when the list is narrowed to one, and when."""
    parts = ["hallops", kind, hall_code, timezone.localdate().isoformat()]
    return "-".join(part for part in parts if part)


def inspection_table(queryset: QuerySet[Inspection], *, viewer: Any = None, hall_code: str | None = None) -> Table:
    dimensions = list(Dimension.choices)
    headers = [
        _("Inspection"),
        _("Submitted (hall time)"),
        _("Time zone"),
        _("Hall code"),
        _("Hall"),
        _("Kind"),
        _("Checklist"),
        _("Version"),
        _("Inspector"),
        _("Status"),
        _("Overall score"),
        _("Findings"),
        *TOUCHPOINT_CODES,
        *[str(label) for _value, label in dimensions],
    ]
    if "finding_count" not in queryset.query.annotations:  # the list annotates it already, to sort by it
        queryset = queryset.annotate(finding_count=finding_count_subquery())
    queryset = queryset.only(*INSPECTION_COLUMNS)

    def rows() -> Iterator[list[Any]]:
        kinds, statuses = labels(InspectionKind), labels(InspectionStatus)
        for inspection in queryset.iterator(chunk_size=CHUNK):
            hall = inspection.hall
            version = inspection.template_version
            yield [
                inspection.pk,
                local(inspection.submitted_at, hall),
                hall.time_zone,
                hall.code,
                hall.name,
                kinds.get(inspection.kind, inspection.kind),
                version.template.name,
                version.number,
                inspector_name(inspection, viewer),
                statuses.get(inspection.status, inspection.status),
                inspection.overall,
                inspection.finding_count or 0,
                *[_score(inspection.by_touchpoint.get(code)) for code in TOUCHPOINT_CODES],
                *[_score(inspection.by_dimension.get(value)) for value, _label in dimensions],
            ]

    return Table(title=_("Inspections"), headers=headers, rows=rows, stem=stem("inspections", hall_code))


def finding_queryset(queryset: QuerySet[Finding], user: Any) -> QuerySet[Finding]:
    """Findings with what the log shows, and the status and due date of each one's latest corrective action as
    far as the user sees it (subqueries: a fixed number of queries, no model per action)."""
    latest = CorrectiveAction.objects.visible_to(user).filter(finding=OuterRef("pk")).order_by("-pk")
    return (
        queryset.select_related("hall", "touchpoint", "inspection__template_version__template")
        .only(*FINDING_COLUMNS)
        .prefetch_related(None)
        .annotate(
            action_status=Subquery(latest.values("status")[:1]),
            action_due=Subquery(latest.values("due_date")[:1]),
        )
    )


def finding_table(queryset: QuerySet[Finding], *, hall_code: str | None = None) -> Table:
    """The issue log (问题总录): what was found where, how bad, why, and from which inspection."""
    headers = [
        _("Finding"),
        _("Found (hall time)"),
        _("Time zone"),
        _("Hall code"),
        _("Hall"),
        _("Touchpoint"),
        _("Touchpoint name"),
        _("Item code"),
        _("What was found"),
        _("Severity"),
        _("Service-quality gap"),
        _("Root cause"),
        _("Recurring"),
        _("Source"),
        _("Inspection"),
        _("Checklist"),
        _("Corrective action"),
        _("Due"),
    ]

    def rows() -> Iterator[list[Any]]:
        severities, gaps, causes = labels(Severity), labels(QualityGap), labels(RootCause)
        kinds, statuses = labels(InspectionKind), labels(ActionStatus)
        yes, no = _("yes"), _("no")
        for finding in queryset.iterator(chunk_size=CHUNK):
            hall = finding.hall
            inspection = finding.inspection
            yield [
                finding.pk,
                local(finding.found_at, hall),
                hall.time_zone,
                hall.code,
                hall.name,
                finding.touchpoint.code,
                finding.touchpoint.name,
                finding.item_code,
                finding.description,
                severities.get(finding.severity, finding.severity),
                gaps.get(finding.quality_gap, finding.quality_gap),
                causes.get(finding.root_cause, finding.root_cause),
                yes if finding.recurring else no,
                kinds.get(inspection.kind, inspection.kind) if inspection else finding.source_label,
                inspection.pk if inspection else "",
                inspection.template_version.template.name if inspection else "",
                statuses.get(finding.action_status, finding.action_status or ""),
                finding.action_due,
            ]

    return Table(title=_("Findings"), headers=headers, rows=rows, stem=stem("findings", hall_code))


def safe_text(value: Any) -> Any:
    """Strings that a spreadsheet would run as a formula get a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return safe_text(value)


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_response(table: Table) -> StreamingHttpResponse:
    """Streamed UTF-8 CSV with a byte-order mark (so that Excel reads the Chinese text correctly)."""
    language = translation.get_language()

    def lines() -> Iterable[str]:
        writer = csv.writer(_Echo())
        # The response is consumed after the view returns: keep the request's language for labels.
        with translation.override(language):
            yield "\ufeff" + writer.writerow(table.headers)
            for row in table.rows():
                yield writer.writerow([_csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.stem}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(table: Table, count: int) -> FileResponse:
    """An .xlsx with a bold, frozen header row, dates as real dates and scores as numbers."""
    if count > XLSX_MAX_ROWS:
        raise TooManyRows(count)
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in table.headers:
        heading = WriteOnlyCell(sheet, value=text)
        heading.font = bold
        header.append(heading)
    sheet.append(header)

    def cell(value: Any) -> Any:
        # Plain values are written as they are (fast); a cell object only where the type needs saying.
        if isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
            text = WriteOnlyCell(sheet, value=value)
            text.data_type = "s"  # never a formula, whatever the text says
            return text
        if isinstance(value, dt.date):
            moment = WriteOnlyCell(sheet, value=value)
            moment.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, dt.datetime) else "yyyy-mm-dd"
            return moment
        return value

    for row in table.rows():
        sheet.append([cell(value) for value in row])
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    workbook.save(spool)
    spool.seek(0)
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=f"{table.stem}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "private, no-store"
    return response
