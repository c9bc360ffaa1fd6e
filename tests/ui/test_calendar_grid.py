"""The month grid widget alone: keys and clicks move the day and the month and say so in
messages; counts are drawn with symbols; a late load for another month is ignored."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import App, ComposeResult

from epc_tui.i18n import set_language
from epc_tui.vault.check_ins import DayCount
from epc_tui.widgets.month_grid import MonthGrid, visible_range

TODAY = date(2026, 11, 23)


class GridApp(App[None]):
    """A grid and the messages it posted."""

    def __init__(self, first_weekday: int | None = 0) -> None:
        super().__init__()
        self.first_weekday = first_weekday
        self.days: list[date] = []
        self.months: list[date] = []

    def compose(self) -> ComposeResult:
        yield MonthGrid(TODAY, TODAY, first_weekday=self.first_weekday)

    def on_mount(self) -> None:
        self.query_one(MonthGrid).focus()

    @on(MonthGrid.DaySelected)
    def _day(self, event: MonthGrid.DaySelected) -> None:
        self.days.append(event.day)

    @on(MonthGrid.MonthChanged)
    def _month(self, event: MonthGrid.MonthChanged) -> None:
        self.months.append(event.first_day)


def lines(grid: MonthGrid) -> list[str]:
    """The grid as drawn."""
    return [grid.render_line(y).text for y in range(grid.size.height)]


async def test_keys_post_day_and_month_messages() -> None:
    """Each move posts DaySelected; leaving the month posts MonthChanged once."""
    app = GridApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("right", "up", "pagedown", "t", "home", "end")
        await pilot.pause()
        assert app.days == [
            date(2026, 11, 24),
            date(2026, 11, 17),
            date(2026, 12, 17),
            TODAY,
            date(2026, 11, 1),
            date(2026, 11, 30),
        ]
        assert app.months == [date(2026, 12, 1), date(2026, 11, 1)]


async def test_counts_are_drawn_with_symbols_and_stale_loads_ignored() -> None:
    """⚠ marks a day with an overdue meeting, ✓ a day fully held, a bare number the rest;
    counts loaded for another month are refused; moving the month clears them."""
    app = GridApp()
    async with app.run_test(size=(60, 20)) as pilot:
        grid = app.query_one(MonthGrid)
        start, end = grid.visible_range
        assert (start, end) == (date(2026, 10, 26), date(2026, 12, 6))
        counts = {
            date(2026, 11, 18): DayCount(planned=1, held=1, overdue=1),
            date(2026, 11, 20): DayCount(held=3),
            date(2026, 11, 25): DayCount(planned=4),
        }
        assert not grid.show_counts(date(2026, 12, 1), date(2026, 12, 31), counts)
        assert not grid.counts_loaded
        assert grid.show_counts(start, end, counts)
        await pilot.pause()
        text = "\n".join(lines(grid))
        assert "⚠2" in text and "✓3" in text and " 4 " in text
        assert "[23]" in text
        assert lines(grid)[1].split() == ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
        await pilot.press("pagedown")
        await pilot.pause()
        assert not grid.counts_loaded
        assert "⚠" not in "\n".join(lines(grid))


async def test_click_on_a_day_and_on_the_title_arrows() -> None:
    """Clicking a cell selects its day; the ‹ and › of the title move a month."""
    app = GridApp()
    async with app.run_test(size=(70, 20)) as pilot:
        grid = app.query_one(MonthGrid)
        target = next(
            (x, y)
            for y in range(grid.size.height)
            for x in range(grid.size.width)
            if grid.day_at(x, y) == date(2026, 11, 5)
        )
        await pilot.click(MonthGrid, offset=target)
        assert grid.selected == date(2026, 11, 5)
        await pilot.click(MonthGrid, offset=(grid.size.width - 2, 0))
        assert grid.selected == date(2026, 12, 5)
        await pilot.click(MonthGrid, offset=(1, 0))
        await pilot.click(MonthGrid, offset=(1, 0))
        assert grid.selected == date(2026, 10, 5)


async def test_title_and_week_follow_the_language() -> None:
    """In English the title reads « November 2026 »; without a fixed first weekday the
    locale decides (English: Monday)."""
    set_language("en")
    app = GridApp(first_weekday=None)
    async with app.run_test(size=(60, 20)):
        grid = app.query_one(MonthGrid)
        drawn = lines(grid)
        assert "November 2026" in drawn[0]
        assert drawn[1].split()[0] == "Mon"


async def test_offered_counts_are_drawn_with_the_new_month_until_forgotten() -> None:
    """Counts offered for December are drawn as soon as PageDown shows December (no load in
    between); once forgotten (the vault changed), December comes with no counts until loaded."""
    app = GridApp()
    async with app.run_test(size=(60, 20)) as pilot:
        grid = app.query_one(MonthGrid)
        december = visible_range(date(2026, 12, 1), 0)
        grid.offer_counts(*december, {date(2026, 12, 2): DayCount(planned=3)})
        assert grid.has_offer(*december)
        await pilot.press("pagedown")
        assert grid.counts_loaded
        assert grid.figures(date(2026, 12, 2)).planned == 3
        await pilot.press("pageup")
        assert not grid.counts_loaded  # November was never offered
        grid.forget_offered()
        assert not grid.has_offer(*december)
        await pilot.press("pagedown")
        assert not grid.counts_loaded
        assert grid.figures(date(2026, 12, 2)).total == 0
