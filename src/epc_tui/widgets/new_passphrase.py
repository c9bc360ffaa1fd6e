"""Choosing a passphrase: typed twice, strength shown as you type, refused when weak."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from epc_tui.i18n import t
from epc_tui.widgets.strength_meter import StrengthMeter


class NewPassphraseFields(Vertical):
    """Two password inputs, a strength meter and a message line."""

    DEFAULT_CSS = """
    NewPassphraseFields { height: auto; }
    NewPassphraseFields Input { margin-bottom: 1; }
    """

    def compose(self) -> ComposeResult:
        """The fields."""
        yield Static(t("passphrase.new_label"), classes="dialog-text")
        yield Input(password=True, id="new-passphrase", placeholder=t("passphrase.new_hint"))
        yield StrengthMeter(id="strength")
        yield Static(t("passphrase.repeat_label"), classes="dialog-text")
        yield Input(password=True, id="repeat-passphrase")
        yield Static("", id="passphrase-message", classes="error-message")

    @on(Input.Changed, "#new-passphrase")
    def _measure(self, event: Input.Changed) -> None:
        self.query_one(StrengthMeter).measure(event.value)

    @on(Input.Submitted, "#new-passphrase")
    def _next(self) -> None:
        self.query_one("#repeat-passphrase", Input).focus()

    def validated(self) -> str | None:
        """The passphrase if strong and repeated identically; else show why and return None."""
        first = self.query_one("#new-passphrase", Input).value
        second = self.query_one("#repeat-passphrase", Input).value
        strength = self.query_one(StrengthMeter).measure(first)
        message = self.query_one("#passphrase-message", Static)
        if not strength.acceptable:
            message.update(t("error.weak_passphrase"))
            self.query_one("#new-passphrase", Input).focus()
            return None
        if first != second:
            message.update(t("error.passphrases_differ"))
            self.query_one("#repeat-passphrase", Input).focus()
            return None
        message.update("")
        return first

    def clear(self) -> None:
        """Forget what was typed."""
        for field in self.query(Input):
            field.value = ""
