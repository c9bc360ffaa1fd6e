"""Settings: language, region, lock delay, theme, scheduling rules, passphrase, codes and key.

Only non-personal preferences are stored, outside the vault (see `settings.py`). The security
actions open their own dialogs: passphrase change and new recovery code
(`change_passphrase.py`), and the renewal of the data key (`RotateKeyScreen` below), which
re-encrypts the vault in a worker with its progress shown, then shows the new recovery code.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, ProgressBar, Select, Static, Switch

from epc_tui.context import context_of
from epc_tui.i18n import t
from epc_tui.keys import binding
from epc_tui.screens.base import StyledOnceScreen
from epc_tui.services import automatic_backup
from epc_tui.vault.errors import EpcError
from epc_tui.vault.rotation import acknowledge_recovery_code, rotate_data_key
from epc_tui.widgets.key_footer import KeyFooter
from epc_tui.widgets.navigation import NavigationBar


class SettingsScreen(StyledOnceScreen[None]):
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
            yield Static(t("settings.security"), classes="field-label")
            with Horizontal(classes="settings-security"):
                yield Button(t("settings.change_passphrase"), id="change-passphrase")
                yield Button(t("settings.new_recovery_code"), id="new-recovery-code")
            with Horizontal(classes="settings-security"):
                yield Button(t("settings.rotate_key"), id="rotate-key")
        yield KeyFooter()

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

    @on(Button.Pressed, "#rotate-key")
    def _rotate_key(self) -> None:
        def show(code: str | None) -> None:
            if code:
                show_new_recovery_code(self.app, code, t("rotate.done"))

        self.app.push_screen(RotateKeyScreen(), show)


def show_new_recovery_code(app: App[Any], code: str, notice: str) -> None:
    """Show a rotation's new recovery code; once written down, forget the sealed copy."""
    from epc_tui.screens.recovery_code import RecoveryCodeScreen

    paths = context_of(app).vault.paths

    def written_down(_: None) -> None:
        acknowledge_recovery_code(paths)
        app.notify(notice, timeout=10)

    app.push_screen(RecoveryCodeScreen(code), written_down)


def offer_unseen_recovery_code(app: App[Any]) -> None:
    """After an unlock that finished a key renewal cut short, show its new recovery code."""
    vault = context_of(app).vault
    code, vault.unseen_recovery_code = vault.unseen_recovery_code, None
    if code:
        show_new_recovery_code(app, code, t("rotate.unseen_code"))


class RotateKeyScreen(ModalScreen[str | None]):
    """Explains the renewal of the data key, asks the passphrase, re-encrypts with progress.

    Returns the new recovery code, or None when cancelled.
    """

    BINDINGS: ClassVar[list[BindingType]] = [binding("escape", "cancel", "rotate.cancel")]

    class Progressed(Message):
        """The rotation's worker reports a phase and the fraction done."""

        def __init__(self, phase: str, done: float) -> None:
            super().__init__()
            self.phase = phase
            self.done = done

    def __init__(self) -> None:
        super().__init__()
        self._rotating = False
        self._code_waiting: str | None = None

    def compose(self) -> ComposeResult:
        """Explanation, passphrase, progress, buttons."""
        with VerticalScroll(), Vertical(id="rotate-box", classes="dialog"):
            yield Static(t("rotate.title"), classes="dialog-title")
            yield Static(t("rotate.explain"), classes="dialog-text")
            yield Static(t("rotate.passphrase"), classes="field-label")
            yield Input(password=True, id="rotate-passphrase")
            yield Static("", id="rotate-message", classes="error-message")
            yield Static("", id="rotate-status", classes="dialog-hint")
            yield ProgressBar(total=100, show_eta=False, id="rotate-progress")
            yield Button(t("rotate.button"), id="rotate", variant="error")
            yield Button(t("common.cancel"), id="cancel")

    def on_mount(self) -> None:
        """Progress hidden until the work starts; the passphrase has the focus."""
        self.query_one("#rotate-progress").display = False
        self.query_one("#rotate-passphrase").focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything (not once the re-encryption has begun)."""
        if not self._rotating:
            self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No cancelling once the re-encryption runs: it finishes either way."""
        return not (action == "cancel" and self._rotating)

    @on(Input.Submitted, "#rotate-passphrase")
    @on(Button.Pressed, "#rotate")
    def submit(self) -> None:
        """Start the renewal in a worker."""
        if self._rotating:
            return
        passphrase = self.query_one("#rotate-passphrase", Input).value
        if not passphrase:
            self.query_one("#rotate-message", Static).update(t("error.unlock_failed"))
            return
        self._set_rotating(True)
        self.query_one("#rotate-status", Static).update(
            t("rotate.progress") + "\n" + t("rotate.working_hint")
        )
        self.rotate(passphrase)

    def _set_rotating(self, rotating: bool) -> None:
        self._rotating = rotating
        self.query_one("#rotate-message", Static).update("")
        self.query_one("#rotate-passphrase", Input).disabled = rotating
        self.query_one("#rotate", Button).disabled = rotating
        self.query_one("#cancel", Button).disabled = rotating
        progress = self.query_one("#rotate-progress", ProgressBar)
        progress.display = rotating
        progress.update(progress=0)
        self.refresh_bindings()

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="rotate-key",
        description="rotate-key",
    )
    def rotate(self, passphrase: str) -> None:
        """Wait for a running automatic backup, then rotate with no new one starting."""
        vault = context_of(self).vault

        def report(phase: str, done: float) -> None:
            self.post_message(self.Progressed(phase, done))

        try:
            with automatic_backup.suspended(vault.paths):
                automatic_backup.wait_for_automatic_backup(vault.paths)
                code = rotate_data_key(vault, passphrase, report)
        except EpcError as error:
            self.app.call_from_thread(self._failed, t(error.message_key, **error.params))
            return
        except Exception:
            self.app.call_from_thread(self._failed, t("error.generic"))
            raise
        self.app.call_from_thread(self._finished, code)

    def _finished(self, code: str) -> None:
        """Return the code, unless the screen was dropped meanwhile (the app locked): the code
        then stays sealed on disk and is offered after the next unlock."""
        if not self.is_attached:
            return
        if self.app.screen is self:
            self.dismiss(code)
        else:
            self._code_waiting = code  # the help is open over the dialog

    def on_screen_resume(self) -> None:
        """Back on top with a finished rotation: return its code now."""
        code, self._code_waiting = self._code_waiting, None
        if code:
            self.dismiss(code)

    @on(Progressed)
    def _progressed(self, message: Progressed) -> None:
        if not self._rotating:
            return
        status = self.query_one("#rotate-status", Static)
        bar = self.query_one("#rotate-progress", ProgressBar)
        if message.phase == "finishing":
            status.update(t("rotate.finishing") + "\n" + t("rotate.working_hint"))
            bar.update(progress=100)
        else:
            bar.update(progress=round(message.done * 100))

    def _failed(self, text: str) -> None:
        if not self.is_attached:
            return
        self._set_rotating(False)
        self.query_one("#rotate-status", Static).update("")
        self.query_one("#rotate-message", Static).update(text)
        self.query_one("#rotate-passphrase", Input).focus()
