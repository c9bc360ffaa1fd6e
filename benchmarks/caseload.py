"""Caseload and today view at scale: unlock to caseload drawn, one filter keystroke, memory.

Run: `uv run python benchmarks/caseload.py [--size large] [--runs 7] [DIR]`

Measured in the real application (headless `run_test`) on a generated fictional vault, with
references measured in the same run and the same way: a plain Textual `DataTable` filled
with 1,000 rows, from start to first frame (performance.md gives ~0.16 s), and a key to the
next frame in a bare app holding one `Input` (what a filter keystroke cannot avoid). Times
end at the frame the (headless) driver writes, as in `editor.py`: keys are posted as events,
not pressed through the test pilot, and `TEXTUAL_FPS` is raised to 1000 for every app so
Textual's 60 Hz frame timer is not added to every figure. The caseload is timed from F3 to
the first frame showing a person (pressed right after unlocking, while the today view still
loads, and again once everything settled, on a fresh screen, both without the areas built
ahead; then on a fresh screen the application built ahead in an idle moment, as it does
after unlocking, and back to it after a look at the today view); the read of everyone is
timed to its worker's end. Peak memory is that of a separate process running the application alone
through a coach's session (unlock, the today view while the areas are built ahead, the
calendar, the caseload filtered, a search), with the largest live allocations (tracemalloc)
when `--allocations` is given. The vault is only read: the background extension of plans is
put off past the run. Prints Markdown rows for docs/performance.md.
"""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_FPS", "1000")
os.environ.setdefault("EPC_KDF", "floor")

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import Samples, measure, peak_rss_mb, ratio, table  # noqa: E402
from benchmarks.fictional_vault import DEFAULT_PASSPHRASE, DEFAULT_TODAY, ensure_vault  # noqa: E402
from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import DataTable, Input  # noqa: E402

from epc_tui.app import EpcApp  # noqa: E402
from epc_tui.clock import FixedClock  # noqa: E402
from epc_tui.screens.caseload import FIRST_SCREENFUL, CaseloadScreen  # noqa: E402
from epc_tui.screens.today import TodayScreen  # noqa: E402
from epc_tui.services.caseload import (  # noqa: E402
    filter_rows,
    first_rows,
    load_caseload,
    sort_rows,
)
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
    """The caseload area is open and its table has drawn a person's line (the offer of
    the vault's unfinished notes, which the app makes after unlocking, may come on top)."""
    return app.current_mode == "caseload" and DRAWN.at is not None


async def close_offers(app: EpcApp, pilot: Any) -> None:
    """Put away the offer of unfinished notes if it came up (the run goes on below it)."""
    await pilot.pause()
    while not isinstance(app.screen, (CaseloadScreen, TodayScreen)) and len(app.screen_stack) > 1:
        app.pop_screen()
        await pilot.pause()


class Frames:
    """When the headless driver wrote each frame of an app (as `editor.py` measures)."""

    def __init__(self, app: App[Any]) -> None:
        self.times: list[float] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            self.times.append(time.perf_counter())
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]

    def first_after(self, moment: float) -> float | None:
        """The first frame written at or after `moment`."""
        return next((frame for frame in self.times if frame >= moment), None)


async def frame_after(frames: Frames, moment: float, what: str) -> float:
    """Wait for the first frame written after `moment` (or give up)."""
    give_up = time.perf_counter() + 60
    while (found := frames.first_after(moment)) is None:
        if time.perf_counter() > give_up:
            raise RuntimeError(f"no frame after {what}")
        await asyncio.sleep(0)
    return found


CPU_PER_KEY: dict[str, list[float]] = {"app": [], "bare": []}


async def type_keys(
    app: App[Any], frames: Frames, text: str, cpu: list[float] | None = None
) -> list[float]:
    """Post each character as a key event; the time from the post to the next frame (and,
    into `cpu`, the CPU time the process spent meanwhile)."""
    values = []
    for char in text:
        posted, cpu_before = time.perf_counter(), time.process_time()
        app.post_message(events.Key(char, char))
        values.append(await frame_after(frames, posted, f"the key {char!r}") - posted)
        if cpu is not None:
            cpu.append(time.process_time() - cpu_before)
        await asyncio.sleep(0.005)  # as between two keys a coach types
    return values


class BareFilter(App[None]):
    """One `Input` with the focus: the yardstick of a filter keystroke."""

    def compose(self) -> ComposeResult:
        """The field."""
        yield Input()


async def bare_key_samples(words: int) -> list[float]:
    """Key to next frame in the bare app, typing `marie` `words` times (cleared between)."""
    app = BareFilter()
    values: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        frames = Frames(app)
        field = app.query_one(Input)
        field.focus()
        await pilot.pause()
        for _ in range(words):
            values += await type_keys(app, frames, "marie", CPU_PER_KEY["bare"])
            field.value = ""
            await pilot.pause()
    return values


async def app_figures(data_dir: Path, keystrokes: str) -> dict[str, Any]:
    """Caseload opened right after unlocking (the today view still loading), opened again
    once everything settled, and per-keystroke filter time (key to next frame)."""
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    vault.acquire()
    app = EpcApp(vault=vault, settings=Settings(language="fr"), clock=FixedClock(MOMENT))
    prepare_after = app.PREPARE_AFTER_IDLE_SECONDS
    app.PREPARE_AFTER_IDLE_SECONDS = None  # type: ignore[misc]  # first, openings from scratch
    figures: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        frames = Frames(app)
        app.screen.query_one("#passphrase", Input).value = DEFAULT_PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: vault.is_unlocked and app.current_mode == "today", "unlock")
        began = time.perf_counter()
        DRAWN.reset()
        app.action_open_area("caseload")
        await until(pilot, lambda: caseload_drawn(app), "the caseload")
        figures["after_unlock"] = await frame_after(frames, DRAWN.at or 0, "rows") - began
        await app.workers.wait_for_complete()
        figures["everyone_after_unlock"] = time.perf_counter() - began
        await close_offers(app, pilot)
        app.action_open_area("today")
        await app.workers.wait_for_complete()
        await close_offers(app, pilot)
        app.remove_mode("caseload")  # a fresh caseload screen, as after the next unlock
        app.add_mode("caseload", CaseloadScreen)
        began = time.perf_counter()
        DRAWN.reset()
        app.action_open_area("caseload")
        await until(pilot, lambda: caseload_drawn(app), "the caseload")
        figures["opened"] = await frame_after(frames, DRAWN.at or 0, "rows") - began
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        figures["keys"] = await type_keys(app, frames, keystrokes, CPU_PER_KEY["app"])
        screen: Any = app.screen
        figures["people"] = screen.totals
        figures["matching"] = len(screen.shown)
        figures["prepared"], figures["back"] = await prepared_openings(
            app, pilot, frames, prepare_after
        )
    vault.release()
    return figures


async def prepared_openings(
    app: EpcApp, pilot: Any, frames: Frames, prepare_after: float | None
) -> tuple[float, float]:
    """F3 to the caseload drawn when the application built it ahead in an idle moment (a
    fresh screen, as after the next unlock), and F3 back to it after a look at the today view."""
    app.action_open_area("today")
    await app.workers.wait_for_complete()
    await close_offers(app, pilot)
    app.remove_mode("caseload")
    app.add_mode("caseload", CaseloadScreen)
    app.PREPARE_AFTER_IDLE_SECONDS = prepare_after  # type: ignore[misc]
    app._last_activity = time.monotonic()  # as if the coach had just pressed F2
    await until(pilot, lambda: "caseload" in app._screen_stacks, "the caseload built ahead")
    await app.workers.wait_for_complete()
    await pilot.pause()
    figures = []
    for _ in range(2):
        began = time.perf_counter()
        DRAWN.reset()
        app.action_open_area("caseload")
        await until(pilot, lambda: caseload_drawn(app), "the caseload")
        figures.append(await frame_after(frames, DRAWN.at or 0, "rows") - began)
        await app.workers.wait_for_complete()
        app.action_open_area("today")
        await app.workers.wait_for_complete()
        await pilot.pause()
    return figures[0], figures[1]


async def app_alone(data_dir: Path) -> None:
    """What the memory figure measures, a coach's session: unlock, the today view while the
    areas are built ahead, the calendar, the caseload filtered, a search for a common word."""
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    vault.acquire()
    app = EpcApp(vault=vault, settings=Settings(language="fr"), clock=FixedClock(MOMENT))
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#passphrase", Input).value = DEFAULT_PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: vault.is_unlocked and app.current_mode == "today", "unlock")
        await app.workers.wait_for_complete()
        await close_offers(app, pilot)
        built = app.PREPARED_AREAS
        await until(pilot, lambda: all(mode in app._screen_stacks for mode in built), "areas")
        for keys in (["f4"], ["f3", "slash", *"marie"], ["f5", *"fatigue", "enter"]):
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            await pilot.pause()
    vault.release()


def memory_of_the_app(data_dir: Path, allocations: bool) -> dict[str, Any]:
    """Peak resident memory of a process running the application alone (and, if asked,
    its largest live allocations by line, with the caseload open)."""
    command = [sys.executable, __file__, "--app-only", str(data_dir)]
    if allocations:
        command.append("--allocations")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_app_only(data_dir: Path, allocations: bool) -> None:
    """In the child process: run the app once and print its peak memory as JSON."""
    top: list[str] = []
    if allocations:
        import tracemalloc

        tracemalloc.start()
        asyncio.run(app_alone(data_dir))
        snapshot = tracemalloc.take_snapshot()
        _current, peak = tracemalloc.get_traced_memory()
        top = [f"peak traced {peak / 1e6:.0f} MB"]
        for stat in snapshot.statistics("filename")[:12]:
            top.append(f"{stat.size / 1e6:7.1f} MB {stat.count:8d} blocks {stat.traceback}")
    else:
        asyncio.run(app_alone(data_dir))
    print(json.dumps({"peak_mb": peak_rss_mb(), "top": top}))


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", type=Path)
    parser.add_argument("--size", default="large")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--allocations", action="store_true", help="list the largest ones")
    parser.add_argument("--app-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    directory = args.directory or Path(tempfile.gettempdir()) / f"epc-bench-{args.size}"
    if args.app_only:
        run_app_only(directory, args.allocations)
        return 0
    began = time.perf_counter()
    vault = ensure_vault(directory, args.size)
    print(f"vault ready in {time.perf_counter() - began:.1f} s ({directory})", file=sys.stderr)
    vault.acquire()
    vault.unlock(DEFAULT_PASSPHRASE)
    today = DEFAULT_TODAY
    rows: list[Any] = []

    def load() -> None:
        rows[:] = load_caseload(vault, today)

    with vault.connected():
        loading = measure(load, runs=args.runs)
        active = measure(lambda: load_caseload(vault, today, ("active",)), runs=args.runs)
        first = measure(lambda: first_rows(vault, today, "active", FIRST_SCREENFUL), args.runs)
        keystroke = measure(
            lambda: sort_rows(filter_rows(rows, "mari", "active"), "next"), args.runs
        )
        today_view = measure(lambda: load_today(vault, today), runs=args.runs)
    people = len(rows)
    rows = []
    vault.lock()
    vault.release()
    references = []
    bare: list[float] = []
    runs = []
    for _ in range(args.runs):  # interleaved, so the machine's load weighs on all alike
        references.append(asyncio.run(reference_table_ms()))
        bare += asyncio.run(bare_key_samples(2))
        runs.append(asyncio.run(app_figures(directory, "marie")))
    memory = memory_of_the_app(directory, args.allocations)
    reference = Samples(tuple(references))
    bare_keys = Samples(tuple(bare))

    def samples(name: str) -> Samples:
        return Samples(tuple(run[name] for run in runs))

    keys = Samples(tuple(value for run in runs for value in run["keys"]))
    totals = runs[0]["people"]
    lines = []
    for name, label in (
        ("after_unlock", "F3 right after unlocking to the active caseload drawn (app)"),
        ("everyone_after_unlock", "… to everyone read (app)"),
        ("opened", "F3 once settled to the active caseload drawn (app)"),
        ("prepared", "F3 to the caseload drawn, built ahead in an idle moment (app)"),
        ("back", "F3 back to the caseload after F2 (app)"),
    ):
        lines.append(
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
                ["caseload rows + flags read (in process), everyone", loading.ms(), "", ""],
                ["… the active caseload only", active.ms(), "", ""],
                [f"… the first {FIRST_SCREENFUL} active people by date", first.ms(), "", ""],
                ["filter + sort in memory, one keystroke", keystroke.ms(), "", ""],
                ["today view read (in process)", today_view.ms(), "", ""],
                *lines,
                [
                    "filter keystroke to next frame (app), median / p99",
                    f"{keys.ms()} / {keys.percentile(0.99) * 1000:.1f} ms",
                    f"bare Input, key to frame: {bare_keys.ms()}",
                    ratio(keys.median, bare_keys.median),
                ],
                [
                    "CPU time per filter keystroke (app), median",
                    Samples(tuple(CPU_PER_KEY["app"])).ms(),
                    f"bare Input: {Samples(tuple(CPU_PER_KEY['bare'])).ms()}",
                    ratio(
                        Samples(tuple(CPU_PER_KEY["app"])).median,
                        Samples(tuple(CPU_PER_KEY["bare"])).median,
                    ),
                ],
                ["people per status", ", ".join(f"{k} {v}" for k, v in totals.items()), "", ""],
                [
                    "peak memory, a session of the app alone (own process)",
                    f"{memory['peak_mb']:.0f} MB",
                    "",
                    "",
                ],
            ],
        )
    )
    for line in memory["top"]:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
