"""Writes the example roster problems (format 1) used by the benchmarks and the docs, deterministically.

    .venv/bin/python bench/roster/make_problems.py            # rewrites bench/roster/*.json

Each hall opens 08:00-22:00 in 30-minute slots (a small hall 10:00-20:00). Counter demand comes from an
arrivals curve with a morning and an afternoon peak, busier Fridays and weekends, and seeded day-to-day
noise, turned into people with Erlang C (8-minute handling time, 80 % served within 10 minutes); greeter
and consultant demand are floor roles (a greeter while open, consultants for the experience area, more at
peak). Staff mix full-timers and part-timers, most able to work two roles, with a few days off and some
part-day unavailability.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from staffing.erlang import agents_needed  # noqa: E402

HERE = Path(__file__).resolve().parent
START = datetime.date(2026, 12, 7)  # a Monday, so day 5 and 6 of each week are the weekend
WEEKDAY_FACTOR = [1.0, 0.92, 0.95, 1.0, 1.12, 1.45, 1.3]
AHT_MINUTES = 8.0
RULES = {
    "min_shift_hours": 4,
    "max_shift_hours": 9,
    "min_rest_hours": 11,
    "max_days_per_week": 6,
    "max_consecutive_days": 6,
}

# Arrivals per hour for a 25-person hall on a plain Monday, by clock hour (08 ... 21): quiet first hour,
# peak late morning, lunch dip, a longer afternoon peak, a quiet last hour.
HOURLY_ARRIVALS = [10, 22, 44, 48, 36, 30, 34, 46, 50, 44, 32, 26, 18, 10]

VARIANTS = {
    # name: staff, weeks, seed, opening hours. `small` is deliberately short-staffed (5 people cannot cover a
    # 10-hour hall seven days a week): the example of demand the staff cannot meet.
    "small": (5, 1, 11, ("10:00", 20)),
    "hall15": (15, 1, 15, ("08:00", 28)),
    "hall25": (25, 1, 25, ("08:00", 28)),
    "hall25_4w": (25, 4, 254, ("08:00", 28)),
    "hall40": (40, 1, 40, ("08:00", 28)),
    "hall40_4w": (40, 4, 404, ("08:00", 28)),
}


# A smaller hall's floor roles weigh more per person; fewer arrivals keep hall15 as busy as the larger halls
# (demand about 85 % of the staff's weekly caps) instead of a second short-staffed example.
ARRIVALS_FACTOR = {"hall15": 0.7}


def arrivals_curve(day_start: str, slots: int) -> list[float]:
    """Arrivals per hour in each 30-minute slot, interpolated between the hourly figures."""
    first_hour = int(day_start[:2]) - 8
    curve = []
    for slot in range(slots):
        hour = first_hour + slot / 2
        low = HOURLY_ARRIVALS[min(int(hour), len(HOURLY_ARRIVALS) - 1)]
        high = HOURLY_ARRIVALS[min(int(hour) + 1, len(HOURLY_ARRIVALS) - 1)]
        curve.append(low + (high - low) * (hour - int(hour)))
    return curve


def demand_for(
    staff_count: int, days: int, day_start: str, slots: int, rng: random.Random, arrivals_factor: float = 1.0
) -> dict[str, list]:
    scale = staff_count / 25 * arrivals_factor
    base = arrivals_curve(day_start, slots)
    peak_level = sorted(base)[int(len(base) * 0.7)]
    counter, greeter, consultant = [], [], []
    for day in range(days):
        factor = WEEKDAY_FACTOR[day % 7] * rng.uniform(0.93, 1.07)
        weekend = day % 7 >= 5
        counter_row, greeter_row, consultant_row = [], [], []
        for slot, arrivals in enumerate(base):
            wobble = rng.uniform(0.9, 1.1)
            counter_row.append(agents_needed(arrivals * scale * factor * wobble, AHT_MINUTES, 0.8, 10.0))
            peak = arrivals >= peak_level
            # Small halls keep one greeter and one consultant at most; extra floor staff only from 20 people.
            greeters = (
                1 + (1 if peak and weekend and staff_count >= 20 else 0) + (1 if peak and staff_count >= 40 else 0)
            )
            greeter_row.append(greeters)
            open_area = 1 <= slot < slots - 2
            consultants = (
                (max(1, round(scale)) if open_area else 0)
                + (1 if peak else 0)
                + (1 if peak and weekend and staff_count >= 20 else 0)
            )
            consultant_row.append(consultants if staff_count >= 10 else (1 if peak else 0))
        counter.append(counter_row)
        greeter.append(greeter_row)
        consultant.append(consultant_row)
    if staff_count < 10:
        return {"counter": counter, "greeter": greeter}
    return {"counter": counter, "greeter": greeter, "consultant": consultant}


def staff_for(staff_count: int, days: int, roles: list[str], rng: random.Random) -> list[dict]:
    """A staff list: about 60 % counter-first, 20 % greeters, 20 % consultants, many with a second role."""
    people = []
    for index in range(staff_count):
        share = index / staff_count
        if share < 0.6:
            own = ["counter"] + (["consultant"] if rng.random() < 0.35 and "consultant" in roles else [])
            own += ["greeter"] if rng.random() < 0.2 else []
        elif share < 0.8:
            own = ["greeter"] + (["counter"] if rng.random() < 0.5 else [])
        else:
            own = ["consultant" if "consultant" in roles else "counter"] + (["counter"] if rng.random() < 0.5 else [])
        own = list(dict.fromkeys(own))
        hours = rng.choices([44, 40, 30, 20], weights=[5, 3, 1, 1])[0]
        star = rng.choices([1, 2, 3, 4, 5], weights=[2, 4, 4, 2, 1])[0]
        unavailable = []
        for week in range(-(-days // 7)):
            if rng.random() < 0.3:
                unavailable.append({"day": min(days - 1, week * 7 + rng.randrange(7))})
        if rng.random() < 0.15:
            day = rng.randrange(days)
            if all(entry["day"] != day for entry in unavailable):
                start, end = rng.choice([("08:00", "12:00"), ("17:00", "22:00"), ("12:00", "14:00")])
                unavailable.append({"day": day, "from": start, "to": end})
        people.append(
            {
                "id": f"S{index + 1:02d}",
                "roles": own,
                "max_hours_week": hours,
                "unavailable": sorted(unavailable, key=lambda entry: entry["day"]),
                "star": star,
            }
        )
    return people


def make_problem(name: str) -> dict:
    staff_count, weeks, seed, (day_start, slots) = VARIANTS[name]
    rng = random.Random(seed)
    days = 7 * weeks
    demand = demand_for(staff_count, days, day_start, slots, rng, ARRIVALS_FACTOR.get(name, 1.0))
    roles = list(demand)
    return {
        "format": "hallops-roster-problem/1",
        "name": f"Example hall, {staff_count} staff, {weeks} week{'s' if weeks > 1 else ''} from {START.isoformat()}",
        "start_date": START.isoformat(),
        "days": days,
        "day_start": day_start,
        "slot_minutes": 30,
        "slots_per_day": slots,
        "roles": roles,
        "demand": demand,
        "staff": staff_for(staff_count, days, roles, rng),
        "rules": dict(RULES),
    }


def write(problem: dict, path: Path) -> None:
    """One line per demand row and per person, so that a diff of two versions stays readable."""
    lines = ["{"]
    for key, value in problem.items():
        if key == "demand":
            lines.append('  "demand": {')
            roles = list(value.items())
            for r, (role, rows) in enumerate(roles):
                body = ",\n".join(f"      {json.dumps(row)}" for row in rows)
                lines.append(f'    "{role}": [\n{body}\n    ]' + ("," if r < len(roles) - 1 else ""))
            lines.append("  },")
        elif key == "staff":
            body = ",\n".join(f"    {json.dumps(person)}" for person in value)
            lines.append(f'  "staff": [\n{body}\n  ],')
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)},")
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="directory to write the problem files into")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name in VARIANTS:
        problem = make_problem(name)
        write(problem, args.out / f"{name}.json")
        demand_hours = sum(sum(map(sum, rows)) for rows in problem["demand"].values()) / 2
        capacity = sum(person["max_hours_week"] for person in problem["staff"]) * problem["days"] / 7
        print(
            f"{name}: {len(problem['staff'])} staff, {problem['days']} days, demand {demand_hours:.0f} h, "
            f"weekly caps {capacity:.0f} h"
        )


if __name__ == "__main__":
    main()
