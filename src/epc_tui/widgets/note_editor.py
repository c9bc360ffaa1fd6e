"""The note editor: a plain-text `TextArea` whose pastes are cleaned and never freeze typing,
and the status line under it that says when the disk refuses the note.

Pasted text goes through `textclean.clean_text` (terminal escapes, control and bidi-override
characters removed). Large pastes (a whole e-mail thread, a 1 MB log) are cleaned in a thread
and inserted when ready, so the coach can keep typing meanwhile.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, work
from textual.widgets import Static, TextArea

from epc_tui.i18n import t
from epc_tui.textclean import clean_text

LARGE_PASTE = 32 * 1024
"""Pastes above this many characters are cleaned off the UI thread."""


class NoteEditor(TextArea):
    """Plain-text editing of a note, soft-wrapped, with cleaned pastes."""

    DEFAULT_CSS = """
    NoteEditor {
        height: 1fr;
    }
    """

    def __init__(
        self,
        text: str = "",
        cursor: tuple[int, int] = (0, 0),
        *,
        id: str | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            id=id,
            read_only=read_only,
            max_checkpoints=200,
        )
        self._initial_cursor = cursor

    def on_mount(self) -> None:
        """Put the cursor where the coach left it (clamped to the text)."""
        self.move_cursor(self.clamp(self._initial_cursor))

    def clamp(self, location: tuple[int, int]) -> tuple[int, int]:
        """A location inside the document."""
        row = min(max(0, location[0]), self.document.line_count - 1)
        column = min(max(0, location[1]), len(self.document[row]))
        return row, column

    @property
    def cursor_position(self) -> tuple[int, int]:
        """Row and column of the cursor (saved with the draft)."""
        row, column = self.cursor_location
        return row, column

    async def _on_paste(self, event: events.Paste) -> None:
        """Insert cleaned text; a large paste is cleaned in a worker thread."""
        event.prevent_default()
        event.stop()
        if self.read_only:
            return
        if len(event.text) > LARGE_PASTE:
            self._clean_large_paste(event.text)
            return
        self._insert_cleaned(clean_text(event.text))

    @work(thread=True, exclusive=False, exit_on_error=False, group="paste")
    def _clean_large_paste(self, text: str) -> None:
        cleaned = clean_text(text)
        self.app.call_from_thread(self._insert_cleaned, cleaned)

    def _insert_cleaned(self, text: str) -> None:
        if not text:
            return
        if result := self._replace_via_keyboard(text, *self.selection):
            self.move_cursor(result.end_location)
            self.focus()


class SaveStatus(Static):
    """Under the note: shown only while the disk refuses it ("Disque plein : la note est
    gardée en mémoire…"), so the coach knows the words are not yet written, and why."""

    DEFAULT_CSS = """
    SaveStatus {
        display: none;
        height: auto;
        padding: 0 1;
        background: $error-muted;
        color: $text;
        text-style: bold;
    }
    SaveStatus.-problem {
        display: block;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.problem: str | None = None

    def show_problem(self, message_key: str | None) -> None:
        """Show the sentence of `message_key`, or hide the line (None: the note is saved)."""
        self.problem = message_key
        self.update(Text(t(message_key)) if message_key else "")
        self.set_class(message_key is not None, "-problem")
