"""Call mode: the timer running, the person's context beside the note, prompts and fields.

The coach types while listening. The note autosaves in the background (debounced, coalesced,
one `db-write` worker, never a temporary file); locking saves synchronously and comes back to
the same note with the cursor where it was. Ending the call records its duration, marks the
check-in done and proposes the next one; one key records an attempt instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from epc_tui.i18n import t
from epc_tui.i18n.formats import format_day, format_duration
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.screens.base import VaultScreen
from epc_tui.services.autosave import (
    UNSAVED_NOTES,
    AutosaveSchedule,
    save_problem,
    storage_faults_explained,
    write_note,
)
from epc_tui.services.call_flow import (
    FinishedCall,
    NextProposal,
    end_of_call,
    finish_call,
    propose_next,
    safety_net_for,
)
from epc_tui.services.prompts import prompts_for
from epc_tui.vault import logbook
from epc_tui.vault.errors import EpcError
from epc_tui.vault.warm_connection import WarmConnection
from epc_tui.widgets.call_timer import CallTimer
from epc_tui.widgets.date_field import DateField
from epc_tui.widgets.key_footer import KeyFooter
from epc_tui.widgets.note_editor import NoteEditor, SaveStatus
from epc_tui.widgets.person_context import PersonContextPanel

COACH_STATE_CHOICES = (0, 1, 2, 3, 4)


def split_themes(text: str) -> tuple[str, ...]:
    """Themes typed as `sommeil, anxiété; famille`."""
    parts = text.replace(";", ",").split(",")
    return tuple(dict.fromkeys(part.strip() for part in parts if part.strip()))


class NoteWriting(VaultScreen[None]):
    """What every screen editing a note shares: load, autosave, save before lock.

    Subclasses compose a `NoteEditor` with id `note` and call `start_autosave()` on mount.
    """

    entry_id: int

    def start_autosave(self) -> None:
        """Begin watching edits and saving them (with the words a full disk refused before a
        lock, kept in memory, put back first)."""
        delay = self.epc.settings.autosave_seconds
        self._schedule = AutosaveSchedule(delay=delay, max_wait=max(1.5, delay * 1.5))
        self._writer = WarmConnection(self.epc.vault, "autosave")
        kept = UNSAVED_NOTES.take(self.epc.vault, self.entry_id)
        if kept is not None:
            self.editor.load_text(kept.text)
            self.editor.move_cursor(self.editor.clamp(kept.cursor))
            self._schedule.refused_now(time.monotonic() - self._schedule.retry_after)
        self.set_interval(0.2, self._autosave_tick)

    def on_unmount(self) -> None:
        """The autosave thread and its connection end with the screen."""
        writer = getattr(self, "_writer", None)
        if writer is not None:
            writer.close()

    @property
    def editor(self) -> NoteEditor:
        """The note's editor."""
        return self.query_one("#note", NoteEditor)

    @on(TextArea.Changed, "#note")
    @on(TextArea.SelectionChanged, "#note")
    def _note_edited(self) -> None:
        schedule = getattr(self, "_schedule", None)
        if schedule is not None:
            schedule.edited(time.monotonic())

    def fields(self) -> logbook.NoteFields | None:
        """The structured fields on screen, if this screen shows them."""
        return None

    def _autosave_tick(self) -> None:
        if not self.epc.vault.is_unlocked or not self._schedule.due(time.monotonic()):
            return
        mark = self._schedule.started()
        editor = self.editor
        self._save_in_background(editor.text, editor.cursor_position, self.fields(), mark)

    # A fixed description: by default Textual keeps repr() of the arguments (the note's text).
    @work(
        thread=True, exclusive=True, exit_on_error=False, group="db-write", description="autosave"
    )
    def _save_in_background(
        self,
        text: str,
        cursor: tuple[int, int],
        fields: logbook.NoteFields | None,
        mark: int,
    ) -> None:
        problem: Exception | None = None
        try:  # on a thread whose connection stays open: no connection opened per save
            self._writer.run(lambda: self._write(text, cursor, fields))
        except Exception as error:  # shown under the note; retried until it is written
            problem = error
        self.app.call_from_thread(self._save_finished, mark, problem)

    def _save_finished(self, mark: int, problem: Exception | None) -> None:
        self._schedule.finished(mark, problem is None, time.monotonic())
        if self.is_attached:
            self._show_save_problem(problem)

    def _show_save_problem(self, problem: Exception | None) -> None:
        status = self.query_one(SaveStatus)
        if problem is None and status.problem is not None:
            self.notify(t("note.saved_again"))
        status.show_problem(save_problem(problem))

    def _write(self, text: str, cursor: tuple[int, int], fields: logbook.NoteFields | None) -> None:
        write_note(self.epc.vault, self.entry_id, text, cursor, fields, self.epc.clock.now())

    def save_now(self) -> bool:
        """Write the note synchronously (before a lock, ending the call, leaving); False when
        the disk refused it (the status line says so, the text stays, retries go on)."""
        if not self.epc.vault.is_unlocked or not self.is_mounted:
            return True
        editor = self.editor
        schedule = getattr(self, "_schedule", None)
        try:
            self._write(editor.text, editor.cursor_position, self.fields())
        except EpcError as error:
            if schedule is not None:
                schedule.refused_now(time.monotonic())
            self._show_save_problem(error)
            return False
        if schedule is not None:
            schedule.saved_now()
        self._show_save_problem(None)
        return True

    def save_before_lock(self) -> None:
        """A lock must never cost a word: what the disk refuses is kept in memory until the
        note's screen comes back after unlock."""
        if not self.save_now():
            editor = self.editor
            UNSAVED_NOTES.keep(self.epc.vault, self.entry_id, editor.text, editor.cursor_position)


class CallScreen(NoteWriting):
    """A call in progress with a person, on a check-in or not.

    Below `NARROW_BELOW` columns the person's context is hidden so the note keeps the width;
    Ctrl+O shows it (under the note, in place of the fields) or hides it, at any size.
    """

    CSS_PATH = [styles_dir() / "call.tcss"]
    NARROW_BELOW = 110
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (NARROW_BELOW, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("ctrl+e", "end_call", "call.end", priority=True),
        binding("ctrl+t", "record_attempt", "call.attempt", priority=True),
        binding("ctrl+o", "toggle_context", "call.context", priority=True),
        binding("escape", "leave", "call.leave"),
        binding("ctrl+s", "save", "call.save"),
    ]

    def __init__(
        self, person_id: int, check_in_id: int | None, entry_id: int | None = None
    ) -> None:
        super().__init__()
        self.person_id = person_id
        self.check_in_id = check_in_id
        self._entry_hint = entry_id
        self._ended = False

    def compose(self) -> ComposeResult:
        """Timer and title, the note with prompts and fields, the context beside."""
        vault, clock = self.epc.vault, self.epc.clock
        now = clock.now()
        if self._entry_hint is not None:
            self.entry_id = self._entry_hint
        else:
            self.entry_id = logbook.open_draft(
                vault, person_id=self.person_id, check_in_id=self.check_in_id, at=now
            )
        logbook.start_call(vault, self.entry_id, now)
        entry = logbook.get_entry(vault, self.entry_id)
        started = entry.call_started_at or now
        self.started_at = started
        with Horizontal(id="call-top"):
            yield CallTimer(started, clock.now, id="call-timer")
            yield Static(Text(entry.person_name), id="call-title")
        with Horizontal(id="call-body"):
            with Vertical(id="call-main"):
                yield Static("", id="prompts")
                yield NoteEditor(
                    entry.working_text, (entry.cursor_row, entry.cursor_column), id="note"
                )
                yield SaveStatus(id="save-status")
                yield from self._compose_fields(entry.fields)
                yield Static("", id="actions")
                yield Static("", id="safety-net")
            yield PersonContextPanel(id="call-side")
        yield KeyFooter()

    def _compose_fields(self, fields: logbook.NoteFields) -> ComposeResult:
        """The structured fields: one line each (labels, short hints), under the note."""
        with Vertical(id="call-fields"):
            with Horizontal(classes="field-row"):
                yield Label(t("call.label.themes"), classes="field-label")
                yield Input(
                    ", ".join(fields.themes),
                    placeholder=t("call.themes"),
                    id="themes",
                    compact=True,
                )
                yield Label(t("call.label.state"), classes="field-label -inner")
                yield Select(
                    [(t(f"call.state.{level}"), level) for level in COACH_STATE_CHOICES],
                    value=fields.coach_state if fields.coach_state is not None else Select.NULL,
                    prompt=t("call.state_prompt"),
                    id="coach-state",
                    compact=True,
                )
            with Horizontal(classes="field-row"):
                yield Label(t("call.label.training"), classes="field-label")
                yield Input(
                    fields.training_needs,
                    placeholder=t("call.training_needs"),
                    id="training-needs",
                    compact=True,
                )
                yield Checkbox(t("call.relay"), fields.relay, id="relay", compact=True)
                yield Input(
                    fields.relay_text,
                    placeholder=t("call.relay_text"),
                    id="relay-text",
                    compact=True,
                )
            with Horizontal(classes="field-row", id="action-row"):
                yield Label(t("call.label.action"), classes="field-label")
                yield Input(placeholder=t("call.action_text"), id="action-text", compact=True)
                yield DateField(placeholder=t("call.action_due"), id="action-due")
                yield Button(t("call.action_add"), id="action-add", compact=True)

    def on_mount(self) -> None:
        """Focus in the note, then load the context and prompts in the background."""
        self.editor.focus()
        self.start_autosave()
        self._show_safety_net()
        self._load_context()

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="call-context",
        description="call-context",
    )
    def _load_context(self) -> None:
        vault, today = self.epc.vault, self.epc.clock.today()
        context = logbook.person_context(vault, self.person_id, today, exclude_entry=self.entry_id)
        if self.check_in_id is not None:
            step = logbook.step_prompts(vault, self.check_in_id)
            prompts = prompts_for(step.step_key, step.check_in_kind, step.track_key, step.custom)
        else:
            prompts = prompts_for("")
        actions = logbook.actions_of_entry(vault, self.entry_id)
        self.app.call_from_thread(self._context_loaded, context, prompts, actions)

    def _context_loaded(
        self,
        context: logbook.PersonContext,
        prompts: list[str],
        actions: list[logbook.ActionRecord],
    ) -> None:
        self.query_one(PersonContextPanel).show(context)
        self.query_one("#prompts", Static).update(Text(" · ".join(prompts), style="italic"))
        self._show_actions(actions)

    def _show_actions(self, actions: list[logbook.ActionRecord]) -> None:
        lines = []
        for action in actions:
            due = format_day(action.due_date) if action.due_date else t("context.no_due")
            lines.append(Text(f"☐ {action.text} ({due})"))
        panel = self.query_one("#actions", Static)
        panel.update(Text("\n").join(lines))
        panel.display = bool(lines)

    # -- fields ---------------------------------------------------------------------------

    def fields(self) -> logbook.NoteFields:
        """The structured fields as typed."""
        state_value = self.query_one("#coach-state", Select).value
        state = state_value if isinstance(state_value, int) else None
        return logbook.NoteFields(
            themes=split_themes(self.query_one("#themes", Input).value),
            coach_state=state,
            safety_net=safety_net_for(state),
            training_needs=self.query_one("#training-needs", Input).value.strip(),
            relay=self.query_one("#relay", Checkbox).value,
            relay_text=self.query_one("#relay-text", Input).value.strip(),
        )

    @on(Input.Changed, "#themes, #training-needs, #relay-text")
    @on(Checkbox.Changed, "#relay")
    def _field_edited(self) -> None:
        self._note_edited()

    @on(Select.Changed, "#coach-state")
    def _state_changed(self) -> None:
        self._note_edited()
        self._show_safety_net()

    def _show_safety_net(self) -> None:
        state_value = self.query_one("#coach-state", Select).value
        high = safety_net_for(state_value if isinstance(state_value, int) else None)
        panel = self.query_one("#safety-net", Static)
        panel.update(Text(t("call.safety_net_suggestion")) if high else "")
        panel.display = high

    @on(Button.Pressed, "#action-add")
    @on(Input.Submitted, "#action-text")
    def _add_action(self) -> None:
        text_input = self.query_one("#action-text", Input)
        if not text_input.value.strip():
            return
        due = self.query_one("#action-due", DateField).value
        vault = self.epc.vault
        try:
            with storage_faults_explained(vault):
                logbook.add_action(
                    vault,
                    person_id=self.person_id,
                    entry_id=self.entry_id,
                    text=text_input.value,
                    due_date=due,
                    at=self.epc.clock.now(),
                )
        except EpcError as error:  # a full disk: the action stays typed, to add again
            self.notify(t(error.message_key, **error.params), severity="error", timeout=10)
            return
        text_input.value = ""
        self.query_one("#action-due", DateField).value = None
        self._show_actions(logbook.actions_of_entry(vault, self.entry_id))
        self.editor.focus()

    # -- actions --------------------------------------------------------------------------

    def action_toggle_context(self) -> None:
        """Show or hide the person's context beside the note (the focus stays in the note)."""
        shown = self.context_shown
        self.set_class(shown, "-context-hidden")
        self.set_class(not shown, "-context-shown")
        going: Widget | None = None  # what disappears: never leave the focus in it
        if shown:
            going = self.query_one("#call-side")
        elif self.has_class("-narrow"):
            going = self.query_one("#call-fields")
        if going is not None and going.has_focus_within:
            self.editor.focus()

    @property
    def context_shown(self) -> bool:
        """Whether the context panel is on screen: as toggled, else only when wide enough."""
        if self.has_class("-context-shown"):
            return True
        return not self.has_class("-context-hidden") and not self.has_class("-narrow")

    def action_save(self) -> None:
        """Save now (autosave does it anyway)."""
        if self.save_now():
            self.notify(t("note.saved"))

    def action_leave(self) -> None:
        """Leave the call screen without ending the call (the draft is kept); stay while the
        disk refuses the note (it exists only here)."""
        if self.save_now():
            self.app.pop_screen()

    def action_record_attempt(self) -> None:
        """The call did not connect: record an attempt instead of a note."""
        from epc_tui.screens.attempt import AttemptScreen

        def recorded(done: bool | None) -> None:
            if done:
                self.save_now()
                logbook.abandon_call(self.epc.vault, self.entry_id)
                self._ended = True
                self.app.pop_screen()

        self.app.push_screen(AttemptScreen(self.person_id, self.check_in_id), recorded)

    def action_end_call(self) -> None:
        """Stop the timer, save, then ask about the next check-in."""
        if self._ended:
            return
        if not self.save_now():
            return
        self.query_one(CallTimer).stop()
        ended = self.epc.clock.now()
        fields = self.fields()
        summary = end_of_call(self.started_at, ended, fields.coach_state)
        vault = self.epc.vault
        from epc_tui.vault.check_ins import next_open_check_in
        from epc_tui.vault.people import get_person

        next_open = next_open_check_in(
            vault, self.person_id, after=ended.date(), excluding=self.check_in_id
        )
        cadence = get_person(vault, self.person_id).cadence
        proposal = propose_next(next_open, ended.date(), cadence)

        def decided(choice: EndChoice | None) -> None:
            if choice is None:
                self._ended = False
                self.query_one(CallTimer).resume()
                return
            self._finish(ended, summary.duration_seconds, summary.safety_net, proposal, choice)

        self._ended = True
        self.app.push_screen(
            EndCallScreen(summary.duration_seconds, summary.safety_net, proposal), decided
        )

    def _finish(
        self,
        ended: datetime,
        duration: int,
        safety_net: bool,
        proposal: NextProposal,
        choice: EndChoice,
    ) -> None:
        editor = self.editor
        call = FinishedCall(
            self.person_id, self.check_in_id, self.entry_id, self.started_at, ended, duration,
            editor.text, editor.cursor_position, self.fields(), proposal, choice.action,
            choice.day, choice.finalise, t("call.no_next_reason"),
        )  # fmt: skip
        try:  # one transaction: a kill or a full disk never leaves the end half recorded
            finish_call(self.epc.vault, call, self.epc.clock.now())
        except EpcError as error:
            self.notify(t(error.message_key, **error.params), severity="error")
            self._ended = False
            return
        self.notify(t("call.ended", duration=format_duration(duration)))
        if safety_net:
            self.notify(t("call.safety_net_suggestion"), severity="warning", timeout=15)
        self.app.pop_screen()

    def resume_factory(self) -> Callable[[], Screen[Any]] | None:
        """After unlock: the same call, the same note, the cursor where it was."""
        if self._ended:
            return None
        person_id, check_in_id, entry_id = self.person_id, self.check_in_id, self.entry_id
        return lambda: CallScreen(person_id, check_in_id, entry_id=entry_id)


@dataclass(frozen=True)
class EndChoice:
    """What the coach chose at the end of a call: accept, change (with a day) or none."""

    action: str
    day: date | None
    finalise: bool


class EndCallScreen(ModalScreen[EndChoice | None]):
    """The end of a call: duration, safety-net reminder, and the next check-in."""

    CSS_PATH = [styles_dir() / "call.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [binding("escape", "back", "call.back_to_call")]

    def __init__(self, duration: int, safety_net: bool, proposal: NextProposal) -> None:
        super().__init__()
        self.duration = duration
        self.safety_net = safety_net
        self.proposal = proposal

    def compose(self) -> ComposeResult:
        """The summary and the choices."""
        proposal = self.proposal
        with Vertical(id="end-call", classes="dialog"):
            yield Static(t("call.end_title"), classes="dialog-title")
            yield Static(t("call.duration", duration=format_duration(self.duration)))
            if self.safety_net:
                yield Static(t("call.safety_net_suggestion"), id="end-safety-net")
            if proposal.proposed_date is not None:
                text = t("call.next_proposed", day=format_day(proposal.proposed_date, "full"))
            else:
                text = t("call.next_none_planned")
            yield Static(text, id="next-proposal")
            yield DateField(proposal.proposed_date, id="next-date")
            yield Checkbox(t("call.finalise_now"), True, id="finalise")
            with Horizontal(classes="dialog-buttons"):
                if proposal.proposed_date is not None:
                    yield Button(t("call.next_accept"), variant="primary", id="accept")
                yield Button(t("call.next_change"), id="change")
                yield Button(t("call.next_no"), id="none")

    def on_mount(self) -> None:
        """Focus the first choice."""
        self.query(Button).first().focus()

    def _finalise(self) -> bool:
        return self.query_one("#finalise", Checkbox).value

    @on(Button.Pressed, "#accept")
    def _accept(self) -> None:
        self.dismiss(EndChoice("accept", self.proposal.proposed_date, self._finalise()))

    @on(Button.Pressed, "#change")
    def _change(self) -> None:
        day = self.query_one("#next-date", DateField).value
        if day is None:
            self.notify(t("call.next_date_missing"), severity="warning")
            self.query_one("#next-date", DateField).focus_input()
            return
        self.dismiss(EndChoice("change", day, self._finalise()))

    @on(Button.Pressed, "#none")
    def _none(self) -> None:
        self.dismiss(EndChoice("none", None, self._finalise()))

    def action_back(self) -> None:
        """Back to the call (the timer stays stopped at the end time)."""
        self.dismiss(None)
