"""Import people from a spreadsheet, from the caseload: choose the file, see what was understood.

The coach types a path (with completion of folders and `.csv` files), the file is read and
checked in a worker, and the screen shows the rows understood, the problems with their row
numbers, and the warnings. The Import button stays disabled while a row is wrong, unless the
coach ticks "import only the good rows". The import runs in a worker, in one transaction;
closing the screen (or locking) while it runs stops it and nothing is saved. The result is
the number of people imported.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Static
from textual.worker import get_current_worker

from epc_tui.context import context_of
from epc_tui.i18n import t
from epc_tui.i18n.formats import format_day, format_number
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.services.csv_import import (
    ImportPlan,
    expand_user_path,
    import_people,
    plan_from_file,
)
from epc_tui.vault import people as people_store
from epc_tui.vault import tracks as track_store
from epc_tui.vault.errors import EpcError

PREVIEW_ROWS = 300  # a DataTable of 100,000 rows takes seconds to draw; the rest is counted
SHOWN_PROBLEMS = 200


class PathSuggester(Suggester):
    """Completes the last part of a path typed in an Input with folders and matching files.

    Folders get a trailing `/` so the coach can keep typing; among files only those ending
    in one of `extensions` are offered. Hidden entries are offered only when a dot is typed.
    """

    def __init__(self, extensions: tuple[str, ...]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.extensions = extensions

    async def get_suggestion(self, value: str) -> str | None:
        """The first folder or file that starts with what is typed after the last `/`."""
        if not value:
            return None
        folder_text, _, prefix = value.rpartition("/")
        folder = Path(os.path.expanduser(folder_text + "/" if folder_text else "."))
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name.casefold())
        except OSError:
            return None
        for entry in entries:
            if not entry.name.startswith(prefix) or entry.name == prefix:
                continue
            if entry.name.startswith(".") and not prefix.startswith("."):
                continue
            try:
                is_folder = entry.is_dir()
            except OSError:
                continue
            if is_folder:
                return value + entry.name[len(prefix) :] + "/"
            if entry.name.casefold().endswith(self.extensions):
                return value + entry.name[len(prefix) :]
        return None


class ImportPeopleScreen(ModalScreen[int]):
    """Choose a CSV file, check it, see the preview and the problems, then import."""

    CSS_PATH = [styles_dir() / "import.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("escape", "cancel", "import.cancel"),
    ]

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self._initial_path = path
        self._plan: ImportPlan | None = None
        self._importing = False

    def compose(self) -> ComposeResult:
        """Path, preview table, problems, actions."""
        with Vertical(id="import-dialog", classes="dialog"):
            yield Static(t("import.title"), classes="dialog-title")
            yield Static(t("import.explain"), classes="dialog-hint")
            yield Label(t("import.path_label"), classes="field-label")
            with Horizontal(id="import-path-row"):
                yield Input(
                    value=self._initial_path,
                    placeholder=t("import.path_placeholder"),
                    id="import-path",
                    suggester=PathSuggester((".csv", ".txt")),
                )
                yield Button(t("import.check"), id="import-check")
            yield Static("", id="import-summary")
            yield DataTable(id="import-preview", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="import-problems-box"):
                yield Static("", id="import-problems")
            with Horizontal(id="import-actions"):
                yield Checkbox(t("import.skip_bad"), id="import-skip-bad")
                yield Button(t("import.button"), id="import-run", variant="primary", disabled=True)
                yield Button(t("common.cancel"), id="import-cancel")

    def on_mount(self) -> None:
        """Columns of the preview; focus on the path."""
        table = self.query_one("#import-preview", DataTable)
        for key in ("line", "name", "kind", "track", "date", "code"):
            table.add_column(t(f"import.column.{key}"), key=key)
        table.display = False
        self.query_one("#import-skip-bad", Checkbox).display = False
        self.query_one("#import-problems-box").display = False
        self.query_one("#import-path", Input).focus()

    # -- checking ---------------------------------------------------------------------------

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import-check")
    def action_check(self) -> None:
        """Read and check the file in a worker."""
        typed = self.query_one("#import-path", Input).value
        if not typed.strip() or self._importing:
            return
        self._plan = None
        self.query_one("#import-run", Button).disabled = True
        self.query_one("#import-summary", Static).update(t("import.reading"))
        self.check_file(str(expand_user_path(typed)))

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="import-check",
        description="import-check",
    )
    def check_file(self, path: str) -> None:
        """Read the file and check every row against the vault's tracks and codes."""
        app = context_of(self)
        try:
            tracks = track_store.list_tracks(app.vault, include_archived=True)
            taken = {person.code for person in people_store.list_people(app.vault)}
        except EpcError as error:
            app.call_from_thread(self._show_failure, t(error.message_key, **error.params))
            return
        plan = plan_from_file(Path(path), tracks, taken, app.clock.today())
        if not get_current_worker().is_cancelled:
            app.call_from_thread(self._show_plan, plan)

    def _show_plan(self, plan: ImportPlan) -> None:
        self._plan = plan
        table = self.query_one("#import-preview", DataTable)
        table.clear()
        for row in plan.rows[:PREVIEW_ROWS]:
            draft = row.draft
            table.add_row(
                Text(str(row.line)),
                Text(draft.full_name),
                Text(t(f"kind_short.{draft.kind}")),
                Text(row.track_name),
                Text(format_day(draft.anchor_date, "short") if draft.anchor_date else ""),
                Text(draft.code or "—"),
            )
        table.display = bool(plan.rows)
        self.query_one("#import-summary", Static).update(
            Text(
                t(
                    "import.summary",
                    good=format_number(len(plan.rows)),
                    rows=format_number(plan.data_rows),
                    bad=format_number(len(plan.bad_lines)),
                )
            )
        )
        self._show_problems(plan)
        skip = self.query_one("#import-skip-bad", Checkbox)
        skip.display = bool(plan.bad_lines) and bool(plan.rows) and not plan.file_errors
        self._update_import_button()

    def _show_problems(self, plan: ImportPlan) -> None:
        listed = [(problem, True) for problem in plan.errors]
        listed += [(problem, False) for problem in plan.warnings]
        lines = [
            Text(problem.message(), style="bold" if is_error else "italic")
            for problem, is_error in listed[:SHOWN_PROBLEMS]
        ]
        if len(listed) > SHOWN_PROBLEMS:
            lines.append(Text(t("import.more_errors", count=len(listed) - SHOWN_PROBLEMS)))
        problems = Text("\n").join(lines)
        box = self.query_one("#import-problems-box")
        box.display = bool(listed)
        box.set_class(bool(plan.errors), "has-errors")
        self.query_one("#import-problems", Static).update(problems)

    def _show_failure(self, message: str) -> None:
        self.query_one("#import-summary", Static).update(Text(message))

    @on(Checkbox.Changed, "#import-skip-bad")
    def _update_import_button(self) -> None:
        plan = self._plan
        skip = self.query_one("#import-skip-bad", Checkbox).value
        ready = plan is not None and plan.importable(skip) and not self._importing
        self.query_one("#import-run", Button).disabled = not ready

    # -- importing --------------------------------------------------------------------------

    @on(Button.Pressed, "#import-run")
    def action_import(self) -> None:
        """Import the checked plan in a worker (one transaction)."""
        plan = self._plan
        skip = self.query_one("#import-skip-bad", Checkbox).value
        if plan is None or not plan.importable(skip) or self._importing:
            return
        self._importing = True
        self._update_import_button()
        self.query_one("#import-check", Button).disabled = True
        self.run_import(plan, skip)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="import-run",
        description="import-run",
    )
    def run_import(self, plan: ImportPlan, skip_bad: bool) -> None:
        """Enrol everyone with their plans; progress between chunks; stop if cancelled."""
        app = context_of(self)
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            app.call_from_thread(self._show_progress, done, total)

        try:
            ids = import_people(
                app.vault,
                plan,
                app.settings,
                app.clock.now(),
                skip_bad=skip_bad,
                progress=progress,
                cancelled=lambda: worker.is_cancelled,
            )
            app.vault.record_event("import", str(len(ids)))
        except EpcError as error:
            if not worker.is_cancelled:
                app.call_from_thread(self._import_failed, t(error.message_key, **error.params))
            return
        app.call_from_thread(self._imported, len(ids))

    def _show_progress(self, done: int, total: int) -> None:
        self.query_one("#import-summary", Static).update(
            Text(t("import.importing", done=format_number(done), total=format_number(total)))
        )

    def _import_failed(self, message: str) -> None:
        self._importing = False
        self.query_one("#import-check", Button).disabled = False
        self._show_failure(message)
        self._update_import_button()

    def _imported(self, count: int) -> None:
        self._importing = False
        self.app.notify(t("import.done", count=format_number(count)))
        self.dismiss(count)

    # -- leaving ----------------------------------------------------------------------------

    @on(Button.Pressed, "#import-cancel")
    def action_cancel(self) -> None:
        """Close; an import still running is stopped and rolled back."""
        self.workers.cancel_group(self, "import-run")
        self.dismiss(0)
