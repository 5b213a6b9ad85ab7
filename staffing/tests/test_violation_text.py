"""Broken roster rules in the reader's language: every kind of violation is rendered through gettext with named
placeholders (and collected by makemessages), with names and the hall's dates where the page knows them, while
the validator's English for files and the command line stays as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from staffing import roster_rules, violation_text
from staffing.choices import WorkRole
from staffing.roster_format import PriorWork
from staffing.roster_rules import Violation, validate_roster
from staffing.services import rosters as services
from staffing.tests import test_rosters as base
from staffing.tests.roster_builders import make_problem, person, shift
from staffing.tests.test_rosters import MONDAY, T, shift_input
from staffing.violation_text import NOT_ROSTERED, violation_sentence

hall, people, roster = base.hall, base.people, base.roster

START = dt.date(2026, 12, 7)  # a Monday: day 0 of the test problems


def date_of(day: int) -> dt.date:
    return START + dt.timedelta(days=day)


def every_kind() -> dict[str, Violation]:
    """One violation of each code, found by the validator itself (hourly slots 08:00-22:00)."""
    unavailable = [{"day": 1}, {"day": 2, "from": "12:00", "to": "13:30"}]
    history = {"S01": PriorWork(last_end=-60, days_in_a_row=4)}  # 4 days up to a shift ending 23:00 before day 0
    scenarios = [
        (make_problem(roles=("counter", "greeter")), [shift("S01", 2, 0, 8, "greeter"), shift("X9", 1, 0, 8)]),
        (make_problem(), [shift("S01", 0, 0, 8, "cashier"), shift("S01", 7, 0, 8)]),
        (make_problem(), [shift("S01", 0, 8, 15), shift("S01", 1, 6, 6), shift("S01", 2, 0, 3)]),
        (make_problem(), [shift("S01", 0, 0, 10), shift("S01", 3, 0, 4), shift("S01", 3, 8, 12)]),
        (make_problem(staff=[person("S01", unavailable=unavailable)]), [shift("S01", 1, 0, 8), shift("S01", 2, 5, 10)]),
        (make_problem(days=14, staff=[person("S01", max_hours=20)]), [shift("S01", d, 0, 7) for d in (7, 8, 9)]),
        (make_problem(max_days_per_week=5), [shift("S01", d, 0, 4) for d in range(6)]),
        (make_problem(days=14), [shift("S01", d, 0, 4) for d in range(3, 10)]),
        (make_problem(), [shift("S01", 3, 12, 14), shift("S01", 4, 0, 8)]),
        (dataclasses.replace(make_problem(), history=history), [shift("S01", d, 0, 8) for d in range(3)]),
    ]
    found: dict[str, Violation] = {}
    for problem, shifts in scenarios:
        for violation in validate_roster(problem, shifts):
            found.setdefault(violation.code, violation)
    english = "Zhou Xin is not active in this hall or has none of the roles rostered here."
    found[NOT_ROSTERED] = Violation(1, "S07", 2, english, NOT_ROSTERED, {"name": "Zhou Xin"})
    return found


CODES = {
    roster_rules.UNKNOWN_STAFF,
    roster_rules.DAY_OUTSIDE,
    roster_rules.ROLE_NOT_HELD,
    roster_rules.UNKNOWN_ROLE,
    roster_rules.SHIFT_BACKWARDS,
    roster_rules.SHIFT_OUTSIDE_DAY,
    roster_rules.SHIFT_TOO_SHORT,
    roster_rules.SHIFT_TOO_LONG,
    roster_rules.SEVERAL_SHIFTS,
    roster_rules.UNAVAILABLE_DAY,
    roster_rules.UNAVAILABLE_WINDOW,
    roster_rules.WEEKLY_HOURS,
    roster_rules.WEEKLY_DAYS,
    roster_rules.DAYS_IN_A_ROW,
    roster_rules.DAYS_IN_A_ROW_CARRIED,
    roster_rules.REST_AFTER_PRIOR,
    roster_rules.REST,
    NOT_ROSTERED,
}
KINDS = every_kind()


class PseudoCatalogue:
    """Stands in for a Chinese catalogue: records each lookup and "translates" a sentence by writing its named
    placeholders in reverse order between 〔 〕, as a translator reordering the sentence would."""

    def __init__(self) -> None:
        self.lookups: list[tuple[str | None, str, str | None]] = []

    @staticmethod
    def translate(msgid: str) -> str:
        names = re.findall(r"%\((\w+)\)s", msgid)
        return "〔" + "·".join(f"%({name})s" for name in reversed(names)) + "〕" if names else msgid

    def gettext(self, msgid: str) -> str:
        self.lookups.append((None, msgid, None))
        return self.translate(msgid)

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        self.lookups.append((None, singular, plural))
        return self.translate(singular if number == 1 else plural)

    def pgettext(self, context: str, msgid: str) -> str:
        self.lookups.append((context, msgid, None))
        return self.translate(msgid)


@pytest.fixture
def catalogue(monkeypatch) -> PseudoCatalogue:
    fake = PseudoCatalogue()
    monkeypatch.setattr(violation_text, "_", fake.gettext)
    monkeypatch.setattr(violation_text, "ngettext", fake.ngettext)
    monkeypatch.setattr(violation_text, "pgettext", fake.pgettext)
    return fake


def test_the_validator_gives_every_kind_a_code_and_the_scenarios_cover_them_all():
    assert set(KINDS) == CODES
    assert all(v.code and isinstance(v.params, dict) for v in KINDS.values())
    # The data says what the English says.
    rest = KINDS[roster_rules.REST]
    assert rest.message == "S01 on day 4: rest 10.0 h after day 3's shift, below the 11 h minimum"
    assert rest.params == {"previous_day": 3, "rest": 10.0, "limit": 11}
    several = KINDS[roster_rules.SEVERAL_SHIFTS]
    assert several.params == {"count": 2, "spans": ["08:00-12:00", "16:00-20:00"]}
    assert json.loads(json.dumps([v.params for v in KINDS.values()]))  # plain data, fit for the API


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_kind_is_rendered_in_zh_hans_through_gettext_with_named_placeholders(code, catalogue):
    violation = KINDS[code]
    with translation.override("zh-hans"):
        text = violation_sentence(violation, name="Zhou Xin", date_of=date_of)
    # The whole sentence is the catalogue's, every placeholder filled in, none of the English left.
    assert text.startswith("〔") and text.endswith("〕"), text
    assert "%(" not in text and text != violation.message
    assert "Zhou Xin" in text
    sentences = [msgid for _context, msgid, _plural in catalogue.lookups if msgid.startswith("%(")]
    assert sentences, catalogue.lookups
    for _context, msgid, plural in catalogue.lookups:
        for source in (msgid, plural or ""):
            assert not re.search(r"%(?!\(\w+\)s)", source), f"positional or odd placeholder in {source!r}"


@pytest.mark.parametrize("code", [roster_rules.SEVERAL_SHIFTS, roster_rules.WEEKLY_DAYS, roster_rules.DAYS_IN_A_ROW])
def test_counts_choose_the_plural_form(code, catalogue):
    violation_sentence(KINDS[code])
    [(singular, plural)] = [(msgid, plural) for _c, msgid, plural in catalogue.lookups if plural]
    assert singular != plural


def test_every_msgid_is_collected_by_makemessages(tmp_path, monkeypatch, settings, catalogue):
    """Run makemessages over a copy of the module (in a scratch folder: the real locale/ is the lead's) and
    check that every lookup made while rendering each kind is in the catalogue it writes."""
    for violation in KINDS.values():
        violation_sentence(violation, name="Zhou Xin", date_of=date_of)
        violation_sentence(violation)
    source = Path(violation_text.__file__).read_text(encoding="utf-8")
    (tmp_path / "violation_text.py").write_text(source, encoding="utf-8")
    settings.LOCALE_PATHS = [str(tmp_path / "locale")]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["zh_Hans"], no_wrap=True, verbosity=0)
    collected = _entries((tmp_path / "locale/zh_Hans/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    missing = set(catalogue.lookups) - collected
    assert not missing
    assert len(set(catalogue.lookups)) >= len(CODES)


def _entries(po: str) -> set[tuple[str | None, str, str | None]]:
    entries, context, msgid, plural = set(), None, None, None
    for line in [*po.splitlines(), ""]:
        if line.startswith("msgctxt "):
            context = json.loads(line[len("msgctxt ") :])
        elif line.startswith("msgid "):
            msgid = json.loads(line[len("msgid ") :])
        elif line.startswith("msgid_plural "):
            plural = json.loads(line[len("msgid_plural ") :])
        elif not line.strip():
            if msgid:
                entries.add((context, msgid, plural))
            context = msgid = plural = None
    return entries


def test_without_a_translation_zh_hans_shows_the_halls_dates_with_chinese_weekdays():
    with translation.override("zh-hans"):
        text = violation_sentence(KINDS[roster_rules.DAYS_IN_A_ROW], name="Zhou Xin", date_of=date_of)
    # Days 3-9 of a roster starting Monday 7 December 2026; the weekday comes from Django's own catalogue.
    assert "星期四 2026-12-10 – 星期三 2026-12-16" in text


def test_in_english_the_page_reads_names_and_dates_and_the_file_format_keeps_day_numbers():
    rest, window = KINDS[roster_rules.REST], KINDS[roster_rules.UNAVAILABLE_WINDOW]
    weekly = KINDS[roster_rules.WEEKLY_HOURS]
    with translation.override("en"):
        assert violation_sentence(rest, name="Zhou Xin", date_of=date_of) == (
            "Zhou Xin (S01) on Fri 2026-12-11: rest 10.0 h after the shift on Thu 2026-12-10, below the 11 h minimum"
        )
        assert violation_sentence(rest) == "S01 on day 4: rest 10.0 h after the shift on day 3, below the 11 h minimum"
        assert violation_sentence(window) == window.message
        assert violation_sentence(weekly, date_of=date_of) == (
            "S01 in week 2 (Mon 2026-12-14 – Sun 2026-12-20): 21.0 h, above their 20 h weekly maximum"
        )
        assert violation_sentence(KINDS[roster_rules.ROLE_NOT_HELD]) == (
            "S01 on day 2: cannot work as Greeter (roles: Counter)"
        )
        # A violation kept from before codes existed is shown as it was written.
        assert violation_sentence(Violation(6, "S01", 2, "S01 on day 2: old words")) == "S01 on day 2: old words"
    # The command line's English is the validator's, untouched by the language of the request.
    with translation.override("zh-hans"):
        found = validate_roster(make_problem(), [shift("S01", 3, 12, 14), shift("S01", 4, 0, 8)])
        assert [v.message for v in found if v.code == roster_rules.REST] == [rest.message]


# ------------------------------------------------------------------------------- pages and API


def _break_the_rest_rule(roster, people):
    services.shift_save(roster=roster, data=shift_input(people[0], start=T(14), end=T(22)), version=1)
    services.shift_save(
        roster=roster, data=shift_input(people[0], day=MONDAY + dt.timedelta(days=1), start=T(8), end=T(12)), version=2
    )


def test_the_roster_page_and_the_api_show_violations_through_the_catalogue(client, roster, people, cast, catalogue):
    _break_the_rest_rule(roster, people)
    who = f"〔{people[0].employee_number}·{people[0].name}〕"  # "%(name)s (%(number)s)", translated too
    expected = f"〔11·星期一 2027-03-01·10.0·星期二 2027-03-02·{who}〕"  # limit, previous, rest, day, who
    client.force_login(cast.users["manager"])
    page = client.get(reverse("staffing:roster_detail", args=[roster.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert expected in page.content.decode(), re.findall(r"<li>[^<]*〔[^<]*</li>", page.content.decode())
    api = APIClient()
    api.force_authenticate(cast.users["manager"])
    [found] = api.get(f"/api/v1/rosters/{roster.pk}/violations/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert found["message"] == expected
    assert (found["rule"], found["code"], found["day"]) == (6, "rest", 1)
    assert found["params"] == {"previous_day": 0, "rest": 10.0, "limit": 11}


def test_a_shift_saved_through_the_api_answers_with_its_violations_in_words(roster, people, cast):
    services.shift_save(roster=roster, data=shift_input(people[0], start=T(14), end=T(22)), version=1)
    api = APIClient()
    api.force_authenticate(cast.users["manager"])
    body = {
        "roster": roster.pk,
        "staff": people[0].pk,
        "day": str(MONDAY + dt.timedelta(days=1)),
        "role": WorkRole.COUNTER,
        "start": "08:00",
        "end": "12:00",
        "roster_version": 2,
    }
    answer = api.post("/api/v1/shifts/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 201, answer.content
    [found] = answer.json()["violations"]
    assert found["code"] == "rest"
    assert found["message"].startswith(f"{people[0].name} ({people[0].employee_number}) on Tue 2027-03-02: rest")


def test_a_swap_refused_by_the_rules_names_the_colleague_and_the_date(roster, people, cast, catalogue):
    from staffing.services import swaps

    giver, taker = people[0], people[1]
    wednesday = MONDAY + dt.timedelta(days=2)
    services.shift_save(roster=roster, data=shift_input(giver, day=wednesday, start=T(8), end=T(16)), version=1)
    services.shift_save(  # the taker finishes late the evening before
        roster=roster, data=shift_input(taker, day=MONDAY + dt.timedelta(days=1), start=T(14), end=T(22)), version=2
    )
    services.roster_publish(roster=roster, by=cast.users["manager"])
    swap = swaps.swap_offer(shift=roster.shifts.get(staff=giver), by=giver)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        swaps.swap_take(swap=swap, taker=taker)
    [message] = refused.value.messages
    who = f"〔{taker.employee_number}·{taker.name}〕"
    assert message == f"〔11·星期二 2027-03-02·10.0·星期三 2027-03-03·{who}〕"  # limit, previous, rest, day, who
