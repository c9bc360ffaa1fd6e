"""Programme indicators (F7): a period, the figures per track and kind of person, and charts.

The figures are de-identified (see `services/indicators.py` for each definition) and computed
in a worker; the same lines go into `epc export indicators`. Charts show meetings held per
month and the share of planned meetings held within their window, each with its figures
written out beneath (a chart never carries information by colour or shape alone).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Select, Static, TabbedContent, TabPane

from epc_tui.i18n import t
from epc_tui.i18n.formats import format_day_pattern, format_number
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.screens.base import VaultScreen
from epc_tui.services.indicator_table import ScreenTable, needs_table, screen_table
from epc_tui.services.indicators import IndicatorReport, MonthPoint, indicator_report
from epc_tui.services.periods import PERIOD_KINDS, Period, PeriodInvalid, custom, period_of
from epc_tui.widgets.date_field import DateField
from epc_tui.widgets.key_footer import KeyFooter
from epc_tui.widgets.navigation import NavigationBar

if TYPE_CHECKING:
    from textual_plotext import PlotextPlot


def month_name(point: MonthPoint) -> str:
    """`nov. 26` / `Nov 26`: short enough for a chart axis."""
    return format_day_pattern(point.month, "LLL yy")


def series_caption(points: tuple[MonthPoint, ...], rates: bool) -> str:
    """The chart's figures in words, month by month."""
    parts = []
    for point in points:
        if rates:
            rate = point.in_window_rate
            value = (
                "—" if rate is None else t("indicators.percent", value=format_number(100 * rate))
            )
        else:
            value = str(point.meetings_held)
        parts.append(f"{month_name(point)} {value}")
    return " · ".join(parts)


def axis_ticks(labels: list[str], width: int) -> tuple[list[float], list[str]]:
    """Every k-th month label (the last one always), so labels never overlap on `width` cells.

    Choosing them here keeps charts identical from run to run (the plotting library's own
    thinning is not) and readable at 80 columns.
    """
    if not labels:
        return [], []
    room = max(width - 12, 10)
    widest = max(len(label) for label in labels) + 2
    every = max(1, -(-len(labels) * widest // room))
    chosen = [index for index in range(len(labels)) if (len(labels) - 1 - index) % every == 0]
    return [float(index + 1) for index in chosen], [labels[index] for index in chosen]


class IndicatorsScreen(VaultScreen[None]):
    """Indicators over a chosen period: figures, training needs by theme, charts."""

    CSS_PATH: ClassVar[list[Any]] = [styles_dir() / "indicators.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("p", "focus_period", "indicators.period"),
        binding("f", "show_tab('figures')", "indicators.figures"),
        binding("b", "show_tab('needs')", "indicators.needs"),
        binding("g", "show_tab('charts')", "indicators.charts"),
        binding("r", "refresh", "indicators.refresh"),
    ]

    def __init__(
        self,
        period_kind: str = "this_month",
        start: date | None = None,
        end: date | None = None,
    ) -> None:
        super().__init__()
        self.period_kind = period_kind if period_kind in PERIOD_KINDS else "this_month"
        self.custom_start = start
        self.custom_end = end
        self.period: Period | None = None
        self.report: IndicatorReport | None = None
        self._left = False

    def compose(self) -> ComposeResult:
        """Period bar, then tabs: figures, training needs, charts."""
        yield NavigationBar("indicators")
        with Horizontal(id="indicators-period"):
            yield Select(
                [(t(f"period.{kind}"), kind) for kind in PERIOD_KINDS],
                value=self.period_kind,
                allow_blank=False,
                id="period-kind",
            )
            yield Static("", id="period-label")
        with Horizontal(id="custom-dates"):
            yield Static(t("indicators.from"), classes="date-label")
            yield DateField(self.custom_start, id="period-start")
            yield Static(t("indicators.to"), classes="date-label")
            yield DateField(self.custom_end, id="period-end")
        yield Static("", id="period-message", classes="error-message")
        with TabbedContent(id="indicators-tabs", initial="figures"):
            with TabPane(t("indicators.tab.figures"), id="figures"):
                figures: DataTable[str] = DataTable(
                    id="figures-table", zebra_stripes=True, header_height=2
                )
                yield figures
            with TabPane(t("indicators.tab.needs"), id="needs"):
                needs: DataTable[str] = DataTable(
                    id="needs-table", zebra_stripes=True, header_height=2
                )
                yield needs
                yield Static("", id="needs-empty", classes="indicators-hint")
            with TabPane(t("indicators.tab.charts"), id="charts"), Horizontal(id="charts-row"):
                with Vertical(classes="chart", id="meetings-box"):
                    yield Static("", id="meetings-caption", classes="chart-caption")
                with Vertical(classes="chart", id="on-time-box"):
                    yield Static("", id="on-time-caption", classes="chart-caption")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Show the date fields only for custom periods, then compute."""
        self._show_custom_fields()
        self.query_one("#figures-table", DataTable).focus()
        self.recompute()

    @work(
        thread=True, exit_on_error=False, group="indicators-charts", description="indicators-charts"
    )
    def _warm_charts(self) -> None:
        """Import the plotting library (about 0.1–0.3 s) off the UI thread, once figures show."""
        import textual_plotext  # noqa: F401

    def _plots(self) -> tuple[PlotextPlot, PlotextPlot]:
        """The two charts, created the first time the charts tab is drawn."""
        from textual_plotext import PlotextPlot

        found = list(self.query(PlotextPlot))
        if not found:
            found = [PlotextPlot(id="meetings-chart"), PlotextPlot(id="on-time-chart")]
            self.query_one("#meetings-box").mount(found[0], before=0)
            self.query_one("#on-time-box").mount(found[1], before=0)
        return found[0], found[1]

    def on_resize(self) -> None:
        """Month labels depend on the width: draw the charts again."""
        if self.report is not None and self.query_one(TabbedContent).active == "charts":
            self._draw_charts(self.report)

    @on(TabbedContent.TabActivated, "#indicators-tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "charts" and self.report is not None:
            self._draw_charts(self.report)

    # -- period -----------------------------------------------------------------------------

    def _show_custom_fields(self) -> None:
        self.query_one("#custom-dates").display = self.period_kind == "custom"

    @on(Select.Changed, "#period-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if event.value == self.period_kind or not isinstance(event.value, str):
            return
        self.period_kind = event.value
        self._show_custom_fields()
        if self.period_kind == "custom":
            today = self.epc.clock.today()
            start_field = self.query_one("#period-start", DateField)
            end_field = self.query_one("#period-end", DateField)
            if start_field.value is None and self.period is not None:
                start_field.value = self.period.start
            if end_field.value is None:
                end_field.value = min(self.period.end, today) if self.period else today
            start_field.focus_input()
        self.recompute()

    @on(DateField.Changed)
    def _dates_changed(self) -> None:
        if self.period_kind == "custom":
            self.recompute()

    def chosen_period(self) -> Period | None:
        """The period in force, or None (with the reason shown) when custom dates are wrong."""
        message = self.query_one("#period-message", Static)
        message.update("")
        today = self.epc.clock.today()
        if self.period_kind != "custom":
            return period_of(self.period_kind, today)
        start = self.query_one("#period-start", DateField).value
        end = self.query_one("#period-end", DateField).value
        if start is None or end is None:
            message.update(t("indicators.choose_dates"))
            return None
        try:
            return custom(start, end)
        except PeriodInvalid as error:
            message.update(t(error.message_key))
            return None

    def recompute(self) -> None:
        """Compute the indicators of the chosen period in a worker."""
        period = self.chosen_period()
        if period is None:
            return
        self.period = period
        self.custom_start, self.custom_end = period.start, period.end
        self.query_one("#period-label", Static).update(
            t("indicators.computing", period=period.label())
        )
        self._compute(period, self.epc.clock.today())

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="indicators",
        description="indicators",
    )
    def _compute(self, period: Period, today: date) -> None:
        vault = self.epc.vault
        if not vault.is_unlocked:
            return
        report = indicator_report(vault, period.start, period.end, today)
        self.app.call_from_thread(self._show, period, report)

    # -- showing ----------------------------------------------------------------------------

    def _show(self, period: Period, report: IndicatorReport) -> None:
        if period != self.period or not self.is_mounted:
            return
        if self.report is None:
            self._warm_charts()
        self.report = report
        self.query_one("#period-label", Static).update(period.label())
        self._fill(self.query_one("#figures-table", DataTable), screen_table(report))
        needs = needs_table(report)
        self._fill(self.query_one("#needs-table", DataTable), needs)
        self.query_one("#needs-empty", Static).update(
            "" if needs.lines else t("indicators.no_needs")
        )
        if self.query_one(TabbedContent).active == "charts":
            self._draw_charts(report)
        else:
            self._write_captions(report)

    def _fill(self, table: DataTable[str], content: ScreenTable) -> None:
        table.clear(columns=True)
        table.add_column(t("indicators.column.indicator"), key="indicator")
        for index, title in enumerate(content.columns):
            table.add_column(title, key=f"column-{index}")
        for label, values in content.lines:
            table.add_row(label, *values)

    def _write_captions(self, report: IndicatorReport) -> None:
        points = report.months
        self.query_one("#meetings-caption", Static).update(series_caption(points, rates=False))
        self.query_one("#on-time-caption", Static).update(series_caption(points, rates=True))

    def _draw_charts(self, report: IndicatorReport) -> None:
        """Meetings per month as bars, the on-time rate as a line (months without any planned
        meeting held are left out of the line rather than drawn at 0 %)."""
        self._write_captions(report)
        points = report.months
        labels = [month_name(point) for point in points]
        meetings, on_time = self._plots()
        meetings.plt.clear_figure()
        meetings.plt.title(t("indicators.chart.meetings"))
        counts = [point.meetings_held for point in points]
        top = max(counts, default=0)
        step = max(1, math.ceil(top / 5))
        ticks, tick_labels = axis_ticks(labels, self.size.width // 2)
        meetings.plt.bar(list(range(1, len(points) + 1)), counts, width=0.6)
        meetings.plt.xticks(ticks, tick_labels)
        meetings.plt.xlim(0.5, len(points) + 0.5)
        meetings.plt.ylim(0, max(top, 1))
        meetings.plt.yticks(list(range(0, top + step, step)))
        meetings.refresh()

        on_time.plt.clear_figure()
        on_time.plt.title(t("indicators.chart.on_time"))
        positions = [
            index for index, point in enumerate(points, 1) if point.in_window_rate is not None
        ]
        rates = [100 * (points[index - 1].in_window_rate or 0) for index in positions]
        on_time.plt.ylim(0, 100)
        on_time.plt.xlim(0.5, len(points) + 0.5)
        on_time.plt.yticks([0, 25, 50, 75, 100])
        on_time.plt.xticks(ticks, tick_labels)
        if positions:
            on_time.plt.plot(positions, rates, marker="braille")
            on_time.plt.scatter(positions, rates, marker="●")
        on_time.refresh()

    # -- actions ----------------------------------------------------------------------------

    def action_focus_period(self) -> None:
        """Put the focus on the period selector."""
        self.query_one("#period-kind", Select).focus()

    def action_show_tab(self, tab: str) -> None:
        """Switch to the figures, the training needs or the charts."""
        self.query_one(TabbedContent).active = tab

    def action_refresh(self) -> None:
        """Compute again (after calls were recorded in another area)."""
        self.recompute()

    def on_screen_suspend(self) -> None:
        """Another area or screen is in front: figures may change meanwhile."""
        self._left = True

    def on_screen_resume(self) -> None:
        """Back after having left (calls may have been recorded meanwhile): compute again."""
        if self._left and self.is_mounted and self.period is not None:
            self._left = False
            self.recompute()

    def resume_factory(self) -> Callable[[], Screen[Any]] | None:
        """Rebuild with the same period after unlock (dates only, nothing personal)."""
        kind, start, end = self.period_kind, self.custom_start, self.custom_end
        return lambda: IndicatorsScreen(kind, start, end)
