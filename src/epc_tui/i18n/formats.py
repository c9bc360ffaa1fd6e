"""Dates, times and numbers formatted for the coach's language and region (Babel)."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_time as babel_format_time
from babel.numbers import format_decimal

from epc_tui.i18n import current_language, current_region, set_region, t

__all__ = ["set_region"]


def babel_locale() -> str:
    """The Babel locale name in force: fr_CA, fr_FR or en_CA/en_GB-like `en`."""
    if current_language() == "fr":
        return f"fr_{current_region()}"
    return "en"


def format_day(day: date, style: str = "medium") -> str:
    """`14 mars 2026` / `Mar 14, 2026`; style is Babel's (short, medium, long, full)."""
    return babel_format_date(day, format=style, locale=babel_locale())


def format_day_pattern(day: date, pattern: str) -> str:
    """A date with a Babel skeleton-free pattern, e.g. `EEE d MMM`."""
    return babel_format_date(day, format=pattern, locale=babel_locale())


def format_moment(moment: datetime, style: str = "short") -> str:
    """Date and time."""
    return babel_format_datetime(moment, format=style, locale=babel_locale())


def format_clock(moment: datetime) -> str:
    """Time of day only."""
    return babel_format_time(moment, format="short", locale=babel_locale())


def format_number(value: float, digits: int = 0) -> str:
    """A number with the locale's separators."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=babel_locale())


def relative_days(day: date, today: date) -> str:
    """`aujourd'hui`, `dans 3 jours`, `en retard de 5 jours`…"""
    delta = (day - today).days
    if delta == 0:
        return t("when.today")
    if delta == 1:
        return t("when.tomorrow")
    if delta == -1:
        return t("when.yesterday_overdue")
    if delta > 0:
        return t("when.in_days", days=delta)
    return t("when.overdue_days", days=-delta)


def format_duration(seconds: int) -> str:
    """`1 h 05`, `12 min`, `45 s`."""
    if seconds < 60:
        return t("duration.seconds", seconds=seconds)
    minutes = seconds // 60
    if minutes < 60:
        return t("duration.minutes", minutes=minutes)
    return t("duration.hours", hours=minutes // 60, minutes=f"{minutes % 60:02d}")
