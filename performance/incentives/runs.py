"""Incentive run services: start, compute, recompute one hall, correct hours, review, approve, lock, correct
(docs/incentives.md, "From draft to payroll"). Every write is atomic and raises ValidationError with a clear
message; a run that is approved or locked refuses every change. Pools and lines are written in bulk with
their history rows (who and when), so a region of 2,000 halls and 25,000 people computes in seconds."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import RunStatus
from ..incentive_models import HallPool, IncentiveLine, IncentiveRun
from .calc import LineResult, PoolResult, compute_hall
from .inputs import gather

MAX_HOURS = Decimal("744")  # 31 days x 24 hours
BATCH = 2000
COPY_FROM = 200  # rows: fewer go through bulk_create


def _refuse_unless_draft(run: IncentiveRun) -> None:
    if run.status != RunStatus.DRAFT:
        raise ValidationError(
            _("Locked runs cannot change: this run is %(status)s.") % {"status": run.get_status_display().lower()}
        )


_PLAIN = (Decimal, int, str, float, dt.date, type(None))  # bool is an int; datetime a date


def _copy(table: str, fields: list, rows) -> None:
    """COPY rows (lists of Python values, one per field) into a table: JSON fields are dumped here, plain
    values are handed to psycopg as they are, anything else prepared by its field."""
    quote = connection.ops.quote_name
    json_at = [isinstance(f, models.JSONField) for f in fields]
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            out = []
            for value, is_json, f in zip(row, json_at, fields, strict=True):
                if is_json:
                    value = None if value is None else json.dumps(value, cls=DjangoJSONEncoder)
                elif not isinstance(value, _PLAIN):
                    value = f.get_db_prep_save(value, connection)
                out.append(value)
            copy.write_row(out)


def _use_copy(count: int) -> bool:
    return connection.vendor == "postgresql" and count >= COPY_FROM


def _history_values(model, values: list[list], *, kind: str, by=None) -> None:
    """History rows in bulk from the tracked fields' values: kind "+" created, "~" changed, "-" deleted."""
    if not values:
        return
    history = model.history.model
    tracked = history.tracked_fields
    when = timezone.now()
    if _use_copy(len(values)):
        meta = history._meta
        extra = [meta.get_field(name) for name in ("history_date", "history_change_reason", "history_type")]
        user = meta.get_field("history_user")
        tail = [when, "", kind, by.pk if by is not None else None]
        _copy(meta.db_table, [*tracked, *extra, user], (row + tail for row in values))
        return
    names = [f.attname for f in tracked]
    history.objects.bulk_create(
        [
            history(
                history_date=when,
                history_user=by,
                history_change_reason="",
                history_type=kind,
                **dict(zip(names, row, strict=True)),
            )
            for row in values
        ],
        batch_size=BATCH,
    )


def _history(model, objs, *, kind: str, by=None) -> None:
    tracked = model.history.model.tracked_fields
    _history_values(model, [[getattr(obj, f.attname) for f in tracked] for obj in objs], kind=kind, by=by)


def _insert(model, objs: list) -> list:
    """bulk_create; on PostgreSQL, for many rows, COPY instead (primary keys drawn from the table's sequence
    first and set on the objects, as bulk_create does). Django inserts literal rows there through UNNEST of
    arrays, and psycopg escapes every element of a text array in Python, one regular-expression callback per
    quote: with the explanations' JSON that was most of the time of a 25,000-line run (bench/incentive_run.py:
    about 30 s, against about 10 s with COPY)."""
    if not _use_copy(len(objs)):
        return model.objects.bulk_create(objs, batch_size=BATCH)
    opts = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
    fields = list(opts.concrete_fields)
    _copy(opts.db_table, fields, ([getattr(obj, f.attname) for f in fields] for obj in objs))
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def _create(model, objs, *, by=None) -> list:
    created = _insert(model, objs)
    _history(model, created, kind="+", by=by)
    return created


def _delete(qs, *, by=None) -> None:
    """Delete with a "-" history row for each, without a signal per row (nothing points at these rows but
    their own history, which keeps plain ids)."""
    tracked = qs.model.history.model.tracked_fields
    values = [list(row) for row in qs.order_by().values_list(*[f.attname for f in tracked])]
    if not values:
        return
    _history_values(qs.model, values, kind="-", by=by)
    qs._raw_delete(qs.db)


def _pool_fields(pool: HallPool, result: PoolResult) -> None:
    for name in (
        "headcount",
        "base",
        "attainment",
        "factor",
        "pool_before_gates",
        "gate_cut",
        "pool",
        "paid",
        "withheld",
        "explanation",
        "frozen",
    ):
        setattr(pool, name, getattr(result, name))


def _line(pool: HallPool, r: LineResult, previous: dict[tuple[int, int], Decimal] | None) -> IncentiveLine:
    return IncentiveLine(
        pool=pool,
        staff_id=r.staff_id,
        grade=r.grade,
        star_coefficient=r.star_coefficient,
        hours_rostered=r.hours_rostered,
        hours_worked=r.hours_worked,
        hours_note=r.hours_note,
        mystery_score=r.mystery_score,
        satisfaction_rate=r.satisfaction_rate,
        personal_factor=r.personal_factor,
        points=r.points,
        share=r.share,
        cut=r.cut,
        amount=r.amount,
        previous_amount=None if previous is None else previous.get((pool.hall_id, r.staff_id), Decimal("0")),
        frozen=r.frozen,
        frozen_reason=r.frozen_reason,
        explanation=r.explanation,
    )


def _previous_amounts(run: IncentiveRun) -> dict[tuple[int, int], Decimal] | None:
    """For a correction run: what the corrected run paid each (hall, person); a frozen line was not paid."""
    if not run.corrects_id:
        return None
    return {
        (hall_id, staff_id): (Decimal("0") if frozen else amount)
        for hall_id, staff_id, amount, frozen in IncentiveLine.objects.filter(pool__run_id=run.corrects_id).values_list(
            "pool__hall_id", "staff_id", "amount", "frozen"
        )
    }


def _corrections(lines) -> dict[tuple[int, int], tuple[Decimal, str]]:
    return {
        (hall_id, staff_id): (hours, note)
        for hall_id, staff_id, hours, note in lines.exclude(hours_note="").values_list(
            "pool__hall_id", "staff_id", "hours_worked", "hours_note"
        )
    }


def _month(month: dt.date) -> dt.date:
    return month.replace(day=1)


@transaction.atomic
def start_run(*, region, month: dt.date, by) -> IncentiveRun:
    """The month's run for a region, computed in the background (eagerly when there is no broker)."""
    month = _month(month)
    if month > timezone.localdate().replace(day=1):
        raise ValidationError({"month": _("The month has not begun yet: a run covers a month that has started.")})
    if IncentiveRun.objects.filter(region=region, month=month, corrects__isnull=True).exists():
        raise ValidationError(
            {"month": _("%(region)s already has a run for %(month)s.") % {"region": region, "month": f"{month:%Y-%m}"}}
        )
    run = IncentiveRun.objects.create(region=region, month=month, created_by=by)
    _queue(run)
    return run


def _queue(run: IncentiveRun) -> None:
    from ..tasks import compute_incentive_run

    transaction.on_commit(lambda: compute_incentive_run.delay(run.pk))


@transaction.atomic
def compute_run(*, run: IncentiveRun, by=None) -> None:
    """(Re)compute a draft run: every hall pool and line replaced, the managers' hours corrections kept."""
    run = IncentiveRun.objects.select_for_update().get(pk=run.pk)
    _refuse_unless_draft(run)
    old_lines = IncentiveLine.objects.filter(pool__run=run)
    corrections = _corrections(old_lines)
    previous = _previous_amounts(run)
    inputs = gather(region_id=run.region_id, month=run.month)
    _delete(IncentiveLine.objects.filter(pool__run=run), by=by)
    _delete(HallPool.objects.filter(run=run), by=by)
    by_hall: dict[int, dict[int, tuple[Decimal, str]]] = {}
    for (hall_id, staff_id), value in corrections.items():
        by_hall.setdefault(hall_id, {})[staff_id] = value
    pools, results = [], []
    for hi in inputs.halls:
        result = compute_hall(hi, inputs.people, inputs.person_appeals, corrections=by_hall.get(hi.hall.pk))
        pool = HallPool(run=run, hall=hi.hall, scheme=hi.scheme)
        _pool_fields(pool, result)
        pools.append(pool)
        results.append(result)
    pools = _create(HallPool, pools, by=by)
    lines = [_line(pool, r, previous) for pool, result in zip(pools, results, strict=True) for r in result.lines]
    _create(IncentiveLine, lines, by=by)
    run.computed_at = timezone.now()
    run._history_user = by
    run.save(update_fields=["computed_at", "updated_at"])


@transaction.atomic
def recompute_pool(*, pool: HallPool, by=None) -> HallPool:
    """Recompute one hall of a draft run; lines keep their ids (changed in place) and the review is cleared."""
    pool = HallPool.objects.select_for_update().select_related("run", "hall").get(pk=pool.pk)
    run = pool.run
    _refuse_unless_draft(run)
    inputs = gather(region_id=run.region_id, month=run.month, hall_ids=[pool.hall_id])
    if not inputs.halls:
        raise ValidationError(
            _("No incentive scheme is in force for hall %(hall)s this month.") % {"hall": pool.hall.code}
        )
    hi = inputs.halls[0]
    existing = {line.staff_id: line for line in IncentiveLine.objects.filter(pool=pool)}
    corrections = {sid: (line.hours_worked, line.hours_note) for sid, line in existing.items() if line.hours_note}
    result = compute_hall(hi, inputs.people, inputs.person_appeals, corrections=corrections)
    previous = _previous_amounts(run)
    _pool_fields(pool, result)
    pool.scheme = hi.scheme
    pool.reviewed_by = None
    pool.reviewed_at = None
    pool.review_note = ""
    if by is not None:
        pool._history_user = by
    pool.save()
    fresh = {r.staff_id: _line(pool, r, previous) for r in result.lines}
    gone = [line.pk for sid, line in existing.items() if sid not in fresh]
    if gone:
        _delete(IncentiveLine.objects.filter(pk__in=gone), by=by)
    changed, new = [], []
    fields = [f.name for f in IncentiveLine._meta.concrete_fields if f.name not in ("id", "pool", "staff")]
    for sid, line in fresh.items():
        if sid in existing:
            line.pk = existing[sid].pk
            changed.append(line)
        else:
            new.append(line)
    if changed:
        IncentiveLine.objects.bulk_update(changed, fields, batch_size=500)
        _history(IncentiveLine, changed, kind="~", by=by)
    if new:
        _create(IncentiveLine, new, by=by)
    return pool


@transaction.atomic
def correct_hours(*, line: IncentiveLine, hours_worked, note: str, by) -> IncentiveLine:
    """The manager's correction of hours worked (with a reason); the hall is recomputed and its review cleared."""
    line = IncentiveLine.objects.select_related("pool__run").get(pk=line.pk)
    _refuse_unless_draft(line.pool.run)
    errors = {}
    try:
        hours = Decimal(str(hours_worked)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        hours = None
    if hours is None or not (Decimal("0") <= hours <= MAX_HOURS):
        errors["hours_worked"] = _("Give the hours worked, between 0 and %(max)s.") % {"max": MAX_HOURS}
    note = (note or "").strip()
    if not note:
        errors["note"] = _("Say why the hours worked differ from the roster.")
    elif len(note) > 200:
        errors["note"] = _("Keep the reason under 200 characters.")
    if errors:
        raise ValidationError(errors)
    line.hours_worked = hours
    line.hours_note = note
    line._history_user = by
    line.save(update_fields=["hours_worked", "hours_note"])
    recompute_pool(pool=line.pool, by=by)
    return IncentiveLine.objects.get(pool_id=line.pool_id, staff_id=line.staff_id)


@transaction.atomic
def review_pool(*, pool: HallPool, by, note: str = "") -> HallPool:
    pool = HallPool.objects.select_for_update().select_related("run").get(pk=pool.pk)
    _refuse_unless_draft(pool.run)
    if pool.run.computed_at is None:
        raise ValidationError(_("The run has not been computed yet."))
    pool.reviewed_by = by
    pool.reviewed_at = timezone.now()
    pool.review_note = (note or "").strip()[:300]
    pool._history_user = by
    pool.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    return pool


@transaction.atomic
def approve_run(*, run: IncentiveRun, by, reason: str = "") -> IncentiveRun:
    """HQ approves; halls not reviewed are listed, unless a reason to approve anyway is given."""
    run = IncentiveRun.objects.select_for_update().get(pk=run.pk)
    _refuse_unless_draft(run)
    if run.computed_at is None:
        raise ValidationError(_("The run has not been computed yet."))
    reason = (reason or "").strip()
    unreviewed = list(
        HallPool.objects.filter(run=run, reviewed_at__isnull=True)
        .order_by("hall__code")
        .values_list("hall__code", flat=True)
    )
    if unreviewed and not reason:
        shown = ", ".join(unreviewed[:30]) + (" …" if len(unreviewed) > 30 else "")
        raise ValidationError(
            {
                "reason": _("%(count)s halls are not reviewed yet (%(halls)s): give a reason to approve anyway.")
                % {"count": len(unreviewed), "halls": shown}
            }
        )
    run.status = RunStatus.APPROVED
    run.approved_by = by
    run.approved_at = timezone.now()
    if reason:
        run.note = reason[:300]
        if unreviewed:
            run.note = (
                _("Approved with %(count)s halls not reviewed: %(reason)s")
                % {"count": len(unreviewed), "reason": reason}
            )[:300]
    run._history_user = by
    run.save()
    return run


@transaction.atomic
def lock_run(*, run: IncentiveRun, by) -> IncentiveRun:
    run = IncentiveRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.APPROVED:
        raise ValidationError(_("Only an approved run can be locked."))
    run.status = RunStatus.LOCKED
    run.locked_by = by
    run.locked_at = timezone.now()
    run._history_user = by
    run.save()
    return run


@transaction.atomic
def start_correction(*, run: IncentiveRun, by, note: str) -> IncentiveRun:
    """A new run correcting a locked one; its lines carry what the corrected run paid (previous amount)."""
    run = IncentiveRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.LOCKED:
        raise ValidationError(_("Only a locked run is corrected by a new run; a draft is simply recomputed."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what the correction is for.")})
    open_runs = IncentiveRun.objects.filter(region_id=run.region_id, month=run.month).filter(
        ~Q(status=RunStatus.LOCKED)
    )
    if open_runs.exists():
        raise ValidationError(_("A correction of this month is already open: finish it first."))
    correction = IncentiveRun.objects.create(
        region_id=run.region_id, month=run.month, corrects=run, note=note[:300], created_by=by
    )
    _queue(correction)
    return correction
