"""A yes/no question before anything is destroyed or changed for good."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from epc_tui.i18n import t
from epc_tui.keys import binding


class ConfirmScreen(ModalScreen[bool]):
    """Asks a question; True only on an explicit "yes" (Escape and "no" answer False).

    With `ask_reason`, a one-line reason is typed first and kept in `reason`.
    """

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen #confirm-box {
        width: 76; max-width: 100%; height: auto; padding: 1 2;
        border: round $primary; background: $panel;
    }
    ConfirmScreen #confirm-buttons { height: auto; margin-top: 1; }
    ConfirmScreen #confirm-buttons Button { width: 1fr; margin: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [binding("escape", "cancel", "confirm.cancel")]

    def __init__(
        self, question: str, yes_label: str, danger: bool = True, ask_reason: bool = False
    ) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes_label
        self.danger = danger
        self.ask_reason = ask_reason
        self.reason = ""

    def compose(self) -> ComposeResult:
        """Question, optional reason, two buttons (No has the focus: the safe answer)."""
        with Vertical(id="confirm-box"):  # not `.dialog`: its full-width buttons stack
            yield Static(self.question, classes="dialog-text", id="confirm-question")
            if self.ask_reason:
                yield Input(placeholder=t("confirm.reason"), id="confirm-reason")
            with Horizontal(id="confirm-buttons"):
                yield Button(t("confirm.no"), id="confirm-no")
                yield Button(
                    self.yes_label, id="confirm-yes", variant="error" if self.danger else "primary"
                )

    def on_mount(self) -> None:
        """Focus the reason if asked, else the safe button."""
        self.query_one("#confirm-reason" if self.ask_reason else "#confirm-no").focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        if self.ask_reason:
            self.reason = self.query_one("#confirm-reason", Input).value.strip()
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_cancel(self) -> None:
        """No."""
        self.dismiss(False)
