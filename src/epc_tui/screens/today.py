"""The today view: overdue, today, notes missing and the next seven days, each one key from a call.

The list is computed in a worker (it reads the vault) and rebuilt whenever the coach comes
back to it, so a call ended or a note written shows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from epc_tui.i18n import t
from epc_tui.i18n.formats import format_day, format_day_pattern, relative_days
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.screens.base import VaultScreen
from epc_tui.services.today import TodayItem, actions_due, keep_plans_ahead, load_today, totals
from epc_tui.vault.errors import UnlockFailed
from epc_tui.widgets.key_footer import KeyFooter
from epc_tui.widgets.navigation import NavigationBar

GROUP_SYMBOL = {"overdue": "⚠", "today": "●", "note_missing": "✎", "week": "○"}
PLANS_PAUSE_SECONDS = 0.02  # rest between two people while extending plans


class TodayScreen(VaultScreen[None]):
    """Who to call now: the coach's day starts here."""

    CSS_PATH: ClassVar[list[Any]] = [styles_dir() / "today.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("c", "start_call", "today.call"),
        binding("a", "record_attempt", "today.attempt"),
        binding("w", "write_note", "today.write_note"),
        binding("o", "open_person", "today.open_person"),
        binding("enter", "default", "today.default", show=False),
    ]

    PLANS_DELAY_SECONDS: ClassVar[float] = 5.0
    """How long after the today view opens (after unlocking) plans are extended."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, TodayItem] = {}

    def compose(self) -> ComposeResult:
        """Summary line, the list, the footer."""
        yield NavigationBar("today")
        yield Static("", id="today-summary")
        table: DataTable[Any] = DataTable(id="today-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(t("today.empty"), id="today-empty")
        yield Static("", id="today-actions")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Columns, then the first load."""
        table = self.query_one(DataTable)
        for key in ("when", "person", "meeting", "attempts", "flags"):
            table.add_column(t(f"today.column.{key}"), key=key)
        self.reload()
        # Not now: right after unlocking, the coach's first screens are being read and drawn.
        self.set_timer(self.PLANS_DELAY_SECONDS, self.keep_plans_ahead)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="today-plans",
        description="today-plans",
    )
    def keep_plans_ahead(self) -> None:
        """Once per unlock, a little after it: extend repeating plans that end within a
        year (resting between people), then load the day again if any changed."""
        vault = self.epc.vault
        if not vault.is_unlocked:
            return
        worker = get_current_worker()
        try:
            extended = keep_plans_ahead(
                vault,
                self.epc.settings,
                self.epc.clock.now(),
                keep_going=lambda: not worker.is_cancelled,
                pause_seconds=PLANS_PAUSE_SECONDS,
            )
        except UnlockFailed:
            return  # locked meanwhile: the next unlock carries on
        if extended and not worker.is_cancelled:
            self.app.call_from_thread(self.reload)

    def on_screen_resume(self) -> None:
        """Back from a call or a note: show what changed."""
        if self.is_mounted:
            self.reload()

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="today-load",
        description="today-load",
    )
    def reload(self) -> None:
        """Read the day's lines off the UI thread."""
        vault = self.epc.vault
        if not vault.is_unlocked:
            return
        today = self.epc.clock.today()
        with vault.connected():
            items = load_today(vault, today)
            counts = totals(vault, today)
            actions = actions_due(vault, today)
        self.app.call_from_thread(self._show, items, counts)
        self.app.call_from_thread(self._show_actions, actions)

    def _show(self, items: list[TodayItem], counts: dict[str, int]) -> None:
        today = self.epc.clock.today()
        day = format_day(today, "full")
        summary = Text(day[:1].upper() + day[1:], style="bold")
        for group in ("overdue", "today", "note_missing", "week"):
            if counts[group]:
                summary.append(f"  ·  {GROUP_SYMBOL[group]} ")
                plural = "one" if counts[group] == 1 else "many"
                summary.append(t(f"today.count.{group}_{plural}", count=counts[group]))
        self.query_one("#today-summary", Static).update(summary)
        table = self.query_one(DataTable)
        selected = self._selected_key()
        table.clear()
        self.items = {}
        for item in items:
            key = f"{item.group}:{item.check_in.id}"
            self.items[key] = item
            table.add_row(*self._cells(item, today), key=key)
        self.query_one("#today-empty").display = not items
        table.display = bool(items)
        if selected in self.items:
            table.move_cursor(row=table.get_row_index(selected))
        self.refresh_bindings()

    def _show_actions(self, actions: list[Any]) -> None:
        """Follow-up actions due this week (or late), under the list."""
        box = self.query_one("#today-actions", Static)
        if not actions:
            box.update("")
            return
        today = self.epc.clock.today()
        text = Text()
        text.append(t("today.actions_title") + "\n", style="bold")
        for action in actions:
            late = action.due_date < today
            text.append("⚠ " if late else "☐ ", style="bold" if late else "")
            text.append(f"{relative_days(action.due_date, today)} — ", style="dim")
            text.append(f"{action.person_name} : " if action.person_name else "")
            text.append(action.text + "\n")
        box.update(text)

    def _cells(self, item: TodayItem, today: Any) -> tuple[Text, ...]:
        from epc_tui.screens.caseload import meeting_label

        check_in = item.check_in
        if item.group == "note_missing":
            when = Text(t("flag.note_missing"), style="bold")
        elif item.group == "overdue":
            when = Text(f"⚠ {relative_days(check_in.planned_date, today)}", style="bold")
        elif item.group == "today":
            when = Text(f"● {check_in.planned_time or t('when.today')}", style="bold")
        else:
            when = Text(f"○ {format_day_pattern(check_in.planned_date, 'EEE d MMM')}")
        person = Text(item.person.full_name)
        person.append(f"  {item.person.code}", style="dim")
        label = meeting_label(check_in.step_key, check_in.kind, check_in.label)
        attempts = Text("")
        if check_in.attempts:
            key = "today.attempts_one" if check_in.attempts == 1 else "today.attempts_many"
            attempts = Text(t(key, count=check_in.attempts))
        flags = []
        if item.person.needs_other_contact:
            flags.append(t("flag.other_contact"))
        if item.priority:
            flags.append(t("flag.close_follow_up"))
        return when, person, Text(label), attempts, Text("  ".join(flags))

    def _selected_key(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        except Exception:  # noqa: BLE001 (an empty or changing table has no cursor cell)
            return None
        return str(row_key.value)

    def selected(self) -> TodayItem | None:
        """The line under the cursor."""
        key = self._selected_key()
        return self.items.get(key) if key else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out what does not apply to the selected line."""
        item = self.selected() if self.is_mounted else None
        if action in ("start_call", "record_attempt"):
            return True if item is not None and item.group != "note_missing" else None
        if action in ("write_note", "open_person"):
            return True if item is not None else None
        return True

    @on(DataTable.RowHighlighted)
    def _row_changed(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_default()

    def action_default(self) -> None:
        """Enter: write the missing note, or start the call."""
        item = self.selected()
        if item is None:
            return
        if item.group == "note_missing":
            self.action_write_note()
        else:
            self.action_start_call()

    def action_start_call(self) -> None:
        """Open the call screen for the selected check-in, timer running."""
        from epc_tui.screens.call import CallScreen

        item = self.selected()
        if item is not None:
            self.app.push_screen(CallScreen(item.person.id, item.check_in.id))

    def action_record_attempt(self) -> None:
        """The call did not connect: record the attempt; the check-in stays open."""
        from epc_tui.screens.attempt import AttemptScreen

        item = self.selected()
        if item is not None:
            screen = AttemptScreen(item.person.id, item.check_in.id)
            self.app.push_screen(screen, self._after_modal)

    def action_write_note(self) -> None:
        """Write the note of a held meeting (or a note about the person)."""
        from epc_tui.screens.note import new_note_screen

        item = self.selected()
        if item is not None:
            self.app.push_screen(new_note_screen(item.person.id, item.check_in.id))

    def action_open_person(self) -> None:
        """The person's file."""
        from epc_tui.screens.person import PersonScreen

        item = self.selected()
        if item is not None:
            self.app.push_screen(PersonScreen(item.person.id))

    def _after_modal(self, _result: object) -> None:
        self.reload()

    def resume_factory(self) -> Callable[[], Screen[Any]] | None:
        """The today view is an area's base screen: rebuilt by the area itself."""
        return None
