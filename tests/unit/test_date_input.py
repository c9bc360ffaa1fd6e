"""Typed dates and times: what French and English coaches write is understood, the rest refused."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from epc_tui.i18n import set_language, set_region
from epc_tui.i18n.formats import format_day
from epc_tui.services.date_input import (
    DateNotUnderstood,
    TimeNotUnderstood,
    parse_user_date,
    parse_user_time,
)

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14/03/2026", date(2026, 3, 14)),
        ("03/04/2026", date(2026, 4, 3)),
        ("3.4.2026", date(2026, 4, 3)),
        ("1/2/27", date(2027, 2, 1)),
        ("14/03", date(2026, 3, 14)),
        ("2026-03-14", date(2026, 3, 14)),
        ("14 mars 2026", date(2026, 3, 14)),
        ("14 March 2026", date(2026, 3, 14)),
        ("mardi 1er décembre", date(2026, 12, 1)),
        ("demain", date(2026, 11, 24)),
        ("Demain", date(2026, 11, 24)),
        ("tomorrow", date(2026, 11, 24)),
        ("aujourd'hui", MONDAY),
        ("aujourd\u2019hui", MONDAY),
        ("après-demain", date(2026, 11, 25)),
        ("hier", date(2026, 11, 22)),
        ("jeudi prochain", date(2026, 11, 26)),
        ("Jeudi", date(2026, 11, 26)),
        ("lundi", date(2026, 11, 30)),
        ("next Thursday", date(2026, 11, 26)),
        ("dans 3 mois", date(2027, 2, 23)),
        ("in 3 months", date(2027, 2, 23)),
        ("dans 2 semaines", date(2026, 12, 7)),
        ("in 10 days", date(2026, 12, 3)),
        ("dans un an", date(2027, 11, 23)),
        ("il y a 3 jours", date(2026, 11, 20)),
    ],
)
def test_dates_a_coach_types_are_understood(typed: str, expected: date) -> None:
    """Each form listed in the issue gives the right day, counted from Monday 23 November 2026."""
    assert parse_user_date(typed, MONDAY, "fr") == expected


def test_relative_dates_follow_the_given_today_not_the_system_clock() -> None:
    """The same words give different days for different `today`s."""
    assert parse_user_date("demain", date(2030, 1, 31), "fr") == date(2030, 2, 1)
    assert parse_user_date("dans 1 mois", date(2030, 1, 31), "fr") == date(2030, 2, 28)
    assert parse_user_date("in 2 weeks", date(2019, 5, 1), "en") == date(2019, 5, 15)
    assert parse_user_date("la semaine prochaine", date(2019, 5, 1), "fr") == date(2019, 5, 8)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "date.error.empty"),
        ("   ", "date.error.empty"),
        ("12/25/2026", "date.error.day_first"),
        ("31/02/2026", "date.error.no_such_day"),
        ("2026-02-30", "date.error.no_such_day"),
        ("3000-01-01", "date.error.year_out_of_range"),
        ("bientôt peut-être", "date.error.not_understood"),
        ("mars", "date.error.not_understood"),
        ("2", "date.error.not_understood"),
        ("14:30", "date.error.not_understood"),
    ],
)
def test_what_is_not_a_date_is_refused_with_a_reason(typed: str, key: str) -> None:
    """No guessing: unreadable or impossible dates raise with a message saying why."""
    with pytest.raises(DateNotUnderstood) as raised:
        parse_user_date(typed, MONDAY, "fr")
    assert raised.value.message_key == key


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
@settings(max_examples=60, deadline=None)
def test_slashed_and_iso_dates_round_trip(day: date) -> None:
    """Any day written dd/mm/yyyy or ISO reads back as itself."""
    assert parse_user_date(day.strftime("%d/%m/%Y"), MONDAY, "fr") == day
    assert parse_user_date(day.isoformat(), MONDAY, "en") == day


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from([("fr", "CA"), ("fr", "FR"), ("en", "CA")]),
    st.sampled_from(["medium", "long", "full"]),
)
@settings(max_examples=40, deadline=None)
def test_dates_as_the_app_shows_them_read_back(
    day: date, locale: tuple[str, str], style: str
) -> None:
    """What a date field displays (Babel, fr_CA, fr_FR, en) can be typed back unchanged."""
    language, region = locale
    set_language(language)
    set_region(region)
    try:
        shown = format_day(day, style)
        assert parse_user_date(shown, MONDAY, language) == day, shown
    finally:
        set_language("fr")
        set_region("CA")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14 h 30", time(14, 30)),
        ("14h30", time(14, 30)),
        ("14h", time(14, 0)),
        ("9 h", time(9, 0)),
        ("14:30", time(14, 30)),
        ("2 pm", time(14, 0)),
        ("2:30 p.m.", time(14, 30)),
        ("12 am", time(0, 0)),
        ("12 pm", time(12, 0)),
        ("midi", time(12, 0)),
        ("noon", time(12, 0)),
    ],
)
def test_times_a_coach_types_are_understood(typed: str, expected: time) -> None:
    """French (14 h 30) and English (2 pm) times of day."""
    assert parse_user_time(typed) == expected


@pytest.mark.parametrize("typed", ["", "25 h", "14 h 75", "13 pm", "vers midi", "0 am"])
def test_what_is_not_a_time_is_refused(typed: str) -> None:
    """Impossible or vague times raise `TimeNotUnderstood`."""
    with pytest.raises(TimeNotUnderstood):
        parse_user_time(typed)


def test_importing_the_parser_does_not_import_dateparser() -> None:
    """dateparser (about 0.1 s to import) is loaded only when words need it, not at start-up."""
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from epc_tui.services.date_input import parse_user_date\n"
        "parse_user_date('14/03/2026', date(2026, 11, 23), 'fr')\n"
        "parse_user_date('demain', date(2026, 11, 23), 'fr')\n"
        "print('dateparser' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_quebec_short_july_is_understood() -> None:
    """fr_CA writes July short as `juill.` (fr_FR `juil.`): both read back, as the property
    test above found (the general parser knew only `juil.`)."""
    today = date(2026, 11, 23)
    assert parse_user_date("1 juill. 2000", today, "fr") == date(2000, 7, 1)
    assert parse_user_date("1 juil. 2000", today, "fr") == date(2000, 7, 1)
    assert parse_user_date("Juill 14 2027", today, "fr") == date(2027, 7, 14)
