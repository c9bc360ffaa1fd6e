"""Change the passphrase (current one, then the new one twice), or renew the recovery code."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, LoadingIndicator, Static

from epc_tui.context import context_of
from epc_tui.i18n import t
from epc_tui.vault.errors import EpcError
from epc_tui.widgets.new_passphrase import NewPassphraseFields


class ChangePassphraseScreen(ModalScreen[bool]):
    """Rewraps the data key for a new passphrase; the recovery code keeps working."""

    BINDINGS = [("escape", "cancel", "")]

    def compose(self) -> ComposeResult:
        """Current passphrase and new passphrase fields."""
        with VerticalScroll(), Vertical(classes="dialog"):
            yield Static(t("passwd.title"), classes="dialog-title")
            yield Static(t("passwd.current"), classes="dialog-text")
            yield Input(password=True, id="current-passphrase")
            yield NewPassphraseFields()
            yield LoadingIndicator(id="passwd-progress")
            yield Button(t("passwd.button"), id="change", variant="primary")
            yield Button(t("common.cancel"), id="cancel")

    def on_mount(self) -> None:
        """Focus the current passphrase."""
        self.query_one("#passwd-progress").display = False
        self.query_one("#current-passphrase").focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(False)

    @on(Input.Submitted, "#repeat-passphrase")
    @on(Button.Pressed, "#change")
    def submit(self) -> None:
        """Validate, then rewrap in a worker."""
        current = self.query_one("#current-passphrase", Input).value
        new = self.query_one(NewPassphraseFields).validated()
        if new is None:
            return
        self.query_one("#passwd-progress").display = True
        self.query_one("#change", Button).disabled = True
        self.change(current, new)

    @work(thread=True, exclusive=True, exit_on_error=False, group="passwd", description="passwd")
    def change(self, current: str, new: str) -> None:
        """Check the current passphrase, then write the new key file atomically."""
        from epc_tui.vault import keyfile

        app = context_of(self)
        try:
            keyfile.read_keyfile(app.vault.paths.keyfile).unwrap(keyfile.PASSPHRASE_SLOT, current)
            app.vault.change_passphrase(new)
        except EpcError as error:
            app.call_from_thread(self._failed, t(error.message_key, **error.params))
            return
        app.call_from_thread(self._done)

    def _failed(self, message: str) -> None:
        self.query_one("#passwd-progress").display = False
        self.query_one("#change", Button).disabled = False
        self.query_one("#passphrase-message", Static).update(message)

    def _done(self) -> None:
        self.app.notify(t("passwd.done"))
        self.dismiss(True)


class NewRecoveryCodeScreen(ModalScreen[str | None]):
    """Asks the passphrase, then replaces the recovery code and returns the new one."""

    BINDINGS = [("escape", "cancel", "")]

    def compose(self) -> ComposeResult:
        """Passphrase field."""
        with Vertical(classes="dialog"):
            yield Static(t("newcode.title"), classes="dialog-title")
            yield Static(t("newcode.explain"), classes="dialog-text")
            yield Input(password=True, id="current-passphrase")
            yield Static("", id="newcode-message", classes="error-message")
            yield Button(t("newcode.button"), id="renew", variant="primary")
            yield Button(t("common.cancel"), id="cancel")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#renew")
    def submit(self) -> None:
        """Renew in a worker."""
        self.query_one("#renew", Button).disabled = True
        self.renew(self.query_one("#current-passphrase", Input).value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="passwd", description="passwd")
    def renew(self, passphrase: str) -> None:
        """Replace the recovery slot of the key file."""
        app = context_of(self)
        try:
            code = app.vault.regenerate_recovery_code(passphrase)
        except EpcError as error:
            app.call_from_thread(self._failed, t(error.message_key, **error.params))
            return
        app.call_from_thread(self.dismiss, code)

    def _failed(self, message: str) -> None:
        self.query_one("#renew", Button).disabled = False
        self.query_one("#newcode-message", Static).update(message)
