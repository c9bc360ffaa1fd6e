"""Recording a call that did not connect: no answer, voicemail, wrong number, call back later.

One key from the today view, the person or the call screen opens this dialog; the check-in
stays open. After the coach's number of failed attempts the person is flagged for another way
of contact (and the dialog says so).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from epc_tui.context import EpcContext, context_of
from epc_tui.i18n import t
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.services.autosave import storage_faults_explained
from epc_tui.services.date_input import TimeNotUnderstood, parse_user_time
from epc_tui.textclean import clean_text
from epc_tui.vault.attempts import OUTCOMES, record_attempt
from epc_tui.vault.errors import EpcError
from epc_tui.widgets.date_field import DateField


class AttemptScreen(ModalScreen[bool]):
    """The attempt dialog; dismisses with True once an attempt is recorded."""

    CSS_PATH = [styles_dir() / "call.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("escape", "cancel", "attempt.cancel"),
        binding("ctrl+s", "record", "attempt.record", priority=True),
    ]

    def __init__(self, person_id: int, check_in_id: int | None) -> None:
        super().__init__()
        self.person_id = person_id
        self.check_in_id = check_in_id

    @property
    def epc(self) -> EpcContext:
        """The application, seen through `EpcContext`."""
        return context_of(self)

    def compose(self) -> ComposeResult:
        """Outcome, call-back time, short note."""
        with Vertical(id="attempt", classes="dialog"):
            yield Static(t("attempt.title"), classes="dialog-title")
            with RadioSet(id="outcome"):
                for index, outcome in enumerate(OUTCOMES):
                    yield RadioButton(t(f"attempt.outcome.{outcome}"), value=index == 0)
            with Horizontal(id="call-back", classes="field-row"):
                yield DateField(
                    today=None, placeholder=t("attempt.call_back_day"), id="call-back-day"
                )
                yield Input(placeholder=t("attempt.call_back_time"), id="call-back-time")
            yield Input(placeholder=t("attempt.note"), id="attempt-note", max_length=500)
            yield Static("", id="attempt-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("attempt.record"), variant="primary", id="record")
                yield Button(t("attempt.cancel"), id="cancel")

    def on_mount(self) -> None:
        """Outcome first; the call-back time only when asked for."""
        self.query_one("#call-back").display = False
        self.query_one(RadioSet).focus()

    @property
    def outcome(self) -> str:
        """The chosen outcome."""
        index = self.query_one(RadioSet).pressed_index
        return OUTCOMES[index if index >= 0 else 0]

    @on(RadioSet.Changed)
    def _outcome_changed(self) -> None:
        self.query_one("#call-back").display = self.outcome == "call_back"

    def _call_back_at(self) -> datetime | None:
        day = self.query_one("#call-back-day", DateField).value
        typed = self.query_one("#call-back-time", Input).value
        if day is None:
            raise EpcError("attempt.error.call_back_time")
        moment = parse_user_time(typed) if typed.strip() else None
        return (
            datetime.combine(day, moment) if moment else datetime.combine(day, datetime.min.time())
        )

    @on(Button.Pressed, "#record")
    def action_record(self) -> None:
        """Record the attempt and close."""
        message = self.query_one("#attempt-message", Static)
        try:
            call_back_at = self._call_back_at() if self.outcome == "call_back" else None
            with storage_faults_explained(self.epc.vault):  # a full disk: one sentence
                result = record_attempt(
                    self.epc.vault,
                    self.check_in_id,
                    self.person_id,
                    self.outcome,
                    self.epc.clock.now(),
                    call_back_at=call_back_at,
                    note=clean_text(self.query_one("#attempt-note", Input).value, multiline=False),
                    flag_after=self.epc.settings.failed_attempts_before_flag,
                )
        except (EpcError, TimeNotUnderstood) as error:
            message.update(t(error.message_key, **error.params))
            return
        self.notify(t("attempt.recorded", count=result.failed_in_a_row))
        if result.flagged:
            self.notify(t("attempt.flagged"), severity="warning", timeout=10)
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without recording."""
        self.dismiss(False)
