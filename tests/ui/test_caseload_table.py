"""The caseload's table draws only what is on screen, moves its cursor like a list, and tells
the screen about choices and header clicks."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult

from epc_tui.widgets.caseload_table import CaseloadTable, Column, column_widths

COLUMNS = [Column("name", "Nom", 20, min_width=10, yields=1), Column("flags", "Signaux", None)]


class TableApp(App[None]):
    """A table of numbered people, counting the rows whose cells were asked for."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.asked: list[int] = []
        self.messages: list[Any] = []
        self.rows = list(range(count))

    def cells(self, row: int) -> tuple[Text, ...]:
        """The cells of row `row` (and remember it was drawn)."""
        self.asked.append(row)
        return (Text(f"Personne {row}"), Text("⚠ en retard" if row % 2 else ""))

    def compose(self) -> ComposeResult:
        """One table."""
        yield CaseloadTable[int](self.cells, id="table")

    def on_mount(self) -> None:
        """Columns and rows."""
        table = self.query_one(CaseloadTable)
        table.set_columns(COLUMNS)
        table.show(self.rows)
        table.focus()

    def on_caseload_table_row_selected(self, message: CaseloadTable.RowSelected) -> None:
        """Keep what the screen would receive."""
        self.messages.append(("selected", message.cursor_row))

    def on_caseload_table_header_selected(self, message: CaseloadTable.HeaderSelected) -> None:
        """Keep what the screen would receive."""
        self.messages.append(("header", message.column_key))


def lines(table: CaseloadTable[int]) -> list[str]:
    """What the table shows, line by line."""
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_ten_thousand_rows_draw_only_a_screenful() -> None:
    """With 10,000 rows only the rows on screen are turned into cells; the header stays on
    the first line; End goes to the last person, drawn at the bottom."""
    app = TableApp(10_000)
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(CaseloadTable)
        shown = lines(table)
        assert shown[0].startswith(" Nom") and "Signaux" in shown[0]
        assert "Personne 0 " in shown[1] and "⚠ en retard" in shown[2]
        assert len(set(app.asked)) <= table.size.height
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 9_999
        shown = lines(table)
        assert shown[0].startswith(" Nom")
        assert "Personne 9999" in shown[-1]
        assert len(set(app.asked)) <= 3 * table.size.height


async def test_keys_and_clicks_tell_the_screen() -> None:
    """Down and Page Down move the cursor; Enter chooses the row; a click on a header asks
    to sort by that column; a click on the highlighted row chooses it."""
    app = TableApp(100)
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(CaseloadTable)
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("pagedown")
        assert table.cursor_row > 2 + 5
        await pilot.press("home", "enter")
        await pilot.pause()
        assert ("selected", 0) in app.messages
        await pilot.click(CaseloadTable, offset=(30, 0))
        await pilot.pause()
        assert ("header", "flags") in app.messages
        await pilot.click(CaseloadTable, offset=(3, 2))
        await pilot.pause()
        assert table.cursor_row == 1
        await pilot.click(CaseloadTable, offset=(3, 2))
        await pilot.pause()
        assert ("selected", 1) in app.messages


async def test_new_rows_keep_the_cursor_where_asked() -> None:
    """Showing a filtered list puts the cursor on the given row, clamped to the list."""
    app = TableApp(50)
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(CaseloadTable)
        table.show(list(range(10, 20)), cursor=4)
        await pilot.pause()
        assert table.cursor_row == 4 and table.row_count == 10
        assert "Personne 14" in lines(table)[5]
        table.show([7], cursor=4)
        await pilot.pause()
        assert table.cursor_row == 0 and "Personne 7" in lines(table)[1]


def test_columns_share_and_give_up_width() -> None:
    """Wide: the stretching column takes the rest. Narrow: the column that yields first
    shrinks to its minimum before the next one does."""
    columns = [
        Column("name", "Nom", 20, min_width=10, yields=2),
        Column("track", "Parcours", 15, min_width=8, yields=1),
        Column("flags", "Signaux", None, min_width=10),
    ]
    assert column_widths(columns, 100) == [20, 15, 100 - 1 - 2 - 35]
    assert column_widths(columns, 1 + 2 + 20 + 15 + 10 - 7) == [20, 8, 10]
    assert column_widths(columns, 1 + 2 + 20 + 15 + 10 - 12) == [15, 8, 10]
    assert column_widths(columns, 5) == [10, 8, 10]
