"""Planned check-ins as an iCalendar (.ics) file for the coach's own calendar.

A calendar file ends up on phones and in online services, so by default it carries the
pseudonymous code and the step only (`epc · P-7K3M · Rencontre 3 mois`): no name, phone,
e-mail, notes, targeting criteria or anything else about health. `with_names` adds the full
name, and the command line and the screen warn about it. Labels of meetings added on request
may have been typed freely, so they are replaced by a generic label.

Each event's UID is the check-in's own stable uid, so exporting again updates the same events
instead of duplicating them. Meetings without a time are all-day events (marked free, so they
do not block the day); meetings with a time are floating local times (no time zone: the coach's
calendar shows them at the hour they were planned) lasting their planned duration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta
from icalendar import Calendar, Event

from epc_tui import __version__
from epc_tui.i18n import t
from epc_tui.textclean import clean_line
from epc_tui.vault import check_ins as check_in_store
from epc_tui.vault.atomic import write_atomically
from epc_tui.vault.errors import InvalidInput
from epc_tui.vault.records import CheckInRecord
from epc_tui.vault.vault import Vault

DEFAULT_MONTHS = 6
MAX_PERIOD_DAYS = 5 * 366
UID_DOMAIN = "epc.local"


@dataclass(frozen=True)
class CalendarExport:
    """What was exported: how many check-ins, over which period, to which file."""

    count: int
    start: date
    end: date
    path: Path


def default_period(today: date) -> tuple[date, date]:
    """From today for six months."""
    return today, today + relativedelta(months=DEFAULT_MONTHS)


def check_period(start: date, end: date) -> None:
    """Refuse an inverted period or one longer than five years."""
    if end < start:
        raise InvalidInput("ics.error.bad_period")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise InvalidInput("ics.error.period_too_long")


def event_summary(check_in: CheckInRecord, with_names: bool) -> str:
    """`epc · P-7K3M · Rencontre 3 mois`, with the name before the step if asked."""
    if check_in.kind == "on_request":
        label = t("ics.summary.on_request")
    else:
        label = clean_line(check_in.label) or t("ics.summary.follow_up")
    parts = ["epc", clean_line(check_in.person_code)]
    if with_names:
        parts.append(clean_line(check_in.person_name))
    parts.append(label)
    return " · ".join(parts)


def _planned_time(text: str) -> time | None:
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return None


def calendar_bytes(check_ins: Sequence[CheckInRecord], with_names: bool, stamp: datetime) -> bytes:
    """The iCalendar document of `check_ins` (`stamp`: when it was made, naive local time)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//epc//epc-tui {__version__}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", t("ics.calendar_name"))
    utc_stamp = stamp.astimezone(UTC)
    for check_in in check_ins:
        event = Event()
        event.add("uid", f"{check_in.uid}@{UID_DOMAIN}")
        event.add("dtstamp", utc_stamp)
        event.add("summary", event_summary(check_in, with_names))
        at = _planned_time(check_in.planned_time)
        if at is None:
            event.add("dtstart", check_in.planned_date)
            event.add("dtend", check_in.planned_date + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        else:
            begins = datetime.combine(check_in.planned_date, at)  # floating: no time zone
            event.add("dtstart", begins)
            event.add("dtend", begins + timedelta(minutes=max(check_in.duration_planned_min, 5)))
            event.add("transp", "OPAQUE")
        event.add("status", "CONFIRMED")
        event.add("class", "PRIVATE")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def export_calendar(
    vault: Vault,
    path: Path,
    start: date,
    end: date,
    now: datetime,
    with_names: bool = False,
) -> CalendarExport:
    """Write the planned check-ins from `start` to `end` to `path` (atomically, mode 0600)."""
    check_period(start, end)
    if path.is_dir():
        raise InvalidInput("ics.error.is_directory")
    if not path.parent.is_dir():
        raise InvalidInput("ics.error.cannot_write")
    planned = check_in_store.check_ins_between(vault, start, end, statuses=["planned"])
    data = calendar_bytes(planned, with_names, now)
    try:
        write_atomically(path, data)
    except OSError:
        raise InvalidInput("ics.error.cannot_write") from None
    return CalendarExport(len(planned), start, end, path)
