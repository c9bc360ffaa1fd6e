"""The unlock screen: passphrase, a clear message when wrong, a way to the recovery code."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, LoadingIndicator, Static

from epc_tui.context import context_of
from epc_tui.i18n import t
from epc_tui.keys import binding
from epc_tui.vault.errors import EpcError
from epc_tui.widgets.key_footer import KeyFooter


class UnlockScreen(Screen[None]):
    """Asks for the passphrase; key derivation runs in a worker so the screen never freezes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("f2", "recover", "unlock.recover"),
    ]

    def compose(self) -> ComposeResult:
        """The passphrase box."""
        with Vertical(id="unlock-box", classes="dialog"):
            yield Static(t("app.name"), classes="dialog-title")
            yield Static(t("unlock.prompt"), classes="dialog-text")
            yield Input(password=True, id="passphrase", placeholder=t("unlock.placeholder"))
            yield Static("", id="unlock-message", classes="error-message")
            yield LoadingIndicator(id="unlock-progress")
            yield Static("", id="unlock-progress-label", classes="dialog-hint")
            yield Button(t("unlock.button"), id="unlock", variant="primary")
            yield Button(t("unlock.forgot"), id="recover", variant="default")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Focus the passphrase; hide the progress until used."""
        self.query_one("#unlock-progress").display = False
        self.query_one("#passphrase", Input).focus()

    def on_screen_resume(self) -> None:
        """Coming back after a lock: start clean."""
        field = self.query_one("#passphrase", Input)
        field.value = ""
        field.disabled = False
        field.focus()

    @on(Input.Submitted, "#passphrase")
    @on(Button.Pressed, "#unlock")
    def submit(self) -> None:
        """Try the passphrase."""
        field = self.query_one("#passphrase", Input)
        if not field.value:
            self._show_error(t("unlock.empty"))
            return
        self._busy(True)
        self.unlock(field.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock", description="unlock")
    def unlock(self, passphrase: str) -> None:
        """Derive the key and open the vault (about a second, off the UI thread)."""
        app = context_of(self)
        try:
            app.vault.unlock(passphrase)
        except EpcError as error:
            message = t(error.message_key, **error.params)
            app.call_from_thread(self._failed, message)
            return
        app.call_from_thread(app.vault_opened)

    def _failed(self, message: str) -> None:
        self._busy(False)
        field = self.query_one("#passphrase", Input)
        field.value = ""
        field.focus()
        self._show_error(message)

    def _show_error(self, message: str) -> None:
        self.query_one("#unlock-message", Static).update(message)

    def _busy(self, busy: bool) -> None:
        self.query_one("#unlock-progress").display = busy
        self.query_one("#unlock-progress-label", Static).update(
            t("unlock.deriving") if busy else ""
        )
        self.query_one("#passphrase", Input).disabled = busy
        self.query_one("#unlock", Button).disabled = busy
        if busy:
            self._show_error("")

    @on(Button.Pressed, "#recover")
    def action_recover(self) -> None:
        """Reset the passphrase with the recovery code."""
        from epc_tui.screens.recover import RecoverScreen

        self.app.push_screen(RecoverScreen())
