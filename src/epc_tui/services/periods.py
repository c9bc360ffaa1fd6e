"""The periods indicators are computed over: this month, last month, last quarter, this year,
or custom dates. Both ends are included; quarters are calendar quarters (January–March…)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from epc_tui.i18n import t
from epc_tui.i18n.formats import format_day, format_day_pattern
from epc_tui.vault.errors import InvalidInput

PERIOD_KINDS = ("this_month", "last_month", "last_quarter", "this_year", "custom")


class PeriodInvalid(InvalidInput):
    """Custom dates that do not make a period (the end before the start)."""

    message_key = "period.error.end_before_start"


@dataclass(frozen=True)
class Period:
    """A range of days, both included, and how it was chosen."""

    kind: str
    start: date
    end: date

    def label(self) -> str:
        """`novembre 2026`, `3e trimestre 2026`, `2026` or `1 mars 2026 – 14 mars 2026`."""
        if self.kind in ("this_month", "last_month"):
            return format_day_pattern(self.start, "LLLL yyyy")
        if self.kind == "last_quarter":
            return t(f"period.quarter_{(self.start.month - 1) // 3 + 1}", year=self.start.year)
        if self.kind == "this_year":
            return str(self.start.year)
        return t("period.range_label", start=format_day(self.start), end=format_day(self.end))


def month_of(day: date, kind: str = "this_month") -> Period:
    """The calendar month holding `day`."""
    first = day.replace(day=1)
    return Period(kind, first, first + relativedelta(months=1, days=-1))


def this_month(today: date) -> Period:
    """From the first to the last day of the current month."""
    return month_of(today)


def last_month(today: date) -> Period:
    """The whole previous month."""
    return month_of(today.replace(day=1) - relativedelta(days=1), "last_month")


def last_quarter(today: date) -> Period:
    """The previous calendar quarter (in November: July–September)."""
    first_of_this = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    start = first_of_this - relativedelta(months=3)
    return Period("last_quarter", start, first_of_this - relativedelta(days=1))


def this_year(today: date) -> Period:
    """1 January to 31 December of the current year."""
    return Period("this_year", date(today.year, 1, 1), date(today.year, 12, 31))


def custom(start: date, end: date) -> Period:
    """The coach's own dates; `PeriodInvalid` when the end comes before the start."""
    if end < start:
        raise PeriodInvalid()
    return Period("custom", start, end)


def period_of(kind: str, today: date) -> Period:
    """A named period (every kind but `custom`) relative to `today`."""
    makers = {
        "this_month": this_month,
        "last_month": last_month,
        "last_quarter": last_quarter,
        "this_year": this_year,
    }
    if kind not in makers:
        raise InvalidInput("period.error.unknown")
    return makers[kind](today)
