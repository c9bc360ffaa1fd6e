"""Programme indicators over a fictional vault: this month, last quarter, this year, and the CSV.

Run: `uv run python benchmarks/indicators.py [--size large] [--runs 5] [DIR]`

In process, on a generated vault (10,000 people, 50,000 check-ins, 200,000 notes for `large`),
split into reading the de-identified facts and computing the figures, with a reference
measured in the same run: reading every check-in row (three columns, as tuples) — the least any
indicator over all check-ins must pay. Then the screen: pressing F7 in the running app to the
figures drawn, against a bare Textual app drawing a DataTable of the same size. Prints Markdown
rows for docs/performance.md.
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
from textual.screen import ModalScreen  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

from epc_tui.app import EpcApp  # noqa: E402
from epc_tui.clock import FixedClock  # noqa: E402
from epc_tui.screens.indicators import IndicatorsScreen  # noqa: E402
from epc_tui.services.indicator_table import csv_text  # noqa: E402
from epc_tui.services.indicators import (  # noqa: E402
    compute_report,
    indicator_report,
    series_start,
)
from epc_tui.services.periods import last_quarter, this_month, this_year  # noqa: E402
from epc_tui.settings import Settings  # noqa: E402
from epc_tui.vault.indicator_data import indicator_facts  # noqa: E402
from epc_tui.vault.kdf import FLOOR  # noqa: E402
from epc_tui.vault.models import CheckIn  # noqa: E402
from epc_tui.vault.paths import VaultPaths  # noqa: E402
from epc_tui.vault.vault import Vault  # noqa: E402

MOMENT = datetime.combine(DEFAULT_TODAY, datetime.min.time()).replace(hour=9)


class ReferenceTable(App[None]):
    """A bare DataTable of 13 lines × 5 columns: what the figures table draws."""

    def compose(self) -> ComposeResult:
        """One table."""
        yield DataTable()

    def on_mount(self) -> None:
        """Fill it."""
        grid = self.query_one(DataTable)
        grid.add_columns("Indicateur", "Total", "a", "b", "c")
        for index in range(13):
            grid.add_row(f"Indicateur {index}", "12", "3", "4", "5")


async def reference_ms() -> float:
    """Time to the first frame of the reference table."""
    app = ReferenceTable()
    began = time.perf_counter()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        return time.perf_counter() - began


async def screen_seconds(directory: Path) -> float:
    """From pressing F7 (vault unlocked) to the figures table filled (the end of `_show`)."""
    vault = Vault(VaultPaths(directory), kdf=FLOOR)
    vault.acquire()
    app = EpcApp(vault=vault, settings=Settings(language="fr"), clock=FixedClock(MOMENT))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            app.screen.query_one("#passphrase").value = DEFAULT_PASSPHRASE  # type: ignore[attr-defined]
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            while isinstance(app.screen, ModalScreen):  # unfinished notes offered: later
                await pilot.press("escape")
                await pilot.pause()
            shown: list[float] = []
            original = IndicatorsScreen._show

            def timed(screen: IndicatorsScreen, *args: Any) -> None:
                original(screen, *args)
                shown.append(time.perf_counter())

            IndicatorsScreen._show = timed  # type: ignore[method-assign]
            try:
                began = time.perf_counter()
                await pilot.press("f7")
                while not shown and time.perf_counter() - began < 120:
                    await pilot.pause(0.005)
            finally:
                IndicatorsScreen._show = original  # type: ignore[method-assign]
            if not shown:
                raise RuntimeError("the indicators screen did not show its figures within 120 s")
            return shown[0] - began
    finally:
        vault.release()


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", type=Path)
    parser.add_argument("--size", default="large")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-app", action="store_true", help="in-process figures only")
    args = parser.parse_args()
    directory = args.directory or Path(tempfile.gettempdir()) / f"epc-bench-{args.size}"
    began = time.perf_counter()
    vault = ensure_vault(directory, args.size)
    print(f"vault ready in {time.perf_counter() - began:.1f} s ({directory})", file=sys.stderr)
    vault.acquire()
    vault.unlock(DEFAULT_PASSPHRASE)
    today = DEFAULT_TODAY

    def every_check_in() -> None:
        with vault.connected():
            rows: Any = CheckIn.select(CheckIn.id, CheckIn.status, CheckIn.planned_date).tuples()
            list(rows)

    reference = measure(every_check_in, runs=args.runs)
    lines: list[list[str]] = [
        ["every check-in row read (reference)", reference.ms(), "reference", ""]
    ]
    for name, period in (
        ("this month", this_month(today)),
        ("last quarter", last_quarter(today)),
        ("this year", this_year(today)),
    ):
        first = series_start(period.start, period.end)
        facts_box: list[Any] = []

        def read(first: Any = first, period: Any = period, box: list[Any] = facts_box) -> None:
            box[:] = [indicator_facts(vault, period.start, period.end, check_ins_from=first)]

        reading = measure(read, runs=args.runs)
        facts = facts_box[0]
        computing = measure(
            lambda facts=facts, period=period: compute_report(
                facts, period.start, period.end, today
            ),
            runs=args.runs,
        )
        whole = measure(
            lambda period=period: indicator_report(vault, period.start, period.end, today),
            runs=args.runs,
        )
        detail = f"{len(facts.check_ins)} check-ins, {len(facts.entries)} entries read"
        lines += [
            [f"{name}: facts read", reading.ms(), detail, ratio(reading.median, reference.median)],
            [f"{name}: figures computed", computing.ms(), "", ""],
            [f"{name}: whole report", whole.ms(), "", ratio(whole.median, reference.median)],
        ]
    report = indicator_report(vault, this_year(today).start, this_year(today).end, today)
    writing = measure(lambda: csv_text(report), runs=args.runs)
    lines.append(["this year: CSV text", writing.ms(), "", ""])
    vault.release()

    header = [f"measure ({args.size} vault)", "median", "compared with", "ratio"]
    print(table(header, lines), flush=True)
    if not args.skip_app:
        references = Samples(tuple(asyncio.run(reference_ms()) for _ in range(args.runs)))
        screens = Samples(tuple(asyncio.run(screen_seconds(directory)) for _ in range(args.runs)))
        row = [
            "F7 to figures drawn (app, this month)",
            screens.ms(),
            f"bare DataTable app to first frame: {references.ms()}",
            ratio(screens.median, references.median),
        ]
        print(table(header, [row]))
    print(f"\npeak memory: {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
