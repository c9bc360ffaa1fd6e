"""Move a meeting to another day: a typed date (`jeudi prochain`), an optional time and reason.

The dialog only asks; the calendar screen writes the change, which keeps the old date in the
check-in's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from epc_tui.i18n import t
from epc_tui.screens.calendar_labels import Meeting, summary
from epc_tui.services.date_input import TimeNotUnderstood, parse_user_time
from epc_tui.widgets.date_field import DateField


@dataclass(frozen=True)
class RescheduleRequest:
    """What the coach chose: the new day, the time (`HH:MM`, or empty for none), why."""

    new_date: date
    planned_time: str
    reason: str


def read_time(text: str) -> str:
    """`14 h 30` → `14:30`; empty stays empty; `TimeNotUnderstood` otherwise."""
    if not text.strip():
        return ""
    return parse_user_time(text).strftime("%H:%M")


class RescheduleDialog(ModalScreen[RescheduleRequest | None]):
    """Asks for the new date of a meeting (and, optionally, a time and a reason)."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "cancel", "")]

    def __init__(self, record: Meeting, today: date) -> None:
        super().__init__()
        self.record = record
        self.today = today

    def compose(self) -> ComposeResult:
        """The meeting, the new date, time and reason."""
        with VerticalScroll(), Vertical(classes="dialog", id="reschedule-dialog"):
            yield Static(t("calendar.reschedule.title"), classes="dialog-title")
            yield Static(Text(summary(self.record)), classes="dialog-text")
            with Horizontal(id="reschedule-when"):
                with Vertical(id="reschedule-day"):
                    yield Static(t("calendar.reschedule.new_date"), classes="field-label")
                    yield DateField(
                        today=self.today,
                        placeholder=t("calendar.reschedule.date_placeholder"),
                        id="new-date",
                    )
                with Vertical(id="reschedule-time"):
                    yield Static(t("calendar.field.time"), classes="field-label")
                    yield Input(
                        value=self.record.planned_time,
                        placeholder=t("calendar.field.time_placeholder"),
                        id="new-time",
                    )
            yield Static(t("calendar.reschedule.reason"), classes="field-label")
            yield Input(placeholder=t("calendar.reschedule.reason_placeholder"), id="reason")
            yield Static("", id="reschedule-message", classes="error-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("calendar.reschedule.confirm"), id="reschedule", variant="primary")
                yield Button(t("common.cancel"), id="cancel")

    def on_mount(self) -> None:
        """Cursor in the date."""
        self.query_one(DateField).focus_input()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without moving anything."""
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#reschedule")
    def submit(self) -> None:
        """Check the date and time, then hand them to the calendar."""
        field = self.query_one(DateField)
        message = self.query_one("#reschedule-message", Static)
        new_date = field.value
        if new_date is None:
            message.update(t(field.problem or "date.error.empty"))
            field.focus_input()
            return
        try:
            planned_time = read_time(self.query_one("#new-time", Input).value)
        except TimeNotUnderstood as error:
            message.update(t(error.message_key))
            self.query_one("#new-time", Input).focus()
            return
        reason = " ".join(self.query_one("#reason", Input).value.split())
        self.dismiss(RescheduleRequest(new_date, planned_time, reason))
