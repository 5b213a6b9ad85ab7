"""Insert tens of thousands of narrow rows quickly: COPY on PostgreSQL, a prepared INSERT run with executemany
on SQLite, without the ORM's compiler.

The ORM's `bulk_create` compiles every value as an expression; for queue events, tickets and presses (a
hall's day is thousands of rows of eight to twenty columns) that compilation, not the database, is most of
the time. Here each value only goes through the database adapter of its column type. No ids come back:
callers that need them read them afterwards in one query. Values must be complete (defaults are whatever the
objects hold), and nothing here runs model signals: use it only for plain data rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import connection, models

BATCH = 5000


def _sqlite_utc_text(value: dt.datetime | None) -> str | None:
    """What Django stores in SQLite for an aware datetime (naive UTC text), without its per-value checks."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(" ")


def _adapter(field: models.Field) -> Callable[[Any], Any]:
    if isinstance(field, models.DateTimeField):
        if connection.vendor == "sqlite" and settings.USE_TZ and connection.timezone_name == "UTC":
            return _sqlite_utc_text
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: connection.ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


def insert_rows(model: type[models.Model], objects: Iterable[models.Model], fields: Sequence[str]) -> int:
    """INSERT the objects' values of `fields` (field names; foreign keys by name) into the model's table."""
    columns = [model._meta.get_field(name) for name in fields]
    adapters = [_adapter(field) for field in columns]
    attnames = [field.attname for field in columns]
    quote = connection.ops.quote_name
    # Table and column names come from the model and are quoted; every value is a parameter.
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) VALUES "  # noqa: S608
    row = f"({', '.join(['%s'] * len(columns))})"
    rows = [tuple(adapt(getattr(obj, name)) for adapt, name in zip(adapters, attnames, strict=True)) for obj in objects]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # In-process: executemany of one prepared row is the fastest way, and has no parameter limit.
            for start in range(0, len(rows), BATCH):
                cursor.executemany(head + row, rows[start : start + BATCH])
        elif connection.vendor == "postgresql":
            # COPY: PostgreSQL's own bulk load, one stream for all rows.
            names = ", ".join(quote(f.column) for f in columns)
            with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
        else:
            per_statement = min(1000, 65_000 // len(columns))
            for start in range(0, len(rows), per_statement):
                chunk = rows[start : start + per_statement]
                cursor.execute(head + ", ".join([row] * len(chunk)), [value for values in chunk for value in values])
    return len(rows)


def data_fields(model: type[models.Model]) -> list[str]:
    """Every concrete field but an auto-increment primary key."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField | models.BigAutoField))
    ]
