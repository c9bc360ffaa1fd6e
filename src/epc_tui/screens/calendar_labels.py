"""How the calendar and its dialogs word a check-in: step, status, time, note, one-line summary.

Names come from the vault and may hold anything a spreadsheet held: they are cleaned of
control characters and returned as `rich.text.Text` (never parsed as markup) by the callers.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time
from typing import Protocol

from epc_tui.i18n import current_language, current_region, has_message, t
from epc_tui.i18n.formats import format_clock, format_day
from epc_tui.textclean import clean_line


class Meeting(Protocol):
    """What the labels read of a meeting: an agenda line (`AgendaEntry`) or a full
    `CheckInRecord` both offer it."""

    @property
    def person_name(self) -> str: ...
    @property
    def person_code(self) -> str: ...
    @property
    def step_key(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def planned_date(self) -> date: ...
    @property
    def planned_time(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def attempts(self) -> int: ...
    @property
    def note_status(self) -> str: ...
    @property
    def is_open(self) -> bool: ...


def step_label(record: Meeting) -> str:
    """The step in the coach's language (`Rencontre 3 mois`, `Rencontre sur demande`)."""
    if has_message(f"step.{record.step_key}"):
        return t(f"step.{record.step_key}")
    if record.label:
        return clean_line(record.label)
    if has_message(f"step.{record.kind}"):
        return t(f"step.{record.kind}")
    return clean_line(record.step_key)


def is_overdue(record: Meeting, today: date) -> bool:
    """Still planned on a day already gone."""
    return record.is_open and record.planned_date < today


def status_label(record: Meeting, today: date) -> str:
    """`Prévue`, `Tenue`…, with the overdue mark (a symbol, not only a colour)."""
    word = t(f"check_in_status.{record.status}")
    if is_overdue(record, today):
        return f"{word} · {t('flag.overdue')}"
    return word


def time_label(planned_time: str) -> str:
    """`14 h 30` / `2:30 PM` from a stored `HH:MM`; `—` when no time was set."""
    return _time_label(planned_time, current_language(), current_region())


@functools.lru_cache(maxsize=512)
def _time_label(planned_time: str, language: str, region: str) -> str:
    """Formatted once per time and locale: Babel takes about 50 µs a time, and a busy day's
    agenda draws the same few times on every line."""
    if not planned_time:
        return "—"
    try:
        moment = time.fromisoformat(planned_time)
    except ValueError:
        return clean_line(planned_time)
    return format_clock(datetime.combine(date(2000, 1, 1), moment))


def note_label(record: Meeting) -> str:
    """Whether the logbook note of the meeting is written: missing, draft or written."""
    if record.note_status == "final":
        return t("calendar.note_final")
    if record.note_status == "draft":
        return t("calendar.note_draft")
    if record.status == "done":
        return t("flag.note_missing")
    return ""


def attempts_label(record: Meeting) -> str:
    """The number of calls that did not connect, or nothing."""
    return str(record.attempts) if record.attempts else ""


def person_label(record: Meeting) -> str:
    """`Alice Partenaire (P-3K7Q)`."""
    return f"{clean_line(record.person_name)} ({clean_line(record.person_code)})"


def summary(record: Meeting) -> str:
    """One line for a dialog: who, which step, when."""
    fields = {
        "person": person_label(record),
        "step": step_label(record),
        "date": format_day(record.planned_date, "full"),
    }
    if record.planned_time:
        return t("calendar.summary_at", time=time_label(record.planned_time), **fields)
    return t("calendar.summary", **fields)
