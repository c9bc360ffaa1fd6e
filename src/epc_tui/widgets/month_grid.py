"""The calendar's month grid: each day with its number of check-ins, overdue days marked.

The date arithmetic (weeks of a month, moving by months with calendar clamping, the first day
of the week of the coach's locale) is plain functions, tested on their own. The widget draws
itself line by line (`render_line`) from cached strips, so moving the selection or the month
costs a few dozen short strips, not a tree of 42 child widgets. It never reads the database:
the screen loads the counts of the visible weeks (`visible_range`) and hands them over with
`show_counts`, so only the month on screen is ever queried.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, timedelta
from typing import ClassVar

from babel import Locale
from dateutil.relativedelta import relativedelta
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from epc_tui.i18n import current_language, current_region
from epc_tui.i18n.formats import babel_locale, format_day_pattern
from epc_tui.keys import binding
from epc_tui.vault.check_ins import DayCount

HEADER_LINES = 2  # the month title, then the weekday names
MIN_CELL_LINES = 2  # the day number, then its count
OVERDUE_MARK = "⚠"
HELD_MARK = "✓"
OFFERS_KEPT = 6  # months of counts kept for a move (the neighbours, a few months back)


# -- date arithmetic -----------------------------------------------------------------------


def first_of_month(day: date) -> date:
    """The first day of `day`'s month."""
    return day.replace(day=1)


def last_of_month(day: date) -> date:
    """The last day of `day`'s month (28, 29, 30 or 31)."""
    last: date = first_of_month(day) + relativedelta(months=1, days=-1)
    return last


def shift_months(day: date, months: int) -> date:
    """The same day `months` later or earlier, clamped: 31 January + 1 = 28 or 29 February."""
    moved: date = day + relativedelta(months=months)
    return moved


def week_start(day: date, first_weekday: int) -> date:
    """The first day of the week holding `day`; `first_weekday` 0 = Monday … 6 = Sunday."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def month_weeks(month: date, first_weekday: int) -> list[tuple[date, ...]]:
    """The weeks (7 days each) that show `month`: four to six, including days of the
    neighbouring months that complete the first and last weeks."""
    start = week_start(first_of_month(month), first_weekday)
    end = last_of_month(month)
    weeks: list[tuple[date, ...]] = []
    while start <= end:
        weeks.append(tuple(start + timedelta(days=offset) for offset in range(7)))
        start += timedelta(days=7)
    return weeks


def visible_range(month: date, first_weekday: int) -> tuple[date, date]:
    """The first and last day drawn for `month`: the counts to load, no more."""
    weeks = month_weeks(month, first_weekday)
    return weeks[0][0], weeks[-1][-1]


def locale_first_weekday(locale_name: str | None = None) -> int:
    """The first day of the week in the coach's locale (CLDR, through Babel): 0 = Monday.

    fr_FR starts weeks on Monday; fr_CA and en_CA, like Québec's printed calendars, on Sunday.
    """
    return _first_weekday(locale_name or babel_locale())


@functools.lru_cache(maxsize=16)
def _first_weekday(locale_name: str) -> int:
    """Read from CLDR once per locale: the grid asks on every move and every drawing."""
    return int(Locale.parse(locale_name).first_week_day)


def weekday_names(first_weekday: int, width: int, locale_name: str | None = None) -> list[str]:
    """Abbreviated weekday names in display order, each at most `width` characters."""
    days = Locale.parse(locale_name or babel_locale()).days["format"]
    abbreviated = days["abbreviated"]
    narrow = days["narrow"]
    names = []
    for offset in range(7):
        weekday = (first_weekday + offset) % 7
        name = str(abbreviated[weekday])
        if len(name) > width:
            name = name.rstrip(".")[:width] if width >= 2 else str(narrow[weekday])[:width]
        names.append(name)
    return names


# -- the widget ----------------------------------------------------------------------------


class MonthGrid(Widget, can_focus=True):
    """A month of days in seven columns; arrows move the day, PageUp/PageDown the month."""

    DEFAULT_CSS = """
    MonthGrid {
        height: 1fr;
        min-height: 14;
        min-width: 22;
    }
    MonthGrid > .month-grid--title { text-style: bold; color: $accent; }
    MonthGrid > .month-grid--weekday { color: $text-muted; text-style: bold; }
    MonthGrid > .month-grid--outside { color: $text-disabled; }
    MonthGrid > .month-grid--count { color: $text; }
    MonthGrid > .month-grid--overdue { color: $text-error; text-style: bold; }
    MonthGrid > .month-grid--held { color: $text-success; }
    MonthGrid > .month-grid--today { color: $text-accent; text-style: bold underline; }
    MonthGrid > .month-grid--selected { color: $text-muted; text-style: reverse; }
    MonthGrid:focus > .month-grid--selected { color: $accent; text-style: reverse bold; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "month-grid--title",
        "month-grid--weekday",
        "month-grid--outside",
        "month-grid--count",
        "month-grid--overdue",
        "month-grid--held",
        "month-grid--today",
        "month-grid--selected",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("left", "move_days(-1)", "month_grid.previous-day", show=False),
        binding("right", "move_days(1)", "month_grid.next-day", show=False),
        binding("up", "move_days(-7)", "month_grid.previous-week", show=False),
        binding("down", "move_days(7)", "month_grid.next-week", show=False),
        binding("pageup", "move_months(-1)", "month_grid.previous-month", show=False),
        binding("pagedown", "move_months(1)", "month_grid.next-month", show=False),
        binding("home", "month_edge('start')", "month_grid.month-start", show=False),
        binding("end", "month_edge('end')", "month_grid.month-end", show=False),
        binding("t", "go_today", "month_grid.today", show=False),
    ]

    selected: reactive[date] = reactive(date(2000, 1, 1), init=False)
    """The day whose agenda is shown (drawn reversed)."""

    today: reactive[date] = reactive(date(2000, 1, 1), init=False)
    """The coach's today (highlighted); injected so tests fix it."""

    class DaySelected(Message):
        """The selected day changed."""

        def __init__(self, grid: MonthGrid, day: date) -> None:
            super().__init__()
            self.grid = grid
            self.day = day

        @property
        def control(self) -> MonthGrid:
            """The grid, so `@on(MonthGrid.DaySelected, "#id")` works."""
            return self.grid

    class MonthChanged(Message):
        """Another month is shown; `first_day` is its first day."""

        def __init__(self, grid: MonthGrid, first_day: date) -> None:
            super().__init__()
            self.grid = grid
            self.first_day = first_day

        @property
        def control(self) -> MonthGrid:
            """The grid, so `@on(MonthGrid.MonthChanged, "#id")` works."""
            return self.grid

    def __init__(
        self,
        selected: date,
        today: date,
        *,
        first_weekday: int | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._fixed_first_weekday = first_weekday
        self._figures: dict[date, DayCount] = {}
        self._figures_range: tuple[date, date] | None = None
        self._offered: dict[tuple[date, date], dict[date, DayCount]] = {}
        self._cache_key: tuple[object, ...] | None = None
        self._cache: list[Strip] = []
        self._styles: dict[tuple[str, ...], Style] = {}
        self.set_reactive(MonthGrid.selected, selected)
        self.set_reactive(MonthGrid.today, today)

    # -- public -----------------------------------------------------------------------------

    @property
    def first_weekday(self) -> int:
        """0 = Monday … 6 = Sunday: given, or the locale's."""
        if self._fixed_first_weekday is not None:
            return self._fixed_first_weekday
        return locale_first_weekday()

    @property
    def month(self) -> date:
        """The first day of the month shown."""
        return first_of_month(self.selected)

    @property
    def weeks(self) -> list[tuple[date, ...]]:
        """The weeks drawn."""
        return month_weeks(self.month, self.first_weekday)

    @property
    def visible_range(self) -> tuple[date, date]:
        """First and last day drawn: the range whose counts the screen should load."""
        return visible_range(self.month, self.first_weekday)

    @property
    def counts_loaded(self) -> bool:
        """True when the counts shown belong to the month on screen."""
        return self._figures_range == self.visible_range

    def show_counts(self, start: date, end: date, figures: Mapping[date, DayCount]) -> bool:
        """Show the counts loaded for `start`–`end`; ignored (False) if another month is shown
        by now (a slow load arriving after the coach moved on)."""
        if (start, end) != self.visible_range:
            return False
        self._figures = dict(figures)
        self._figures_range = (start, end)
        self._invalidate()
        return True

    def offer_counts(self, start: date, end: date, figures: Mapping[date, DayCount]) -> None:
        """Keep the counts of another month (read ahead), drawn at once if the coach moves
        there, in the very frame that shows the month; a few months at most."""
        self._offered[(start, end)] = dict(figures)
        while len(self._offered) > OFFERS_KEPT:
            del self._offered[next(iter(self._offered))]

    def has_offer(self, start: date, end: date) -> bool:
        """Whether the counts of `start`–`end` are kept."""
        return (start, end) in self._offered

    def forget_offered(self) -> None:
        """Drop the months kept: the vault changed, they may be out of date."""
        self._offered.clear()

    def figures(self, day: date) -> DayCount:
        """What the grid shows for `day` (nothing loaded yet: zeros)."""
        return self._figures.get(day, DayCount())

    def select(self, day: date) -> None:
        """Select `day` (the month follows)."""
        self.selected = day

    # -- actions ----------------------------------------------------------------------------

    def action_move_days(self, days: int) -> None:
        """Move the selection by a number of days."""
        self.selected = self.selected + timedelta(days=days)

    def action_move_months(self, months: int) -> None:
        """Same day of another month (clamped to its end)."""
        self.selected = shift_months(self.selected, months)

    def action_month_edge(self, edge: str) -> None:
        """First or last day of the month shown."""
        self.selected = self.month if edge == "start" else last_of_month(self.selected)

    def action_go_today(self) -> None:
        """Back to today."""
        self.selected = self.today

    # -- reactions --------------------------------------------------------------------------

    def watch_selected(self, previous: date, day: date) -> None:
        """Tell the screen; a new month also asks for its counts."""
        if first_of_month(previous) != first_of_month(day):
            shown = self.visible_range
            offered = self._offered.get(shown)
            self._figures = dict(offered) if offered is not None else {}
            self._figures_range = shown if offered is not None else None
            self.post_message(self.MonthChanged(self, first_of_month(day)))
        self._invalidate()
        self.post_message(self.DaySelected(self, day))

    def watch_today(self) -> None:
        """Redraw the highlight."""
        self._invalidate()

    def on_focus(self) -> None:
        """The selected cell looks different with focus."""
        self._invalidate()

    def on_blur(self) -> None:
        """The selected cell looks different without focus."""
        self._invalidate()

    def on_click(self, event: events.Click) -> None:
        """A click on a day selects it; on the title's arrows, moves a month."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            width = self.size.width
            if offset.x < 3:
                self.action_move_months(-1)
            elif offset.x >= width - 3:
                self.action_move_months(1)
            return
        day = self.day_at(offset.x, offset.y)
        if day is not None:
            self.selected = day

    def day_at(self, x: int, y: int) -> date | None:
        """The day drawn at content offset (`x`, `y`), if any."""
        weeks = self.weeks
        cell_lines = self._cell_lines(len(weeks))
        row = (y - HEADER_LINES) // cell_lines if y >= HEADER_LINES else -1
        if not 0 <= row < len(weeks):
            return None
        edges = self._column_edges()
        for column in range(7):
            if edges[column] <= x < edges[column + 1]:
                return weeks[row][column]
        return None

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        """Title, weekday names and two lines per week when the height is not set by CSS."""
        return HEADER_LINES + MIN_CELL_LINES * len(self.weeks)

    # -- drawing ----------------------------------------------------------------------------

    def _invalidate(self) -> None:
        self._cache_key = None
        self.refresh()

    def _cell_lines(self, week_count: int) -> int:
        spare = max(0, self.size.height - HEADER_LINES)
        return max(MIN_CELL_LINES, min(4, spare // max(1, week_count)))

    def _column_edges(self) -> list[int]:
        width = self.size.width
        return [width * column // 7 for column in range(8)]

    def render_line(self, y: int) -> Strip:
        """One line of the grid, from the cache (rebuilt when something shown changed)."""
        key = (
            self.size,
            self.selected,
            self.today,
            self.has_focus,
            self._figures_range,
            current_language(),
            current_region(),
            self._fixed_first_weekday,
        )
        if key != self._cache_key:
            self._cache = self._draw()
            self._cache_key = key
        if y < len(self._cache):
            return self._cache[y]
        return Strip.blank(self.size.width, self.rich_style)

    def _style(self, *names: str) -> Style:
        """The widget's style with component styles on top (memoised for one drawing)."""
        style = self._styles.get(names)
        if style is None:
            style = self._styles[()]
            for name in names:
                style = style + self.get_component_rich_style(name, partial=True)
            self._styles[names] = style
        return style

    def _draw(self) -> list[Strip]:
        width = self.size.width
        base = self.rich_style
        self._styles = {(): base}
        weeks = self.weeks
        cell_lines = self._cell_lines(len(weeks))
        edges = self._column_edges()
        narrowest = min(edges[i + 1] - edges[i] for i in range(7))
        lines = [self._title_line(width), self._weekday_line(edges, narrowest)]
        for week in weeks:
            for line in range(cell_lines):
                segments = []
                for column, day in enumerate(week):
                    cell_width = edges[column + 1] - edges[column]
                    text, style = self._cell(day, line, cell_width)
                    segments.append(Segment(text.center(cell_width)[:cell_width], style))
                lines.append(Strip(segments, width))
        return [line.adjust_cell_length(width, base) for line in lines]

    def _title_line(self, width: int) -> Strip:
        title = format_day_pattern(self.month, "LLLL y")
        title = title[:1].upper() + title[1:]
        inner = max(0, width - 6)
        text = f" ‹ {title[:inner].center(inner)} › " if width >= 8 else title[:width]
        return Strip([Segment(text[:width], self._style("month-grid--title"))], width)

    def _weekday_line(self, edges: list[int], narrowest: int) -> Strip:
        names = weekday_names(self.first_weekday, max(1, narrowest - 1))
        style = self._style("month-grid--weekday")
        segments = []
        for column, name in enumerate(names):
            cell_width = edges[column + 1] - edges[column]
            segments.append(Segment(name.center(cell_width)[:cell_width], style))
        return Strip(segments, edges[-1])

    def _cell(self, day: date, line: int, width: int) -> tuple[str, Style]:
        """The text and style of one line of a day's cell."""
        names: list[str] = []
        outside = day.month != self.selected.month
        if outside:
            names.append("month-grid--outside")
        text = ""
        if line == 0:
            number = f"{day.day:>2}"
            if day == self.today:
                names.append("month-grid--today")
                text = f"[{number}]" if width >= 4 else number
            else:
                text = f" {number} "
        elif line == 1:
            figures = self._figures.get(day)
            if figures is not None and figures.total:
                if figures.overdue:
                    text = f"{OVERDUE_MARK}{figures.total}"
                    names.append("month-grid--overdue")
                elif figures.planned == 0:
                    text = f"{HELD_MARK}{figures.total}"
                    names.append("month-grid--held")
                else:
                    text = str(figures.total)
                    names.append("month-grid--count")
        if day == self.selected:  # one colour over the whole cell, reversed
            return text, self._style("month-grid--selected")
        return text, self._style(*names)
