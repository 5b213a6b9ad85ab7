"""Bulk ingestion of a hall's events (queue tickets, device presses): validate every row, skip what is already
stored, store the rest in batches, and report each rejected row with its index and reason.

The same function serves the bulk API (JSON) and the CSV upload page. Rules (docs/customer-voice.md):

- at most MAX_EVENTS rows a delivery; more is refused before anything is read further (TooManyEvents);
- an event whose source id is already stored with the same content is a duplicate: counted, not stored;
  stored with other content, it is rejected (a source that reuses ids would otherwise lose data silently);
- by default every valid new row is stored and the others reported; with `strict`, one rejected row
  means nothing is stored;
- ingests of one hall are serialised (the hall row is locked), so two deliveries of the same events at
  the same time cannot both store them.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .bulk import data_fields, insert_rows
from .models import Hall, IngestBatch

MAX_EVENTS = 10_000
# A moment more than this far ahead of the server's clock is refused as "in the future" (clock skew allowed).
FUTURE_TOLERANCE = dt.timedelta(minutes=10)
EVENT_ID_MAX = 64


class TooManyEvents(ValueError):
    """More than MAX_EVENTS rows in one delivery: nothing was read or stored."""

    def __init__(self, count: int) -> None:
        super().__init__(
            _("At most %(max)s events per request; this one has %(count)s. Split it into smaller requests.")
            % {"max": f"{MAX_EVENTS:,}", "count": f"{count:,}"}
        )
        self.count = count


class RowError(ValueError):
    """A field of one row is not acceptable; the message names the problem for a person to fix."""


# A row cleaner turns one incoming row into model field values, or a dict {field: message}.
Cleaner = Callable[[Mapping[str, Any], "RowContext"], tuple[dict[str, Any] | None, dict[str, str]]]


@dataclass(frozen=True)
class RowContext:
    """What a row cleaner needs to know besides the row: the hall, and how to read times without an offset
    (None: refuse them, as the API does; a time zone: read them in it, as the CSV upload does)."""

    hall: Hall
    naive_tz: ZoneInfo | None
    now: dt.datetime


@dataclass(frozen=True)
class EventKind:
    """What differs between queue events and device presses."""

    kind: str  # an IngestKind value
    model: type[models.Model]
    clean: Cleaner
    # Fields compared when a source id is already stored: same values = a duplicate, other values = rejected.
    compared: tuple[str, ...]
    # The hall's local day of an event (which days need refreshing after a delivery).
    day_of: Callable[[models.Model], dt.date]
    # Called with the new objects before they are stored (e.g. to attribute them to staff, in one query).
    prepare: Callable[[Hall, list[models.Model]], None] | None = None


@dataclass
class Rejection:
    index: int
    event_id: str
    errors: dict[str, str]

    def as_dict(self, row_numbers: list[int] | None) -> dict[str, Any]:
        data: dict[str, Any] = {"index": self.index, "event_id": self.event_id, "errors": self.errors}
        if row_numbers is not None:
            data["row"] = row_numbers[self.index]
        return data


@dataclass
class IngestReport:
    batch: IngestBatch
    rejections: list[Rejection] = field(default_factory=list)
    days: list[dt.date] = field(default_factory=list)
    row_numbers: list[int] | None = None

    @property
    def refused(self) -> bool:
        return self.batch.refused

    def as_dict(self) -> dict[str, Any]:
        return {
            "batch": self.batch.pk,
            "received": self.batch.received,
            "stored": self.batch.stored,
            "duplicates": self.batch.duplicates,
            "rejected": self.batch.rejected,
            "strict": self.batch.strict,
            "refused": self.refused,
            "days": [day.isoformat() for day in self.days],
            "rejections": [rejection.as_dict(self.row_numbers) for rejection in self.rejections],
        }


# --- field readers shared by the row cleaners ---


def read_event_id(row: Mapping[str, Any]) -> str:
    value = row.get("event_id", row.get("source_event_id"))
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        raise RowError(_("Give the source system's event id."))
    if not isinstance(value, str | int):
        raise RowError(_("The event id must be text or a whole number."))
    text = str(value).strip()
    if len(text) > EVENT_ID_MAX:
        raise RowError(_("At most %(max)s characters.") % {"max": EVENT_ID_MAX})
    return text


def read_moment(value: Any, context: RowContext) -> dt.datetime:
    """An ISO 8601 time with its offset ("2026-03-02T09:15:00+08:00" or "...Z"), not in the future."""
    if not isinstance(value, str) or not value.strip():
        raise RowError(_("Give the time as ISO 8601, e.g. 2026-03-02T09:15:00+08:00."))
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise RowError(
            _("“%(value)s” is not an ISO 8601 time such as 2026-03-02T09:15:00+08:00.") % {"value": value[:40]}
        ) from None
    if moment.tzinfo is None:
        if context.naive_tz is None:
            raise RowError(
                _("“%(value)s” has no time zone: add its offset (+08:00) or Z for UTC.") % {"value": value[:40]}
            )
        moment = moment.replace(tzinfo=context.naive_tz)
    if moment > context.now + FUTURE_TOLERANCE:
        raise RowError(_("%(value)s is in the future.") % {"value": value[:40]})
    return moment.astimezone(dt.UTC)


def read_counter(value: Any, hall: Hall, *, required: bool) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RowError(_("Give the counter number."))
        return None
    if isinstance(value, bool):
        raise RowError(_("The counter must be a whole number."))
    try:
        number = int(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise RowError(_("The counter must be a whole number, not “%(value)s”.") % {"value": str(value)[:20]}) from None
    if isinstance(value, float) and value != number:
        raise RowError(_("The counter must be a whole number, not “%(value)s”.") % {"value": value})
    if not 1 <= number <= hall.counters:
        raise RowError(
            _("Hall %(hall)s has counters 1 to %(count)s; there is no counter %(number)s.")
            % {"hall": hall.code, "count": hall.counters, "number": number}
        )
    return number


@functools.cache
def _values(choices: type[models.TextChoices]) -> frozenset[str]:
    return frozenset(choices.values)


def read_choice(value: Any, choices: type[models.TextChoices], *, default: str | None = None) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if default is not None:
            return default
        raise RowError(_("Give one of: %(allowed)s.") % {"allowed": ", ".join(choices.values)})
    text = str(value).strip().lower()
    if text not in _values(choices):
        raise RowError(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": str(value)[:40], "allowed": ", ".join(choices.values)}
        )
    return text


def read_text(value: Any, *, max_length: int, required: bool = False) -> str:
    if value is None:
        text = ""
    elif isinstance(value, str | int) and not isinstance(value, bool):
        text = str(value).strip()
    else:
        raise RowError(_("Give text."))
    if required and not text:
        raise RowError(_("This field is required."))
    if len(text) > max_length:
        raise RowError(_("At most %(max)s characters.") % {"max": max_length})
    return text


def collect(row: Mapping[str, Any], readers: Mapping[str, Callable[[], Any]]) -> tuple[dict[str, Any], dict[str, str]]:
    """Run each field's reader; gather the values and, per field, the first problem."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, reader in readers.items():
        try:
            values[name] = reader()
        except RowError as error:
            errors[name] = str(error)
    return values, errors


# --- the ingestion itself ---


def _existing(kind: EventKind, hall: Hall, ids: list[str]) -> dict[str, tuple]:
    """The stored content of those source ids, in as few queries as the database allows."""
    chunk = 900 if connection.vendor == "sqlite" else 10_000
    found: dict[str, tuple] = {}
    for start in range(0, len(ids), chunk):
        rows = kind.model.objects.filter(hall=hall, source_event_id__in=ids[start : start + chunk]).values_list(
            "source_event_id", *kind.compared
        )
        for source_id, *content in rows:
            found[source_id] = tuple(content)
    return found


def _as_rows(rows: Iterable[Any]) -> list[Any]:
    rows = rows if isinstance(rows, list) else list(rows)
    if len(rows) > MAX_EVENTS:
        raise TooManyEvents(len(rows))
    return rows


def events_ingest(
    *,
    hall: Hall,
    rows: Iterable[Any],
    kind: EventKind,
    strict: bool,
    source: str,
    by: Any = None,
    filename: str = "",
    naive_tz: ZoneInfo | None = None,
    row_numbers: list[int] | None = None,
    after_commit: Callable[[Hall, list[dt.date]], None] | None = None,
) -> IngestReport:
    """Store the valid new rows (all or none with `strict`) and report the others; see the module's rules.

    `row_numbers` are the numbers a person sees for the rows (a CSV file's line numbers); `after_commit`
    is called once the stored events are committed, with the days they fall on (to refresh the figures).
    """
    rows = _as_rows(rows)
    context = RowContext(hall=hall, naive_tz=naive_tz, now=timezone.now())
    rejections: list[Rejection] = []
    candidates: dict[str, tuple[int, dict[str, Any]]] = {}
    duplicates = 0
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            rejections.append(Rejection(index, "", {"row": _("Each event must be an object with named fields.")}))
            continue
        try:
            event_id = read_event_id(row)
        except RowError as error:
            rejections.append(Rejection(index, "", {"event_id": str(error)}))
            continue
        values, errors = kind.clean(row, context)
        if errors:
            rejections.append(Rejection(index, event_id, errors))
            continue
        earlier = candidates.get(event_id)
        if earlier is not None:
            if _content(kind, earlier[1]) == _content(kind, values):
                duplicates += 1
            else:
                message = _("Event id %(id)s is given twice in this delivery with different content (first at %(at)s).")
                rejections.append(
                    Rejection(
                        index, event_id, {"event_id": message % {"id": event_id, "at": _place(earlier[0], row_numbers)}}
                    )
                )
            continue
        candidates[event_id] = (index, values)

    with transaction.atomic():
        # One ingest per hall at a time: the duplicate check below then sees everything stored before.
        Hall.objects.select_for_update().filter(pk=hall.pk).values_list("pk", flat=True).first()
        stored_content = _existing(kind, hall, list(candidates))
        new_objects = []
        for event_id, (index, values) in candidates.items():
            if event_id in stored_content:
                if stored_content[event_id] == _content(kind, values):
                    duplicates += 1
                else:
                    rejections.append(
                        Rejection(
                            index, event_id, {"event_id": _("This event id is already stored with other content.")}
                        )
                    )
                continue
            new_objects.append(kind.model(hall_id=hall.pk, source_event_id=event_id, **values))
        rejections.sort(key=lambda rejection: rejection.index)
        refused = strict and bool(rejections)
        batch = IngestBatch(
            hall=hall,
            kind=kind.kind,
            source=source,
            filename=filename[:200],
            by=by if getattr(by, "pk", None) else None,
            strict=strict,
            received=len(rows),
            stored=0 if refused else len(new_objects),
            duplicates=duplicates,
            rejected=len(rejections),
            rejections=[r.as_dict(row_numbers) for r in rejections[: IngestBatch.MAX_KEPT_REJECTIONS]],
        )
        batch.save()
        days: list[dt.date] = []
        if not refused and new_objects:
            if kind.prepare is not None:
                kind.prepare(hall, new_objects)
            for obj in new_objects:
                obj.batch_id = batch.pk
            insert_rows(kind.model, new_objects, data_fields(kind.model))
            days = sorted({kind.day_of(obj) for obj in new_objects})
            if after_commit is not None:
                transaction.on_commit(lambda: after_commit(hall, days))
    return IngestReport(batch=batch, rejections=rejections, days=days, row_numbers=row_numbers)


def _content(kind: EventKind, values: Mapping[str, Any]) -> tuple:
    return tuple(values.get(name) for name in kind.compared)


def _place(index: int, row_numbers: list[int] | None) -> str:
    if row_numbers is None:
        return _("index %(index)s") % {"index": index}
    return _("row %(row)s") % {"row": row_numbers[index]}


# --- CSV files (the upload page) ---

CSV_ENCODINGS = ("utf-8-sig", "gb18030")


def csv_rows(data: bytes, *, required: Iterable[str]) -> tuple[list[dict[str, str]], list[int]]:
    """The rows of a CSV file with a header line, as dicts keyed by the (lower-cased) column names, and the
    line number of each (blank lines are skipped; the header is line 1).

    UTF-8 (with or without the BOM spreadsheets write) or GB18030 (a Chinese spreadsheet's "CSV"). Raises
    RowError naming what is wrong with the file as a whole (encoding, missing columns, too many rows).
    """
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RowError(_("The file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8."))
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise RowError(_("The file is empty; the first line must name the columns."))
    columns = [name.strip().lower() for name in header]
    missing = [name for name in required if name not in columns]
    if missing:
        raise RowError(
            _("The first line must name the columns; missing: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    rows, numbers = [], []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        rows.append(dict(zip(columns, values, strict=False)))
        numbers.append(reader.line_num)
        if len(rows) > MAX_EVENTS:
            raise RowError(
                _("At most %(max)s rows per file; split it into smaller files.") % {"max": f"{MAX_EVENTS:,}"}
            )
    return rows, numbers
