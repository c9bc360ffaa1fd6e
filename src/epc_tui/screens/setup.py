"""First run: create the vault (passphrase twice, strength meter, recovery code shown once)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, LoadingIndicator, Static

from epc_tui.context import context_of
from epc_tui.i18n import t
from epc_tui.vault.errors import EpcError
from epc_tui.vault.kdf import params_for_new_vault
from epc_tui.widgets.key_footer import KeyFooter
from epc_tui.widgets.new_passphrase import NewPassphraseFields


class SetupScreen(Screen[None]):
    """Creates the encrypted vault the first time epc starts."""

    def compose(self) -> ComposeResult:
        """Welcome text and the passphrase fields."""
        with VerticalScroll(id="setup-scroll"), Vertical(id="setup-box", classes="dialog"):
            yield Static(t("setup.title"), classes="dialog-title")
            yield Static(t("setup.explain"), classes="dialog-text")
            yield NewPassphraseFields()
            yield LoadingIndicator(id="setup-progress")
            yield Static("", id="setup-progress-label", classes="dialog-hint")
            yield Button(t("setup.create"), id="create", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Focus the first field."""
        self.query_one("#setup-progress").display = False
        self.query_one("#new-passphrase").focus()

    @on(Button.Pressed, "#create")
    def submit(self) -> None:
        """Create the vault if the passphrase is acceptable."""
        passphrase = self.query_one(NewPassphraseFields).validated()
        if passphrase is None:
            return
        self.query_one("#setup-progress").display = True
        self.query_one("#setup-progress-label", Static).update(t("setup.creating"))
        self.query_one("#create", Button).disabled = True
        for field in self.query(Input):
            field.disabled = True
        self.create_vault(passphrase)

    @on(Input.Submitted, "#repeat-passphrase")
    def _submitted(self) -> None:
        self.submit()

    @work(thread=True, exclusive=True, exit_on_error=False, group="setup", description="setup")
    def create_vault(self, passphrase: str) -> None:
        """Calibrate the key derivation for this machine, then create (off the UI thread)."""
        app = context_of(self)
        try:
            app.vault.kdf = params_for_new_vault()
            code = app.vault.create(passphrase)
        except EpcError as error:
            app.call_from_thread(self._failed, t(error.message_key, **error.params))
            return
        app.call_from_thread(self._created, code)

    def _failed(self, message: str) -> None:
        self.query_one("#passphrase-message", Static).update(message)
        self.query_one("#setup-progress").display = False
        self.query_one("#create", Button).disabled = False

    def _created(self, code: str) -> None:
        from epc_tui.screens.recovery_code import RecoveryCodeScreen

        app = context_of(self)
        self.query_one(NewPassphraseFields).clear()
        self.app.push_screen(RecoveryCodeScreen(code), lambda _: app.vault_opened())
