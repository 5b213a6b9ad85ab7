"""A local search that closes the last short slots of a valid roster with small moves that keep every rule.

CP-SAT leaves a few staff-slots short on long horizons (docs/solver.md, docs/performance.md). For each short
(role, day, slot) this tries, in order:

1. one person's day changed: a shift extended or moved to cover the slot, a shift's role changed (the
   person holds the role), or a shift added on a day they do not work;
2. the same with a second day of that person changed too (trimmed, moved, given another role or dropped),
   which frees the weekly hours, working days, run of days or rest the first change needs: hours moved
   from an over-covered day to the short one;
3. when nothing of that closes any short slot, chains of two changes: a first change (type 1 or 2) that
   covers the slot but opens others elsewhere, then a change of anyone that closes more than it opened. The
   first step may first open as much as it closes (unmet demand unchanged), then up to a whole shift's
   worth (a shift moved to the short day, its old day then filled by someone else). After any chain that
   works, back to single changes.

It stops when a whole pass of chains finds nothing, or at its time limit.

A move is kept only when it lowers unmet demand, the person's shifts still pass `validate_roster` and no
capped role (the hall's counters, `Problem.capacity`) gets more people than places, so the roster stays
valid and its unmet demand never rises. Unmet-demand deltas come from prefix sums over
each role and day, so a candidate costs O(1) to score; the rules are checked only for improving ones.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator

from staffing.roster_format import Problem, Shift
from staffing.roster_rules import (
    allowed_lengths,
    blocking_unavailability,
    coverage,
    later_rest_allowed,
    prior_rest_allowed,
    rest_allowed,
    validate_roster,
    week_days,
    weekly_cap_slots,
)

# How many candidate moves the rules are checked for, at most, per short slot and kind of move: a bound on
# the time one hopeless slot can take.
MAX_CHECKS_PER_GAP = 400
# How many first steps of an ejection chain are tried per short slot, and how many candidates the rules are
# checked for when closing what one opened.
MAX_CHAINS_PER_GAP = 20
MAX_CHECKS_CHAINED = 150
# The most staff-slots the first step of an ejection chain may open, by level of the search: none (a
# change that covers the slot and opens another), then up to a whole shift (one moved to the short day).
CHAIN_OPENS = (0, 18)
# How many second-day variants are tried per first-day change (the cheapest in unmet demand first).
MAX_SECOND_DAY = 60
# Days apart that a second-day change may be: the same calendar week, the run of days or the rest.
SECOND_DAY_REACH = 7


class _State:
    """The roster being repaired: shifts by person and day, people scheduled per role, day and slot."""

    def __init__(
        self, problem: Problem, shifts: Iterable[Shift], progress: Callable[[int], None] | None = None
    ) -> None:
        self.problem = problem
        self.progress = progress
        self.lengths = allowed_lengths(problem)
        self.slots = problem.slots_per_day
        self.members = {member.id: member for member in problem.staff}
        self.caps = {member.id: weekly_cap_slots(problem, member) for member in problem.staff}
        self.days: dict[str, dict[int, Shift]] = {member.id: {} for member in problem.staff}
        for shift in shifts:
            self.days[shift.staff][shift.day] = shift
        covered = coverage(problem, [s for person in self.days.values() for s in person.values()])
        self.scheduled = covered.scheduled
        self.demand = problem.demand
        self.unmet = covered.unmet
        self._prefix: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
        self._blocked: dict[tuple[str, int], list[int]] = {}

    # ------------------------------------------------------------------------------ scoring

    def prefix(self, role: str, day: int) -> tuple[list[int], list[int]]:
        """Prefix sums of "short now" (adding a person helps) and "not over" (removing one hurts)."""
        key = (role, day)
        if key not in self._prefix:
            got, wanted = self.scheduled[role][day], self.demand[role][day]
            short, tight = [0], [0]
            for t in range(self.slots):
                short.append(short[-1] + (got[t] < wanted[t]))
                tight.append(tight[-1] + (got[t] <= wanted[t]))
            self._prefix[key] = (short, tight)
        return self._prefix[key]

    def gain(self, role: str, day: int, start: int, end: int) -> int:
        """Unmet demand removed by one more person on [start, end)."""
        if start >= end:
            return 0
        short = self.prefix(role, day)[0]
        return short[end] - short[start]

    def loss(self, role: str, day: int, start: int, end: int) -> int:
        """Unmet demand added by one person fewer on [start, end)."""
        if start >= end:
            return 0
        tight = self.prefix(role, day)[1]
        return tight[end] - tight[start]

    def delta(self, day: int, old: Shift | None, new: Shift | None) -> int:
        """Change in unmet demand when a person's shift on `day` goes from `old` to `new` (None: no shift)."""
        if old is None and new is None:
            return 0
        if old is None:
            return -self.gain(new.role, day, new.start, new.end)
        if new is None:
            return self.loss(old.role, day, old.start, old.end)
        if old.role != new.role:
            return self.loss(old.role, day, old.start, old.end) - self.gain(new.role, day, new.start, new.end)
        role = new.role
        added = self.gain(role, day, new.start, min(new.end, old.start)) + self.gain(
            role, day, max(new.start, old.end), new.end
        )
        removed = self.loss(role, day, old.start, min(old.end, new.start)) + self.loss(
            role, day, max(old.start, new.end), old.end
        )
        return removed - added

    # ------------------------------------------------------------------------------ rules and changes

    def blocked(self, staff: str, day: int) -> list[int]:
        """Prefix count of the slots of `day` that `staff` is unavailable for."""
        key = (staff, day)
        if key not in self._blocked:
            member = self.members[staff]
            prefix = [0]
            for t in range(self.slots):
                prefix.append(prefix[-1] + (blocking_unavailability(self.problem, member, day, t, t + 1) is not None))
            self._blocked[key] = prefix
        return self._blocked[key]

    def free(self, staff: str, day: int, start: int, end: int) -> bool:
        blocked = self.blocked(staff, day)
        return blocked[end] == blocked[start]

    def valid_with(self, staff: str, changes: dict[int, Shift | None]) -> bool:
        """Do `staff`'s shifts pass every rule with `changes` (day -> new shift or None) applied?

        Rules 4-6 around the changed days are checked first by arithmetic (most candidates fail there);
        a candidate that passes is then checked by `validate_roster` on the person's whole roster.
        """
        days = dict(self.days[staff])
        for day, shift in changes.items():
            if shift is None:
                days.pop(day, None)
            else:
                days[day] = shift
        if not self._room_ok(staff, changes) or not self._quick_ok(staff, days, changes):
            return False
        return not validate_roster(self.problem, days.values())

    def _room_ok(self, staff: str, changes: dict[int, Shift | None]) -> bool:
        """Does every changed shift of a capped role (the counters) find a place in each of its slots?"""
        capacity = self.problem.capacity
        for day, shift in changes.items():
            if shift is None or shift.role not in capacity:
                continue
            old = self.days[staff].get(day)
            mine = range(old.start, old.end) if old is not None and old.role == shift.role else range(0)
            row = self.scheduled[shift.role][day]
            if any(row[t] - (t in mine) >= capacity[shift.role] for t in range(shift.start, shift.end)):
                return False
        return True

    def _quick_ok(self, staff: str, days: dict[int, Shift], changes: dict[int, Shift | None]) -> bool:
        problem, rules = self.problem, self.problem.rules
        cap = self.caps[staff]
        for week in {day // 7 for day in changes}:
            worked = [days[d] for d in week_days(problem, week) if d in days]
            if len(worked) > rules.max_days_per_week or sum(s.slots for s in worked) > cap:
                return False
        prior, later = problem.history.get(staff), problem.later.get(staff)
        for day, shift in changes.items():
            if shift is None:
                continue
            before, after = days.get(day - 1), days.get(day + 1)
            if before is not None and not rest_allowed(problem, before.end, shift.start):
                return False
            if after is not None and not rest_allowed(problem, shift.end, after.start):
                return False
            if prior is not None and not any(d < day for d in days):
                if not prior_rest_allowed(problem, prior, day, shift.start):
                    return False
            if later is not None and not any(d > day for d in days):
                if not later_rest_allowed(problem, later, day, shift.end):
                    return False
            run, other = 1, day - 1
            while other in days:
                run, other = run + 1, other - 1
            if other == -1 and prior is not None:
                run += prior.days_in_a_row
            other = day + 1
            while other in days:
                run, other = run + 1, other + 1
            if other == problem.days and later is not None:
                run += later.days_in_a_row
            if run > rules.max_consecutive_days:
                return False
        return True

    def apply(self, staff: str, changes: dict[int, Shift | None]) -> int:
        """Make the change; returns its change in unmet demand."""
        total = 0
        for day, shift in changes.items():
            old = self.days[staff].get(day)
            total += self.delta(day, old, shift)
            for item, step in ((old, -1), (shift, 1)):
                if item is None:
                    continue
                row = self.scheduled[item.role][day]
                for t in range(item.start, item.end):
                    row[t] += step
                self._prefix.pop((item.role, day), None)
            if shift is None:
                self.days[staff].pop(day, None)
            else:
                self.days[staff][day] = shift
        self.unmet += total
        if total < 0 and self.progress is not None:
            self.progress(self.unmet)
        return total

    def shifts(self) -> list[Shift]:
        return sorted(shift for person in self.days.values() for shift in person.values())

    def gaps(self, days: Iterable[int] | None = None) -> list[tuple[str, int, int]]:
        """Every short (role, day, slot), of `days` or of the whole horizon."""
        out = []
        for role in self.problem.roles:
            for day in range(self.problem.days) if days is None else days:
                got, wanted = self.scheduled[role][day], self.demand[role][day]
                out.extend((role, day, t) for t in range(self.slots) if got[t] < wanted[t])
        return out

    # ------------------------------------------------------------------------------ candidate shifts

    def covering(self, staff: str, role: str, day: int, slot: int) -> Iterator[Shift]:
        """Every shift of an allowed length for `staff` working `role` on `day` through `slot`."""
        for length in self.lengths:
            for start in range(max(0, slot - length + 1), min(slot, self.slots - length) + 1):
                if self.free(staff, day, start, start + length):
                    yield Shift(day=day, staff=staff, start=start, end=start + length, role=role)

    def variants(self, staff: str, day: int) -> Iterator[Shift | None]:
        """What a person's existing shift on `day` may become to make room: nothing, a part of it, or the
        same hours in another of their roles."""
        old = self.days[staff].get(day)
        if old is None:
            return
        yield None
        for length in self.lengths:
            if length >= old.slots:
                continue
            for start in range(old.start, old.end - length + 1):
                yield Shift(day=day, staff=staff, start=start, end=start + length, role=old.role)
        for role in self.members[staff].roles:
            if role != old.role:
                yield Shift(day=day, staff=staff, start=old.start, end=old.end, role=role)


def repair_roster(
    problem: Problem, shifts: list[Shift], until: float, progress: Callable[[int], None] | None = None
) -> list[Shift]:
    """`shifts` (a valid roster) with as many short slots closed as the moves find before `until`
    (`time.perf_counter()`); never more unmet demand than it had, and always valid. `progress(unmet)`
    hears of each improvement."""
    state = _State(problem, shifts, progress)
    before = state.unmet
    if before == 0:
        return shifts
    # Single changes first, everywhere, until they find nothing; then chains whose first step leaves unmet
    # demand as it is, then (slower) chains whose first step may open up to a shift's worth of slots. After
    # anything that worked, back to single changes.
    level = 0
    while state.unmet > 0 and time.perf_counter() < until:
        improved = False
        for role, day, slot in state.gaps():
            if time.perf_counter() >= until:
                break
            if state.scheduled[role][day][slot] >= state.demand[role][day][slot]:
                continue  # closed by an earlier move of this pass
            if _close(state, role, day, slot, until, level):
                improved = True
        if improved:
            level = 0
        elif level == len(CHAIN_OPENS):
            break
        else:
            level += 1
    result = state.shifts()
    after = coverage(problem, result)
    if state.unmet > before or after.unmet != state.unmet or after.over_capacity or validate_roster(problem, result):
        # Cannot happen (every move is scored and checked); never hand back something worse than we got.
        return shifts
    return result


def _moves(state: _State, role: str, day: int, slot: int, limit: int) -> list[tuple[int, int, str, Shift]]:
    """First-day changes that put someone on (role, day, slot): (unmet change, added slots, staff, shift)."""
    out = []
    for staff, member in state.members.items():
        if role not in member.roles:
            continue
        old = state.days[staff].get(day)
        if old is not None and old.role == role and old.start <= slot < old.end:
            continue
        for new in state.covering(staff, role, day, slot):
            change = state.delta(day, old, new)
            if change <= limit:
                out.append((change, new.slots - (old.slots if old is not None else 0), staff, new))
    out.sort(key=lambda move: (move[0], move[1], move[2], move[3]))
    return out


def _find(
    state: _State, role: str, day: int, slot: int, until: float, limit: int, checks: int = MAX_CHECKS_PER_GAP
) -> tuple[str, dict] | None:
    """A valid change of one person (one day, or two) covering the slot with unmet change <= `limit`."""
    return next(_options(state, role, day, slot, until, limit, checks), None)


def _options(
    state: _State, role: str, day: int, slot: int, until: float, limit: int, most: int = MAX_CHECKS_PER_GAP
) -> Iterator[tuple[str, dict[int, Shift | None]]]:
    """Valid changes of one person (one day, then two) covering the slot with unmet change <= `limit`,
    the cheapest in unmet demand first within each kind."""
    moves = _moves(state, role, day, slot, limit)
    checks = 0
    for _, _, staff, new in moves:
        if checks >= most or time.perf_counter() >= until:
            break
        checks += 1
        if state.valid_with(staff, {day: new}):
            yield staff, {day: new}
    # Two days of one person: the second gives back the hours, the day or the rest the first one needs.
    checks = 0
    for change, _, staff, new in moves:
        seconds = []
        for other in sorted(state.days[staff]):
            if other == day or abs(other - day) > SECOND_DAY_REACH:
                continue
            old = state.days[staff][other]
            for variant in state.variants(staff, other):
                cost = state.delta(other, old, variant)
                if change + cost <= limit:
                    seconds.append((cost, abs(other - day), other, variant))
        seconds.sort(key=lambda item: (item[0], item[1], item[2], item[3] is not None))
        for _, _, other, variant in seconds[:MAX_SECOND_DAY]:
            if checks >= most or time.perf_counter() >= until:
                return
            checks += 1
            if state.valid_with(staff, {day: new, other: variant}):
                yield staff, {day: new, other: variant}


def _close(state: _State, role: str, day: int, slot: int, until: float, level: int) -> bool:
    """Close one short slot, if a move allows it; True when unmet demand went down."""
    found = _find(state, role, day, slot, until, -1)
    if found is not None:
        state.apply(*found)
        return True
    if level == 0:
        return False
    # Ejection chain: a change that covers this slot but opens another (no better yet), then a change
    # (of anyone) that closes what the first one opened.
    tried = 0
    for staff, changes in _options(state, role, day, slot, until, CHAIN_OPENS[level - 1]):
        if tried >= MAX_CHAINS_PER_GAP or time.perf_counter() >= until:
            break
        tried += 1
        touched = sorted(changes)
        undo = {d: state.days[staff].get(d) for d in touched}
        before = set(state.gaps(touched))
        change = state.apply(staff, changes)
        if change < 0:
            return True  # better on its own (found past the single-change checks): keep it
        opened = [gap for gap in state.gaps(touched) if gap not in before]
        # The second change must close more than the first one opened. It is looked for through the first
        # slot opened on each changed day only, which keeps a chain cheap (a heuristic: one through another
        # slot is not tried).
        firsts: dict[int, tuple[str, int, int]] = {}
        for gap in opened:
            firsts.setdefault(gap[1], gap)
        for r, d, t in firsts.values():
            second = _find(state, r, d, t, until, -1 - change, MAX_CHECKS_CHAINED)
            if second is not None:
                state.apply(*second)
                return True
        state.apply(staff, undo)
    return False
