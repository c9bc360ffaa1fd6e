"""Export the planned check-ins as an .ics file for the coach's own calendar.

A small dialog: where to write, the period (six months from today unless changed), and a
switch to include names, which shows a warning while on. Writing runs in a worker; the result
is the number of check-ins exported, or None when closed without exporting.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, Switch

from epc_tui.context import context_of
from epc_tui.i18n import t
from epc_tui.i18n.formats import format_number
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.screens.import_people import PathSuggester
from epc_tui.services.csv_import import expand_user_path
from epc_tui.services.ics_export import default_period, export_calendar
from epc_tui.vault.errors import EpcError
from epc_tui.widgets.date_field import DateField

DEFAULT_FILE = "~/epc-rencontres.ics"


class ExportCalendarScreen(ModalScreen[int | None]):
    """Path, period and the names switch; writes the .ics file in a worker."""

    CSS_PATH = [styles_dir() / "import.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("escape", "cancel", "export_ics.cancel"),
    ]

    def compose(self) -> ComposeResult:
        """The form."""
        start, end = default_period(context_of(self).clock.today())
        with VerticalScroll(id="export-dialog", classes="dialog"):
            yield Static(t("export_ics.title"), classes="dialog-title")
            yield Static(t("export_ics.explain"), classes="dialog-hint")
            yield Label(t("export_ics.path_label"), classes="field-label")
            yield Input(value=DEFAULT_FILE, id="export-path", suggester=PathSuggester((".ics",)))
            with Horizontal(id="export-period"):
                with Vertical():
                    yield Label(t("export_ics.from_label"), classes="field-label")
                    yield DateField(start, id="export-from")
                with Vertical():
                    yield Label(t("export_ics.to_label"), classes="field-label")
                    yield DateField(end, id="export-to")
            with Horizontal(id="export-names-row"):
                yield Switch(False, id="export-with-names")
                yield Label(t("export_ics.with_names"))
            yield Static(t("ics.with_names_warning"), id="export-names-warning")
            yield Static("", id="export-message", classes="error-message")
            with Horizontal(id="export-actions"):
                yield Button(t("export_ics.button"), id="export-run", variant="primary")
                yield Button(t("common.cancel"), id="export-cancel")

    def on_mount(self) -> None:
        """The warning shows only with names; focus on the path."""
        self.query_one("#export-names-warning").display = False
        self.query_one("#export-path", Input).focus()

    @on(Switch.Changed, "#export-with-names")
    def _names_switched(self, event: Switch.Changed) -> None:
        self.query_one("#export-names-warning").display = event.value

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-run")
    def action_export(self) -> None:
        """Check the fields, then write in a worker."""
        start = self.query_one("#export-from", DateField).value
        end = self.query_one("#export-to", DateField).value
        typed = self.query_one("#export-path", Input).value
        message = self.query_one("#export-message", Static)
        if start is None or end is None:
            message.update(t("date.error.not_understood"))
            return
        if not typed.strip():
            message.update(t("ics.error.is_directory"))
            return
        message.update("")
        self.query_one("#export-run", Button).disabled = True
        with_names = self.query_one("#export-with-names", Switch).value
        self.write_calendar(expand_user_path(typed), start, end, with_names)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="export-ics",
        description="export-ics",
    )
    def write_calendar(self, path: Path, start: date, end: date, with_names: bool) -> None:
        """Query the planned check-ins and write the file atomically (owner-only)."""
        app = context_of(self)
        try:
            done = export_calendar(app.vault, path, start, end, app.clock.now(), with_names)
        except EpcError as error:
            app.call_from_thread(self._failed, t(error.message_key, **error.params))
            return
        app.call_from_thread(self._done, done.count)

    def _failed(self, message: str) -> None:
        self.query_one("#export-run", Button).disabled = False
        self.query_one("#export-message", Static).update(Text(message))

    def _done(self, count: int) -> None:
        self.app.notify(t("export_ics.done", count=format_number(count)))
        self.dismiss(count)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
