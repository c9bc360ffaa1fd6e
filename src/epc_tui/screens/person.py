"""A person's file: profile, contact, referral, criteria, what is coming and what happened.

Everything is read in one worker; the timeline merges check-ins, notes and call attempts in
date order so the coach sees the whole story of an accompaniment at a glance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from epc_tui.i18n import t
from epc_tui.i18n.formats import format_day, format_duration, relative_days
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.screens.base import VaultScreen
from epc_tui.screens.caseload import meeting_label, track_label
from epc_tui.vault import check_ins as check_in_store
from epc_tui.vault import people as people_store
from epc_tui.vault.errors import EpcError
from epc_tui.vault.records import CheckInRecord, PersonRecord
from epc_tui.widgets.key_footer import KeyFooter
from epc_tui.widgets.navigation import NavigationBar


@dataclass(frozen=True)
class TimelineLine:
    """One event of the person's history: a check-in, a note or an attempt."""

    when: datetime
    kind: str  # check_in, note, attempt
    ref_id: int
    what: str
    detail: str


@dataclass(frozen=True)
class PersonFile:
    """Everything the screen shows, read at once."""

    person: PersonRecord
    upcoming: list[CheckInRecord]
    timeline: list[TimelineLine]
    open_actions: list[str]


def load_person_file(vault: Any, person_id: int, today: date) -> PersonFile:
    """Read the person, their plan, notes, attempts and open actions."""
    from epc_tui.vault import attempts as attempt_store
    from epc_tui.vault import logbook

    person = people_store.get_person(vault, person_id)
    plan = check_in_store.check_ins_of_person(vault, person_id)
    upcoming = [item for item in plan if item.is_open][:8]
    lines: list[TimelineLine] = []
    for item in plan:
        if item.is_open:
            continue
        moment = item.held_at or datetime.combine(item.planned_date, datetime.min.time())
        detail = format_duration(item.duration_seconds) if item.duration_seconds else ""
        label = meeting_label(item.step_key, item.kind, item.label)
        status = t(f"check_in_status.{item.status}")
        lines.append(TimelineLine(moment, "check_in", item.id, f"{label} — {status}", detail))
    for entry in logbook.notes_of_person(vault, person_id, limit=200):
        first_line = entry.body.strip().splitlines()[0] if entry.body.strip() else ""
        state = t("person.note_final") if entry.status == "final" else t("person.note_draft")
        lines.append(TimelineLine(entry.created_at, "note", entry.id, state, first_line[:80]))
    for attempt in attempt_store.attempts_of_person(vault, person_id, limit=200):
        lines.append(
            TimelineLine(
                attempt.at, "attempt", attempt.id, t(f"attempt.outcome.{attempt.outcome}"), ""
            )
        )
    lines.sort(key=lambda line: line.when, reverse=True)
    actions = [
        (f"{format_day(action.due_date)} — " if action.due_date else "") + action.text
        for action in logbook.open_actions(vault, person_id)
    ]
    return PersonFile(person, upcoming, lines, actions)


def profile_text(person: PersonRecord) -> Text:
    """The left column: who they are, how to reach them, who referred them, why."""
    text = Text()

    def heading(key: str) -> None:
        if text:
            text.append("\n")
        text.append(t(key) + "\n", style="bold underline")

    def line(key: str, value: str) -> None:
        if value:
            text.append(f"{t(key)} : ", style="dim")
            text.append(value + "\n")

    heading("person.section.profile")
    line("person.field.kind", t(f"kind.{person.kind}"))
    line("person.field.track", track_label(person.track_key, person.track_name))
    line("person.field.anchor", format_day(person.anchor_date) if person.anchor_date else "")
    if person.cadence:
        line("person.field.cadence", t(f"cadence.{person.cadence}"))
    status = t(f"status.{person.status}")
    if person.status_reason:
        status += f" ({person.status_reason})"
    line("person.field.status", status)
    line("person.field.profiles", ", ".join(t(f"profile.{name}") for name in person.profiles))
    line("person.field.tags", ", ".join(person.tags))
    heading("person.section.contact")
    line("person.field.phone", person.phone)
    line("person.field.email", person.email)
    line("person.field.mode", t(f"mode.{person.preferred_mode}"))
    line("person.field.time", person.preferred_time)
    if person.needs_other_contact:
        text.append(t("flag.other_contact") + "\n", style="bold")
    heading("person.section.referral")
    line("person.field.referred_by", person.referred_by)
    line("person.field.role", person.referral_role)
    line(
        "person.field.referral_date",
        format_day(person.referral_date) if person.referral_date else "",
    )
    if person.criteria:
        heading("person.section.criteria")
        for name in person.criteria:
            text.append(f"★ {t(f'criterion.{name}')}\n")
    if person.summary:
        heading("person.section.summary")
        text.append(person.summary + "\n")
    return text


class PersonScreen(VaultScreen[None]):
    """One person's file."""

    CSS_PATH: ClassVar[list[Any]] = [styles_dir() / "person.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("escape", "back", "person.back"),
        binding("c", "start_call", "person.call"),
        binding("a", "record_attempt", "person.attempt"),
        binding("n", "new_note", "person.note"),
        binding("e", "edit", "person.edit"),
        binding("enter", "open_line", "person.open_line", show=False),
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.file: PersonFile | None = None

    def compose(self) -> ComposeResult:
        """Title, profile on the left, upcoming and history on the right."""
        yield NavigationBar("caseload")
        yield Static("", id="person-title")
        with Horizontal(id="person-body"):
            with VerticalScroll(id="person-profile"):
                yield Static("", id="person-profile-text")
            with Vertical(id="person-right"):
                yield Static(t("person.upcoming"), classes="section-title")
                upcoming: DataTable[Any] = DataTable(id="person-upcoming", cursor_type="row")
                yield upcoming
                yield Static("", id="person-actions")
                yield Static(t("person.history"), classes="section-title")
                timeline: DataTable[Any] = DataTable(id="person-timeline", cursor_type="row")
                yield timeline
        yield KeyFooter()

    def on_mount(self) -> None:
        """Columns, then load."""
        upcoming = self.query_one("#person-upcoming", DataTable)
        for key in ("date", "meeting", "mode", "attempts"):
            upcoming.add_column(t(f"person.column.{key}"), key=key)
        timeline = self.query_one("#person-timeline", DataTable)
        for key in ("date", "what", "detail"):
            timeline.add_column(t(f"person.column.{key}"), key=key)
        self.reload()

    def on_screen_resume(self) -> None:
        """Back from a call, a note or the form."""
        if self.is_mounted:
            self.reload()

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="person-load",
        description="person-load",
    )
    def reload(self) -> None:
        """Read the file off the UI thread."""
        vault = self.epc.vault
        if not vault.is_unlocked:
            return
        try:
            loaded = load_person_file(vault, self.person_id, self.epc.clock.today())
        except EpcError as error:
            self.app.call_from_thread(self._missing, error)
            return
        self.app.call_from_thread(self._show, loaded)

    def _missing(self, error: EpcError) -> None:
        self.notify(t(error.message_key, **error.params), severity="error")
        self.dismiss(None)

    def _show(self, loaded: PersonFile) -> None:
        self.file = loaded
        person = loaded.person
        today = self.epc.clock.today()
        title = Text(person.full_name, style="bold")
        title.append(f"  ·  {person.code}  ·  {t(f'kind.{person.kind}')}  ·  ")
        title.append(t(f"status.{person.status}"))
        self.query_one("#person-title", Static).update(title)
        self.query_one("#person-profile-text", Static).update(profile_text(person))
        upcoming = self.query_one("#person-upcoming", DataTable)
        upcoming.clear()
        for item in loaded.upcoming:
            when = Text(
                f"{format_day(item.planned_date)} ({relative_days(item.planned_date, today)})"
            )
            if item.planned_date < today:
                when.stylize("bold")
            attempts = str(item.attempts) if item.attempts else ""
            label = meeting_label(item.step_key, item.kind, item.label)
            upcoming.add_row(when, label, t(f"mode.{item.mode}"), attempts, key=str(item.id))
        actions = self.query_one("#person-actions", Static)
        if loaded.open_actions:
            actions.update(
                Text(t("person.open_actions") + "\n", style="bold")
                + Text("\n".join(f"• {line}" for line in loaded.open_actions))
            )
        else:
            actions.update("")
        timeline = self.query_one("#person-timeline", DataTable)
        timeline.clear()
        for index, line in enumerate(loaded.timeline):
            symbol = {"check_in": "●", "note": "✎", "attempt": "☎"}[line.kind]
            timeline.add_row(
                format_day(line.when.date()), f"{symbol} {line.what}", line.detail, key=str(index)
            )
        self.refresh_bindings()

    def _next_check_in(self) -> int | None:
        if self.file is None or not self.file.upcoming:
            return None
        return self.file.upcoming[0].id

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_start_call(self) -> None:
        """Call about the selected (or next) check-in."""
        from epc_tui.screens.call import CallScreen

        self.app.push_screen(CallScreen(self.person_id, self._selected_upcoming()))

    def action_record_attempt(self) -> None:
        """The call did not connect."""
        from epc_tui.screens.attempt import AttemptScreen

        screen = AttemptScreen(self.person_id, self._selected_upcoming())
        self.app.push_screen(screen, self._after_modal)

    def action_new_note(self) -> None:
        """A note about this person outside a call."""
        from epc_tui.screens.note import new_note_screen

        self.app.push_screen(new_note_screen(self.person_id, None))

    def action_edit(self) -> None:
        """The form."""
        from epc_tui.screens.person_form import PersonFormScreen

        self.app.push_screen(PersonFormScreen(self.person_id), self._after_modal)

    def _after_modal(self, _result: object) -> None:
        self.reload()

    def _selected_upcoming(self) -> int | None:
        table = self.query_one("#person-upcoming", DataTable)
        if table.has_focus and table.row_count and self.file is not None:
            return self.file.upcoming[table.cursor_row].id
        return self._next_check_in()

    @on(DataTable.RowSelected, "#person-timeline")
    def action_open_line(self) -> None:
        """Open the note under the cursor in the history."""
        table = self.query_one("#person-timeline", DataTable)
        if self.file is None or not table.row_count:
            return
        from epc_tui.screens.note import NoteScreen

        line = self.file.timeline[table.cursor_row]
        if line.kind == "note":
            self.app.push_screen(NoteScreen(line.ref_id))

    def resume_factory(self) -> Callable[[], Screen[Any]] | None:
        """Rebuilt from the person's id after unlock."""
        person_id = self.person_id
        return lambda: PersonScreen(person_id)
