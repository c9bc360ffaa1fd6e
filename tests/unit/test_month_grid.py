"""The month grid's date arithmetic: weeks of a month, first day of the week by locale, months
moved with calendar clamping, leap years."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from epc_tui.widgets.month_grid import (
    first_of_month,
    last_of_month,
    locale_first_weekday,
    month_weeks,
    shift_months,
    visible_range,
    week_start,
    weekday_names,
)

MONDAY, SUNDAY = 0, 6


def test_february_2026_fits_four_sunday_weeks_but_five_monday_weeks() -> None:
    """1 February 2026 is a Sunday: four full weeks from Sunday, five from Monday."""
    sunday_weeks = month_weeks(date(2026, 2, 10), SUNDAY)
    assert len(sunday_weeks) == 4
    assert sunday_weeks[0][0] == date(2026, 2, 1)
    assert sunday_weeks[-1][-1] == date(2026, 2, 28)
    monday_weeks = month_weeks(date(2026, 2, 10), MONDAY)
    assert len(monday_weeks) == 5
    assert monday_weeks[0][0] == date(2026, 1, 26)
    assert monday_weeks[-1][-1] == date(2026, 3, 1)


def test_a_month_can_need_six_weeks() -> None:
    """August 2026 starts on a Saturday and has 31 days: six Monday weeks."""
    weeks = month_weeks(date(2026, 8, 1), MONDAY)
    assert len(weeks) == 6
    assert weeks[0][0] == date(2026, 7, 27) and weeks[-1][-1] == date(2026, 9, 6)


@pytest.mark.parametrize("first_weekday", range(7))
@pytest.mark.parametrize("month", [date(2026, m, 1) for m in range(1, 13)] + [date(2028, 2, 1)])
def test_weeks_cover_the_month_once_in_order(first_weekday: int, month: date) -> None:
    """Whatever the first weekday: consecutive days, every week starting on it, every day of
    the month exactly once, no week entirely outside the month."""
    weeks = month_weeks(month, first_weekday)
    days = [day for week in weeks for day in week]
    assert all(later - earlier == timedelta(days=1) for earlier, later in pairwise(days))
    assert all(week[0].weekday() == first_weekday for week in weeks)
    in_month = [day for day in days if day.month == month.month]
    assert in_month[0] == first_of_month(month) and in_month[-1] == last_of_month(month)
    assert all(any(day.month == month.month for day in week) for week in weeks)
    assert visible_range(month, first_weekday) == (days[0], days[-1])


def test_leap_years() -> None:
    """February has 29 days in 2028 and 2000, 28 in 2026 and 2100."""
    assert last_of_month(date(2028, 2, 3)) == date(2028, 2, 29)
    assert last_of_month(date(2000, 2, 3)) == date(2000, 2, 29)
    assert last_of_month(date(2026, 2, 3)) == date(2026, 2, 28)
    assert last_of_month(date(2100, 2, 3)) == date(2100, 2, 28)
    assert month_weeks(date(2028, 2, 1), MONDAY)[-1][1] == date(2028, 2, 29)


def test_moving_by_months_clamps_to_the_month_end() -> None:
    """31 January + 1 month is 28 February (29 in a leap year); back again stays on the 28th."""
    assert shift_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert shift_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert shift_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert shift_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert shift_months(date(2026, 1, 15), -1) == date(2025, 12, 15)


def test_week_start() -> None:
    """Monday 23 November 2026 starts its Monday week; its Sunday week began on the 22nd."""
    assert week_start(date(2026, 11, 23), MONDAY) == date(2026, 11, 23)
    assert week_start(date(2026, 11, 23), SUNDAY) == date(2026, 11, 22)
    assert week_start(date(2026, 11, 29), MONDAY) == date(2026, 11, 23)


def test_first_day_of_the_week_follows_the_locale() -> None:
    """CLDR through Babel: France starts on Monday, Québec and English Canada on Sunday."""
    assert locale_first_weekday("fr_FR") == MONDAY
    assert locale_first_weekday("fr_CA") == SUNDAY
    assert locale_first_weekday("en_CA") == SUNDAY


def test_weekday_names_in_display_order_and_width() -> None:
    """French abbreviations from the first weekday, shortened to fit narrow cells."""
    assert weekday_names(MONDAY, 5, "fr_FR") == [
        "lun.",
        "mar.",
        "mer.",
        "jeu.",
        "ven.",
        "sam.",
        "dim.",
    ]
    assert weekday_names(SUNDAY, 5, "fr_CA")[0] == "dim."
    assert weekday_names(MONDAY, 2, "fr_FR")[:2] == ["lu", "ma"]
    assert weekday_names(MONDAY, 3, "en")[0] == "Mon"
    assert all(len(name) <= 1 for name in weekday_names(SUNDAY, 1, "fr_CA"))
