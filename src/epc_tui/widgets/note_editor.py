"""The note editor: a plain-text `TextArea` whose pastes are cleaned and never freeze typing,
and the status line under it that says when the disk refuses the note.

Pasted text goes through `textclean.clean_text` (terminal escapes, control and bidi-override
characters removed). Large pastes (a whole e-mail thread, a 1 MB log) are cleaned in a thread
and inserted when ready, so the coach can keep typing meanwhile. A very long finalised note is
read in a `NoteReader`, which draws only the lines on screen.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import events, work
from textual.document._wrapped_document import WrappedDocument
from textual.strip import Strip
from textual.widgets import Log, Static, TextArea

from epc_tui.i18n import t
from epc_tui.textclean import clean_text

LARGE_PASTE = 32 * 1024
"""Pastes above this many characters are cleaned off the UI thread."""


class _CountedWrapping(WrappedDocument):
    """Textual's wrapped document whose height is read in constant time.

    `WrappedDocument.height` sums over every line of the document, and the text area asks
    for it for each line it draws: with a 10 MB note (130,000 lines) that was 60 ms per line
    drawn. The height is also the length of `_offset_to_line_info` (one entry per wrapped
    line, kept in step by `wrap` and `wrap_range`).
    """

    @property
    def height(self) -> int:
        """The height of the wrapped document."""
        return len(self._offset_to_line_info)


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
        self.wrapped_document.__class__ = _CountedWrapping

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        self.wrapped_document.__class__ = _CountedWrapping

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

    def render_line(self, y: int) -> Strip:
        """Textual's line drawing, without joining the whole document for every line drawn.

        `TextArea.render_line` first tests `not self.text` (to draw a placeholder, which notes
        do not use); `text` joins every line, so with a 10 MB note each key press cost several
        seconds. Emptiness is read from the document's lines instead; the rest is Textual's
        own cached drawing (Textual is pinned, see pyproject.toml).
        """
        document = self.document
        if self.placeholder and document.line_count == 1 and not document[0]:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        absolute_y = scroll_y + y
        selection = self.selection
        _, cursor_y = self._cursor_offset
        cache_key = (
            self.size,
            scroll_x,
            absolute_y,
            (
                selection
                if selection.contains_line(absolute_y) or self.soft_wrap
                else selection.end[0] == absolute_y
            ),
            (
                selection.end
                if (self._cursor_visible and self.cursor_blink and absolute_y == cursor_y)
                else None
            ),
            self.theme,
            self._matching_bracket_location,
            self.match_cursor_bracket,
            self.soft_wrap,
            self.show_line_numbers,
            self.read_only,
            self.show_cursor,
            self.suggestion,
        )
        if (cached_line := self._line_cache.get(cache_key)) is not None:
            return cached_line
        line = self._render_line(y)
        self._line_cache[cache_key] = line
        return line

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

    @work(thread=True, exclusive=False, exit_on_error=False, group="paste", description="paste")
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


_NOT_SHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
"""Control, escape and bidi-override characters: drawn as U+FFFD, never sent to the terminal."""


class NoteReader(Log):
    """A very long note, read only: lines drawn as they scroll into view (no layout of the
    whole text), every control character shown as U+FFFD.

    Textual's `Log` replaces only the characters U+0000–U+0014, so the escape character
    (U+001B), C1 controls and bidi overrides are replaced here as well.
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(highlight=False, auto_scroll=False, id=id)
        self._initial_text = text

    def on_mount(self) -> None:
        """Show the note given at creation."""
        self.show_text(self._initial_text)
        self._initial_text = ""

    def show_text(self, text: str) -> None:
        """Replace what is shown by `text`, from its first line."""
        self.clear()
        if text:
            self.write_lines(text.split("\n"), scroll_end=False)
        self.scroll_home(animate=False)

    @classmethod
    def _process_line(cls, line: str) -> str:
        return _NOT_SHOWN.sub("\ufffd", line.expandtabs())
