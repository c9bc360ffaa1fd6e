"""The calendar (F4): the month grid on the left, the selected day's agenda on the right.

From an agenda line the coach reschedules (the old date stays in the history), marks the
meeting done, missed or cancelled, plans a meeting on request, opens the person or starts the
call. Counts are read for the weeks on screen only, and the agenda for one day, off the UI
thread so moving quickly through months never waits for the database; both are read again
after every change the calendar makes, and when it comes back into view if the vault was
written meanwhile (or past midnight).

Reads run on the screen's own `WarmConnection`: one thread whose connection (and page cache)
stays open while the calendar lives, instead of a connection opened per worker (9–35 ms each
on the large vault, and every page decrypted again). One worker per move reads what is not
in memory yet — the month's counts, then the day — and then, once the move is drawn, what the
next move needs: the neighbouring months' counts (the grid keeps them) and the days a key
lands on (`calendar_ahead`), so a move is drawn in one frame from memory. Any change forgets
them. Built ahead of time while hidden, the screen reads its month and day once, nothing more.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from epc_tui.i18n import current_language, current_region, t
from epc_tui.i18n.formats import format_day
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.screens.base import VaultScreen
from epc_tui.screens.calendar_ahead import KeptDays, days_a_move_reaches
from epc_tui.screens.calendar_footer import CalendarFooter
from epc_tui.screens.calendar_labels import (
    attempts_label,
    is_overdue,
    note_label,
    person_label,
    status_label,
    step_label,
    time_label,
)
from epc_tui.services.calendar_first import read_first
from epc_tui.textclean import clean_line
from epc_tui.vault import check_ins, logbook
from epc_tui.vault.check_ins import AgendaEntry, DayCount
from epc_tui.vault.errors import EpcError, UnlockFailed
from epc_tui.vault.logbook import ActionRecord
from epc_tui.vault.warm_connection import WarmConnection
from epc_tui.widgets.calendar_agenda import AgendaTable
from epc_tui.widgets.caseload_table import Column
from epc_tui.widgets.month_grid import (
    HELD_MARK,
    OVERDUE_MARK,
    MonthGrid,
    shift_months,
    visible_range,
)
from epc_tui.widgets.navigation import NavigationBar

if TYPE_CHECKING:
    from epc_tui.screens.calendar_new_meeting import NewMeetingRequest

T = TypeVar("T")

PERSON_SCREEN = "epc_tui.screens.person"
CALL_SCREEN = "epc_tui.screens.call"
AGENDA_COLUMNS = ("time", "person", "status", "step", "attempts", "note")
# Per column: the width it wants (None: takes what is left), its narrowest, and when it gives
# up width on a narrow screen (lower first). The person's width follows the day's names.
AGENDA_WIDTHS: dict[str, tuple[int | None, int, int]] = {
    "time": (7, 5, 3),  # « 14 h 30 »
    "person": (36, 14, 5),
    "status": (20, 8, 2),  # « Prévue · ⚠ en retard »
    "step": (22, 10, 1),
    "attempts": (6, 3, 0),
    "note": (None, 10, 0),
}
PERSON_WIDTH = (14, 36)
CELLS_KEPT = 4000  # agenda lines whose cells are kept (a few busy weeks)
FIRST_READ_WAIT_SECONDS = 0.05  # at most, for the month and the day when the screen is built
ACTIONS_SHOWN = 2  # lines of follow-ups under the agenda's title (the last may be "N more")


_UNDER_WAY = (WorkerState.PENDING, WorkerState.RUNNING)


@dataclass(frozen=True)
class _VerifyingRead:
    """A read started by opening or showing the calendar, which checks the vault first."""

    worker: Worker[None]
    day: date

    @property
    def state(self) -> WorkerState:
        """The worker's state."""
        return self.worker.state


def _exists(module: str) -> bool:
    """Whether an optional screen (written by someone else) is installed."""
    return importlib.util.find_spec(module) is not None


def _optional_bindings() -> list[BindingType]:
    found: list[BindingType] = []
    if _exists(PERSON_SCREEN):
        found.append(binding("enter", "open_person", "calendar.open-person"))
    if _exists(CALL_SCREEN):
        found.append(binding("c", "start_call", "calendar.call"))
    return found


def agenda_columns(records: Sequence[AgendaEntry]) -> list[Column]:
    """The agenda's columns in the coach's language; the person's as wide as the day's
    longest name (within bounds), the note's what is left."""
    low, high = PERSON_WIDTH
    longest = max((len(person_label(record)) for record in records), default=low)
    columns = []
    for key in AGENDA_COLUMNS:
        label = t(f"calendar.column.{key}")
        wanted, narrowest, yields = AGENDA_WIDTHS[key]
        if key == "person":
            wanted = min(high, max(low, longest))
        width = None if wanted is None else max(wanted, len(label))
        columns.append(Column(key, label, width, min_width=narrowest, yields=yields))
    return columns


class CalendarScreen(VaultScreen[None]):
    """Month grid and day agenda, with the actions a coach takes on a meeting."""

    CSS_PATH: ClassVar[list[Any]] = [styles_dir() / "calendar.tcss"]

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("r", "reschedule", "calendar.reschedule"),
        binding("d", "mark('done')", "calendar.done"),
        binding("m", "mark('missed')", "calendar.missed"),
        binding("x", "cancel_meeting", "calendar.cancel"),
        binding("n", "new_meeting", "calendar.new"),
        binding("i", "export_ics", "calendar.export-ics"),
        binding("t", "today", "calendar.today", show=False),
        *_optional_bindings(),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self._initial_day = day
        self._records: list[AgendaEntry] = []
        self._records_day: date | None = None
        self._keep_cursor_on: int | None = None
        self._bindings_state: str | None = None
        self._reader: WarmConnection | None = None
        self._counts_stale = True  # the counts shown must be read again (a change was made)
        self._wanted_day: date | None = None  # the day the latest read is for
        self._loaded_day: date | None = None  # the day whose agenda was last read and shown
        self._actions_shown: tuple[object, ...] | None = None  # what the actions panel shows
        self._counts_day: date | None = None  # the day the counts' overdue marks are for
        self._kept = KeptDays()  # days' agendas read ahead
        self._watch = check_ins.ChangeWatch()  # whether the vault changed since the last read
        self._texts_language: str | None = None  # the language the fixed texts are in
        self._shown = False  # shown at least once (it may be built ahead of time, hidden)
        self._verifying: _VerifyingRead | None = None  # the latest read that checks the vault
        self._cells_kept: dict[int, tuple[AgendaEntry, tuple[Text, ...]]] = {}  # by check-in
        self._cells_key: tuple[object, ...] = ()  # what the cells kept were made for

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Navigation, grid and legend on the left, the day's agenda on the right, footer."""
        today = self.epc.clock.today()
        yield NavigationBar("calendar")
        with Horizontal(id="calendar-body"):
            with Vertical(id="calendar-month"):
                yield MonthGrid(self._initial_day or today, today, id="month-grid")
                yield Static(id="calendar-legend")
            with Vertical(id="calendar-day"):
                yield Static(id="agenda-title")
                yield AgendaTable(self._agenda_cells, id="agenda")
                yield Static(id="day-actions")
        yield CalendarFooter()

    def on_mount(self) -> None:
        """The grid has the keys first; the screen's reading thread starts and reads the month
        and the day at once, while the rest of the screen mounts — also when the screen is
        built ahead of time, hidden (then nothing more until it is shown)."""
        self._reader = self.epc.reading_thread("calendar")
        grid = self.grid
        grid.focus()
        self.watch(grid, "selected", self._day_selected, init=False)
        self._write_texts()
        self._read_first_at_once(self.selected_day)
        self._read(self.selected_day, verify=True)

    def _read_first_at_once(self, day: date) -> None:
        """Read the month's counts and the day on the reading thread (its connection opened,
        its cache warmed at unlock), the interface waiting up to `FIRST_READ_WAIT_SECONDS`,
        so the screen's first frame shows them. Awaited beside the mounting of the screen,
        those reads took 100-200 ms: each row they stepped through waited for the
        interpreter. Too slow or failed: `load` reads them as usual."""
        reader = self._reader
        if reader is None:
            return
        today = self.epc.clock.today()
        grid = self.grid
        job = partial(read_first, self.epc.vault, day, grid.visible_range, today, self._watch)
        try:
            first = reader.submit(job).result(timeout=FIRST_READ_WAIT_SECONDS)
        except Exception:  # too slow (the thread still warming up), or locked meanwhile
            return
        self._counts_day = today
        grid.offer_counts(first.start, first.end, first.counts)
        if grid.show_counts(first.start, first.end, first.counts):
            self._counts_stale = False
        self._kept.keep(day, first.entries, first.actions)
        self._show_day(day, first.entries, first.actions)

    def on_unmount(self) -> None:
        """The reading thread and its connection end with the screen (and on lock)."""
        if self._reader is not None:
            self._reader.close()

    def on_screen_resume(self) -> None:
        """Shown, first or again (back from a dialog, another screen or area): the texts again
        if the language changed; today's date if the screen was built before midnight and not
        shown yet; the month and the day read again only if the vault changed meanwhile (asked
        on the reading thread), then the neighbours read ahead. A screen built ahead of time
        is announced while still hidden: its first read is enough then."""
        if not self.is_current:
            return
        if self._texts_language != current_language():
            self._write_texts()
        grid = self.grid
        today = self.epc.clock.today()
        first_time, self._shown = not self._shown, True
        if first_time and self._initial_day is None and grid.selected != today:
            grid.today = today
            grid.select(today)  # its message reads the new day (past midnight: all afresh)
            return
        self._read(self.selected_day, verify=True)

    @property
    def grid(self) -> MonthGrid:
        """The month grid."""
        return self.query_one(MonthGrid)

    @property
    def agenda(self) -> AgendaTable:
        """The day's agenda table."""
        return self.query_one("#agenda", AgendaTable)

    @property
    def agenda_day(self) -> date | None:
        """The day whose agenda, read from the vault, is on screen (None before the first)."""
        return self._loaded_day

    @property
    def selected_day(self) -> date:
        """The day whose agenda is shown."""
        return self.grid.selected

    @property
    def kept_days(self) -> KeptDays:
        """The days' agendas read ahead (tests look at them)."""
        return self._kept

    def _write_texts(self) -> None:
        self._texts_language = current_language()
        self.agenda.set_empty_text(t("calendar.no_meeting"))
        self.query_one("#calendar-legend", Static).update(
            Text(
                t("calendar.legend", overdue=OVERDUE_MARK, held=HELD_MARK),
                no_wrap=False,
            )
        )
        current = self.current_check_in()
        if current is not None and self._keep_cursor_on is None:
            self._keep_cursor_on = current.id  # the line stays chosen across the rebuild
        self._records_day = None
        self._actions_shown = None
        self._show_records(self._records, self.selected_day)

    # -- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the visible weeks' counts and the selected day's agenda again (after a change
        the calendar made: nothing read before, or ahead, can be trusted — nor a read under
        way, which may have begun before the change)."""
        self._forget_read_ahead()
        self._verifying = None
        self._read(self.selected_day, verify=True)

    def _forget_read_ahead(self) -> None:
        """The vault changed (or may have): every month's counts and every day's agenda must
        be read again, the day on screen included."""
        self.grid.forget_offered()
        self._kept.forget()
        self._counts_stale = True
        self._loaded_day = None

    def _read(self, day: date, *, verify: bool = False) -> None:
        """Show `day`: its agenda at once if it was read ahead (the grid drew the month's
        counts at once if they were), else read it — and the month's counts first if they are
        not shown — then read ahead. `verify`: first ask whether the vault changed since the
        last read (back on screen), and read everything again if it did."""
        self._wanted_day = day
        today = self.epc.clock.today()
        if today != self._counts_day:  # past midnight: the overdue marks change
            self._forget_read_ahead()
            self._counts_day = today
            self.grid.today = today
        kept = None if verify else self._kept.get(day)
        if kept is not None and day != self._loaded_day:
            self._show_day(day, kept.entries, kept.actions)
        running = self._verifying
        if verify and running is not None and running.state in _UNDER_WAY and running.day == day:
            return  # the first read, still under way, already checks the vault (shown twice)
        worker = self.load(day, today, verify)
        self._verifying = _VerifyingRead(worker, day) if verify else None

    def _neighbours(self) -> list[tuple[date, date]]:
        """The weeks the previous and the next month show: where PageUp and PageDown go."""
        month, first_weekday = self.grid.month, self.grid.first_weekday
        return [visible_range(shift_months(month, step), first_weekday) for step in (1, -1)]

    def _keep_counts(self, start: date, end: date, counts: dict[date, DayCount]) -> None:
        """Hand a month's counts to the grid, for a move there until the next change."""
        if self.is_mounted:
            self.grid.offer_counts(start, end, counts)

    async def _on_reader(self, job: Callable[[], T]) -> T:
        """Run `job` on the reading thread; the UI's event loop awaits it."""
        reader = self._reader
        if reader is None:
            raise UnlockFailed()
        return await asyncio.wrap_future(reader.submit(job))

    async def _next_frame(self) -> None:
        """Wait until the screen has drawn what is pending."""
        drawn: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def done() -> None:
            if not drawn.done():
                drawn.set_result(None)

        self.call_after_refresh(done)
        await drawn

    def _day_reader(self, day: date) -> Callable[[], tuple[list[AgendaEntry], list[ActionRecord]]]:
        vault = self.epc.vault
        return lambda: (
            check_ins.agenda_between(vault, day, day),
            logbook.actions_due_between(vault, day, day),
        )

    @work(exclusive=True, exit_on_error=False, group="calendar-read", description="calendar-read")
    async def load(self, day: date, today: date, verify: bool = False) -> None:
        """The month's counts (shown as soon as read) if not shown, the day's agenda and
        actions if not shown, then, while the coach looks at the day, what a move reaches.

        The reads run on the screen's warm connection thread; this worker only awaits them on
        the UI's event loop (no worker thread in between: each hand-over between threads cost
        milliseconds on a busy machine). A newer move cancels it, and a read not yet begun with
        it; the state it looks at is read after each wait, on the UI thread."""
        if self._reader is None:
            return
        vault = self.epc.vault
        if verify and await self._on_reader(partial(self._watch.changed, vault)):
            self._forget_read_ahead()
        grid = self.grid
        if self._counts_stale or not grid.counts_loaded:
            start, end = grid.visible_range
            counts = await self._on_reader(partial(check_ins.day_counts, vault, start, end, today))
            self._keep_counts(start, end, counts)
            self._counts_loaded(start, end, counts)
        if day != self._wanted_day:
            return
        if self._loaded_day != day:
            entries, actions = await self._on_reader(self._day_reader(day))
            self._kept.keep(day, entries, actions)
            self._day_loaded(day, entries, actions)
        if not self.is_current:  # built ahead of time, hidden: its first read only
            return
        # Not before the move is on screen: the reading thread's Python work holds the
        # interpreter in turns of 5 ms, which stretched the drawing of the move's frame.
        await self._next_frame()
        # The neighbouring months' counts, then the days a move lands on, so PageUp, PageDown
        # and the arrows draw at once. A move or a change cancels this; a change also forgets
        # everything kept (`_forget_read_ahead`).
        for first, last in self._neighbours():
            if not grid.has_offer(first, last):
                ahead = await self._on_reader(
                    partial(check_ins.day_counts, vault, first, last, today)
                )
                self._keep_counts(first, last, ahead)
        for other in days_a_move_reaches(day):
            if not self._kept.refresh(other):
                entries, actions = await self._on_reader(self._day_reader(other))
                self._kept.keep(other, entries, actions)

    def _counts_loaded(self, start: date, end: date, counts: Mapping[date, DayCount]) -> None:
        if self.is_mounted and self.grid.show_counts(start, end, counts):
            self._counts_stale = False

    def _day_loaded(
        self, day: date, records: Sequence[AgendaEntry], actions: Sequence[ActionRecord]
    ) -> None:
        if self.is_mounted and day == self.selected_day:
            self._show_day(day, records, actions)

    def _show_day(
        self, day: date, records: Sequence[AgendaEntry], actions: Sequence[ActionRecord]
    ) -> None:
        self._show_records(records, day)
        self._show_actions(actions)
        self._loaded_day = day

    def _show_actions(self, actions: Sequence[ActionRecord]) -> None:
        """The follow-up actions due that day, under the agenda, in a panel that is always
        the same height (its style sheet): a title, then one line per follow-up (cut, never
        wrapped), or the first and how many more. A panel that grew, shrank or hid with the
        day made the whole screen lay out and draw every widget again on such moves (12–25 ms
        more than a move, PageDown from a day with follow-ups to one without)."""
        shown = self.query_one("#day-actions", Static)
        first = actions if len(actions) <= ACTIONS_SHOWN else actions[: ACTIONS_SHOWN - 1]
        lines = [
            (clean_line(action.text), clean_line(action.person_name) if action.person_name else "")
            for action in first
        ]
        key = (current_language(), tuple(lines), len(actions))
        if key == self._actions_shown:  # the same text: nothing to draw
            return
        self._actions_shown = key
        if not actions:
            text = Text(t("calendar.no_actions"))
        else:
            text = Text(t("calendar.actions_title"), style="bold")
        for line, who in lines:
            text.append("\n• " + (f"{line} — {who}" if who else line))
        if len(first) < len(actions):
            text.append("\n" + t("calendar.actions_more", count=len(actions) - len(first)))
        shown.set_class(not actions, "-none")
        shown.update(text, layout=False)

    def _show_records(self, records: Sequence[AgendaEntry], day: date) -> None:
        table = self.agenda
        keep = self._keep_cursor_on
        if keep is None and self._records_day == day and self._records:
            current = self.current_check_in()
            keep = current.id if current is not None else None
        self._keep_cursor_on = None
        self._records = list(records)
        self._records_day = day
        cursor = 0
        if keep is not None:
            cursor = next((i for i, record in enumerate(self._records) if record.id == keep), 0)
        columns = agenda_columns(self._records)
        if columns != table.columns:
            table.set_columns(columns)
        table.show(self._records, cursor)
        count = len(records)
        long_day = format_day(day, "full")
        if count == 0:
            title = long_day
        elif count == 1:
            title = t("calendar.day_title_one", day=long_day)
        else:
            title = t("calendar.day_title", day=long_day, count=count)
        # One line high (its style sheet): no new layout of the whole screen for a new title.
        self.query_one("#agenda-title", Static).update(
            Text(title[:1].upper() + title[1:]), layout=False
        )
        self._sync_bindings()

    def _agenda_cells(self, record: AgendaEntry) -> tuple[Text, ...]:
        """A meeting's cells, made when its line comes on screen; kept for that line (the
        same day shown again, or its lines drawn again, reuse them) until the language, the
        region or the date changes."""
        today = self.epc.clock.today()
        columns = tuple(column.key for column in self.agenda.columns)
        key = (current_language(), current_region(), today, columns)
        if key != self._cells_key or len(self._cells_kept) > CELLS_KEPT:
            self._cells_key = key
            self._cells_kept = {}
        kept = self._cells_kept.get(record.id)
        if kept is not None and kept[0] is record:
            return kept[1]
        overdue = is_overdue(record, today)
        cells = {
            "time": Text(time_label(record.planned_time)),
            "person": Text(person_label(record)),
            "status": Text(status_label(record, today), style="bold" if overdue else ""),
            "step": Text(step_label(record)),
            "attempts": Text(attempts_label(record)),
            "note": Text(note_label(record)),
        }
        made = tuple(cells[column] for column in columns)
        self._cells_kept[record.id] = (record, made)
        return made

    # -- grid messages ------------------------------------------------------------------------

    def _day_selected(self, day: date) -> None:
        """Another day (perhaps in another month: the grid then has no counts, so they are
        read first in the same worker). Called as the grid's selection changes, not through
        its message: a day read ahead is then drawn in the frame that draws the move (the
        message arrived after that frame, and the day took a second one)."""
        self._read(day)

    @on(AgendaTable.RowHighlighted, "#agenda")
    def _row_highlighted(self) -> None:
        self._sync_bindings()

    def _sync_bindings(self) -> None:
        """Redraw the footer only when what applies changes (it rebuilds all its keys)."""
        current = self.current_check_in()
        state = current.status if current is not None else None
        if state != self._bindings_state:
            self._bindings_state = state
            self.refresh_bindings()

    @on(AgendaTable.RowSelected, "#agenda")
    def _row_selected(self) -> None:
        if _exists(PERSON_SCREEN):
            self.action_open_person()

    # -- what applies now ---------------------------------------------------------------------

    def current_check_in(self) -> AgendaEntry | None:
        """The meeting on the agenda's highlighted line, if any."""
        if not self._records:
            return None
        row = self.agenda.cursor_row
        if 0 <= row < len(self._records):
            return self._records[row]
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Actions on a meeting are greyed out when no line is chosen or they do not apply."""
        record = self.current_check_in()
        if action in ("reschedule", "cancel_meeting", "open_person", "start_call"):
            if record is None:
                return None
            if action == "reschedule" and record.status == "done":
                return None
            if action == "cancel_meeting" and record.status == "cancelled":
                return None
            return True
        if action == "mark":
            if record is None or (parameters and record.status == parameters[0]):
                return None
            return True
        return True

    # -- actions ------------------------------------------------------------------------------

    def action_reschedule(self) -> None:
        """Ask for a new date, then move the meeting (keeping the old date in its history)."""
        from epc_tui.screens.calendar_reschedule import RescheduleDialog, RescheduleRequest

        record = self.current_check_in()
        if record is None or record.status == "done":
            return

        def chosen(request: RescheduleRequest | None) -> None:
            if request is None:
                return
            self._keep_cursor_on = record.id
            self.write_change(
                lambda: self._move(record, request.new_date, request.planned_time, request.reason),
                t("calendar.moved", date=format_day(request.new_date, "full")),
            )

        self.app.push_screen(RescheduleDialog(record, self.epc.clock.today()), chosen)

    def _move(self, record: AgendaEntry, new_date: date, planned_time: str, reason: str) -> None:
        now = self.epc.clock.now()
        if record.status != "planned":
            check_ins.set_status(self.epc.vault, record.id, "planned", now, reason=reason)
        check_ins.reschedule(self.epc.vault, record.id, new_date, now, reason, planned_time)

    def action_mark(self, status: str) -> None:
        """Mark the meeting done or missed (cancelling asks first)."""
        record = self.current_check_in()
        if record is None or record.status == status:
            return
        if status == "cancelled":
            self.action_cancel_meeting()
            return
        now = self.epc.clock.now()
        self._keep_cursor_on = record.id
        self.write_change(
            lambda: check_ins.set_status(self.epc.vault, record.id, status, now),
            t("calendar.marked", status=t(f"check_in_status.{status}")),
        )

    def action_cancel_meeting(self) -> None:
        """Confirm, then cancel the meeting (with the reason, kept in its history)."""
        from epc_tui.screens.calendar_cancel import ConfirmCancelDialog

        record = self.current_check_in()
        if record is None or record.status == "cancelled":
            return

        def confirmed(reason: str | None) -> None:
            if reason is None:
                return
            now = self.epc.clock.now()
            self._keep_cursor_on = record.id
            self.write_change(
                lambda: check_ins.set_status(
                    self.epc.vault, record.id, "cancelled", now, reason=reason
                ),
                t("calendar.marked", status=t("check_in_status.cancelled")),
            )

        self.app.push_screen(ConfirmCancelDialog(record), confirmed)

    def action_export_ics(self) -> None:
        """Export the planned check-ins as an .ics file for the coach's own calendar
        (pseudonymous codes only unless names are asked for, with a warning)."""
        from epc_tui.screens.export_calendar import ExportCalendarScreen

        self.app.push_screen(ExportCalendarScreen())

    def action_new_meeting(self) -> None:
        """Plan a meeting on request with someone, on the selected day by default."""
        from epc_tui.screens.calendar_new_meeting import NewMeetingDialog

        def chosen(request: NewMeetingRequest | None) -> None:
            if request is None:
                return
            self.add_meeting(request)

        today = self.epc.clock.today()
        self.app.push_screen(NewMeetingDialog(self.selected_day, today), chosen)

    @work(thread=True, exit_on_error=False, group="calendar-write", description="calendar-write")
    def add_meeting(self, request: NewMeetingRequest) -> None:
        """Write the meeting on request, then show its day with the cursor on it."""
        try:
            check_in_id = check_ins.add_check_in(
                self.epc.vault,
                request.person_id,
                request.planned_date,
                self.epc.clock.now(),
                kind="on_request",
                mode=request.mode,
                planned_time=request.planned_time,
            )
        except EpcError as error:
            self.epc.call_from_thread(self._failed, error)
            return
        self.epc.call_from_thread(self._meeting_added, check_in_id, request.planned_date)

    def _meeting_added(self, check_in_id: int, day: date) -> None:
        if not self.is_mounted:
            return
        self.app.notify(t("calendar.added", date=format_day(day, "full")))
        self._keep_cursor_on = check_in_id
        self._forget_read_ahead()
        if day == self.selected_day:
            self.reload()
        else:
            self.grid.select(day)  # the grid's message loads the day, and the month's counts
        self.agenda.focus()

    def action_today(self) -> None:
        """Back to today from anywhere on the screen (the grid has the same key)."""
        self.grid.action_go_today()

    def action_open_person(self) -> None:
        """Open the person of the highlighted meeting."""
        record = self.current_check_in()
        if record is None or not _exists(PERSON_SCREEN):
            return
        screen_class = importlib.import_module(PERSON_SCREEN).PersonScreen
        self.app.push_screen(screen_class(record.person_id))

    def action_start_call(self) -> None:
        """Start the call for the highlighted meeting."""
        record = self.current_check_in()
        if record is None or not _exists(CALL_SCREEN):
            return
        screen_class = importlib.import_module(CALL_SCREEN).CallScreen
        self.app.push_screen(screen_class(record.person_id, record.id))

    # -- writing ------------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="calendar-write", description="calendar-write")
    def write_change(self, change: Callable[[], None], done_message: str) -> None:
        """Run one change off the UI thread (writes are serialised by the vault), then reload."""
        try:
            change()
        except EpcError as error:
            self.epc.call_from_thread(self._failed, error)
            return
        self.epc.call_from_thread(self._changed, done_message)

    def _changed(self, message: str) -> None:
        if self.is_mounted:
            self.app.notify(message)
            self.reload()

    def _failed(self, error: EpcError) -> None:
        if self.is_mounted:
            self.app.notify(t(error.message_key, **error.params), severity="error")
            self.reload()

    # -- locking ------------------------------------------------------------------------------

    def resume_factory(self) -> Callable[[], Screen[Any]] | None:
        """After unlocking, the same day (and so the same month): a date, no personal data.
        A calendar built ahead and never shown opens on the day it is shown, as before."""
        day = self.selected_day if self.is_mounted and self._shown else self._initial_day
        return lambda: CalendarScreen(day)
