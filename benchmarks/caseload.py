"""Caseload and today view at scale: unlock to caseload drawn, one filter keystroke, today view.

Run: `uv run python benchmarks/caseload.py [--size large] [--runs 7] [DIR]`

Measured in the real application (headless `run_test`) on a generated fictional vault, with
references measured in the same run: a plain Textual `DataTable` filled with 1,000 rows, from
start to first frame (performance.md gives ~0.16 s), and a key to the next frame in a bare
app. The caseload is timed from F3 to the first frame in which its table draws a person
(pressed right after unlocking, while the today view still loads, and again once everything
settled, on a fresh screen); the whole load of every status is timed to its worker's end.
The vault is only read: the background extension of plans is put off past the run. Prints
Markdown rows for docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("EPC_KDF", "floor")

from benchmarks.common import Samples, measure, peak_rss_mb, ratio, table  # noqa: E402
from benchmarks.fictional_vault import DEFAULT_PASSPHRASE, DEFAULT_TODAY, ensure_vault  # noqa: E402
from benchmarks.month_calendar import bare_key_ms  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import DataTable, Input  # noqa: E402

from epc_tui.app import EpcApp  # noqa: E402
from epc_tui.clock import FixedClock  # noqa: E402
from epc_tui.screens.caseload import CaseloadScreen  # noqa: E402
from epc_tui.screens.today import TodayScreen  # noqa: E402
from epc_tui.services.caseload import filter_rows, load_caseload, sort_rows  # noqa: E402
from epc_tui.services.today import load_today  # noqa: E402
from epc_tui.settings import Settings  # noqa: E402
from epc_tui.vault.kdf import FLOOR  # noqa: E402
from epc_tui.vault.paths import VaultPaths  # noqa: E402
from epc_tui.vault.vault import Vault  # noqa: E402
from epc_tui.widgets.caseload_table import CaseloadTable  # noqa: E402

MOMENT = datetime.combine(DEFAULT_TODAY, datetime.min.time()).replace(hour=9)
# The shared fictional vault is read, never written: the background extension of plans,
# which would write to it a few seconds after each unlock, is put off past the run.
TodayScreen.PLANS_DELAY_SECONDS = 3600.0


class ReferenceTable(App[None]):
    """A bare DataTable with 1,000 rows: the yardstick of the same run."""

    def compose(self) -> ComposeResult:
        """One table."""
        yield DataTable()

    def on_mount(self) -> None:
        """Fill it."""
        grid = self.query_one(DataTable)
        grid.add_columns("a", "b", "c", "d", "e", "f")
        for index in range(1000):
            grid.add_row(f"Nom {index}", "PP", "Première année", "dans 3 jours", "Actif", "")


async def reference_table_ms() -> float:
    """Time to the first frame of the reference table."""
    began = time.perf_counter()
    app = ReferenceTable()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    return time.perf_counter() - began


async def until(pilot: Any, condition: Any, what: str, seconds: float = 120.0) -> None:
    """Let the app run until `condition()` holds, then one more frame (or give up)."""
    give_up = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > give_up:
            raise RuntimeError(f"gave up waiting for {what} (screen: {pilot.app.screen})")
        await pilot.pause(0.001)
    await pilot.pause()


class FirstRowsDrawn:
    """When the caseload's table first drew a line of a person: the frame the coach sees
    (noticed from the test pilot, it would also count the pilot's own polling delays)."""

    def __init__(self) -> None:
        self.at: float | None = None
        self._draw = CaseloadTable.render_line

        def render_line(table: Any, y: int) -> Any:
            if self.at is None and y >= 1 and table.row_count:
                self.at = time.perf_counter()
            return self._draw(table, y)

        CaseloadTable.render_line = render_line

    def reset(self) -> None:
        """Wait for the next first drawing."""
        self.at = None


DRAWN = FirstRowsDrawn()


def caseload_drawn(app: EpcApp) -> bool:
    """The caseload is on screen and its table has drawn a person's line."""
    return isinstance(app.screen, CaseloadScreen) and DRAWN.at is not None


async def app_figures(data_dir: Path, keystrokes: int) -> dict[str, Any]:
    """Caseload opened right after unlocking (the today view still loading), opened again
    once everything settled, and per-keystroke filter time (key to next frame)."""
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    vault.acquire()
    app = EpcApp(vault=vault, settings=Settings(language="fr"), clock=FixedClock(MOMENT))
    figures: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#passphrase", Input).value = DEFAULT_PASSPHRASE
        await pilot.press("enter")
        await until(
            pilot, lambda: vault.is_unlocked and isinstance(app.screen, TodayScreen), "unlock"
        )
        began = time.perf_counter()
        DRAWN.reset()
        app.action_open_area("caseload")
        await until(pilot, lambda: caseload_drawn(app), "the caseload")
        figures["after_unlock"] = (DRAWN.at or 0) - began
        await app.workers.wait_for_complete()
        figures["everyone_after_unlock"] = time.perf_counter() - began
        app.action_open_area("today")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.remove_mode("caseload")  # a fresh caseload screen, as after the next unlock
        app.add_mode("caseload", CaseloadScreen)
        began = time.perf_counter()
        DRAWN.reset()
        app.action_open_area("caseload")
        await until(pilot, lambda: caseload_drawn(app), "the caseload")
        figures["opened"] = (DRAWN.at or 0) - began
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash")
        values = []
        for char in ("m", "a", "r", "i", "e")[:keystrokes]:
            start = time.perf_counter()
            await pilot.press(char)
            await pilot.pause()
            values.append(time.perf_counter() - start)
        figures["keys"] = values
        screen: Any = app.screen
        figures["people"] = screen.totals
    vault.release()
    return figures


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", type=Path)
    parser.add_argument("--size", default="large")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    directory = args.directory or Path(tempfile.gettempdir()) / f"epc-bench-{args.size}"
    began = time.perf_counter()
    vault = ensure_vault(directory, args.size)
    print(f"vault ready in {time.perf_counter() - began:.1f} s ({directory})", file=sys.stderr)
    vault.acquire()
    vault.unlock(DEFAULT_PASSPHRASE)
    today = DEFAULT_TODAY
    rows: list[Any] = []

    def load() -> None:
        rows[:] = load_caseload(vault, today)

    loading = measure(load, runs=args.runs)
    active = measure(lambda: load_caseload(vault, today, ("active",)), runs=args.runs)
    keystroke = measure(lambda: sort_rows(filter_rows(rows, "mari", "active"), "next"), args.runs)
    today_view = measure(lambda: load_today(vault, today), runs=args.runs)
    people = len(rows)
    vault.lock()
    vault.release()
    references = [asyncio.run(reference_table_ms()) for _ in range(args.runs)]
    bare = asyncio.run(bare_key_ms(args.runs * 5))
    runs = [asyncio.run(app_figures(directory, keystrokes=5)) for _ in range(args.runs)]
    reference = Samples(tuple(references))

    def samples(name: str) -> Samples:
        return Samples(tuple(run[name] for run in runs))

    keys = Samples(tuple(value for run in runs for value in run["keys"]))
    totals = runs[0]["people"]
    rows = []
    for name, label in (
        ("after_unlock", "F3 right after unlocking to the active caseload drawn (app)"),
        ("everyone_after_unlock", "… to every status loaded (app)"),
        ("opened", "F3 once settled to the active caseload drawn (app)"),
    ):
        rows.append(
            [
                label,
                samples(name).ms(),
                f"DataTable of 1,000 rows: {reference.ms()}",
                ratio(samples(name).median, reference.median),
            ]
        )
    print(
        table(
            ["measure", f"{args.size} vault ({people} people)", "reference (same run)", "ratio"],
            [
                ["caseload rows + flags loaded (in process), everyone", loading.ms(), "", ""],
                ["… the active caseload only", active.ms(), "", ""],
                ["filter + sort in memory, one keystroke", keystroke.ms(), "", ""],
                ["today view loaded (in process)", today_view.ms(), "", ""],
                *rows,
                [
                    "filter keystroke to next frame (app), median / p99",
                    f"{keys.ms()} / {keys.percentile(0.99) * 1000:.1f} ms",
                    f"bare app, key to frame: {bare.ms()}",
                    ratio(keys.median, bare.median),
                ],
                ["people per status", ", ".join(f"{k} {v}" for k, v in totals.items()), "", ""],
                ["peak memory of this process", f"{peak_rss_mb():.0f} MB", "", ""],
            ],
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
