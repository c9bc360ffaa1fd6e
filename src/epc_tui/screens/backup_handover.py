"""Préparer la relève: export chosen people for another coach, or merge a handover file in.

The import first runs as a dry run and shows what would be added and every difference with
this vault; only "Importer" commits it (one transaction, nothing overwritten). Both dialogs
work in a thread worker: Argon2id takes about a second with backup-strength parameters.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from epc_tui.context import context_of
from epc_tui.i18n import t
from epc_tui.i18n.formats import format_number
from epc_tui.keys import binding
from epc_tui.screens.backups import FolderSuggester
from epc_tui.services.backup_places import HANDOVER_SUFFIX
from epc_tui.services.passphrase import require_strong
from epc_tui.vault.errors import EpcError
from epc_tui.vault.handover import (
    HandoverReport,
    export_handover,
    import_handover,
    read_handover,
)


def report_text(report: HandoverReport) -> str:
    """What an import added (or would add), then each difference, one per line."""
    key = "handover.preview" if report.dry_run else "handover.imported"
    lines = [
        t(
            key,
            added=format_number(report.people_added),
            known=format_number(report.people_already_there),
            notes=format_number(report.notes_added),
            check_ins=format_number(report.check_ins_added),
            actions=format_number(report.actions_added),
        )
    ]
    if report.conflicts:
        lines.append(t("handover.conflicts", count=format_number(len(report.conflicts))))
        lines += [
            "  "
            + t(
                "handover.conflict_line",
                code=c.person_code,
                record=t(f"handover.record.{c.record}"),
                detail=c.detail,
            )
            for c in report.conflicts
        ]
    return "\n".join(lines)


class HandoverDialog(ModalScreen[bool]):
    """Shared frame: a scrolling form, a message line, Escape to close."""

    DEFAULT_CSS = """
    HandoverDialog { align: center middle; }
    HandoverDialog .dialog { max-height: 90%; }
    HandoverDialog Input { margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [binding("escape", "close", "handover.close")]

    def say(self, text: str, error: bool = False) -> None:
        """The dialog's message line."""
        if not self.is_mounted:
            return
        message = self.query_one("#handover-message", Static)
        message.set_class(error, "error-message")
        message.update(text)

    def fail(self, error: BaseException) -> None:
        """A translated sentence for a known error, a generic one otherwise (from a thread)."""
        text = t(error.message_key, **error.params) if isinstance(error, EpcError) else ""
        self.app.call_from_thread(self.say, text or t("handover.failed"), True)

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(False)


class HandoverExportScreen(HandoverDialog):
    """Codes of the people to hand over, where to write, and a passphrase typed twice."""

    def compose(self) -> ComposeResult:
        """The export form."""
        with VerticalScroll(classes="dialog"):
            yield Static(t("handover.export_title"), classes="dialog-title")
            yield Static(t("handover.export_explain"), classes="dialog-text")
            yield Input(placeholder=t("handover.codes_placeholder"), id="handover-codes")
            yield Input(
                placeholder=t("handover.folder_placeholder"),
                suggester=FolderSuggester(),
                id="handover-folder",
            )
            yield Input(password=True, placeholder=t("handover.new_secret"), id="handover-secret")
            yield Input(
                password=True, placeholder=t("handover.repeat_secret"), id="handover-repeat"
            )
            yield Static("", id="handover-message")
            with Horizontal(classes="backup-actions"):
                yield Button(t("handover.close_button"), id="handover-close")
                yield Button(t("handover.export_button"), id="handover-export", variant="primary")

    @on(Button.Pressed, "#handover-close")
    def _close(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#handover-export")
    def _export(self) -> None:
        codes = [c.strip() for c in self.query_one("#handover-codes", Input).value.split(",")]
        folder = Path(self.query_one("#handover-folder", Input).value.strip()).expanduser()
        secret = self.query_one("#handover-secret", Input).value
        if not [c for c in codes if c]:
            self.say(t("handover.codes_missing"), error=True)
            return
        if not folder.is_dir():
            self.say(t("error.backup_unreadable"), error=True)
            return
        if secret != self.query_one("#handover-repeat", Input).value:
            self.say(t("error.passphrases_differ"), error=True)
            return
        try:
            require_strong(secret)
        except EpcError as error:
            self.say(t(error.message_key, **error.params), error=True)
            return
        now = context_of(self).clock.now()
        destination = folder / f"releve-{now:%Y-%m-%d-%H%M}{HANDOVER_SUFFIX}"
        self.say(t("handover.working"))
        self._write(codes, destination, secret, now)

    @work(
        thread=True, exclusive=True, exit_on_error=False, group="handover", description="handover"
    )
    def _write(self, codes: list[str], destination: Path, secret: str, now: datetime) -> None:
        vault = context_of(self).vault
        try:
            summary = export_handover(vault, codes, destination, secret, now)
            vault.record_event("handover_export", detail=str(summary.people))
        except BaseException as error:
            self.fail(error)
            return
        text = t(
            "handover.exported",
            path=str(summary.path),
            people=format_number(summary.people),
            notes=format_number(summary.notes),
        )
        self.app.call_from_thread(self.say, text)


class HandoverImportScreen(HandoverDialog):
    """A handover file and its passphrase: preview first, then import."""

    def __init__(self) -> None:
        super().__init__()
        self._people: list[dict[str, Any]] | None = None

    def compose(self) -> ComposeResult:
        """The import form."""
        with VerticalScroll(classes="dialog"):
            yield Static(t("handover.import_title"), classes="dialog-title")
            yield Static(t("handover.import_explain"), classes="dialog-text")
            yield Input(
                placeholder=t("handover.file_placeholder"),
                suggester=FolderSuggester(),
                id="handover-file",
            )
            yield Input(password=True, placeholder=t("handover.secret"), id="handover-secret")
            with Vertical():
                yield Static("", id="handover-message")
            with Horizontal(classes="backup-actions"):
                yield Button(t("handover.close_button"), id="handover-close")
                yield Button(t("handover.preview_button"), id="handover-preview")
                yield Button(
                    t("handover.import_button"),
                    id="handover-import",
                    variant="primary",
                    disabled=True,
                )

    @on(Button.Pressed, "#handover-close")
    def _close(self) -> None:
        self.dismiss(False)

    @on(Input.Changed)
    def _changed(self) -> None:
        """Another file or passphrase: the preview no longer applies."""
        self._people = None
        self.query_one("#handover-import", Button).disabled = True

    @on(Button.Pressed, "#handover-preview")
    def _preview(self) -> None:
        path = Path(self.query_one("#handover-file", Input).value.strip()).expanduser()
        secret = self.query_one("#handover-secret", Input).value
        if not path.is_file() or not secret:
            self.say(t("handover.file_missing"), error=True)
            return
        self.say(t("handover.working"))
        self._read(path, secret)

    @work(
        thread=True, exclusive=True, exit_on_error=False, group="handover", description="handover"
    )
    def _read(self, path: Path, secret: str) -> None:
        vault = context_of(self).vault
        try:
            people = read_handover(path, secret)
            report = import_handover(vault, people, dry_run=True)
        except BaseException as error:
            self.fail(error)
            return
        self.app.call_from_thread(self._previewed, people, report)

    def _previewed(self, people: list[dict[str, Any]], report: HandoverReport) -> None:
        if not self.is_mounted:
            return
        self._people = people
        self.say(report_text(report))
        self.query_one("#handover-import", Button).disabled = False

    @on(Button.Pressed, "#handover-import")
    def _import(self) -> None:
        if self._people is None:
            return
        self.query_one("#handover-import", Button).disabled = True
        self.say(t("handover.working"))
        self._commit(self._people)

    @work(
        thread=True, exclusive=True, exit_on_error=False, group="handover", description="handover"
    )
    def _commit(self, people: list[dict[str, Any]]) -> None:
        vault = context_of(self).vault
        try:
            report = import_handover(vault, people)
            vault.record_event("handover_import", detail=str(report.people_added))
        except BaseException as error:
            self.fail(error)
            return
        self._people = None
        self.app.call_from_thread(self.say, report_text(report))
