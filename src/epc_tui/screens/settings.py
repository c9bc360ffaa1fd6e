"""Settings: language, region, lock delay, theme, scheduling rules, passphrase and codes.

Only non-personal preferences are stored, outside the vault (see `settings.py`).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Select, Static, Switch

from epc_tui.context import context_of
from epc_tui.i18n import t
from epc_tui.keys import binding
from epc_tui.widgets.navigation import NavigationBar


class SettingsScreen(Screen[None]):
    """The coach's preferences, applied at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("ctrl+s", "save", "settings.save"),
    ]

    def compose(self) -> ComposeResult:
        """The form."""
        app = context_of(self)
        settings = app.settings
        yield NavigationBar("settings")
        with VerticalScroll(id="settings-form"):
            yield Static(t("settings.title"), classes="dialog-title")
            yield Static(t("settings.language"), classes="field-label")
            yield Select(
                [(t("settings.language_auto"), ""), ("Français", "fr"), ("English", "en")],
                value=settings.language,
                allow_blank=False,
                id="language",
            )
            yield Static(t("settings.region"), classes="field-label")
            yield Select(
                [(t("settings.region_ca"), "CA"), (t("settings.region_fr"), "FR")],
                value=settings.region,
                allow_blank=False,
                id="region",
            )
            yield Static(t("settings.lock_after"), classes="field-label")
            yield Input(value=f"{settings.lock_after_minutes:g}", id="lock-after", type="number")
            yield Static(t("settings.theme"), classes="field-label")
            themes = sorted(self.app.available_themes)
            yield Select(
                [(name, name) for name in themes],
                value=settings.theme if settings.theme in themes else "textual-dark",
                allow_blank=False,
                id="theme",
            )
            yield Static(t("settings.skip_weekends"), classes="field-label")
            yield Switch(value=settings.skip_weekends, id="skip-weekends")
            yield Static(t("settings.skip_holidays"), classes="field-label")
            yield Switch(value=settings.skip_holidays, id="skip-holidays")
            yield Static(t("settings.attempts"), classes="field-label")
            yield Input(
                value=str(settings.failed_attempts_before_flag), id="attempts", type="integer"
            )
            yield Static(t("settings.backup_rotation"), classes="field-label")
            with Horizontal(id="settings-rotation"):
                for name in ("daily", "weekly", "monthly"):
                    value = getattr(settings, f"backup_keep_{name}")
                    yield Input(
                        value=str(value),
                        id=f"keep-{name}",
                        type="integer",
                        tooltip=t(f"settings.keep_{name}"),
                        placeholder=t(f"settings.keep_{name}"),
                    )
            yield Static(t("settings.backup_rotation_hint"), classes="dialog-hint")
            yield Static("", id="settings-message", classes="error-message")
            with Horizontal(id="settings-actions"):
                yield Button(t("settings.save"), id="save", variant="primary")
                yield Button(t("settings.change_passphrase"), id="change-passphrase")
                yield Button(t("settings.new_recovery_code"), id="new-recovery-code")
        yield Footer()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Validate and apply the settings."""
        app = context_of(self)
        message = self.query_one("#settings-message", Static)
        try:
            lock_after = float(self.query_one("#lock-after", Input).value.replace(",", "."))
            attempts = int(self.query_one("#attempts", Input).value)
            keep = {
                name: int(self.query_one(f"#keep-{name}", Input).value)
                for name in ("daily", "weekly", "monthly")
            }
        except ValueError:
            message.update(t("settings.invalid_number"))
            return
        rotation_ok = 1 <= keep["daily"] <= 366 and 0 <= keep["weekly"] <= 260
        rotation_ok = rotation_ok and 0 <= keep["monthly"] <= 240
        if not 0.5 <= lock_after <= 240 or not 1 <= attempts <= 20 or not rotation_ok:
            message.update(t("settings.invalid_number"))
            return
        message.update("")
        app.update_settings(
            app.settings.with_changes(
                language=str(self.query_one("#language", Select).value),
                region=str(self.query_one("#region", Select).value),
                lock_after_minutes=lock_after,
                theme=str(self.query_one("#theme", Select).value),
                skip_weekends=self.query_one("#skip-weekends", Switch).value,
                skip_holidays=self.query_one("#skip-holidays", Switch).value,
                failed_attempts_before_flag=attempts,
                backup_keep_daily=keep["daily"],
                backup_keep_weekly=keep["weekly"],
                backup_keep_monthly=keep["monthly"],
            )
        )
        self.app.notify(t("settings.saved"))
        self.refresh_texts()

    def refresh_texts(self) -> None:
        """Rebuild the form in the (possibly new) language."""
        self.refresh(recompose=True)

    @on(Button.Pressed, "#change-passphrase")
    def _change_passphrase(self) -> None:
        from epc_tui.screens.change_passphrase import ChangePassphraseScreen

        self.app.push_screen(ChangePassphraseScreen())

    @on(Button.Pressed, "#new-recovery-code")
    def _new_recovery_code(self) -> None:
        from epc_tui.screens.change_passphrase import NewRecoveryCodeScreen
        from epc_tui.screens.recovery_code import RecoveryCodeScreen

        def show(code: str | None) -> None:
            if code:
                self.app.push_screen(RecoveryCodeScreen(code))

        self.app.push_screen(NewRecoveryCodeScreen(), show)
