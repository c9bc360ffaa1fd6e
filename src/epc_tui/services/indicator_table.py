"""The indicator report laid out as lines and columns, for the screen and for the CSV file.

One list of indicators (`INDICATORS`) feeds both, so the CSV holds exactly the figures the
screen shows. The screen formats values for reading (`1 / 4`, `25 %`, `1 h 05`); the CSV keeps
plain numbers (minutes, percentages with one decimal) under stable English indicator keys, with a
translated label beside them. Columns are « Total » then each track × kind of person; the only
dates are the period's bounds and month names of the series — never a meeting's date.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from epc_tui.i18n import current_language, t
from epc_tui.i18n.formats import format_day_pattern, format_duration, format_number
from epc_tui.services.indicators import Figures, GroupFigures, IndicatorReport
from epc_tui.vault.indicator_data import THEME_KEYS, TrackFact

THEME_ORDER: tuple[str, ...] = (*THEME_KEYS, "other", "unspecified")


@dataclass(frozen=True)
class Indicator:
    """One line: a stable key, a label key, a display function and a raw value function."""

    key: str
    shown: Callable[[Figures], str]
    raw: Callable[[Figures], float | int | None]

    @property
    def label(self) -> str:
        """The translated name of the indicator."""
        return t(f"indicators.line.{self.key}")


def _percent(value: float | None) -> str:
    if value is None:
        return "—"
    return t("indicators.percent", value=format_number(100 * value))


def _ratio(part: int, whole: int, rate: float | None) -> str:
    if not whole:
        return "—"
    return f"{part} / {whole} ({_percent(rate)})"


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def _duration(seconds: float | None) -> str:
    return "—" if seconds is None else format_duration(round(seconds))


def _rate_raw(rate: float | None) -> float | None:
    return None if rate is None else round(100 * rate, 1)


INDICATORS: tuple[Indicator, ...] = (
    Indicator("people_followed", lambda f: str(f.people_followed), lambda f: f.people_followed),
    Indicator("new_referrals", lambda f: str(f.new_referrals), lambda f: f.new_referrals),
    Indicator("closed", lambda f: str(f.closed), lambda f: f.closed),
    Indicator("meetings_held", lambda f: str(f.meetings_held), lambda f: f.meetings_held),
    Indicator(
        "first_contacts_on_time",
        lambda f: _ratio(f.first_contacts_on_time, f.first_contacts_due, f.first_contact_rate),
        lambda f: f.first_contacts_on_time,
    ),
    Indicator(
        "first_contacts_due", lambda f: str(f.first_contacts_due), lambda f: f.first_contacts_due
    ),
    Indicator(
        "first_contacts_rate",
        lambda f: _percent(f.first_contact_rate),
        lambda f: _rate_raw(f.first_contact_rate),
    ),
    Indicator(
        "planned_in_window",
        lambda f: _ratio(f.planned_in_window, f.planned_held, f.in_window_rate),
        lambda f: f.planned_in_window,
    ),
    Indicator("planned_held", lambda f: str(f.planned_held), lambda f: f.planned_held),
    Indicator(
        "in_window_rate",
        lambda f: _percent(f.in_window_rate),
        lambda f: _rate_raw(f.in_window_rate),
    ),
    Indicator("missed", lambda f: str(f.missed), lambda f: f.missed),
    Indicator("cancelled", lambda f: str(f.cancelled), lambda f: f.cancelled),
    Indicator(
        "call_time_total",
        lambda f: _duration(f.call_seconds if f.timed_calls else None),
        lambda f: _minutes(f.call_seconds),
    ),
    Indicator(
        "call_time_average",
        lambda f: _duration(f.average_call_seconds),
        lambda f: _minutes(f.average_call_seconds),
    ),
    Indicator("relays", lambda f: str(f.relays), lambda f: f.relays),
    Indicator("safety_net_flags", lambda f: str(f.safety_net_flags), lambda f: f.safety_net_flags),
    Indicator("training_needs", lambda f: str(f.training_needs), lambda f: f.training_needs),
)

# Lines the screen shows (the CSV has every indicator, the screen folds due/held into ratios).
SCREEN_KEYS = frozenset(
    {
        "people_followed",
        "new_referrals",
        "closed",
        "meetings_held",
        "first_contacts_on_time",
        "planned_in_window",
        "missed",
        "cancelled",
        "call_time_total",
        "call_time_average",
        "relays",
        "safety_net_flags",
        "training_needs",
    }
)


def track_label(track: TrackFact, short: bool = False) -> str:
    """A built-in track's translated name, a coach's track by its name, or « Sans parcours »."""
    if track.builtin_key:
        prefix = "indicators.track_short" if short else "indicators.track"
        return t(f"{prefix}.{track.builtin_key}")
    return track.name or t("indicators.track.none")


def kind_label(kind: str) -> str:
    """`Patients partenaires`, `Personnes accompagnées`, `Anciens patients partenaires`."""
    key = f"indicators.kind.{kind}"
    label = t(key)
    return label if label != key else kind


def group_label(group: GroupFigures) -> str:
    """Column title of a group on screen: the short track name over the kind of person."""
    return f"{track_label(group.track, short=True)}\n{kind_label(group.kind)}"


def theme_label(theme: str) -> str:
    """The translated name of a theme key."""
    return t(f"indicators.theme.{theme}")


def _columns(report: IndicatorReport) -> list[tuple[str, str, Figures]]:
    columns = [(t("indicators.total"), t("indicators.total"), report.total)]
    for group in report.groups:
        columns.append((track_label(group.track), kind_label(group.kind), group.figures))
    return columns


@dataclass(frozen=True)
class ScreenTable:
    """What the figures table shows: column titles and lines of formatted values."""

    columns: tuple[str, ...]
    lines: tuple[tuple[str, tuple[str, ...]], ...]


def screen_table(report: IndicatorReport) -> ScreenTable:
    """The figures table: one line per indicator, one column for the total then each group."""
    figures = [report.total, *(group.figures for group in report.groups)]
    lines = tuple(
        (indicator.label, tuple(indicator.shown(each) for each in figures))
        for indicator in INDICATORS
        if indicator.key in SCREEN_KEYS
    )
    titles = (t("indicators.total"), *(group_label(group) for group in report.groups))
    return ScreenTable(columns=titles, lines=lines)


def needs_table(report: IndicatorReport) -> ScreenTable:
    """Training needs by theme: one line per theme met, total then groups."""
    figures = [report.total, *(group.figures for group in report.groups)]
    counts = [dict(each.needs_by_theme) for each in figures]
    lines = tuple(
        (theme_label(theme), tuple(str(count.get(theme, 0)) for count in counts))
        for theme in THEME_ORDER
        if counts[0].get(theme)
    )
    titles = (t("indicators.total"), *(group_label(group) for group in report.groups))
    return ScreenTable(columns=titles, lines=lines)


def _csv_number(value: float | int | None) -> str:
    if value is None:
        return ""
    text = str(value)
    return text.replace(".", ",") if current_language() == "fr" else text


def csv_text(report: IndicatorReport) -> str:
    """The report as CSV (`;`-separated in French, `,` in English), one figure per row."""
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=";" if current_language() == "fr" else ",", lineterminator="\r\n"
    )
    writer.writerow(
        [
            t("indicators.csv.period_start"),
            t("indicators.csv.period_end"),
            t("indicators.csv.track"),
            t("indicators.csv.person_kind"),
            t("indicators.csv.month"),
            t("indicators.csv.indicator"),
            t("indicators.csv.label"),
            t("indicators.csv.value"),
        ]
    )
    bounds = [report.start.isoformat(), report.end.isoformat()]
    for track, kind, figures in _columns(report):
        for indicator in INDICATORS:
            writer.writerow(
                [
                    *bounds,
                    track,
                    kind,
                    "",
                    indicator.key,
                    indicator.label,
                    _csv_number(indicator.raw(figures)),
                ]
            )
        for theme, count in sorted(
            figures.needs_by_theme, key=lambda item: THEME_ORDER.index(item[0])
        ):
            writer.writerow(
                [
                    *bounds,
                    track,
                    kind,
                    "",
                    f"training_needs.{theme}",
                    t("indicators.csv.need_label", theme=theme_label(theme)),
                    str(count),
                ]
            )
    total = t("indicators.total")
    for point in report.months:
        month = point.month.strftime("%Y-%m")
        name = format_day_pattern(point.month, "LLLL yyyy")
        for key, value in (
            ("meetings_held", point.meetings_held),
            ("in_window_rate", _rate_raw(point.in_window_rate)),
        ):
            writer.writerow(
                [
                    *bounds,
                    total,
                    total,
                    month,
                    f"month.{key}",
                    t(f"indicators.csv.month_{key}", month=name),
                    _csv_number(value),
                ]
            )
    return buffer.getvalue()
