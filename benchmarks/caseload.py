"""Caseload and today view at scale: unlock to caseload drawn, one filter keystroke, today view.

Run: `uv run python benchmarks/caseload.py [--size large] [--runs 7] [DIR]`

Measured in the real application (headless `run_test`) on a generated fictional vault, with a
reference measured in the same run: a plain Textual `DataTable` filled with 1,000 rows (the
figure performance.md gives as ~0.16 s to first frame). Prints Markdown rows for
docs/performance.md.
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
from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import DataTable, Input  # noqa: E402

from epc_tui.app import EpcApp  # noqa: E402
from epc_tui.clock import FixedClock  # noqa: E402
from epc_tui.screens.caseload import CaseloadScreen  # noqa: E402
from epc_tui.services.caseload import filter_rows, load_caseload, sort_rows  # noqa: E402
from epc_tui.services.today import load_today  # noqa: E402
from epc_tui.settings import Settings  # noqa: E402
from epc_tui.vault.kdf import FLOOR  # noqa: E402
from epc_tui.vault.paths import VaultPaths  # noqa: E402
from epc_tui.vault.vault import Vault  # noqa: E402

MOMENT = datetime.combine(DEFAULT_TODAY, datetime.min.time()).replace(hour=9)


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


async def app_figures(data_dir: Path, keystrokes: int) -> tuple[float, Samples]:
    """Unlock to caseload table filled, and per-keystroke filter time (key to next frame)."""
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    vault.acquire()
    app = EpcApp(vault=vault, settings=Settings(language="fr"), clock=FixedClock(MOMENT))
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#passphrase", Input).value = DEFAULT_PASSPHRASE
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        began = time.perf_counter()
        app.action_open_area("caseload")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen: Any = app.screen
        assert isinstance(screen, CaseloadScreen) and screen.shown
        opened = time.perf_counter() - began
        await pilot.press("slash")
        values = []
        for char in ("m", "a", "r", "i", "e")[:keystrokes]:
            start = time.perf_counter()
            await pilot.press(char)
            await pilot.pause()
            values.append(time.perf_counter() - start)
    vault.release()
    return opened, Samples(tuple(values))


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
    keystroke = measure(lambda: sort_rows(filter_rows(rows, "mari", "active"), "next"), args.runs)
    today_view = measure(lambda: load_today(vault, today), runs=args.runs)
    people = len(rows)
    vault.release()
    references = [asyncio.run(reference_table_ms()) for _ in range(args.runs)]
    opened_runs, key_runs = [], []
    for _ in range(args.runs):
        opened, keys = asyncio.run(app_figures(directory, keystrokes=5))
        opened_runs.append(opened)
        key_runs += list(keys.values)
    reference = Samples(tuple(references))
    opened_samples, key_samples = Samples(tuple(opened_runs)), Samples(tuple(key_runs))
    print(
        table(
            ["measure", f"{args.size} vault ({people} people)", "reference (same run)", "ratio"],
            [
                ["caseload rows + flags loaded (in process)", loading.ms(), "", ""],
                ["filter + sort in memory, one keystroke", keystroke.ms(), "", ""],
                ["today view loaded (in process)", today_view.ms(), "", ""],
                [
                    "open the caseload area to table drawn (app)",
                    opened_samples.ms(),
                    f"DataTable 1,000 rows: {reference.ms()}",
                    ratio(opened_samples.median, reference.median),
                ],
                [
                    "filter keystroke to next frame (app), median / p99",
                    f"{key_samples.ms()} / {key_samples.percentile(0.99) * 1000:.1f} ms",
                    "",
                    "",
                ],
                ["peak memory of this process", f"{peak_rss_mb():.0f} MB", "", ""],
            ],
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
