"""Calendar at scale: the month's counts, a day and a week query, opening the calendar and
moving one month in the application, on a generated fictional vault.

Run: `uv run python benchmarks/month_calendar.py [--size large] [--runs 7] [DIR]`

(Not `calendar.py`: a script's folder comes first on `sys.path`, so a `benchmarks/calendar.py`
would shadow the standard library's `calendar` for every script here — dateutil imports it.)

In process, straight on the vault: `day_counts` over the six weeks a month shows (what opening
or moving a month reads), `check_ins_between` for one day (the agenda) and for one week, each
over twelve different months/days so no single cached page flatters them. A reference from the
same run: counting every check-in (a full scan, linear in the vault's size), so the ratio shows
the calendar's reads do not grow with the whole vault.

In the application (headless `run_test`, 120×40, the calendar screen on the unlocked vault in
a small harness offering what `EpcApp` offers screens): the screen pushed to the month's counts
and the day's agenda drawn, and PageDown to the next month's counts drawn, each measured to the
frame after the workers finished. Reference from the same run: a key press to the next
frame in a bare Textual app. Prints Markdown rows for docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("EPC_KDF", "floor")

from benchmarks.common import Samples, measure, peak_rss_mb, ratio, table  # noqa: E402
from benchmarks.fictional_vault import DEFAULT_PASSPHRASE, DEFAULT_TODAY, ensure_vault  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Static  # noqa: E402

from epc_tui.clock import FixedClock  # noqa: E402
from epc_tui.screens.calendar import CalendarScreen  # noqa: E402
from epc_tui.settings import Settings  # noqa: E402
from epc_tui.vault import check_ins  # noqa: E402
from epc_tui.vault.models import CheckIn  # noqa: E402
from epc_tui.vault.vault import Vault  # noqa: E402
from epc_tui.widgets.month_grid import month_weeks, shift_months, visible_range  # noqa: E402

MOMENT = datetime.combine(DEFAULT_TODAY, datetime.min.time()).replace(hour=9)
SUNDAY = 6


class Cycle:
    """Hands out the next of several arguments, so repeated runs read different pages."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        self.index = 0

    def next(self) -> Any:
        """The next item, round and round."""
        item = self.items[self.index % len(self.items)]
        self.index += 1
        return item


def query_figures(vault: Vault, runs: int) -> dict[str, Samples]:
    """Month counts, day and week agendas, and the full-scan reference, in process."""
    months = [shift_months(DEFAULT_TODAY.replace(day=1), offset) for offset in range(-6, 6)]
    ranges = Cycle([visible_range(month, SUNDAY) for month in months])
    days = Cycle([DEFAULT_TODAY + timedelta(days=offset) for offset in range(-20, 20, 3)])
    weeks = Cycle([month_weeks(month, 0)[1] for month in months])
    repeat = max(runs, 12)

    def month_counts() -> None:
        start, end = ranges.next()
        check_ins.day_counts(vault, start, end, DEFAULT_TODAY)

    def day_agenda() -> None:
        day = days.next()
        check_ins.check_ins_between(vault, day, day)

    def week_agenda() -> None:
        week = weeks.next()
        check_ins.check_ins_between(vault, week[0], week[-1])

    def full_scan() -> None:
        with vault.connected():
            CheckIn.select().count()

    return {
        "month": measure(month_counts, repeat),
        "day": measure(day_agenda, repeat),
        "week": measure(week_agenda, repeat),
        "scan": measure(full_scan, repeat),
    }


def _open_and_close(vault: Vault) -> Callable[[], None]:
    """A new thread opening its own connection for one tiny query, as each worker does."""

    def one_query() -> None:
        with vault.connected():
            CheckIn.select(CheckIn.id).limit(1).scalar()

    def in_a_thread() -> None:
        thread = threading.Thread(target=one_query)
        thread.start()
        thread.join()

    return in_a_thread


class BareApp(App[None]):
    """A Static that counts key presses: the yardstick of a key to the next frame."""

    def compose(self) -> ComposeResult:
        """One line."""
        yield Static("0")

    def on_key(self) -> None:
        """Redraw on every key."""
        label = self.query_one(Static)
        label.update(str(int(str(label.render())) + 1))


async def bare_key_ms(presses: int) -> Samples:
    """Key to next frame in the bare app."""
    values = []
    async with BareApp().run_test(size=(120, 40)) as pilot:
        for _ in range(presses):
            began = time.perf_counter()
            await pilot.press("x")
            await pilot.pause()
            values.append(time.perf_counter() - began)
    return Samples(tuple(values))


class CalendarHarness(App[None]):
    """Just the calendar screen on an unlocked vault: what `EpcApp` offers screens
    (`EpcContext`), without the unlock, the today view or the automatic backups around it."""

    def __init__(self, vault: Vault) -> None:
        super().__init__()
        self.vault = vault
        self.settings = Settings(language="fr")
        self.clock = FixedClock(MOMENT)


async def app_figures(vault: Vault, moves: int) -> tuple[float, Samples, Samples, int]:
    """Calendar shown to month and day drawn; PageDown to the next month's counts drawn."""
    app = CalendarHarness(vault)
    async with app.run_test(size=(120, 40)) as pilot:
        began = time.perf_counter()
        await app.push_screen(CalendarScreen())
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CalendarScreen) and screen.grid.counts_loaded
        opened = time.perf_counter() - began
        shown = sum(screen.grid.figures(day).total for week in screen.grid.weeks for day in week)
        counts, everything = [], []
        for _ in range(moves):
            began = time.perf_counter()
            await pilot.press("pagedown")
            while not screen.grid.counts_loaded:
                await pilot.pause(0.001)
            await pilot.pause()
            counts.append(time.perf_counter() - began)
            await app.workers.wait_for_complete()
            await pilot.pause()
            everything.append(time.perf_counter() - began)
    return opened, Samples(tuple(counts)), Samples(tuple(everything)), shown


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", type=Path)
    parser.add_argument("--size", default="large")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    directory = args.directory or Path(tempfile.gettempdir()) / f"epc-bench-{args.size}"
    began = time.perf_counter()
    vault = ensure_vault(directory, args.size)
    print(f"vault ready in {time.perf_counter() - began:.1f} s ({directory})", file=sys.stderr)
    vault.acquire()
    vault.unlock(DEFAULT_PASSPHRASE)
    with vault.connected():
        total = CheckIn.select().count()
    with vault.connected():  # held, as the UI thread holds its own
        queries = query_figures(vault, args.runs)
    connect = measure(_open_and_close(vault), args.runs)
    bare = asyncio.run(bare_key_ms(args.runs * 3))
    opened_runs, move_runs, whole_runs, shown = [], [], [], 0
    for _ in range(args.runs):
        opened, moves, whole, shown = asyncio.run(app_figures(vault, moves=6))
        opened_runs.append(opened)
        move_runs += list(moves.values)
        whole_runs += list(whole.values)
    vault.release()
    opened_samples, move_samples = Samples(tuple(opened_runs)), Samples(tuple(move_runs))
    whole_samples = Samples(tuple(whole_runs))
    scan = queries["scan"]
    print(
        table(
            ["measure", f"{args.size} vault ({total:,} check-ins)", "reference (same run)", "×"],
            [
                [
                    "month counts, six weeks (`day_counts`, in process)",
                    queries["month"].ms(),
                    f"count all check-ins: {scan.ms()}",
                    ratio(queries["month"].median, scan.median),
                ],
                [
                    "day agenda (`check_ins_between`, in process)",
                    queries["day"].ms(),
                    "",
                    ratio(queries["day"].median, scan.median),
                ],
                [
                    "week agenda (`check_ins_between`, in process)",
                    queries["week"].ms(),
                    "",
                    ratio(queries["week"].median, scan.median),
                ],
                [
                    "calendar screen shown to month counts and day agenda drawn (app)",
                    opened_samples.ms(),
                    f"bare app, key to frame: {bare.ms()}",
                    ratio(opened_samples.median, bare.median),
                ],
                [
                    "PageDown to next month's counts drawn (app), median / p95",
                    f"{move_samples.ms()} / {move_samples.percentile(0.95) * 1000:.1f} ms",
                    f"bare app, key to frame: {bare.ms()}",
                    ratio(move_samples.median, bare.median),
                ],
                [
                    "PageDown to counts and the new day's agenda drawn (app), median / p95",
                    f"{whole_samples.ms()} / {whole_samples.percentile(0.95) * 1000:.1f} ms",
                    f"bare app, key to frame: {bare.ms()}",
                    ratio(whole_samples.median, bare.median),
                ],
                [
                    "a worker thread's own connection (open, one query, close)",
                    connect.ms(),
                    "",
                    "",
                ],
                ["check-ins counted on the first month shown", str(shown), "", ""],
                ["peak memory of this process", f"{peak_rss_mb():.0f} MB", "", ""],
            ],
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
