"""Backups (F6): the automatic backups, "back up now to…" a USB key, verify, restore.

Every long piece of work (writing, verifying, restoring) runs in one worker of the group
"backup", shows a progress bar and can be cancelled (Escape): the vault functions check the
worker's `is_cancelled` between chunks and leave nothing half-written. A restore is confirmed
first, makes a last automatic backup of the current state, then locks the application and
swaps the verified database in, so the restored vault is unlocked afresh.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.suggester import Suggester
from textual.widgets import Button, DataTable, Footer, Input, ProgressBar, Static
from textual.worker import Worker, get_current_worker

from epc_tui.i18n import t
from epc_tui.i18n.formats import format_moment, format_number
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.screens.base import VaultScreen
from epc_tui.services import automatic_backup
from epc_tui.services.backup_places import (
    BACKUP_SUFFIX,
    check_space,
    complete_path,
    removable_drives,
    size_text,
)
from epc_tui.vault.backup import (
    STAGE_REKEY,
    STAGE_STRUCTURE,
    NotEnoughSpace,
    PreparedRestore,
    create_backup,
    estimated_size,
    opens_with_key,
    prepare_restore,
    read_backup_info,
    swap_in,
    unlock_backup,
    verify_backup,
)
from epc_tui.vault.errors import EpcError
from epc_tui.widgets.navigation import NavigationBar


class FolderSuggester(Suggester):
    """Completes folders and backup files as the coach types a path."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """The first folder or `.epcbak` file starting with what is typed."""
        return complete_path(value)


def local_time(moment: datetime) -> str:
    """A backup time in the coach's format (aware times shown in local time)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return format_moment(moment)


@dataclass(frozen=True)
class _Progress:
    """Throttles progress reports from a worker to at most one per percent."""

    screen: BackupsScreen
    total: int
    last: list[int]

    def __call__(self, done: int) -> None:
        percent = int(100 * done / self.total) if self.total else 100
        if percent != self.last[0]:
            self.last[0] = percent
            self.screen.app.call_from_thread(self.screen.show_progress, done, self.total)


class BackupsScreen(VaultScreen[None]):
    """Automatic backups, a backup to a chosen place, verification and restore."""

    CSS_PATH: ClassVar[list[Any]] = [styles_dir() / "backups.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("ctrl+b", "backup_now", "backups.backup_now"),
        binding("v", "verify_selected", "backups.verify"),
        binding("r", "restore_selected", "backups.restore"),
        binding("escape", "cancel_work", "backups.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._listed: list[automatic_backup.AutomaticBackup] = []
        self._work: Worker[None] | None = None

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Automatic backups above, a chosen file or folder below, progress at the bottom."""
        settings = self.epc.settings
        yield NavigationBar("backups")
        with VerticalScroll(id="backups-body"):
            yield Static(t("backups.automatic_title"), classes="section-title")
            yield Static(
                t(
                    "backups.automatic_hint",
                    daily=settings.backup_keep_daily,
                    weekly=settings.backup_keep_weekly,
                    monthly=settings.backup_keep_monthly,
                ),
                classes="section-hint",
            )
            table: DataTable[str] = DataTable(id="automatic-table", cursor_type="row")
            yield table
            yield Static("", id="automatic-empty", classes="section-hint")
            with Horizontal(classes="backup-actions"):
                yield Button(t("backups.verify_selected"), id="verify-selected")
                yield Button(t("backups.restore_selected"), id="restore-selected")
            yield Static(t("backups.file_title"), classes="section-title")
            yield Static("", id="drives", classes="section-hint")
            yield Input(
                placeholder=t("backups.path_placeholder"),
                suggester=FolderSuggester(),
                id="path",
            )
            yield Input(
                password=True,
                placeholder=t("backups.passphrase_placeholder"),
                id="backup-passphrase",
            )
            with Horizontal(classes="backup-actions"):
                yield Button(t("backups.backup_here"), id="backup-now", variant="primary")
                yield Button(t("backups.verify_file"), id="verify-file")
                yield Button(t("backups.restore_file"), id="restore-file")
            yield Static(t("backups.handover_title"), classes="section-title")
            yield Static(t("backups.handover_hint"), classes="section-hint")
            with Horizontal(classes="backup-actions"):
                yield Button(t("backups.handover_export"), id="handover-export-open")
                yield Button(t("backups.handover_import"), id="handover-import-open")
            with Horizontal(id="work-row"):
                yield ProgressBar(id="progress", show_eta=False)
                yield Button(t("backups.cancel"), id="cancel-work")
            yield Static("", id="backup-message")
        yield Footer()

    def on_mount(self) -> None:
        """Columns, detected drives, and the list (read in a worker)."""
        table = self.query_one("#automatic-table", DataTable)
        table.add_columns(t("backups.col_date"), t("backups.col_size"), t("backups.col_verified"))
        self.query_one("#work-row").display = False
        drives = removable_drives()
        drives_line = self.query_one("#drives", Static)
        if drives:
            drives_line.update(t("backups.drives_found", drives=", ".join(map(str, drives))))
            self.query_one("#path", Input).value = f"{drives[0]}/"
        else:
            drives_line.update(t("backups.drives_none"))
        self.load_list()

    def resume_factory(self) -> Callable[[], Screen[Any]] | None:
        """After unlock, the backups screen again (nothing personal to remember)."""
        return BackupsScreen

    def save_before_lock(self) -> None:
        """Stop any running work: it holds a copy of the key until it ends."""
        if self._work is not None:
            self._work.cancel()

    # -- the list ---------------------------------------------------------------------------

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="backup-list",
        description="backup-list",
    )
    def load_list(self) -> None:
        """Read the automatic-backup folder."""
        listed = automatic_backup.list_automatic_backups(self.epc.vault.paths)
        self.app.call_from_thread(self._show_list, listed)

    def _show_list(self, listed: list[automatic_backup.AutomaticBackup]) -> None:
        if not self.is_mounted:
            return
        self._listed = listed
        table = self.query_one("#automatic-table", DataTable)
        table.clear()
        for item in listed:
            verified = (
                t("backups.verified_at", date=local_time(item.verified_at))
                if item.verified_at
                else t("backups.not_verified")
            )
            table.add_row(local_time(item.made_at), size_text(item.size), verified)
        self.query_one("#automatic-empty", Static).update("" if listed else t("backups.none_yet"))

    def _selected(self) -> Path | None:
        table = self.query_one("#automatic-table", DataTable)
        if not self._listed or not 0 <= table.cursor_row < len(self._listed):
            self.say(t("backups.choose_one"), error=True)
            return None
        return self._listed[table.cursor_row].path

    def _typed_file(self) -> Path | None:
        raw = self.query_one("#path", Input).value.strip()
        path = Path(raw).expanduser() if raw else None
        if path is None or not path.is_file():
            self.say(t("backups.choose_file"), error=True)
            return None
        return path

    # -- messages and progress --------------------------------------------------------------

    def say(self, text: str, error: bool = False) -> None:
        """One line under the buttons (red for a problem)."""
        if not self.is_mounted:
            return
        message = self.query_one("#backup-message", Static)
        message.set_class(error, "error-message")
        message.update(text)
        # At 80×24 the line is below the fold: bring it into view, or the key seems to do nothing.
        self.call_after_refresh(message.scroll_visible, animate=False)

    def show_progress(self, done: int, total: int) -> None:
        """Move the progress bar (called from workers through `call_from_thread`)."""
        if not self.is_mounted:
            return
        self.query_one("#progress", ProgressBar).update(total=max(total, 1), progress=done)

    def _working(self, text: str) -> None:
        if not self.is_mounted:
            return
        self.say(text)
        self.query_one("#progress", ProgressBar).update(total=100, progress=0)
        self.query_one("#work-row").display = True

    def show_stage(self, stage: str) -> None:
        """A restore's part begins: say which; SQLite's structural check, which has no
        progress of its own and is most of a large restore, turns the bar indeterminate."""
        if not self.is_mounted or self._work is None:
            return
        if stage == STAGE_STRUCTURE:
            self.say(t("backups.restore_stage_structure"))
            self.query_one("#progress", ProgressBar).update(total=None)
        elif stage == STAGE_REKEY:
            self.say(t("backups.restore_stage_rekey"))
            self.query_one("#progress", ProgressBar).update(total=None)

    def _done(self, text: str, error: bool = False) -> None:
        self._work = None
        if not self.is_mounted:
            return
        self.query_one("#work-row").display = False
        self.say(text, error)

    def _report(self, total: int) -> _Progress:
        return _Progress(self, total, [-1])

    def _fail(self, error: BaseException) -> None:
        """Show why work stopped (a translated sentence; never the details of an accident)."""
        if isinstance(error, EpcError):
            text = t(error.message_key, **error.params)
        else:
            text = t("backups.failed")
        self.app.call_from_thread(self._done, text, True)

    @staticmethod
    def _cancelled() -> Callable[[], bool]:
        worker = get_current_worker()
        return lambda: worker.is_cancelled

    def action_cancel_work(self) -> None:
        """Escape: cancel the running work (nothing is left half-done)."""
        if self._work is not None:
            self._work.cancel()
            self._done(t("error.backup_cancelled"))

    @on(Button.Pressed, "#cancel-work")
    def _cancel_pressed(self) -> None:
        self.action_cancel_work()

    def _busy(self) -> bool:
        if self._work is not None and self._work.is_running:
            self.say(t("backups.busy"), error=True)
            return True
        return False

    # -- handover ---------------------------------------------------------------------------

    @on(Button.Pressed, "#handover-export-open")
    def _open_handover_export(self) -> None:
        from epc_tui.screens.backup_handover import HandoverExportScreen

        self.app.push_screen(HandoverExportScreen())

    @on(Button.Pressed, "#handover-import-open")
    def _open_handover_import(self) -> None:
        from epc_tui.screens.backup_handover import HandoverImportScreen

        self.app.push_screen(HandoverImportScreen())

    # -- back up now ------------------------------------------------------------------------

    @on(Button.Pressed, "#backup-now")
    def action_backup_now(self) -> None:
        """Back up to the typed folder or file, protected by the passphrase typed again."""
        if self._busy():
            return
        raw = self.query_one("#path", Input).value.strip()
        passphrase = self.query_one("#backup-passphrase", Input).value
        if not raw:
            self.say(t("backups.choose_place"), error=True)
            self.query_one("#path", Input).focus()
            return
        if not passphrase:
            self.say(t("backups.type_passphrase"), error=True)
            self.query_one("#backup-passphrase", Input).focus()
            return
        destination = Path(raw).expanduser()
        if destination.is_dir():
            destination = destination / f"epc-{self.epc.clock.now():%Y-%m-%d-%H%M}{BACKUP_SUFFIX}"
        if not destination.parent.is_dir():
            self.say(t("error.backup_unreadable"), error=True)
            return
        if destination.exists():
            self.say(t("backups.file_exists"), error=True)
            return
        self.query_one("#backup-passphrase", Input).value = ""
        self._working(t("backups.writing", path=str(destination)))
        self._work = self._backup_to(destination, passphrase)

    @work(thread=True, exclusive=True, exit_on_error=False, group="backup", description="backup")
    def _backup_to(self, destination: Path, passphrase: str) -> None:
        vault = self.epc.vault
        cancelled = self._cancelled()
        try:
            key = vault.data_key()
            check_space(vault.paths, destination)
            create_backup(
                vault.paths,
                key,
                destination,
                passphrase=passphrase,
                progress=self._report(estimated_size(vault.paths)),
                cancelled=cancelled,
            )
            self.app.call_from_thread(self._working, t("backups.verifying"))
            verified = verify_backup(
                vault.paths,
                destination,
                key,
                progress=self._report(read_backup_info(destination).payload_bytes),
                cancelled=cancelled,
            )
        except BaseException as error:
            self._fail(error)
            return
        text = t(
            "backups.written",
            path=str(destination),
            size=size_text(verified.info.file_bytes),
        )
        self.app.call_from_thread(self._done, text)

    # -- verify -----------------------------------------------------------------------------

    @on(Button.Pressed, "#verify-selected")
    def action_verify_selected(self) -> None:
        """Verify the automatic backup under the cursor."""
        path = self._selected()
        if path is not None:
            self._start_verify(path)

    @on(Button.Pressed, "#verify-file")
    def _verify_file(self) -> None:
        path = self._typed_file()
        if path is not None:
            self._start_verify(path)

    def _start_verify(self, path: Path) -> None:
        if self._busy():
            return
        self._with_secret(path, lambda secret: self._launch_verify(path, secret))

    def _launch_verify(self, path: Path, secret: str | None) -> None:
        self._working(t("backups.verifying"))
        self._work = self._verify(path, secret)

    def _with_secret(self, path: Path, then: Callable[[str | None], None]) -> None:
        """Run `then(None)` when the vault's key opens `path`, else ask for its secret."""
        try:
            own = opens_with_key(path, self.epc.vault.data_key())
        except EpcError as error:
            self.say(t(error.message_key, **error.params), error=True)
            return
        if own:
            then(None)
            return
        from epc_tui.screens.backup_secret import BackupSecretScreen

        def answered(secret: str | None) -> None:
            if secret:
                then(secret)

        self.app.push_screen(BackupSecretScreen(), answered)

    def _key_for(self, path: Path, secret: str | None) -> bytes:
        return self.epc.vault.data_key() if secret is None else unlock_backup(path, secret)

    @work(thread=True, exclusive=True, exit_on_error=False, group="backup", description="backup")
    def _verify(self, path: Path, secret: str | None) -> None:
        vault = self.epc.vault
        try:
            key = self._key_for(path, secret)
            total = read_backup_info(path).payload_bytes
            verified = verify_backup(
                vault.paths, path, key, progress=self._report(total), cancelled=self._cancelled()
            )
            automatic_backup.record_verified(vault.paths, path, self.epc.clock.now())
        except BaseException as error:
            self._fail(error)
            return
        counts = dict(verified.row_counts)
        text = t(
            "backups.verified",
            date=local_time(verified.info.created_at),
            people=format_number(counts.get("person", 0)),
            notes=format_number(counts.get("logbook_entry", 0)),
        )
        self.app.call_from_thread(self._done, text)
        self.app.call_from_thread(self.load_list)

    # -- restore ----------------------------------------------------------------------------

    @on(Button.Pressed, "#restore-selected")
    def action_restore_selected(self) -> None:
        """Restore the automatic backup under the cursor (after confirmation)."""
        path = self._selected()
        if path is not None:
            self._start_restore(path)

    @on(Button.Pressed, "#restore-file")
    def _restore_file(self) -> None:
        path = self._typed_file()
        if path is not None:
            self._start_restore(path)

    def _start_restore(self, path: Path) -> None:
        if self._busy():
            return
        try:
            info = read_backup_info(path)
        except EpcError as error:
            self.say(t(error.message_key, **error.params), error=True)
            return
        from epc_tui.screens.confirm import ConfirmScreen

        question = t("backups.restore_question", date=local_time(info.created_at))

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._with_secret(path, lambda secret: self._launch_restore(path, secret))

        self.app.push_screen(
            ConfirmScreen(question, t("backups.restore_yes"), danger=True), confirmed
        )

    def _launch_restore(self, path: Path, secret: str | None) -> None:
        self._working(t("backups.restoring"))
        self._work = self._restore(path, secret)

    @work(thread=True, exclusive=True, exit_on_error=False, group="backup", description="backup")
    def _restore(self, path: Path, secret: str | None) -> None:
        vault = self.epc.vault
        paths = vault.paths
        try:
            current_key = vault.data_key()
            backup_key = self._key_for(path, secret)
            automatic_backup.wait_for_automatic_backup(paths)
            with contextlib.suppress(NotEnoughSpace):
                # a last automatic backup of the current state, should the choice be wrong
                automatic_backup.backup_if_changed(
                    paths, current_key, automatic_backup.retention_of(self.epc.settings)
                )
            total = read_backup_info(path).payload_bytes
            prepared = prepare_restore(
                paths,
                path,
                backup_key,
                current_key,
                progress=self._report(total),
                cancelled=self._cancelled(),
                stage=lambda name: self.app.call_from_thread(self.show_stage, name),
            )
        except BaseException as error:
            self._fail(error)
            return
        self.app.call_from_thread(cast(Any, self._finish_restore), prepared)

    async def _finish_restore(self, prepared: PreparedRestore) -> None:
        """Lock (every connection closed, key forgotten), then swap the database in."""
        app = self.app
        paths = self.epc.vault.paths
        with automatic_backup.suspended(paths):
            await app.run_action("lock")
            try:
                swap_in(paths, prepared)
            except OSError:
                app.notify(t("backups.restore_failed"), severity="error", timeout=15)
                return
        app.notify(t("backups.restored", date=local_time(prepared.info.created_at)), timeout=15)
