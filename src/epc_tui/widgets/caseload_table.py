"""A table that draws only the lines on screen, for the caseload's thousands of people.

Textual's `DataTable` copies every row into its own structures and measures every cell, so
refilling it with a page of 100 rows cost a few hundred milliseconds per keystroke while the
coach filtered. This table keeps a reference to the (already filtered and sorted) list of
rows and asks for the cells of a row only when that line is drawn (`render_line`): showing
10,000 people or 3 costs the same, about a screenful of lines. The header stays on the first
line; the cursor moves over rows; columns have widths given by the screen (one may stretch).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from epc_tui.keys import binding

RowT = TypeVar("RowT")

HEADER_LINES = 1
GAP = 1  # spaces between columns
LINES_KEPT = 2000  # drawn lines kept for reuse (a few screenfuls of each stripe and cursor)


@dataclass(frozen=True)
class Column:
    """One column: its key (for sorting), its header, the width it wants (None: it takes
    what the others leave), the narrowest it may become on a small terminal, and when it
    gives up width (lower `yields` first)."""

    key: str
    label: str
    width: int | None = None
    min_width: int = 8
    yields: int = 0


def column_widths(columns: Sequence[Column], total: int) -> list[int]:
    """The width of each column in a table `total` cells wide (a margin cell on the left and
    a gap between columns). Too narrow: columns give up width down to their minimum, in the
    order of their `yields`. Room to spare: the stretching columns share it."""
    room = max(0, total - 1 - GAP * (len(columns) - 1))
    widths = [column.width if column.width is not None else column.min_width for column in columns]
    excess = sum(widths) - room
    for index in sorted(range(len(columns)), key=lambda index: columns[index].yields):
        if excess <= 0:
            break
        if columns[index].width is not None:
            cut = min(excess, max(0, widths[index] - columns[index].min_width))
            widths[index] -= cut
            excess -= cut
    stretching = [index for index, column in enumerate(columns) if column.width is None]
    if excess < 0 and stretching:
        share, extra = divmod(-excess, len(stretching))
        for position, index in enumerate(stretching):
            widths[index] += share + (1 if position < extra else 0)
    return widths


class CaseloadTable(ScrollView, Generic[RowT], can_focus=True):
    """Rows drawn on demand, a cursor, a clickable header; messages like `DataTable`'s."""

    DEFAULT_CSS = """
    CaseloadTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        overflow-x: hidden;
        &:focus {
            background-tint: $foreground 5%;
            & > .caseload-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .caseload-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .caseload-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .caseload-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .caseload-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .caseload-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "caseload-table--header",
        "caseload-table--even-row",
        "caseload-table--cursor",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("up", "cursor_up", "caseload_table.up", show=False),
        binding("down", "cursor_down", "caseload_table.down", show=False),
        binding("pageup", "page_up", "caseload_table.page_up", show=False),
        binding("pagedown", "page_down", "caseload_table.page_down", show=False),
        binding("home", "first", "caseload_table.first", show=False),
        binding("end", "last", "caseload_table.last", show=False),
        binding("enter", "select_cursor", "caseload_table.select", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, init=False, always_update=False)
    """The highlighted row (an index into the rows shown)."""

    class RowHighlighted(Message):
        """The cursor moved to another row."""

        def __init__(self, table: CaseloadTable[object], row: int) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = row

        @property
        def control(self) -> CaseloadTable[object]:
            """The table, so `@on(CaseloadTable.RowHighlighted, "#id")` works."""
            return self.table

    class RowSelected(RowHighlighted):
        """Enter, or a click on the highlighted row."""

    class HeaderSelected(Message):
        """A column's header was clicked."""

        def __init__(self, table: CaseloadTable[object], column_key: str) -> None:
            super().__init__()
            self.table = table
            self.column_key = column_key

        @property
        def control(self) -> CaseloadTable[object]:
            """The table."""
            return self.table

    def __init__(
        self,
        cells: Callable[[RowT], Sequence[Text]],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._cells = cells
        self._columns: list[Column] = []
        self._rows: Sequence[RowT] = ()
        # Drawn lines by row (its identity, checked on use), stripe and cursor: a row that stays
        # on screen while the coach filters is not drawn again. Forgotten when the columns,
        # width, focus or theme change, or when too many are kept.
        self._lines: dict[tuple[int, int, bool], tuple[RowT, Strip]] = {}
        self._lines_key: tuple[object, ...] = ()

    def on_unmount(self) -> None:
        """Removed with its screen (a lock): let go of the rows and the lines drawn from them,
        which hold names, even if something keeps this widget object alive a while."""
        self._rows = ()
        self._lines.clear()

    # -- content ------------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[RowT]:
        """The rows, in the order shown."""
        return self._rows

    @property
    def row_count(self) -> int:
        """How many rows (the whole list, not only those on screen)."""
        return len(self._rows)

    @property
    def columns(self) -> list[Column]:
        """The columns, in order."""
        return list(self._columns)

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Replace the columns (labels in the coach's language, widths from the data)."""
        self._columns = list(columns)
        self._forget_lines()

    def show(self, rows: Sequence[RowT], cursor: int = 0) -> None:
        """Show these rows (the list is kept, not copied) with the cursor on row `cursor`."""
        self._rows = rows
        self.refresh()
        self._set_height(len(rows) + HEADER_LINES)
        target = max(0, min(cursor, len(rows) - 1))
        if target != self.cursor_row:
            self.cursor_row = target
        else:
            self._scroll_to_cursor()
            self.post_message(self.RowHighlighted(self, target))  # type: ignore[arg-type]

    def _set_height(self, lines: int) -> None:
        """The scrollable height. Setting `virtual_size` lays out the whole screen again (a
        few dozen milliseconds per filter keystroke); that is needed only when the scrollbar
        appears or goes, so otherwise the scrollbar alone is told the new height."""
        size = Size(self.size.width, lines)
        if size == self.virtual_size:
            return
        height = self.container_size.height
        scrolls = self.styles.overflow_y == "auto" and self.container_size.width > 0
        if not scrolls or (lines > height) != (self.virtual_size.height > height):
            self.virtual_size = size
            return
        self.set_reactive(ScrollView.virtual_size, size)
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            bar.window_virtual_size = lines
            bar.window_size = height
            bar.refresh()
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def get_row_at(self, index: int) -> Sequence[Text]:
        """The cells of a row as drawn."""
        return self._cells(self._rows[index])

    def move_cursor(self, *, row: int) -> None:
        """Put the cursor on a row (clamped to the rows shown)."""
        if self._rows:
            self.cursor_row = max(0, min(row, len(self._rows) - 1))

    # -- keys and mouse -----------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        """One row up."""
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        """One row down."""
        self.move_cursor(row=self.cursor_row + 1)

    def action_page_up(self) -> None:
        """A screenful up."""
        self.move_cursor(row=self.cursor_row - self._page())

    def action_page_down(self) -> None:
        """A screenful down."""
        self.move_cursor(row=self.cursor_row + self._page())

    def action_first(self) -> None:
        """The first row."""
        self.move_cursor(row=0)

    def action_last(self) -> None:
        """The last row."""
        self.move_cursor(row=len(self._rows) - 1)

    def action_select_cursor(self) -> None:
        """Choose the highlighted row."""
        if self._rows:
            self.post_message(self.RowSelected(self, self.cursor_row))  # type: ignore[arg-type]

    def on_click(self, event: events.Click) -> None:
        """A header sorts; a row is highlighted, and chosen if it already was."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y < HEADER_LINES:
            key = self._column_at(offset.x)
            if key is not None:
                self.post_message(self.HeaderSelected(self, key))  # type: ignore[arg-type]
            return
        index = int(self.scroll_y) + offset.y - HEADER_LINES
        if 0 <= index < len(self._rows):
            event.stop()
            if index == self.cursor_row:
                self.action_select_cursor()
            else:
                self.cursor_row = index

    def _column_at(self, x: int) -> str | None:
        left = 1
        for column, width in zip(self._columns, self._widths(), strict=True):
            if left <= x < left + width + GAP:
                return column.key
            left += width + GAP
        return None

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - HEADER_LINES - 1)

    # -- reactions ----------------------------------------------------------------------------

    def watch_cursor_row(self, previous: int, row: int) -> None:
        """Keep the cursor visible, redraw, tell the screen."""
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.RowHighlighted(self, row))  # type: ignore[arg-type]

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.scrollable_content_region.height - HEADER_LINES)
        top = int(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        """New width: new column widths."""
        self.virtual_size = Size(event.size.width, len(self._rows) + HEADER_LINES)
        self._forget_lines()
        self._scroll_to_cursor()

    def on_focus(self) -> None:
        """The cursor looks different with focus."""
        self._forget_lines()

    def on_blur(self) -> None:
        """The cursor looks different without focus."""
        self._forget_lines()

    def notify_style_update(self) -> None:
        """Styles applied again: draw again. Textual restyles every widget of a screen each
        time it comes back on screen, mostly to the same styles: the kept lines are keyed by
        the styles they were drawn with, so they are only drawn anew when those changed."""
        super().notify_style_update()
        self.refresh()

    # -- drawing ------------------------------------------------------------------------------

    def _forget_lines(self) -> None:
        self._lines.clear()
        self.refresh()

    def _widths(self) -> list[int]:
        return column_widths(self._columns, self.scrollable_content_region.width)

    def render_line(self, y: int) -> Strip:
        """The header on the first line, then the rows from the scroll position down."""
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y < HEADER_LINES:
            return self._line(
                [Text(column.label) for column in self._columns],
                base + self.get_component_rich_style("caseload-table--header", partial=True),
                None,
                width,
            )
        index = int(self.scroll_y) + y - HEADER_LINES
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, base)
        is_cursor = index == self.cursor_row
        key = (width, self.has_focus, self.app.theme, base)
        if key != self._lines_key:
            self._lines.clear()
            self._lines_key = key
        row = self._rows[index]
        line_key = (id(row), index % 2, is_cursor)
        cached = self._lines.get(line_key)
        if cached is not None and cached[0] is row:
            return cached[1]
        style = base
        if index % 2 == 0:
            style = style + self.get_component_rich_style("caseload-table--even-row", partial=True)
        cursor = (
            self.get_component_rich_style("caseload-table--cursor", partial=True)
            if is_cursor
            else None
        )
        line = self._line(self._cells(row), style, cursor, width)
        if len(self._lines) >= LINES_KEPT:
            self._lines.clear()
        self._lines[line_key] = (row, line)
        return line

    def _line(self, cells: Sequence[Text], style: Style, over: Style | None, width: int) -> Strip:
        """Cells cut to their column widths, on the row's style (the cursor's on top)."""
        line = Text(" ", no_wrap=True, end="")
        for position, (cell, cell_width) in enumerate(zip(cells, self._widths(), strict=False)):
            if position:
                line.append(" " * GAP)
            shown = cell.copy()
            shown.no_wrap = True
            shown.truncate(cell_width, overflow="ellipsis", pad=True)
            line.append_text(shown)
        segments = list(line.render(self.app.console))
        segments = list(Segment.apply_style(segments, style, over))
        return Strip(segments).crop_extend(0, width, style)
