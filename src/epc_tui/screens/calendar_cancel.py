"""Confirm the cancellation of a meeting, with an optional reason kept in its history."""

from __future__ import annotations

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


class ConfirmCancelDialog(ModalScreen[str | None]):
    """Returns the reason (possibly empty) when the coach confirms, None when they keep it."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "keep", "")]

    def __init__(self, record: Meeting) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        """The meeting, a reason, and the two choices (keeping it is the default)."""
        with VerticalScroll(), Vertical(classes="dialog", id="cancel-dialog"):
            yield Static(t("calendar.cancel.title"), classes="dialog-title")
            yield Static(Text(summary(self.record)), classes="dialog-text")
            yield Static(t("calendar.cancel.reason"), classes="field-label")
            yield Input(placeholder=t("calendar.cancel.reason_placeholder"), id="cancel-reason")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("calendar.cancel.confirm"), id="confirm-cancel", variant="error")
                yield Button(t("calendar.cancel.keep"), id="keep", variant="primary")

    def on_mount(self) -> None:
        """Focus on keeping the meeting: cancelling takes a deliberate choice."""
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        """Close; the meeting stays as it was."""
        self.dismiss(None)

    @on(Input.Submitted, "#cancel-reason")
    @on(Button.Pressed, "#confirm-cancel")
    def confirm(self) -> None:
        """Cancel the meeting, with the reason typed."""
        self.dismiss(" ".join(self.query_one("#cancel-reason", Input).value.split()))
