"""Asks for the passphrase or recovery code of a backup made by another vault (or before a
change of passphrase), so the coach can verify or restore it."""

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


class BackupSecretScreen(ModalScreen[str | None]):
    """The secret typed (hidden), or None when the coach cancels."""

    DEFAULT_CSS = """
    BackupSecretScreen { align: center middle; }
    BackupSecretScreen #secret-buttons { height: auto; margin-top: 1; }
    BackupSecretScreen #secret-buttons Button { width: 1fr; margin: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [binding("escape", "cancel", "backups.secret_cancel")]

    def compose(self) -> ComposeResult:
        """An explanation, one hidden field, two buttons."""
        with Vertical(classes="dialog"):
            yield Static(t("backups.secret_title"), classes="dialog-title")
            yield Static(t("backups.secret_explain"), classes="dialog-text")
            yield Input(password=True, placeholder=t("backups.secret_placeholder"), id="secret")
            with Horizontal(id="secret-buttons"):
                yield Button(t("backups.secret_cancel"), id="secret-cancel")
                yield Button(t("backups.secret_ok"), id="secret-ok", variant="primary")

    def on_mount(self) -> None:
        """Cursor in the field."""
        self.query_one("#secret", Input).focus()

    @on(Input.Submitted, "#secret")
    @on(Button.Pressed, "#secret-ok")
    def _ok(self) -> None:
        value = self.query_one("#secret", Input).value
        if value:
            self.dismiss(value)

    @on(Button.Pressed, "#secret-cancel")
    def action_cancel(self) -> None:
        """Give up."""
        self.dismiss(None)
