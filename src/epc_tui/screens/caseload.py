"""The caseload: everyone the coach follows, filtered as they type, with their flags.

Rows are loaded once in a worker; filtering and sorting then run in memory and only one page
of rows goes into the table, so a keystroke stays cheap with 10,000 people.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Input, Static, Tab, Tabs

from epc_tui.i18n import t
from epc_tui.i18n.formats import relative_days
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.screens.base import VaultScreen
from epc_tui.screens.confirm import ConfirmScreen
from epc_tui.services import caseload as caseload_service
from epc_tui.services.caseload import CaseloadRow
from epc_tui.services.enrolment import close_person, replan_person
from epc_tui.vault import people as people_store
from epc_tui.widgets.navigation import NavigationBar

PAGE_SIZE = 100  # a page of rows in the table: a keystroke rebuilds only this many
COLUMNS = ("name", "kind", "track", "next", "status", "flags")
STATUS_TABS = ("active", "paused", "closed", "all")


def track_label(key: str | None, name: str, short: bool = False) -> str:
    """A built-in track in the coach's language, a coach-made one by its name."""
    if not key:
        return name
    return t(f"track_short.{key}") if short else t(f"track.{key}")


BUILTIN_STEP_LABELS = {
    # The labels the built-in tracks store (in French); shown in the coach's language.
    "m1": "Rencontre 1 mois",
    "m3": "Rencontre 3 mois",
    "m6": "Rencontre 6 mois",
    "m12": "Rencontre 12 mois",
    "j2": "Premier appel (J+2)",
}


def meeting_label(step_key: str, kind: str, label: str) -> str:
    """A check-in's name in the coach's language (a coach-made label stays as typed)."""
    if not label or BUILTIN_STEP_LABELS.get(step_key) == label:
        key = step_key if step_key in BUILTIN_STEP_LABELS else kind
        return t(f"step.{key}")
    return label


def flag_words(row: CaseloadRow) -> Text:
    """Flags as symbol and word (never colour alone)."""
    text = Text()
    for name in row.flags:
        if text:
            text.append("  ")
        text.append(t(f"flag.{name}"), style="bold" if name in ("overdue", "safety_net") else "")
    return text


class CaseloadScreen(VaultScreen[None]):
    """People followed: filter, sort, open, create, pause, close, delete, import."""

    CSS_PATH: ClassVar[list[Any]] = [styles_dir() / "caseload.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("slash", "focus_filter", "caseload.filter", key_display="/"),
        binding("n", "new_person", "caseload.new"),
        binding("enter", "open_person", "caseload.open", show=False),
        binding("e", "edit_person", "caseload.edit"),
        binding("c", "start_call", "caseload.call"),
        binding("p", "pause_person", "caseload.pause"),
        binding("x", "close_person", "caseload.close"),
        binding("delete", "delete_person", "caseload.delete", key_display="Suppr"),
        binding("s", "next_sort", "caseload.sort"),
        binding("plus", "more_rows", "caseload.more", key_display="+"),
        binding("i", "import_people", "caseload.import"),
        binding("t", "show_tracks", "caseload.tracks"),
        binding("escape", "focus_table", "caseload.back_to_list", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CaseloadRow] = []
        self.shown: list[CaseloadRow] = []
        self.status_filter = "active"
        self.sort_key = "next"
        self.sort_reverse = False
        self.limit = PAGE_SIZE

    def compose(self) -> ComposeResult:
        """Status tabs and filter above the table; a line saying how many are shown."""
        yield NavigationBar("caseload")
        with Horizontal(id="caseload-top"):
            yield Tabs(
                *(Tab(t(f"caseload.tab.{status}"), id=f"tab-{status}") for status in STATUS_TABS),
                id="caseload-tabs",
            )
            yield Input(placeholder=t("caseload.filter_placeholder"), id="caseload-filter")
        table: DataTable[Any] = DataTable(
            id="caseload-table", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield Static("", id="caseload-count")
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then load."""
        table = self.query_one(DataTable)
        for key in COLUMNS:
            table.add_column(t(f"caseload.column.{key}"), key=key)
        table.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        """Back from a person's file or a form: show what changed."""
        if self.is_mounted:
            self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="caseload-load")
    def reload(self) -> None:
        """Read every person and their flags off the UI thread."""
        vault = self.epc.vault
        if not vault.is_unlocked:
            return
        rows = caseload_service.load_caseload(vault, self.epc.clock.today())
        self.app.call_from_thread(self._loaded, rows)

    def _loaded(self, rows: list[CaseloadRow]) -> None:
        self.rows = rows
        counts = caseload_service.status_counts(rows)
        tabs = self.query_one(Tabs)
        for status in STATUS_TABS:
            number = len(rows) if status == "all" else counts.get(status, 0)
            label = f"{t(f'caseload.tab.{status}')} ({number})"
            tab = tabs.query_one(f"#tab-{status}", Tab)
            tab.label = label
        self.refresh_table()

    def refresh_table(self) -> None:
        """Filter, sort and show one page (the cursor stays on the same person)."""
        text = self.query_one("#caseload-filter", Input).value
        status = None if self.status_filter == "all" else self.status_filter
        matching = caseload_service.filter_rows(self.rows, text, status)
        ordered = caseload_service.sort_rows(matching, self.sort_key, self.sort_reverse)
        self.shown = ordered[: self.limit]
        table = self.query_one(DataTable)
        keep = self.selected()
        table.clear()
        today = self.epc.clock.today()
        for row in self.shown:
            table.add_row(*self._cells(row, today), key=str(row.person.id))
        if keep is not None and any(row.person.id == keep.person.id for row in self.shown):
            table.move_cursor(row=table.get_row_index(str(keep.person.id)))
        count = self.query_one("#caseload-count", Static)
        if not self.rows:
            count.update(t("caseload.empty"))
        elif len(ordered) > len(self.shown):
            count.update(t("caseload.count_partial", shown=len(self.shown), total=len(ordered)))
        else:
            count.update(t("caseload.count", total=len(ordered)))
        self.refresh_bindings()

    def _cells(self, row: CaseloadRow, today: date) -> tuple[Text, ...]:
        person = row.person
        name = Text(person.full_name)
        name.append(f"  {person.code}", style="dim")
        if row.next_date is None:
            nxt = Text("—", style="dim")
        else:
            nxt = Text(relative_days(row.next_date, today), style="bold" if row.overdue else "")
        return (
            name,
            Text(t(f"kind_short.{person.kind}")),
            Text(track_label(person.track_key, person.track_name, short=True)),
            nxt,
            Text(t(f"status.{person.status}")),
            flag_words(row),
        )

    def selected(self) -> CaseloadRow | None:
        """The person under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count or not self.shown:
            return None
        index = table.cursor_row
        return self.shown[index] if 0 <= index < len(self.shown) else None

    # -- filter, tabs, sort -----------------------------------------------------------------

    @on(Input.Changed, "#caseload-filter")
    def _filter_changed(self) -> None:
        self.limit = PAGE_SIZE
        self.refresh_table()

    @on(Input.Submitted, "#caseload-filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    @on(Tabs.TabActivated, "#caseload-tabs")
    def _tab_changed(self, event: Tabs.TabActivated) -> None:
        self.status_filter = str(event.tab.id).removeprefix("tab-")
        self.limit = PAGE_SIZE
        if self.rows:
            self.refresh_table()

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        self.sort_reverse = not self.sort_reverse if key == self.sort_key else False
        self.sort_key = key
        self.refresh_table()

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_open_person()

    @on(DataTable.RowHighlighted)
    def _row_moved(self) -> None:
        self.refresh_bindings()

    def action_focus_filter(self) -> None:
        """Type to filter."""
        self.query_one("#caseload-filter", Input).focus()

    def action_focus_table(self) -> None:
        """Back to the list from the filter."""
        self.query_one(DataTable).focus()

    def action_next_sort(self) -> None:
        """Sort by the next column (the header can also be clicked)."""
        self.sort_key = COLUMNS[(COLUMNS.index(self.sort_key) + 1) % len(COLUMNS)]
        self.sort_reverse = False
        self.notify(t("caseload.sorted_by", column=t(f"caseload.column.{self.sort_key}")))
        self.refresh_table()

    def action_more_rows(self) -> None:
        """Show the next page of rows."""
        self.limit += PAGE_SIZE
        self.refresh_table()

    # -- actions on a person --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out what needs a selected person."""
        needs_person = {
            "open_person",
            "edit_person",
            "start_call",
            "pause_person",
            "close_person",
            "delete_person",
        }
        if action in needs_person:
            return True if self.is_mounted and self.selected() is not None else None
        if action == "more_rows":
            return True if self.is_mounted and len(self.shown) >= self.limit else None
        return True

    def action_new_person(self) -> None:
        """The form for a new person."""
        from epc_tui.screens.person_form import PersonFormScreen

        self.app.push_screen(PersonFormScreen(None), self._after_change)

    def action_open_person(self) -> None:
        """The person's file."""
        from epc_tui.screens.person import PersonScreen

        row = self.selected()
        if row is not None:
            self.app.push_screen(PersonScreen(row.person.id))

    def action_edit_person(self) -> None:
        """The form, filled in."""
        from epc_tui.screens.person_form import PersonFormScreen

        row = self.selected()
        if row is not None:
            self.app.push_screen(PersonFormScreen(row.person.id), self._after_change)

    def action_start_call(self) -> None:
        """Call the selected person about their next check-in."""
        from epc_tui.screens.call import CallScreen
        from epc_tui.vault.check_ins import next_open_check_in

        row = self.selected()
        if row is None:
            return
        upcoming = next_open_check_in(self.epc.vault, row.person.id, date.min)
        self.app.push_screen(CallScreen(row.person.id, upcoming.id if upcoming else None))

    def action_pause_person(self) -> None:
        """Pause an active person, or reopen a paused or closed one."""
        row = self.selected()
        if row is None:
            return
        now = self.epc.clock.now()
        if row.person.status == "active":
            people_store.set_person_status(self.epc.vault, row.person.id, "paused", now)
            self.notify(t("caseload.paused", name=row.person.full_name))
        else:
            people_store.set_person_status(self.epc.vault, row.person.id, "active", now)
            replan_person(self.epc.vault, row.person.id, self.epc.settings, now)
            self.notify(t("caseload.reopened", name=row.person.full_name))
        self.reload()

    def action_close_person(self) -> None:
        """Close the accompaniment, with a reason."""
        row = self.selected()
        if row is None or row.person.status == "closed":
            return
        person = row.person
        dialog = ConfirmScreen(
            t("caseload.close_question", name=person.full_name),
            t("caseload.close_yes"),
            danger=False,
            ask_reason=True,
        )

        def closed(answer: bool | None) -> None:
            if answer:
                vault, settings = self.epc.vault, self.epc.settings
                close_person(vault, person.id, dialog.reason, settings, self.epc.clock.now())
                self.notify(t("caseload.closed", name=person.full_name))
                self.reload()

        self.app.push_screen(dialog, closed)

    def action_delete_person(self) -> None:
        """Delete after confirmation — twice when the person has logbook notes."""
        row = self.selected()
        if row is None:
            return
        person = row.person
        has_notes = people_store.person_has_notes(self.epc.vault, person.id)

        def delete() -> None:
            people_store.delete_person(self.epc.vault, person.id)
            self.notify(t("caseload.deleted", name=person.full_name))
            self.reload()

        def second(answer: bool | None) -> None:
            if answer:
                delete()

        def first(answer: bool | None) -> None:
            if not answer:
                return
            if has_notes:
                question = t("caseload.delete_notes_question", name=person.full_name)
                self.app.push_screen(ConfirmScreen(question, t("caseload.delete_yes")), second)
            else:
                delete()

        question = t("caseload.delete_question", name=person.full_name)
        self.app.push_screen(ConfirmScreen(question, t("caseload.delete_yes")), first)

    def action_import_people(self) -> None:
        """Import people from a spreadsheet (CSV)."""
        from epc_tui.screens.import_people import ImportPeopleScreen

        self.app.push_screen(ImportPeopleScreen(), self._after_change)

    def action_show_tracks(self) -> None:
        """The tracks: read the built-in ones, create and edit the coach's own."""
        from epc_tui.screens.tracks import TracksScreen

        self.app.push_screen(TracksScreen())

    def _after_change(self, _result: object) -> None:
        self.reload()
