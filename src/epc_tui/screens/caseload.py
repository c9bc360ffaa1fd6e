"""The caseload: everyone the coach follows, filtered as they type, with their flags.

When the screen opens, a worker reads the first screenful of the tab (the people due first,
as the table sorts them) and has them drawn; then it reads everyone, resting between chunks
so the screen stays responsive, and the whole list replaces the first lines. Filtering and
sorting then run in memory, and the table draws only the lines on screen, so a keystroke
costs the same with 10,000 people as with 30.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from datetime import date
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.geometry import Size
from textual.widgets import Input, Static, Tab, Tabs
from textual.worker import Worker, WorkerState, get_current_worker

from epc_tui.i18n import current_language, t
from epc_tui.i18n.formats import relative_days
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.screens.base import VaultScreen
from epc_tui.screens.confirm import ConfirmScreen
from epc_tui.services import caseload as caseload_service
from epc_tui.services.caseload import FIRST_SCREENFUL, CaseloadRow, FirstScreenful
from epc_tui.services.enrolment import close_person, replan_person
from epc_tui.textclean import fold
from epc_tui.vault import people as people_store
from epc_tui.vault.records import PERSON_KINDS, PERSON_STATUSES
from epc_tui.vault.vault import Vault
from epc_tui.vault.warm_connection import WarmConnection
from epc_tui.widgets.caseload_table import CaseloadTable, Column
from epc_tui.widgets.key_footer import KeyFooter
from epc_tui.widgets.navigation import NavigationBar

COLUMNS = ("name", "kind", "track", "next", "status", "flags")
STATUS_TABS = ("active", "paused", "closed", "all")
NAME_WIDTH = (18, 40)  # the name column: at least, at most (the code follows the name)
TRACK_WIDTH = (10, 26)
NEXT_WIDTH = 20  # « en retard de 12 jours »
REST_SECONDS = 0.003  # the background read's rest between two chunks of rows
FIRST_FRAME_WAIT_SECONDS = 1.0  # at most, before reading everyone anyway
FIRST_READ_WAIT_SECONDS = 0.05  # at most, for the first screenful when the screen is built


def _read_everyone(vault: Vault, today: date) -> list[CaseloadRow]:
    """Everyone, resting between chunks; then the reading thread lets go of the pages it
    decrypted (the next read is of everyone again)."""
    rows = caseload_service.load_caseload(vault, today, between_chunks=_rest)
    vault.release_page_cache()
    return rows


def _rest() -> None:
    """Between two chunks of the background read: let the UI thread have the interpreter."""
    time.sleep(REST_SECONDS)


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


def caseload_columns(rows: Sequence[CaseloadRow], with_status: bool) -> list[Column]:
    """The columns in the coach's language, as wide as what they will hold (the flags take
    what is left), measured on names and labels, never on drawn cells. The status column only
    on the "all" tab (on another tab every row would say the same). On a narrow terminal the
    track gives up width first, then the kind, the name and the date; the flags never."""
    labels = {key: t(f"caseload.column.{key}") for key in COLUMNS}
    people = [row.person for row in rows]
    longest_name = max(
        (len(person.full_name) + 2 + len(person.code) for person in people), default=0
    )
    tracks = {(person.track_key, person.track_name) for person in people}
    longest_track = max((len(track_label(*track, short=True)) for track in tracks), default=0)
    kinds = max(len(t(f"kind_short.{kind}")) for kind in PERSON_KINDS)
    statuses = max(len(t(f"status.{status}")) for status in PERSON_STATUSES)

    def fit(key: str, wanted: int, bounds: tuple[int, int] | None = None) -> int:
        low, high = bounds or (wanted, wanted)
        return max(len(labels[key]), min(high, max(low, wanted)))

    columns = [
        Column("name", labels["name"], fit("name", longest_name, NAME_WIDTH), 16, yields=3),
        Column("kind", labels["kind"], fit("kind", kinds), min_width=8, yields=2),
        Column("track", labels["track"], fit("track", longest_track, TRACK_WIDTH), 8, yields=1),
        Column("next", labels["next"], fit("next", NEXT_WIDTH), min_width=12, yields=4),
        Column("status", labels["status"], fit("status", statuses), min_width=5, yields=0),
        Column("flags", labels["flags"], None, min_width=14),
    ]
    return columns if with_status else [column for column in columns if column.key != "status"]


class FilterField(Input):
    """The filter field. Textual's `Input` sets its virtual size (a property that lays out
    the whole screen again) at every change of its text, which cost the caseload a layout
    of all its widgets per keystroke. The field's size never depends on its text (its width
    is fixed by the stylesheet), so the new virtual size is set without that layout; the
    rest is `Input`'s own behaviour."""

    def _watch_value(self, value: str) -> None:
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        self.refresh()
        super()._watch_value(value)


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
        binding("i", "import_people", "caseload.import"),
        binding("t", "show_tracks", "caseload.tracks"),
        binding("escape", "focus_table", "caseload.back_to_list", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CaseloadRow] = []
        self.shown: list[CaseloadRow] = []
        self.totals: dict[str, int] = {}
        self.complete = False  # False while only the first screenful is read
        self._complete_day: date | None = None  # the day everyone was last read on
        self.status_filter = "active"
        self.sort_key = "next"
        self.sort_reverse = False
        self._loading = False
        self._read_again = False  # shown again while reading: read once more after
        self._announcements = 0  # ScreenResume events received
        self._built_ahead = False  # built by the application in an idle moment, not shown
        self._tabs_outdated = False  # totals read while hidden, not yet on the tabs
        self._ready = False  # mounted: the widgets a read fills are there
        self._early: tuple[Any, ...] | None = None
        self._reader: WarmConnection | None = None  # the thread the people are read on
        self._has_selection = False
        self._measured: tuple[object, ...] = ()
        self._drawn_cells: dict[int, tuple[Text, ...]] = {}
        self._sorted: tuple[object, str, bool, list[CaseloadRow]] = (None, "", False, [])
        self._last_filter: tuple[object, str | None, str, Sequence[CaseloadRow]] = (
            None,
            None,
            "\0",
            (),
        )

    @property
    def table(self) -> CaseloadTable[CaseloadRow]:
        """The list of people."""
        return self.query_one("#caseload-table", CaseloadTable)

    def compose(self) -> ComposeResult:
        """Status tabs and filter above the table; a line saying how many are shown."""
        yield NavigationBar("caseload")
        with Horizontal(id="caseload-top"):
            yield Tabs(
                *(Tab(t(f"caseload.tab.{status}"), id=f"tab-{status}") for status in STATUS_TABS),
                id="caseload-tabs",
            )
            yield FilterField(placeholder=t("caseload.filter_placeholder"), id="caseload-filter")
        yield CaseloadTable[CaseloadRow](self._cells, id="caseload-table")
        yield Static("", id="caseload-count")
        yield KeyFooter(keys_at_once=True)  # check_action needs no widget
        self._reader = self.epc.reading_thread("caseload")
        self._read(wait_seconds=FIRST_READ_WAIT_SECONDS)  # the first lines in the first frame

    def on_mount(self) -> None:
        """Columns and focus (the rows load when the screen is shown)."""
        table = self.table
        table.set_columns(caseload_columns([], with_status=False))
        table.focus()
        self._ready = True
        if self._early is not None:
            early, self._early = self._early, None
            self._loaded(*early)

    def on_unmount(self) -> None:
        """Removed (the vault locked, or the application ends): let go of everyone's rows.
        A finished read's worker can keep this screen object alive a while after the lock
        (until its thread runs other work); the people must not stay in memory with it."""
        self.rows, self.shown, self.totals = [], [], {}
        self._sorted = (None, "", False, [])
        self._last_filter = (None, None, "\0", ())
        self._drawn_cells.clear()
        self._early = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def on_screen_resume(self) -> None:
        """Shown, first or again (back from a person's file or a form): read the people.
        Textual announces a mode's new screen once more than it is shown, when it is built;
        the read begun at compose answers that. Shown while a read begun earlier is under
        way (a screen built ahead, or back quickly): one more read after it."""
        self._announcements += 1
        if self._tabs_outdated and self.is_current:
            self._label_tabs()
        if self._announcements == 1:
            self._built_ahead = not self.is_current
            return
        if self._announcements == 2 and not self._built_ahead:
            return  # built and shown at once: the read begun at compose answers both
        if not self.is_mounted:
            return
        if not self._loading:
            self._read()
        elif self._built_ahead or self._announcements > 2:
            self._read_again = True

    def _read(self, wait_seconds: float = 0.0) -> None:
        """Read the people: the first screenful on the reading thread at once, then everyone
        in a worker. With `wait_seconds` (when the screen is built), the interface thread
        waits that long for the first screenful, so the screen's first frame shows it: the
        read alone takes a few milliseconds, while run beside the mounting of the screen it
        took 60-100 (each row it steps through waits for the interpreter)."""
        reader = self._reader
        if reader is None or not self.epc.vault.is_unlocked:
            return
        self._loading = True
        quick = (
            not self.rows
            and self.sort_key == "next"
            and not self.sort_reverse
            and self.status_filter in ("active", "paused")
        )
        today = self.epc.clock.today()
        first = reader.submit(
            partial(
                caseload_service.first_screenful,
                self.epc.vault,
                today,
                self.status_filter if quick else None,
                FIRST_SCREENFUL,
            )
        )
        drawn: threading.Event | None = None
        if wait_seconds:
            with contextlib.suppress(Exception):  # too slow, or failed: the worker says
                shown = first.result(timeout=wait_seconds)
                drawn = threading.Event()
                if shown.rows is None:
                    drawn.set()
                else:
                    if shown.complete:
                        self._complete_day = today
                    self._loaded(shown.rows, shown.totals, shown.complete, drawn.set)
        self.reload(today, first, drawn)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A read that failed leaves the screen ready to read again when shown."""
        if event.worker.group == "caseload-load" and event.state == WorkerState.ERROR:
            self._loading = False

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="caseload-load",
        description="caseload-load",
    )
    def reload(
        self, today: date, first: Future[FirstScreenful], drawn: threading.Event | None
    ) -> None:
        """Read the people on the screen's reading thread (its connection opened at unlock,
        its page cache kept from one read to the next): on a first opening, the first
        screenful of the tab (`_read` began it), drawn before everyone is read (a read
        meanwhile would hold the interpreter and delay that frame); then everyone, resting
        between chunks. A small caseload was read whole at once: nothing more to read."""
        vault = self.epc.vault
        reader = self._reader
        if not vault.is_unlocked or reader is None:
            return
        worker = get_current_worker()
        read = first.result()
        totals = read.totals
        if read.complete and read.rows is not None:  # everyone read at once: nothing more
            if drawn is None and not worker.is_cancelled:  # not shown yet by `_read`
                self._complete_day = today
                self.app.call_from_thread(self._loaded, read.rows, totals, True)
            return
        if drawn is None and read.rows is not None and not worker.is_cancelled:
            drawn = threading.Event()
            self.app.call_from_thread(self._loaded, read.rows, totals, False, drawn.set)
        if drawn is not None:
            drawn.wait(FIRST_FRAME_WAIT_SECONDS)
        if worker.is_cancelled:
            return
        rows = reader.run(partial(_read_everyone, vault, today))
        if worker.is_cancelled:
            return
        unchanged = (today, totals, rows) == (self._complete_day, self.totals, self.rows)
        if self.complete and unchanged:
            # Read again on coming back and nothing changed, not even the day (the lines say
            # "in 3 days"): the lines drawn stay (compared here, off the interface thread).
            self.app.call_from_thread(self._read_unchanged)
            return
        self._complete_day = today
        self.app.call_from_thread(self._loaded, rows, totals, True)

    def _read_unchanged(self) -> None:
        self._loading = False
        self._after_complete_read()

    def _after_complete_read(self) -> None:
        if self._read_again:
            self._read_again = False
            self._read()

    def _loaded(
        self,
        rows: list[CaseloadRow],
        totals: dict[str, int],
        complete: bool,
        when_drawn: Callable[[], object] | None = None,
    ) -> None:
        if not self._ready:  # read before the screen finished mounting: shown on mount
            self._early = (rows, totals, complete, when_drawn)
            return
        if not self.is_attached:  # dropped meanwhile (the vault locked)
            return
        self.rows = rows
        self.totals = totals
        self.complete = complete
        self._loading = not complete
        self._label_tabs()
        self.refresh_table()
        if when_drawn is not None:
            self.call_after_refresh(when_drawn)
        if complete:
            self._after_complete_read()

    def _label_tabs(self) -> None:
        """Each tab with its number of people. Not while hidden (built ahead, or under a
        person's file): Textual places the active tab's underline from the tab's width,
        which a hidden screen does not lay out again, so it would be left too short."""
        self._tabs_outdated = not self.is_current
        if self._tabs_outdated:
            return
        tabs = self.query_one(Tabs)
        for status in STATUS_TABS:
            number = sum(self.totals.values()) if status == "all" else self.totals.get(status, 0)
            label = f"{t(f'caseload.tab.{status}')} ({number})"
            tabs.query_one(f"#tab-{status}", Tab).label = label

    def refresh_table(self) -> None:
        """Filter and sort in memory and show them all (the cursor stays on the same person).
        The whole list is sorted once per load or sort order, then filtered in that order."""
        with_status = self.status_filter == "all"
        measured = (id(self.rows), len(self.rows), with_status, current_language())
        if measured != self._measured:  # new rows, tab or language: measure the columns again
            self._measured = measured
            self._drawn_cells.clear()
            self.table.set_columns(caseload_columns(self.rows, with_status))
        sorted_from, sorted_by, sorted_reverse, every = self._sorted
        if sorted_from is not self.rows or (sorted_by, sorted_reverse) != (
            self.sort_key,
            self.sort_reverse,
        ):  # sorted once per load or order; filtering keeps the order
            every = caseload_service.sort_rows(self.rows, self.sort_key, self.sort_reverse)
            self._sorted = (self.rows, self.sort_key, self.sort_reverse, every)
        text = fold(self.query_one("#caseload-filter", Input).value)
        status = None if self.status_filter == "all" else self.status_filter
        rows: Sequence[CaseloadRow] = every
        last_rows, last_status, last_text, last_matching = self._last_filter
        if last_rows is every and last_status == status and text.startswith(last_text):
            rows = last_matching  # a letter more: only the rows that matched can still match
        self.shown = caseload_service.filter_rows(rows, text, status)
        self._last_filter = (every, status, text, self.shown)
        keep = self.selected()
        cursor = 0
        if keep is not None:
            cursor = next(
                (index for index, row in enumerate(self.shown) if row.person.id == keep.person.id),
                0,
            )
        self.table.show(self.shown, cursor)
        if not self.rows:
            line = t("caseload.empty")
        elif not self.complete:
            total = sum(self.totals.values()) if status is None else self.totals.get(status, 0)
            line = t("caseload.count_partial", total=total)
        else:
            line = t("caseload.count", total=len(self.shown))
        # One line of fixed size (caseload.tcss): no layout of the screen for a new count.
        self.query_one("#caseload-count", Static).update(line, layout=False)
        self._sync_bindings()

    def _sync_bindings(self) -> None:
        """Redraw the footer only when what applies changes (it rebuilds all its keys)."""
        has_selection = self.selected() is not None
        if has_selection != self._has_selection:
            self._has_selection = has_selection
            self.refresh_bindings()

    def _cells(self, row: CaseloadRow) -> tuple[Text, ...]:
        """A row's cells: made when the row first comes on screen, then kept until the rows,
        the columns or the language change."""
        cells = self._drawn_cells.get(row.person.id)
        if cells is None:
            cells = self._drawn_cells[row.person.id] = self._make_cells(row)
        return cells

    def _make_cells(self, row: CaseloadRow) -> tuple[Text, ...]:
        person = row.person
        name = Text(person.full_name)
        name.append(f"  {person.code}", style="dim")
        today = self.epc.clock.today()
        if row.next_date is None:
            nxt = Text("—", style="dim")
        else:
            nxt = Text(relative_days(row.next_date, today), style="bold" if row.overdue else "")
        cells = {
            "name": name,
            "kind": Text(t(f"kind_short.{person.kind}")),
            "track": Text(track_label(person.track_key, person.track_name, short=True)),
            "next": nxt,
            "status": Text(t(f"status.{person.status}")),
            "flags": flag_words(row),
        }
        return tuple(cells[column.key] for column in self.table.columns)

    def selected(self) -> CaseloadRow | None:
        """The person under the cursor."""
        if not self.shown or not self.is_mounted:
            return None
        index = self.table.cursor_row
        return self.shown[index] if 0 <= index < len(self.shown) else None

    # -- filter, tabs, sort -----------------------------------------------------------------

    @on(Input.Changed, "#caseload-filter")
    def _filter_changed(self) -> None:
        self.refresh_table()

    @on(Input.Submitted, "#caseload-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    @on(Tabs.TabActivated, "#caseload-tabs")
    def _tab_changed(self, event: Tabs.TabActivated) -> None:
        self.status_filter = str(event.tab.id).removeprefix("tab-")
        if self.rows:
            self.refresh_table()

    @on(CaseloadTable.HeaderSelected, "#caseload-table")
    def _header_clicked(self, event: CaseloadTable.HeaderSelected) -> None:
        key = event.column_key
        self.sort_reverse = not self.sort_reverse if key == self.sort_key else False
        self.sort_key = key
        self.refresh_table()

    @on(CaseloadTable.RowSelected, "#caseload-table")
    def _row_chosen(self) -> None:
        self.action_open_person()

    @on(CaseloadTable.RowHighlighted, "#caseload-table")
    def _row_moved(self) -> None:
        self._sync_bindings()

    def action_focus_filter(self) -> None:
        """Type to filter."""
        self.query_one("#caseload-filter", Input).focus()

    def action_focus_table(self) -> None:
        """Back to the list from the filter."""
        self.table.focus()

    def action_next_sort(self) -> None:
        """Sort by the next column (the header can also be clicked)."""
        self.sort_key = COLUMNS[(COLUMNS.index(self.sort_key) + 1) % len(COLUMNS)]
        self.sort_reverse = False
        self.notify(t("caseload.sorted_by", column=t(f"caseload.column.{self.sort_key}")))
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
            # While the first people are read, the keys show as they will once a person is
            # under the cursor (the footer is not rebuilt a moment later for that).
            expected = self._loading and not self.rows
            return True if expected or (self.is_mounted and self.selected() is not None) else None
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
        self._read()

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
                self._read()

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
            self._read()

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
        self._read()
