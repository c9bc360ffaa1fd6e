"""Periods for indicators: calendar months, the previous quarter, the year, custom dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epc_tui.i18n import set_language
from epc_tui.services.periods import (
    PeriodInvalid,
    custom,
    last_month,
    last_quarter,
    period_of,
    this_month,
    this_year,
)

MONDAY = date(2026, 11, 23)


def test_named_periods_on_23_november_2026() -> None:
    """This month is November, last month October, last quarter July–September."""
    assert (this_month(MONDAY).start, this_month(MONDAY).end) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
    )
    assert (last_month(MONDAY).start, last_month(MONDAY).end) == (
        date(2026, 10, 1),
        date(2026, 10, 31),
    )
    assert (last_quarter(MONDAY).start, last_quarter(MONDAY).end) == (
        date(2026, 7, 1),
        date(2026, 9, 30),
    )
    assert (this_year(MONDAY).start, this_year(MONDAY).end) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
    )


def test_january_looks_back_into_the_previous_year() -> None:
    """In January, last month is December and last quarter October–December of last year."""
    january = date(2027, 1, 15)
    assert (last_month(january).start, last_month(january).end) == (
        date(2026, 12, 1),
        date(2026, 12, 31),
    )
    assert (last_quarter(january).start, last_quarter(january).end) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )


def test_february_of_a_leap_year_ends_on_the_29th() -> None:
    """Calendar months, not 30-day blocks."""
    assert this_month(date(2028, 2, 10)).end == date(2028, 2, 29)
    assert last_month(date(2028, 3, 31)).end == date(2028, 2, 29)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_last_quarter_is_a_whole_quarter_just_before_this_one(today: date) -> None:
    """Three whole months, starting on a quarter's first day, ending before today's quarter."""
    period = last_quarter(today)
    assert period.start.day == 1 and period.start.month in (1, 4, 7, 10)
    assert period.end < today
    assert (period.end.month - period.start.month) == 2
    assert (today.month - 1) // 3 != (period.end.month - 1) // 3 or today.year != period.end.year


def test_custom_period_refuses_an_end_before_its_start() -> None:
    """The end may equal the start (one day) but not precede it."""
    assert custom(MONDAY, MONDAY).start == MONDAY
    with pytest.raises(PeriodInvalid):
        custom(MONDAY, date(2026, 11, 22))


def test_labels_in_french_and_english() -> None:
    """Labels read naturally in both languages."""
    assert period_of("this_month", MONDAY).label() == "novembre 2026"
    assert period_of("last_quarter", MONDAY).label() == "3e trimestre 2026"
    assert last_quarter(date(2026, 4, 2)).label() == "1er trimestre 2026"
    assert period_of("this_year", MONDAY).label() == "2026"
    assert custom(date(2026, 3, 1), date(2026, 3, 14)).label() == "du 1 mars 2026 au 14 mars 2026"
    set_language("en")
    assert period_of("last_month", MONDAY).label() == "October 2026"
    assert period_of("last_quarter", MONDAY).label() == "Q3 2026"
