"""The calendar's day agenda: the caseload's on-demand table, holding the day's agenda lines.

A busy day of a large vault holds hundreds of meetings; refilling a `DataTable` with them on
every move of the selected day cost most of the time of a move. This table keeps the day's
list and draws only the lines on screen (see `caseload_table`). A day without meetings is
said in the table itself, under its (blank) header: hiding the table for an empty day and
showing a text instead made the whole screen lay out again on each move between a busy day
and an empty one.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip

from epc_tui.vault.check_ins import AgendaEntry
from epc_tui.widgets.caseload_table import CaseloadTable

EMPTY_LINE = 1  # the empty day's text: under the (blank) header line


class AgendaTable(CaseloadTable[AgendaEntry]):
    """One line per check-in of the selected day, drawn when on screen."""

    DEFAULT_CSS = """
    AgendaTable > .agenda-table--empty { color: $text-muted; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *CaseloadTable.COMPONENT_CLASSES,
        "agenda-table--empty",
    }

    _empty_text = ""
    _pass_style: Style | None = None  # the widget's style while its lines are drawn

    @property
    def rich_style(self) -> Style:
        """The widget's style; while its lines are drawn, worked out once for all of them
        (Textual walks up the ancestors on every call, and the table asks on every line: a
        tenth of the time of a move's frame)."""
        if self._pass_style is not None:
            return self._pass_style
        return super().rich_style

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the lines asked for, with the widget's style worked out once."""
        self._pass_style = super().rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = None

    def set_empty_text(self, text: str) -> None:
        """What an empty day says (in the coach's language)."""
        if text != self._empty_text:
            self._empty_text = text
            self.refresh()

    def index_of(self, check_in_id: int) -> int | None:
        """The line of a check-in, if it is in the agenda."""
        return next(
            (index for index, record in enumerate(self.rows) if record.id == check_in_id), None
        )

    def render_line(self, y: int) -> Strip:
        """The rows, or for an empty day its text and nothing else (no header)."""
        if self.rows:
            return super().render_line(y)
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y != EMPTY_LINE or not self._empty_text:
            return Strip.blank(width, base)
        style = base + self.get_component_rich_style("agenda-table--empty", partial=True)
        text = Text(" " + self._empty_text, no_wrap=True, end="")
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(text.render(self.app.console)).apply_style(style).crop_extend(0, width, style)
