"""Reading, writing and amending a note outside a call; its history of versions.

A finalised note is shown rendered as Markdown and is locked: a change is an amendment typed
as plain text, autosaved like a draft, and recorded with a reason as a new version (every
earlier one stays, with its time). Drafts — a note on a person without a check-in, the
coach's own reflections, or a missing note after a held meeting — are edited here too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from epc_tui.context import context_of
from epc_tui.i18n import t
from epc_tui.i18n.formats import format_moment
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.screens.call import NoteWriting
from epc_tui.services.autosave import storage_faults_explained
from epc_tui.textclean import fold
from epc_tui.vault import logbook
from epc_tui.vault.errors import EpcError
from epc_tui.widgets.key_footer import KeyFooter
from epc_tui.widgets.note_editor import NoteEditor, NoteReader, SaveStatus

MARKDOWN_LIMIT = 100_000
"""Above this many characters a finalised note is read as plain text in a read-only editor,
drawn line by line as it scrolls: the Markdown widget lays out the whole document (with a
10 MB note, one Page Down took more than a minute)."""


def first_match_line(body: str, find: str) -> int | None:
    """The line of a long note holding the first searched word (case-insensitive)."""
    words = [word.casefold().rstrip("*") for word in find.split() if word.strip()]
    if not words:
        return None
    for number, line in enumerate(body.split("\n")):
        folded = line.casefold()
        if any(word in folded for word in words):
            return number
    return None


def split_at_match(body: str, find: str) -> tuple[str, str, str]:
    """The note as (before, the paragraph holding the first searched word, after)."""
    words = [fold(word) for word in find.split() if word.strip()]
    paragraphs = body.split("\n\n")
    if words:
        for index, paragraph in enumerate(paragraphs):
            folded = fold(paragraph)
            if any(word.rstrip("*") in folded for word in words):
                before = "\n\n".join(paragraphs[:index])
                after = "\n\n".join(paragraphs[index + 1 :])
                return before, paragraph, after
    return body, "", ""


def note_heading(entry: logbook.EntryRecord) -> Text:
    """Who, when, status, themes and flags of a note."""
    heading = Text()
    who = entry.person_name or t("note.reflection")
    heading.append(who, style="bold")
    heading.append(f" — {format_moment(entry.moment)}  ")
    status = "note.status_final" if entry.is_final else "note.status_draft"
    heading.append(t(status), style="reverse")
    if entry.is_final and entry.amendment_draft is not None:
        heading.append(" " + t("note.amendment_pending"), style="italic")
    if entry.fields.themes:
        heading.append("\n" + t("note.themes", themes=", ".join(entry.fields.themes)))
    if entry.fields.safety_net:
        heading.append("\n" + t("note.safety_net"), style="bold")
    if entry.fields.relay:
        heading.append("\n" + t("note.relay", text=entry.fields.relay_text))
    if entry.fields.training_needs:
        heading.append("\n" + t("note.training", text=entry.fields.training_needs))
    return heading


class NoteScreen(NoteWriting):
    """One note: rendered when finalised, edited while a draft or an amendment."""

    CSS_PATH = [styles_dir() / "note.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("ctrl+f", "finalise", "note.finalise", priority=True),
        binding("a", "amend", "note.amend"),
        binding("h", "history", "note.history"),
        binding("ctrl+s", "save", "note.save"),
        binding("ctrl+d", "discard_amendment", "note.discard_amendment"),
        binding("escape", "leave", "note.leave"),
    ]

    def __init__(
        self,
        entry_id: int | None = None,
        *,
        person_id: int | None = None,
        check_in_id: int | None = None,
        find: str = "",
    ) -> None:
        super().__init__()
        self._entry_hint = entry_id
        self.person_id = person_id
        self.check_in_id = check_in_id
        self.find = find

    def compose(self) -> ComposeResult:
        """Heading, then the rendered note or the editor."""
        vault = self.epc.vault
        if self._entry_hint is None:
            self._entry_hint = logbook.open_draft(
                vault,
                person_id=self.person_id,
                check_in_id=self.check_in_id,
                at=self.epc.clock.now(),
            )
        self.entry_id = self._entry_hint
        entry = logbook.get_entry(vault, self.entry_id)
        self.entry = entry
        yield Static(note_heading(entry), id="note-heading")
        editing = not entry.is_final or entry.amendment_draft is not None
        self._long = len(entry.body) > MARKDOWN_LIMIT
        with VerticalScroll(id="note-reading"):
            parts = ("", "", "") if self._long else split_at_match(entry.body, self.find)
            before, match, after = parts
            yield Markdown(before, id="note-before", open_links=False)
            yield Markdown(match, id="note-match", open_links=False)
            yield Markdown(after, id="note-after", open_links=False)
        yield NoteReader(entry.body if self._long else "", id="note-plain")
        yield NoteEditor(
            entry.working_text if editing else "",
            (entry.cursor_row, entry.cursor_column),
            id="note",
        )
        yield SaveStatus(id="save-status")
        yield Static(
            t("note.editing_hint" if not entry.is_final else "note.amending_hint"), id="note-hint"
        )
        self._editing = editing
        yield KeyFooter()

    def on_mount(self) -> None:
        """Show the right view; scroll to the match when opened from a search."""
        self._show_mode()
        self.start_autosave()
        match = self.query_one("#note-match", Markdown)
        match.display = bool(match.source)
        for empty in ("#note-before", "#note-after"):
            widget = self.query_one(empty, Markdown)
            if not widget.source.strip():
                widget.display = False
        if match.display:
            self.call_after_refresh(self.query_one("#note-reading").scroll_to_widget, match)
        line = first_match_line(self.entry.body, self.find) if self._long else None
        if line is not None:
            plain = self.query_one("#note-plain", NoteReader)
            self.call_after_refresh(plain.scroll_to, y=max(0, line - 2), animate=False)

    def _show_mode(self) -> None:
        reading = "#note-plain" if self._long else "#note-reading"
        self.query_one("#note-reading").display = not self._editing and not self._long
        self.query_one("#note-plain").display = not self._editing and self._long
        self.query_one("#note").display = self._editing
        self.query_one("#note-hint").display = self._editing
        if self._editing:
            self.editor.focus()
        else:
            self.query_one(reading).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer what applies: amend a finalised note, finalise what is being written."""
        if action == "amend":
            return self.entry.is_final and not self._editing
        if action in ("finalise", "save"):
            return self._editing
        if action == "discard_amendment":
            return self.entry.is_final and self._editing
        return True

    def _reload(self) -> None:
        self.entry = logbook.get_entry(self.epc.vault, self.entry_id)
        self.query_one("#note-heading", Static).update(note_heading(self.entry))
        self._long = len(self.entry.body) > MARKDOWN_LIMIT
        self.query_one("#note-plain", NoteReader).show_text(self.entry.body if self._long else "")
        self.query_one("#note-before", Markdown).update("" if self._long else self.entry.body)
        self.query_one("#note-before", Markdown).display = True
        self.query_one("#note-match", Markdown).display = False
        self.query_one("#note-after", Markdown).display = False

    # -- actions --------------------------------------------------------------------------

    def action_save(self) -> None:
        """Save now (autosave does it anyway)."""
        if self.save_now():
            self.notify(t("note.saved"))

    def action_amend(self) -> None:
        """Start an amendment: the finalised text, editable as plain text."""
        self.editor.load_text(self.entry.body)
        self.editor.move_cursor(self.editor.document.end)
        self.query_one("#note-hint", Static).update(t("note.amending_hint"))
        self._editing = True
        self._show_mode()

    def action_finalise(self) -> None:
        """Finalise the draft, or record the amendment with a reason (not while the disk
        refuses the text: the status line says so)."""
        if not self.save_now():
            return
        vault, now = self.epc.vault, self.epc.clock.now()
        if not self.entry.is_final:
            if not self.editor.text.strip():
                self.notify(t("note.empty"), severity="warning")
                return
            if self._recorded(lambda: logbook.finalise(vault, self.entry_id, now)):
                self.notify(t("note.finalised"))
                self._after_finalising()
            return
        if self.editor.text == self.entry.body:
            if self._recorded(lambda: logbook.discard_amendment(vault, self.entry_id)):
                self._after_finalising()
            return

        def reasoned(reason: str | None) -> None:
            if not reason:
                return
            numbers: list[int] = []
            at = self.epc.clock.now()
            if self._recorded(
                lambda: numbers.append(logbook.amend(vault, self.entry_id, reason, at))
            ):
                self.notify(t("note.amended", number=numbers[0]))
                self._after_finalising()

        self.app.push_screen(ReasonScreen(), reasoned)

    def _recorded(self, write: Callable[[], object]) -> bool:
        """Run one write of the note; on a refusal (a full disk, a locked note…) say why in
        one sentence and return False, leaving the screen as it is."""
        try:
            with storage_faults_explained(self.epc.vault):
                write()
        except EpcError as error:
            self.notify(t(error.message_key, **error.params), severity="error")
            return False
        return True

    def _after_finalising(self) -> None:
        self._editing = False
        self._reload()
        self._show_mode()

    def action_discard_amendment(self) -> None:
        """Forget the pending amendment; the finalised text stays."""
        if not self._recorded(lambda: logbook.discard_amendment(self.epc.vault, self.entry_id)):
            return
        self._schedule.saved_now()
        self._after_finalising()

    def action_history(self) -> None:
        """Every version of the note with its time and reason."""
        self.app.push_screen(HistoryScreen(logbook.history(self.epc.vault, self.entry_id)))

    def action_leave(self) -> None:
        """Back; the text is saved, an untouched empty draft is not kept. While the disk
        refuses the text, the screen stays (the note exists only here)."""
        if self._editing:
            if not self.save_now():
                return
            if not self._recorded(lambda: logbook.discard_if_empty(self.epc.vault, self.entry_id)):
                return
        self.app.pop_screen()

    def save_now(self) -> bool:
        """Only write while editing (reading a finalised note writes nothing)."""
        if getattr(self, "_editing", False):
            return super().save_now()
        return True

    def resume_factory(self) -> Callable[[], Screen[Any]] | None:
        """After unlock: the same note (the cursor comes back from the saved draft)."""
        entry_id, find = self.entry_id, self.find
        return lambda: NoteScreen(entry_id, find=find)


def new_note_screen(person_id: int | None, check_in_id: int | None) -> Screen[Any]:
    """A note outside a call: on a person, for a held check-in, or a reflection (no person)."""
    return NoteScreen(None, person_id=person_id, check_in_id=check_in_id)


class ReasonScreen(ModalScreen[str | None]):
    """Asks why a finalised note is amended (kept in its history)."""

    CSS_PATH = [styles_dir() / "note.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [binding("escape", "cancel", "note.reason_cancel")]

    def compose(self) -> ComposeResult:
        """One line and two buttons."""
        with Vertical(classes="dialog", id="reason-dialog"):
            yield Static(t("note.reason_title"), classes="dialog-title")
            yield Input(placeholder=t("note.reason_placeholder"), id="reason", max_length=300)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("note.reason_ok"), variant="primary", id="ok")
                yield Button(t("note.reason_cancel"), id="cancel")

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted, "#reason")
    def _ok(self) -> None:
        reason = " ".join(self.query_one("#reason", Input).value.split())
        if not reason:
            self.notify(t("logbook.error.reason_missing"), severity="warning")
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Back to the amendment (kept as typed)."""
        self.dismiss(None)


class HistoryScreen(ModalScreen[None]):
    """The versions of a note, newest first, each with its time and reason."""

    CSS_PATH = [styles_dir() / "note.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [binding("escape", "close", "note.history_close")]

    def __init__(self, revisions: list[logbook.RevisionRecord]) -> None:
        super().__init__()
        self.revisions = revisions

    def compose(self) -> ComposeResult:
        """One block per version."""
        with VerticalScroll(classes="dialog", id="history"):
            yield Static(t("note.history_title"), classes="dialog-title")
            if not self.revisions:
                yield Static(t("note.history_empty"))
            for revision in reversed(self.revisions):
                title = Text(
                    t("note.version", number=revision.number, at=format_moment(revision.at)),
                    style="bold",
                )
                if revision.reason:
                    title.append("\n" + t("note.version_reason", reason=revision.reason))
                yield Static(title, classes="version-title")
                yield Static(Text(revision.body), classes="version-body")
            yield Button(t("note.history_close"), id="close")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Back to the note."""
        self.dismiss(None)


class RecoveredDraftsScreen(ModalScreen[None]):
    """After unlock: notes left unfinished (a crash, a dead battery, a draft kept for later)."""

    CSS_PATH = [styles_dir() / "note.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [binding("escape", "later", "note.drafts_later")]

    def __init__(self, drafts: list[logbook.EntryRecord]) -> None:
        super().__init__()
        self.drafts = drafts

    def compose(self) -> ComposeResult:
        """The unfinished notes, newest first; Enter reopens one."""
        with Vertical(classes="dialog", id="recovered-drafts"):
            yield Static(t("note.drafts_title"), classes="dialog-title")
            yield Static(t("note.drafts_text"), classes="dialog-text")
            yield OptionList(
                *[Option(self._line(draft)) for draft in self.drafts], id="drafts-list"
            )
            yield Button(t("note.drafts_later"), id="later")

    @staticmethod
    def _line(draft: logbook.EntryRecord) -> Text:
        line = Text()
        line.append(draft.person_name or t("note.reflection"), style="bold")
        line.append(f"  {format_moment(draft.updated_at)}  ", style="dim")
        excerpt = " ".join(draft.working_text.split())
        line.append(excerpt[:60] + ("…" if len(excerpt) > 60 else ""))
        return line

    def on_mount(self) -> None:
        """Focus the list."""
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#drafts-list")
    def _reopen(self, event: OptionList.OptionSelected) -> None:
        draft = self.drafts[event.option_index]
        self.dismiss(None)
        if draft.kind == "call" and draft.person_id is not None and not draft.is_final:
            from epc_tui.screens.call import CallScreen

            if draft.call_started_at is not None and draft.call_ended_at is None:
                self.app.push_screen(
                    CallScreen(draft.person_id, draft.check_in_id, entry_id=draft.id)
                )
                return
        self.app.push_screen(NoteScreen(draft.id))

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        """Close; the drafts stay where they are."""
        self.dismiss(None)


def offer_recovered_drafts(app: App[Any]) -> None:
    """Look for unfinished notes off the UI thread; offer them if there are any."""
    vault = context_of(app).vault

    def look() -> None:
        drafts = logbook.recovered_drafts(vault)[:20] if vault.is_unlocked else []
        if drafts:
            app.call_from_thread(app.push_screen, RecoveredDraftsScreen(drafts))

    app.run_worker(look, thread=True, exclusive=True, exit_on_error=False, group="drafts")
