"""Calendar at scale: the month's counts, a day and a week query, opening the calendar and
moving one month in the application, on a generated fictional vault.

Run: `uv run python benchmarks/month_calendar.py [--size large] [--runs 7] [DIR]`
(DIR: a generated vault, or a private copy of one; the script only reads it.)

(Not `calendar.py`: a script's folder comes first on `sys.path`, so a `benchmarks/calendar.py`
would shadow the standard library's `calendar` for every script here — dateutil imports it.)

In process, straight on the vault: `day_counts` over the six weeks a month shows (what opening
or moving a month reads), `agenda_between` (what the calendar's agenda reads) and
`check_ins_between` (full records: the today view and the .ics export) for one day and for one
week, each over different months/days, each read once, so no cached page flatters them. A
reference from the same run: counting every check-in (a full scan, linear in the vault's size),
so the ratio shows the calendar's reads do not grow with the whole vault; the rows read per day
and week are printed, so the cost per meeting can be compared between vault sizes.

In the application (headless `run_test`, 120×40, the calendar screen on the unlocked vault in
a small harness offering what `EpcApp` offers screens), timed as `benchmarks/editor.py` does:
the key is posted to the app and the time taken to the first frame the headless driver writes
that shows the result (the next month's counts; then also the new day's agenda), with
`TEXTUAL_FPS` raised to 1000 so Textual's 60 Hz frame timer is not added to every figure. Each
PageDown comes after the screen's reads ended, as when a coach looks at a month before moving
on: the next month (and the day PageDown lands on) was read ahead by then; → and ← likewise.
Two PageDown posted at once measure a month that was not (the second). F4: the first time
(the calendar built then, as the application opens an area: its mode's first switch), to a
calendar built ahead while hidden (`_init_mode`, as the application may build areas in idle
time), and again after another screen; each with Textual's 50 ms mask of a mode switch
(`App.delay_update`) and without it — as `EpcApp` shows an area already mounted since
0cc5941, so the unmasked rows are what F4 costs in the application for a calendar built ahead.
The garbage collector's full collections during the moves are timed (they make most of the
slowest moves), and the moves are measured again with `gc.freeze()` once the calendar is open
(labelled: what the application could do, not what it does). The reference, timed the same
way in the same run: a key to the next frame in a bare Textual app.
Prints Markdown rows for docs/performance.md.
"""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_FPS", "1000")

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import gc  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import AsyncIterator, Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import date, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("EPC_KDF", "floor")

from benchmarks.common import Samples, measure, peak_rss_mb, ratio, table  # noqa: E402
from benchmarks.fictional_vault import DEFAULT_PASSPHRASE, DEFAULT_TODAY, ensure_vault  # noqa: E402
from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.screen import ModalScreen, Screen  # noqa: E402
from textual.widgets import Input, Static  # noqa: E402
from textual.worker import WorkerCancelled  # noqa: E402

from epc_tui.app import EpcApp  # noqa: E402
from epc_tui.clock import FixedClock  # noqa: E402
from epc_tui.screens.calendar import CalendarScreen  # noqa: E402
from epc_tui.screens.calendar_ahead import days_a_move_reaches  # noqa: E402
from epc_tui.settings import Settings  # noqa: E402
from epc_tui.vault import check_ins, logbook  # noqa: E402
from epc_tui.vault.kdf import FLOOR  # noqa: E402
from epc_tui.vault.models import CheckIn  # noqa: E402
from epc_tui.vault.paths import VaultPaths  # noqa: E402
from epc_tui.vault.vault import Vault  # noqa: E402
from epc_tui.vault.warm_connection import WarmConnection  # noqa: E402
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


def measure_cpu(action: Callable[[], object], runs: int) -> tuple[Samples, Samples]:
    """Wall time and this thread's CPU time of `runs` runs (after one unmeasured): on a loaded
    machine the wall time includes waiting for a core, the CPU time only the work."""
    action()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.thread_time()
        action()
        cpus.append(time.thread_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return Samples(tuple(walls)), Samples(tuple(cpus))


def query_figures(
    vault: Vault, runs: int
) -> tuple[dict[str, tuple[Samples, Samples]], dict[str, float]]:
    """Month counts, day and week agendas, and the full-scan reference, in process (wall and
    CPU time); and the mean number of meetings a day and a week read."""
    months = [shift_months(DEFAULT_TODAY.replace(day=1), offset) for offset in range(-6, 6)]
    repeat = max(runs, 12)
    # Days and weeks around today (the busy part of a plan), one list per reader so each
    # reads its days cold, as the calendar does the first time a day is shown.
    day_lists = {
        name: Cycle([DEFAULT_TODAY + timedelta(days=offset) for offset in range(first, 60, 4)])
        for name, first in (("agenda_day", -60), ("records_day", -59))
    }
    week_lists = {
        name: Cycle([month_weeks(month, 0)[index] for month in months])
        for name, index in (("agenda_week", 1), ("records_week", 2))
    }
    ranges = Cycle([visible_range(month, SUNDAY) for month in months])
    rows: dict[str, list[int]] = {
        name: [] for name in ("agenda_day", "records_day", "agenda_week", "records_week")
    }

    def month_counts() -> None:
        start, end = ranges.next()
        check_ins.day_counts(vault, start, end, DEFAULT_TODAY)

    def day(name: str, read: Callable[[Vault, Any, Any], list[Any]]) -> Callable[[], None]:
        def one() -> None:
            chosen = day_lists[name].next()
            rows[name].append(len(read(vault, chosen, chosen)))

        return one

    def week(name: str, read: Callable[[Vault, Any, Any], list[Any]]) -> Callable[[], None]:
        def one() -> None:
            chosen = week_lists[name].next()
            rows[name].append(len(read(vault, chosen[0], chosen[-1])))

        return one

    ahead_days = Cycle([DEFAULT_TODAY + timedelta(days=offset) for offset in range(-58, 60, 5)])

    def read_ahead() -> None:
        """What the calendar reads ahead once a day is shown: the neighbouring months'
        counts, then the agenda and follow-ups of the six days a move lands on."""
        day = ahead_days.next()
        month = day.replace(day=1)
        for step in (1, -1):
            start, end = visible_range(shift_months(month, step), SUNDAY)
            check_ins.day_counts(vault, start, end, DEFAULT_TODAY)
        for other in days_a_move_reaches(day):
            check_ins.agenda_between(vault, other, other)
            logbook.actions_due_between(vault, other, other)

    def full_scan() -> None:
        with vault.connected():
            CheckIn.select().count()

    figures = {
        "month": measure_cpu(month_counts, repeat),
        "agenda_day": measure_cpu(day("agenda_day", check_ins.agenda_between), repeat),
        "agenda_week": measure_cpu(week("agenda_week", check_ins.agenda_between), repeat),
        "records_day": measure_cpu(day("records_day", check_ins.check_ins_between), repeat),
        "records_week": measure_cpu(week("records_week", check_ins.check_ins_between), repeat),
        "ahead": measure_cpu(read_ahead, repeat),
        "scan": measure_cpu(full_scan, repeat),
    }
    means = {key: sum(values) / len(values) for key, values in rows.items()}
    return figures, means


def _open_and_close(vault: Vault) -> Callable[[], None]:
    """A new thread opening its own connection for one tiny query, as each worker did."""

    def one_query() -> None:
        with vault.connected():
            CheckIn.select(CheckIn.id).limit(1).scalar()

    def in_a_thread() -> None:
        thread = threading.Thread(target=one_query)
        thread.start()
        thread.join()

    return in_a_thread


class Frames:
    """Records when the headless driver writes each frame, and what it showed then."""

    def __init__(self, app: App[Any], state: Callable[[Any], Any]) -> None:
        self.seen: list[tuple[float, Any]] = []
        self._written = asyncio.Event()
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            if renderable is not None and not app._batch_count:  # else nothing is written
                self.seen.append((time.perf_counter(), state(screen)))
                self._written.set()
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]

    async def first_after(self, began: float, shows: Callable[[Any], bool]) -> float:
        """Seconds from `began` to the first frame written after it that `shows` accepts.
        Waits for each frame asleep: polling with `asyncio.sleep(0)` kept the interpreter
        from the reading threads (they got it back only every 5 ms, at each row a query
        stepped through), which made the calendar's first read look 30 times slower."""
        deadline = began + 30
        while True:
            for at, state in self.seen:
                if at >= began and shows(state):
                    return at - began
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError("no frame showed the result within 30 s")
            self._written.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._written.wait(), remaining)


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
    """Key posted to the next frame written, in the bare app."""
    app = BareApp()
    values = []
    async with app.run_test(size=(120, 40)) as pilot:
        frames = Frames(app, lambda screen: None)
        await pilot.pause()
        for _ in range(presses):
            began = time.perf_counter()
            app.post_message(events.Key("x", "x"))
            values.append(await frames.first_after(began, lambda state: True))
            await pilot.pause()
    return Samples(tuple(values))


class Elsewhere(Screen[None]):
    """Another area's screen, where the coach is before F4."""

    def compose(self) -> ComposeResult:
        """One line."""
        yield Static("ailleurs")


class CalendarHarness(App[None]):
    """Just the calendar screen on an unlocked vault: what `EpcApp` offers screens
    (`EpcContext`), without the unlock, the today view or the automatic backups around it."""

    def __init__(self, vault: Vault) -> None:
        super().__init__()
        self.vault = vault
        self.settings = Settings(language="fr")
        self.clock = FixedClock(MOMENT)

    def reading_thread(self, name: str) -> WarmConnection:
        """A new reading thread (the application opens the calendar's at unlock)."""
        return WarmConnection(self.vault, name)


class UnmaskedHarness(CalendarHarness):
    """The harness without Textual's transition mask: `App.switch_mode` holds every frame
    for 50 ms (`delay_update`), so F4 could never draw sooner; `EpcApp` skips it for an area
    whose screen is mounted (as here, built ahead), so this is what F4 costs there."""

    def delay_update(self, delay: float = 0.05) -> None:
        """No mask: the screen draws as soon as it is ready."""
        self.screen.refresh()


def _calendar_state(screen: Screen[Any]) -> tuple[bool, bool, date | None]:
    """(the month's counts shown, the selected day's agenda shown, the selected day) in the
    frame being written of `screen`."""
    if isinstance(screen, ModalScreen):  # a dialog over the calendar (the offer of drafts)
        stack = screen.app.screen_stack
        below = stack[-2] if len(stack) > 1 and stack[-1] is screen else None
        screen = below if isinstance(below, CalendarScreen) else screen
    if not isinstance(screen, CalendarScreen) or not screen.is_mounted:
        return False, False, None
    day = screen.selected_day
    return screen.grid.counts_loaded, screen.agenda_day == day, day


def both(state: tuple[bool, bool, date | None]) -> bool:
    """Counts and the selected day's agenda drawn."""
    return state[0] and state[1]


async def settle(app: App[Any], pilot: Any) -> None:
    """Wait for the calendar's reads (reading ahead included), as a coach looking at a day."""
    for _ in range(5):
        try:
            await app.workers.wait_for_complete()
            break
        except WorkerCancelled:  # a read a newer one replaced: wait for the newer
            await pilot.pause()
    await pilot.pause()


@dataclass
class AppRun:
    """One application's figures, in seconds."""

    opened: float = 0.0  # first F4: the screen built, to month and day drawn
    opened_frame: float = 0.0  # first F4 to the first frame written
    pagedown: list[float] = field(default_factory=list)  # to the next month's counts
    pagedown_day: list[float] = field(default_factory=list)  # to counts and the new day
    arrows: list[float] = field(default_factory=list)  # → or ← to the new day drawn
    jumps: list[float] = field(default_factory=list)  # two PageDown: the second month's counts
    shown: int = 0


class Collections:
    """The garbage collector's full (generation 2) collections while recording: how long
    each held the UI thread (the pauses behind most of the slowest moves)."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self.recording = False
        self._began = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2 or not self.recording:
            return
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._began)


COLLECTIONS = Collections()


async def app_figures(vault: Vault, moves: int, freeze: bool = False) -> AppRun:
    """F4 the first time (the calendar built as the application builds an area's screen:
    its mode's first switch) to month and day drawn; PageDown to the next month's counts
    drawn, and to the new day's agenda drawn; → and ← to the new day drawn (frames, as
    `benchmarks/editor.py` times keys); and two PageDown at once, to the second month's
    counts drawn (that month was not read ahead). `freeze`: `gc.freeze()` once the calendar
    is open (what the application could do once its areas are built), so full collections
    no longer walk every object of the application."""
    app = CalendarHarness(vault)
    run = AppRun()
    async with app.run_test(size=(120, 40)) as pilot:
        frames = Frames(app, _calendar_state)
        await pilot.pause()
        app.add_mode("calendar", CalendarScreen)
        began = time.perf_counter()
        app.switch_mode("calendar")
        run.opened = await frames.first_after(began, both)
        run.opened_frame = await frames.first_after(began, lambda state: True)
        screen = app.screen
        assert isinstance(screen, CalendarScreen)
        grid = screen.grid
        run.shown = sum(grid.figures(day).total for week in grid.weeks for day in week)
        await settle(app, pilot)
        if freeze:
            gc.freeze()
        COLLECTIONS.recording = True
        for _ in range(moves):
            await settle(app, pilot)
            target = shift_months(screen.selected_day, 1)
            began = time.perf_counter()
            app.post_message(events.Key("pagedown", None))
            run.pagedown.append(
                await frames.first_after(
                    began, lambda state, day=target: state[0] and state[2] == day
                )
            )
            run.pagedown_day.append(
                await frames.first_after(
                    began, lambda state, day=target: both(state) and state[2] == day
                )
            )
        for index in range(moves):
            await settle(app, pilot)
            target = screen.selected_day + timedelta(days=1 if index % 2 == 0 else -1)
            began = time.perf_counter()
            app.post_message(events.Key("right" if index % 2 == 0 else "left", None))
            run.arrows.append(
                await frames.first_after(
                    began, lambda state, day=target: both(state) and state[2] == day
                )
            )
        for _ in range(moves // 2):
            await settle(app, pilot)
            target = shift_months(screen.selected_day, 2)
            began = time.perf_counter()
            app.post_message(events.Key("pagedown", None))
            app.post_message(events.Key("pagedown", None))
            run.jumps.append(
                await frames.first_after(
                    began, lambda state, day=target: state[0] and state[2] == day
                )
            )
        COLLECTIONS.recording = False
        await settle(app, pilot)
    if freeze:
        gc.unfreeze()
    return run


async def built_ahead_figures(vault: Vault, masked: bool = True) -> tuple[float, float, float]:
    """The calendar built while the coach is elsewhere (mounted in its mode, not shown, as
    the application may build areas in idle time after unlock), left to read: then F4 (the
    switch of mode) to month and day drawn, to the first frame written; and F4 again after
    going back to the first screen. `masked`: with Textual's 50 ms mask of a mode switch."""
    app = CalendarHarness(vault) if masked else UnmaskedHarness(vault)
    async with app.run_test(size=(120, 40)) as pilot:
        frames = Frames(app, _calendar_state)
        await pilot.pause()
        app.add_mode("elsewhere", Elsewhere)
        await app.switch_mode("elsewhere")
        app.add_mode("calendar", CalendarScreen)
        await app._init_mode("calendar")
        await settle(app, pilot)
        await pilot.pause(0.2)
        began = time.perf_counter()
        app.switch_mode("calendar")
        shown = await frames.first_after(began, both)
        first_frame = await frames.first_after(began, lambda state: True)
        await settle(app, pilot)
        app.switch_mode("elsewhere")
        await settle(app, pilot)
        began = time.perf_counter()
        app.switch_mode("calendar")
        again = await frames.first_after(began, both)
        await settle(app, pilot)
    return shown, first_frame, again


async def until(pilot: Any, condition: Callable[[], bool], what: str) -> None:
    """Let the application run until `condition()` holds (or give up after two minutes)."""
    give_up = time.perf_counter() + 120
    while not condition():
        if time.perf_counter() > give_up:
            raise RuntimeError(f"gave up waiting for {what}")
        await pilot.pause(0.001)


@contextlib.asynccontextmanager
async def unlocked_application(
    directory: Path, build_ahead: bool
) -> AsyncIterator[tuple[EpcApp, Any, Frames]]:
    """The real application (`EpcApp`) on the vault in `directory`, unlocked by its unlock
    screen and showing the today view, with its frames recorded; `build_ahead` False: no
    area built in idle moments."""
    vault = Vault(VaultPaths(directory), kdf=FLOOR)
    vault.acquire()
    app = EpcApp(vault=vault, settings=Settings(language="fr"), clock=FixedClock(MOMENT))
    if not build_ahead:
        app.PREPARE_AFTER_IDLE_SECONDS = None  # type: ignore[misc]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            frames = Frames(app, _calendar_state)
            app.screen.query_one("#passphrase", Input).value = DEFAULT_PASSPHRASE
            await pilot.press("enter")
            await until(pilot, lambda: vault.is_unlocked and app.current_mode == "today", "unlock")
            yield app, pilot, frames
    finally:
        vault.release()


async def in_the_application(directory: Path) -> tuple[float, float]:
    """The real application (`EpcApp`): unlocked by its unlock screen, left idle on the today
    view until it has built the calendar ahead (its idle-time preparation, 0cc5941), then F4
    to the month and day drawn, and F4 again after F2."""
    async with unlocked_application(directory, build_ahead=True) as (app, pilot, frames):

        def built() -> bool:
            if len(app.screen_stack) > 1:  # the offer of unfinished notes: put away
                app.pop_screen()
            return "calendar" in app._screen_stacks

        await until(pilot, built, "the calendar built ahead")
        await settle(app, pilot)
        await until(pilot, lambda: not built() or len(app.screen_stack) == 1, "no offer")
        await pilot.pause(0.3)  # the coach looks at the today view: its frames are drawn
        await settle(app, pilot)
        shown = []
        for key in ("f4", "f2", "f4"):
            began = time.perf_counter()
            app.post_message(events.Key(key, None))
            if key == "f4":
                shown.append(await frames.first_after(began, both))
            await settle(app, pilot)
    return shown[0], shown[1]


async def right_after_unlocking(directory: Path, settled: bool) -> tuple[float, list[float]]:
    """The real application unlocked, then F4 before it had the idle moment in which it
    builds the calendar ahead: at once (`settled` False: the today view still reading), or
    once the today view is drawn and read (the coach's first glance, under half a second).
    Seconds from F4 to the month and day drawn, and the full garbage collections meanwhile
    (each one's seconds)."""
    async with unlocked_application(directory, build_ahead=False) as (app, pilot, frames):
        if settled:
            await settle(app, pilot)
            while len(app.screen_stack) > 1:  # the offer of unfinished notes: put away
                app.pop_screen()
                await pilot.pause()
            await pilot.pause(0.2)
        COLLECTIONS.pauses, COLLECTIONS.recording = [], True
        began = time.perf_counter()
        app.action_open_area("calendar")  # as F4 (a key would go to the offer of drafts)
        shown = await frames.first_after(began, both)
        COLLECTIONS.recording = False
        await settle(app, pilot)
    return shown, COLLECTIONS.pauses


def collected(pauses: list[float]) -> str:
    """How many full collections, and how long each held the UI thread."""
    if not pauses:
        return "none"
    samples = Samples(tuple(pauses))
    return f"{len(pauses)} × {samples.ms()} / {max(pauses) * 1000:.1f} ms"


def after_unlock_only(directory: Path, runs: int) -> int:
    """Print only F4 right after unlocking, at once and at the first glance, each run
    beside a bare key-to-frame measured just before it (the machine is noisy), with the full
    garbage collections that landed in it."""
    rows = []
    gc.callbacks.append(COLLECTIONS)
    for _ in range(runs):
        bare = asyncio.run(bare_key_ms(6))
        row = [bare.ms()]
        for settled in (False, True):
            shown, pauses = asyncio.run(right_after_unlocking(directory, settled))
            held = " + ".join(f"{pause * 1000:.0f}" for pause in pauses) or "none"
            row += [f"{shown * 1000:.1f} ms", held]
        rows.append(row)
    gc.callbacks.remove(COLLECTIONS)
    print(
        table(
            [
                "bare key",
                "F4 at once after unlocking",
                "full collections in it (ms)",
                "F4 at the first glance",
                "full collections in it (ms)",
            ],
            rows,
        )
    )
    return 0


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", type=Path)
    parser.add_argument("--size", default="large")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--after-unlock", action="store_true", help="only F4 right after unlocking (quicker)"
    )
    args = parser.parse_args()
    directory = args.directory or Path(tempfile.gettempdir()) / f"epc-bench-{args.size}"
    began = time.perf_counter()
    vault = ensure_vault(directory, args.size)
    print(f"vault ready in {time.perf_counter() - began:.1f} s ({directory})", file=sys.stderr)
    if args.after_unlock:
        return after_unlock_only(directory, args.runs)
    vault.acquire()
    vault.unlock(DEFAULT_PASSPHRASE)
    with vault.connected():
        total = CheckIn.select().count()
    with vault.connected():  # held, as the calendar's reading thread holds its own
        queries, rows = query_figures(vault, args.runs)
    connect = measure(_open_and_close(vault), args.runs)
    bare = asyncio.run(bare_key_ms(args.runs * 6))
    gc.callbacks.append(COLLECTIONS)
    runs = [asyncio.run(app_figures(vault, moves=6)) for _ in range(args.runs)]
    pauses = collected(COLLECTIONS.pauses)
    COLLECTIONS.pauses = []
    frozen = [asyncio.run(app_figures(vault, moves=6, freeze=True)) for _ in range(args.runs)]
    frozen_pauses = collected(COLLECTIONS.pauses)
    gc.callbacks.remove(COLLECTIONS)
    ahead = [asyncio.run(built_ahead_figures(vault)) for _ in range(args.runs)]
    unmasked = [asyncio.run(built_ahead_figures(vault, masked=False)) for _ in range(args.runs)]
    vault.release()
    in_app = [asyncio.run(in_the_application(directory)) for _ in range(args.runs)]
    at_once = [asyncio.run(right_after_unlocking(directory, False)) for _ in range(args.runs)]
    glance = [asyncio.run(right_after_unlocking(directory, True)) for _ in range(args.runs)]

    def samples(values: list[float]) -> Samples:
        return Samples(tuple(values))

    opened_samples = samples([run.opened for run in runs])
    opened_frame = samples([run.opened_frame for run in runs])
    move_samples = samples([value for run in runs for value in run.pagedown])
    whole_samples = samples([value for run in runs for value in run.pagedown_day])
    arrow_samples = samples([value for run in runs for value in run.arrows])
    jump_samples = samples([value for run in runs for value in run.jumps])
    ahead_shown = samples([shown for shown, _, _ in ahead])
    ahead_frame = samples([frame for _, frame, _ in ahead])
    ahead_again = samples([again for _, _, again in ahead])
    work_shown = samples([shown for shown, _, _ in unmasked])
    work_again = samples([again for _, _, again in unmasked])
    shown = runs[-1].shown
    frozen_day = samples([value for run in frozen for value in run.pagedown_day])
    frozen_arrows = samples([value for run in frozen for value in run.arrows])
    scan_wall, scan_cpu = queries["scan"]

    def per_meeting(name: str) -> str:
        cpu, meetings = queries[name][1].median, rows[name]
        return (
            f"{meetings:.0f} meetings; CPU {cpu / meetings * 1e6:.1f} µs each" if meetings else ""
        )

    def timed(name: str) -> str:
        wall, cpu = queries[name]
        return f"{wall.ms()} (CPU {cpu.ms()})"

    def versus_scan(name: str) -> str:
        wall, cpu = queries[name]
        return f"{ratio(wall.median, scan_wall.median)} (CPU {ratio(cpu.median, scan_cpu.median)})"

    def key_row(label: str, samples: Samples) -> list[str]:
        return [
            label,
            f"{samples.ms()} / {samples.percentile(0.95) * 1000:.1f} ms",
            f"bare app, key to frame: {bare.ms()}",
            ratio(samples.median, bare.median),
        ]

    print(
        table(
            ["measure", f"{args.size} vault ({total:,} check-ins)", "reference (same run)", "×"],
            [
                [
                    "month counts, six weeks (`day_counts`, in process)",
                    timed("month"),
                    f"count all check-ins: {scan_wall.ms()} (CPU {scan_cpu.ms()})",
                    versus_scan("month"),
                ],
                [
                    "day agenda (`agenda_between`, in process)",
                    timed("agenda_day"),
                    per_meeting("agenda_day"),
                    versus_scan("agenda_day"),
                ],
                [
                    "week agenda (`agenda_between`, in process)",
                    timed("agenda_week"),
                    per_meeting("agenda_week"),
                    versus_scan("agenda_week"),
                ],
                [
                    "read ahead after a move: 2 months' counts, 6 days' agendas and follow-ups",
                    timed("ahead"),
                    "on the reading thread, after the move's frame",
                    versus_scan("ahead"),
                ],
                [
                    "day, full records (`check_ins_between`, in process)",
                    timed("records_day"),
                    per_meeting("records_day"),
                    versus_scan("records_day"),
                ],
                [
                    "week, full records (`check_ins_between`, in process)",
                    timed("records_week"),
                    per_meeting("records_week"),
                    versus_scan("records_week"),
                ],
                key_row("first F4 (calendar built then) to month and day drawn", opened_samples),
                key_row("first F4 (calendar built then) to its first frame", opened_frame),
                key_row("F4 to a calendar built ahead, hidden: month and day drawn", ahead_shown),
                key_row("F4 to a calendar built ahead, hidden: first frame", ahead_frame),
                key_row("F4 again (back from another screen): month and day drawn", ahead_again),
                key_row(
                    "EpcApp: F4 to the calendar it built ahead after unlock",
                    samples([first for first, _ in in_app]),
                ),
                key_row("EpcApp: F4 again after F2", samples([again for _, again in in_app])),
                key_row(
                    "EpcApp: F4 at once after unlocking (today reading)",
                    samples([shown for shown, _ in at_once]),
                ),
                key_row(
                    "EpcApp: F4 once the today view is drawn, before any idle build",
                    samples([shown for shown, _ in glance]),
                ),
                key_row("same without Textual's 50 ms switch mask (as EpcApp): F4", work_shown),
                key_row("same without the mask (as EpcApp): F4 again", work_again),
                key_row("PageDown to next month's counts drawn (app), median / p95", move_samples),
                key_row(
                    "PageDown to counts and the new day's agenda drawn (app), median / p95",
                    whole_samples,
                ),
                key_row("→ / ← to the new day's agenda drawn (app), median / p95", arrow_samples),
                key_row(
                    "PageDown twice at once to the second month's counts drawn (not read ahead)",
                    jump_samples,
                ),
                [
                    "full garbage collections during the moves above: count × each (median / max)",
                    pauses,
                    f"with gc.freeze() once open: {frozen_pauses}",
                    "",
                ],
                key_row("same PageDown to counts and day, gc.freeze() once open", frozen_day),
                key_row("same → / ←, gc.freeze() once open", frozen_arrows),
                [
                    "a worker thread's own connection (open, one query, close)",
                    connect.ms(),
                    "",
                    "",
                ],
                ["check-ins counted on the first month shown", f"{shown:,}", "", ""],
                ["peak memory of this process", f"{peak_rss_mb():.0f} MB", "", ""],
            ],
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
