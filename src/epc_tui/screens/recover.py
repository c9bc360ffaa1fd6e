"""Forgotten passphrase: open the vault with the recovery code and choose a new passphrase."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, LoadingIndicator, Static

from epc_tui.context import context_of
from epc_tui.i18n import t
from epc_tui.keys import binding
from epc_tui.vault.errors import EpcError
from epc_tui.vault.recovery import looks_like_recovery_code
from epc_tui.widgets.key_footer import KeyFooter
from epc_tui.widgets.new_passphrase import NewPassphraseFields


class RecoverScreen(Screen[None]):
    """Reset the passphrase with the recovery code written down at creation."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("escape", "back", "recover.back"),
    ]

    def compose(self) -> ComposeResult:
        """Code field and new passphrase fields."""
        with VerticalScroll(), Vertical(id="recover-box", classes="dialog"):
            yield Static(t("recover.title"), classes="dialog-title")
            yield Static(t("recover.explain"), classes="dialog-text")
            yield Input(id="recovery-code-input", placeholder="XXXX-XXXX-XXXX-XXXX-…")
            yield NewPassphraseFields()
            yield LoadingIndicator(id="recover-progress")
            yield Button(t("recover.button"), id="reset", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Focus the code."""
        self.query_one("#recover-progress").display = False
        self.query_one("#recovery-code-input").focus()

    def action_back(self) -> None:
        """Return to the unlock screen."""
        self.dismiss(None)

    @on(Input.Submitted, "#repeat-passphrase")
    @on(Button.Pressed, "#reset")
    def submit(self) -> None:
        """Check the form, then reset in a worker."""
        code = self.query_one("#recovery-code-input", Input).value
        message = self.query_one("#passphrase-message", Static)
        if not looks_like_recovery_code(code):
            message.update(t("recover.bad_shape"))
            return
        passphrase = self.query_one(NewPassphraseFields).validated()
        if passphrase is None:
            return
        self.query_one("#recover-progress").display = True
        self.query_one("#reset", Button).disabled = True
        self.reset(code, passphrase)

    @work(thread=True, exclusive=True, exit_on_error=False, group="recover", description="recover")
    def reset(self, code: str, passphrase: str) -> None:
        """Unwrap with the recovery code and rewrap for the new passphrase."""
        app = context_of(self)
        try:
            app.vault.reset_passphrase(code, passphrase)
        except EpcError as error:
            app.call_from_thread(self._failed, t(error.message_key, **error.params))
            return
        app.call_from_thread(self._done)

    def _failed(self, message: str) -> None:
        self.query_one("#recover-progress").display = False
        self.query_one("#reset", Button).disabled = False
        self.query_one("#passphrase-message", Static).update(message)

    def _done(self) -> None:
        app = context_of(self)
        self.query_one(NewPassphraseFields).clear()
        self.dismiss(None)
        self.app.notify(t("recover.done"))
        app.vault_opened()
