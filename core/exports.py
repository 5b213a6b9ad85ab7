"""Exports every list shares: a Table (sheet title, translated headers, rows of plain values, file name stem)
written as streamed CSV or as XLSX.

CSV is UTF-8 with a byte-order mark (Excel then reads Chinese text correctly) and streamed row by row; XLSX is
built in openpyxl's write-only mode and refused above `XLSX_MAX_ROWS`. Text never runs as a formula: CSV cells
that would start one get a leading apostrophe (OWASP "CSV injection"), XLSX cells are typed as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

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


@dataclass(frozen=True)
class Table:
    """What an export writes: a sheet name, translated headers, rows of plain values, and a file name stem."""

    title: str
    headers: list[str]
    rows: Callable[[], Iterator[list[Any]]]
    stem: str


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


class _GuardedWriter:
    """csv.writer whose rows pass through the same cell rule as the streamed exports (no formulas, plain dates)."""

    def __init__(self, out: Any) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([_csv_cell(value) for value in row])


def csv_download(filename: str) -> tuple[HttpResponse, _GuardedWriter]:
    """A small CSV built in memory (a report's table): the response, already holding the byte-order mark, and a
    writer for its rows. Larger lists use `csv_response` with a Table, which streams."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    return response, _GuardedWriter(response)
