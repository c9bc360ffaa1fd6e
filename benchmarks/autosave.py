"""Autosave figures for docs/performance.md.

1. Cost of one autosave on the large fictional vault (200,000 notes), for a short and a long
   note: `logbook.save_text` (the draft's text and cursor; its full-text row left for later,
   migration 8) and `autosave.write_note` with the fields (what the call screen saves); the
   same two with migration 2's trigger put back (the draft's full-text row replaced at every
   save: the design before); and the same UPDATE of a plain table in the same vault (same
   commit and fsync, no index) as the reference. The variants take turns in one run; wall
   time, and CPU time of the saving thread (which leaves out waiting for the disk). The
   connection stays open, as on the app's autosave thread (`WarmConnection`).
2. Off the UI thread: the real call screen typed into steadily for a few seconds with the
   default 1-second autosave; which threads wrote, how many writes for how many keys, and the
   keystroke latency with autosave on against autosave pushed out of the window (same run).

Run: `uv run python benchmarks/autosave.py [--runs 50] [--dir /tmp/epc-large]`
"""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_FPS", "1000")

import argparse  # noqa: E402
import asyncio  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import Samples, percentile, ratio, table  # noqa: E402
from benchmarks.editor import KEYS  # noqa: E402
from benchmarks.fictional_vault import DEFAULT_PASSPHRASE, ensure_vault  # noqa: E402

from epc_tui.services.autosave import write_note  # noqa: E402
from epc_tui.vault import logbook  # noqa: E402
from epc_tui.vault.kdf import FLOOR  # noqa: E402
from epc_tui.vault.paths import VaultPaths  # noqa: E402
from epc_tui.vault.vault import Vault  # noqa: E402

NOW = datetime(2026, 11, 23, 9, 0)


def save_costs(vault: Vault, runs: int) -> list[list[object]]:
    """Median and p99 of one autosave on the large vault, short and long notes."""
    with vault.writing():
        vault.database.execute_sql(
            "CREATE TABLE bench_plain_draft (id INTEGER PRIMARY KEY, body TEXT, r INT, c INT)"
        )
        vault.database.execute_sql("INSERT INTO bench_plain_draft VALUES (1, '', 0, 0)")
    try:
        return _save_costs(vault, runs)
    finally:
        with vault.writing():
            vault.database.execute_sql("DROP TABLE bench_plain_draft")


@contextmanager
def index_rewritten_at_each_save(vault: Vault) -> Iterator[None]:
    """The design before migration 8, for comparison in the same run: migration 2's trigger
    replaces the draft's full-text row whenever its text, themes or person are written."""
    from epc_tui.vault.migrations.v0002_search_and_flags import TRIGGERS
    from epc_tui.vault.migrations.v0008_search_pending_drafts import STATEMENTS

    old = next(t for t in TRIGGERS if "TRIGGER entry_search_update" in t)
    with vault.writing():
        for name in ("entry_search_defer", "entry_search_update"):
            vault.database.execute_sql(f"DROP TRIGGER {name}")
        vault.database.execute_sql(old)
    try:
        yield
    finally:
        with vault.writing():
            vault.database.execute_sql("DROP TRIGGER entry_search_update")
            for statement in STATEMENTS:
                if "CREATE TRIGGER entry_search_defer" in statement or (
                    "CREATE TRIGGER entry_search_update" in statement
                ):
                    vault.database.execute_sql(statement)


ROUNDS = 5
"""Each variant is measured in several short rounds, taking turns: the disk's fsync time
drifts (and on this machine comes in steps of about 4 ms), so turns share the drift."""


def _timed(action: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds (this thread) of `runs` calls, after one unmeasured call."""
    action()
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.thread_time()
        action()
        cpu.append(time.thread_time() - began_cpu)
        wall.append(time.perf_counter() - began)
    return wall, cpu


def _save_costs(vault: Vault, runs: int) -> list[list[object]]:
    rows: list[list[object]] = []
    entry_id = logbook.open_draft(vault, person_id=None, check_in_id=None, at=NOW)
    fields = logbook.NoteFields(themes=("famille", "sommeil"), coach_state=1)
    try:
        for label, words in (("300-word note", 300), ("5,000-word note", 5000)):
            base = " ".join(["fatigue traitement sommeil équipe"] * (words // 4))
            counter = iter(range(10**9))

            def autosave(base: str = base, counter: Iterator[int] = counter) -> None:
                n = next(counter)
                logbook.save_text(vault, entry_id, f"{base} {n}", (0, n % 80), NOW)

            def call_screen(base: str = base, counter: Iterator[int] = counter) -> None:
                n = next(counter)
                write_note(vault, entry_id, f"{base} {n}", (0, n % 80), fields, NOW)

            def plain(base: str = base, counter: Iterator[int] = counter) -> None:
                n = next(counter)
                with vault.writing():
                    vault.database.execute_sql(
                        "UPDATE bench_plain_draft SET body = ?, r = 0, c = ? WHERE id = 1",
                        [f"{base} {n}", n % 80],
                    )

            names = (
                "save_text",
                "text + fields (call screen)",
                "save_text, index rewritten (before)",
                "text + fields, index rewritten (before)",
                "reference",
            )
            wall: dict[str, list[float]] = {name: [] for name in names}
            cpu: dict[str, list[float]] = {name: [] for name in names}
            turn = max(1, runs // ROUNDS)
            with vault.connected():  # as the app's autosave thread: its connection kept open
                for _ in range(ROUNDS):
                    for name, action in (
                        ("reference", plain),
                        ("save_text", autosave),
                        ("text + fields (call screen)", call_screen),
                    ):
                        w, c = _timed(action, turn)
                        wall[name] += w
                        cpu[name] += c
                    with index_rewritten_at_each_save(vault):
                        for name, action in (
                            ("save_text, index rewritten (before)", autosave),
                            ("text + fields, index rewritten (before)", call_screen),
                        ):
                            w, c = _timed(action, turn)
                            wall[name] += w
                            cpu[name] += c
            reference = Samples(tuple(wall["reference"]))
            for name in names:
                samples = Samples(tuple(wall[name]))
                rows.append(
                    [
                        label,
                        name if name != "reference" else "same UPDATE, table without index",
                        samples.ms(),
                        f"{samples.percentile(0.99) * 1000:.1f} ms",
                        f"{statistics.median(cpu[name]) * 1000:.2f} ms",
                        ratio(samples.median, reference.median),
                    ]
                )
    finally:
        with vault.writing():
            logbook.LogbookEntry.delete().where(logbook.LogbookEntry.id == entry_id).execute()
    return rows


async def typing_with_autosave(autosave_seconds: float, seconds: float) -> dict[str, Any]:
    """Type into the real call screen for `seconds`; count writes and where they ran."""
    from textual import events

    from epc_tui.app import EpcApp
    from epc_tui.clock import FixedClock
    from epc_tui.screens.call import CallScreen
    from epc_tui.settings import Settings
    from epc_tui.vault import check_ins, people
    from epc_tui.vault.records import PersonDraft
    from epc_tui.widgets.note_editor import NoteEditor

    writes: list[bool] = []
    original = logbook.save_text

    def counting(*args: Any, **kwargs: Any) -> bool:
        writes.append(threading.current_thread() is threading.main_thread())
        return original(*args, **kwargs)

    logbook.save_text = counting  # type: ignore[assignment]
    with tempfile.TemporaryDirectory(prefix="epc-autosave-bench-") as directory:
        vault = Vault(VaultPaths(Path(directory) / "v"), kdf=FLOOR)
        vault.create("benchmark autosave")
        draft = PersonDraft(full_name="Élise Banc", kind="patient", track_id=None, anchor_date=None)
        person_id = people.add_person(vault, draft, [], NOW)
        check_in_id = check_ins.add_check_in(vault, person_id, NOW.date(), at=NOW)
        settings = Settings(language="fr", autosave_seconds=autosave_seconds)
        app = EpcApp(vault=vault, settings=settings, clock=FixedClock(NOW))
        latencies: list[float] = []
        keys = 0
        try:
            async with app.run_test(size=(100, 30)) as pilot:
                vault.unlock("benchmark autosave")
                app.vault_opened()
                await pilot.pause()
                await app.push_screen(CallScreen(person_id, check_in_id))
                await app.workers.wait_for_complete()
                await pilot.pause()
                editor = app.screen.query_one(NoteEditor)
                frames: list[float] = []
                display = app._display

                def recording(screen: Any, renderable: Any) -> None:
                    frames.append(time.perf_counter())
                    display(screen, renderable)

                app._display = recording  # type: ignore[method-assign]
                end = time.perf_counter() + seconds
                while time.perf_counter() < end:
                    char = KEYS[keys % len(KEYS)]
                    seen = len(frames)
                    began = time.perf_counter()
                    app.post_message(events.Key("space" if char == " " else char, char))
                    while len(frames) == seen or frames[-1] < began:
                        await asyncio.sleep(0)
                    latencies.append(frames[-1] - began)
                    keys += 1
                    await asyncio.sleep(0.05)  # a fast typist: 20 keys a second
                await app.workers.wait_for_complete()
                typed = editor.text
        finally:
            logbook.save_text = original  # type: ignore[assignment]
            vault.release()
    return {
        "keys": keys,
        "writes": len(writes),
        "on_ui_thread": sum(writes),
        "median": statistics.median(latencies),
        "p99": percentile(latencies, 0.99),
        "typed": len(typed),
    }


def main() -> None:
    """Measure and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "epc-large")
    args = parser.parse_args()
    ensure_vault(args.dir, "large")
    vault = Vault(VaultPaths(args.dir), kdf=FLOOR)
    vault.unlock(DEFAULT_PASSPHRASE)
    try:
        rows = save_costs(vault, args.runs)
    finally:
        vault.release()
    print(f"## Autosave — one save on the large vault, {args.runs} runs\n")
    print(
        table(
            [
                "note",
                "save",
                "wall median",
                "wall p99",
                "CPU median (this thread)",
                "ratio to the reference (wall)",
            ],
            rows,
        )
    )
    on = asyncio.run(typing_with_autosave(1.0, args.seconds))
    off = asyncio.run(typing_with_autosave(3600.0, args.seconds))
    print(f"\n## Autosave while typing — {args.seconds:g} s at 20 keys/s in the call screen\n")
    print(
        table(
            ["autosave", "keys", "writes", "writes on the UI thread", "key→frame median", "p99"],
            [
                [
                    "every 1 s (default)",
                    on["keys"],
                    on["writes"],
                    on["on_ui_thread"],
                    f"{on['median'] * 1000:.2f} ms",
                    f"{on['p99'] * 1000:.2f} ms",
                ],
                [
                    "off (reference)",
                    off["keys"],
                    off["writes"],
                    off["on_ui_thread"],
                    f"{off['median'] * 1000:.2f} ms",
                    f"{off['p99'] * 1000:.2f} ms",
                ],
            ],
        )
    )


if __name__ == "__main__":
    main()
