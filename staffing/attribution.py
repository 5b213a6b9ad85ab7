"""Who was on duty at a counter: the published roster's answer, for attributing tickets, presses and complaints.

The rule (docs/customer-voice.md): an event at counter C of hall H at time T belongs to the one person whose
shift on a *published* roster of H has counter C and covers T (starts at or before T, ends after T). When no
shift does, it belongs to nobody; when two do (a data error the shift form refuses, but imports may carry),
it belongs to nobody and says so. There is no guessing from roles or from neighbouring counters.

`on_duty` answers for a whole batch with one query, however many events the batch holds.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .choices import Attribution, RosterStatus
from .models import Shift

Moment = tuple[int | None, dt.datetime]


@dataclass(frozen=True)
class OnDuty:
    """The answer for one (counter, time): the staff member (or None) and why."""

    staff_id: int | None
    basis: str  # an Attribution value
    shift_id: int | None = None


NO_COUNTER = OnDuty(None, Attribution.NO_COUNTER)
NOBODY = OnDuty(None, Attribution.NOBODY)
AMBIGUOUS = OnDuty(None, Attribution.AMBIGUOUS)


class _CounterShifts:
    """The shifts of one counter sorted by start, for bisecting a moment."""

    def __init__(self, rows: list[tuple[dt.datetime, dt.datetime, int, int]]) -> None:
        self.rows = sorted(rows)
        self.starts = [row[0] for row in self.rows]
        # Shifts never last longer than a day, so only those starting in the 24 hours before T can cover T.
        self.longest = max((row[1] - row[0] for row in self.rows), default=dt.timedelta(0))

    def at(self, moment: dt.datetime) -> OnDuty:
        last = bisect.bisect_right(self.starts, moment)
        first = bisect.bisect_left(self.starts, moment - self.longest)
        covering = [row for row in self.rows[first:last] if row[0] <= moment < row[1]]
        if not covering:
            return NOBODY
        if len({row[2] for row in covering}) > 1:
            return AMBIGUOUS
        return OnDuty(covering[0][2], Attribution.ROSTER, covering[0][3])


def on_duty(*, hall_id: int, moments: Iterable[Moment]) -> dict[Moment, OnDuty]:
    """For each (counter, aware datetime) the person on the published roster then, in one query."""
    moments = list(moments)
    answers: dict[Moment, OnDuty] = {}
    timed = [(counter, at) for counter, at in moments if counter is not None]
    for moment in moments:
        if moment[0] is None:
            answers[moment] = NO_COUNTER
    if not timed:
        return answers
    earliest = min(at for _, at in timed)
    latest = max(at for _, at in timed)
    rows = Shift.objects.filter(
        roster__hall_id=hall_id,
        roster__status=RosterStatus.PUBLISHED,
        counter__in=sorted({counter for counter, _ in timed}),
        starts_at__lte=latest,
        ends_at__gt=earliest,
    ).values_list("counter", "starts_at", "ends_at", "staff_id", "pk")
    by_counter: dict[int, list[tuple[dt.datetime, dt.datetime, int, int]]] = defaultdict(list)
    for counter, starts_at, ends_at, staff_id, pk in rows:
        by_counter[counter].append((starts_at, ends_at, staff_id, pk))
    indexed = {counter: _CounterShifts(shifts) for counter, shifts in by_counter.items()}
    for counter, at in timed:
        shifts = indexed.get(counter)
        answers[(counter, at)] = shifts.at(at) if shifts else NOBODY
    return answers


def on_duty_at(*, hall_id: int, counter: int | None, at: dt.datetime) -> OnDuty:
    """The same rule for a single moment (a complaint's form)."""
    return on_duty(hall_id=hall_id, moments=[(counter, at)])[(counter, at)]
