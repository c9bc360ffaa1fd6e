"""Shows the recovery code once, and waits for "I have written it down"."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Static

from epc_tui.i18n import t


class RecoveryCodeScreen(ModalScreen[None]):
    """The recovery code, grouped for reading aloud and writing down; shown only once."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self._code = code

    def compose(self) -> ComposeResult:
        """Code, explanation, confirmation."""
        with Vertical(id="recovery-box", classes="dialog"):
            yield Static(t("recovery.title"), classes="dialog-title")
            yield Static(t("recovery.explain"), classes="dialog-text")
            yield Static(self._code, id="recovery-code")
            yield Static(t("recovery.warning"), classes="dialog-hint")
            yield Checkbox(t("recovery.written_down"), id="written-down")
            yield Button(t("recovery.continue"), id="continue", variant="primary", disabled=True)

    @on(Checkbox.Changed, "#written-down")
    def _confirm(self, event: Checkbox.Changed) -> None:
        self.query_one("#continue", Button).disabled = not event.value

    @on(Button.Pressed, "#continue")
    def _done(self) -> None:
        self._code = ""
        self.query_one("#recovery-code", Static).update("")
        self.dismiss(None)
