"""Keystroke latency in the note editor for docs/performance.md.

Three editors are typed into, key by key, in the same run: a bare Textual `TextArea` (the
reference), our `NoteEditor` alone, and the real call screen (`CallScreen` in `EpcApp` on an
unlocked vault: timer running, context panel, autosave schedule). Each at two sizes: an empty
note and a 50,000-word note (cursor in the middle). For each key: wall time from the key event
to the next frame written by the (headless) driver, and the CPU time spent; medians and p99.
Textual draws at most `TEXTUAL_FPS` frames a second; the script raises it to 1000 so the frame
timer does not hide the work (the same for every editor).

Run: `uv run python benchmarks/editor.py [--keys 200] [--runs 3]`
"""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_FPS", "1000")

import argparse  # noqa: E402
import asyncio  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import percentile, table  # noqa: E402
from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.widget import Widget  # noqa: E402
from textual.widgets import TextArea  # noqa: E402

WORDS = [
    "appel",
    "fatigue",
    "traitement",
    "anxiété",
    "sommeil",
    "famille",
    "équipe",
    "soignante",
    "rencontre",
    "objectifs",
    "limites",
    "personnelles",
    "bilan",
    "parcours",
    "accompagnement",
    "relève",
    "filet",
    "sécurité",
]
KEYS = "elle va mieux depuis le changement de traitement "


def big_note(words: int = 50_000) -> str:
    """About `words` words in lines of ten, paragraphs of five lines."""
    rng = random.Random(4)
    lines = []
    for index in range(words // 10):
        lines.append(" ".join(rng.choice(WORDS) for _ in range(10)))
        if index % 5 == 4:
            lines.append("")
    return "\n".join(lines)


class _Host(App[None]):
    """A bare application holding one editor."""

    def __init__(self, make: Callable[[], Widget]) -> None:
        super().__init__()
        self._make = make

    def compose(self) -> ComposeResult:
        yield self._make()


async def type_keys(
    app: App[Any], pilot: Any, editor: TextArea, keys: int
) -> list[tuple[float, float]]:
    """(wall seconds to the next frame, CPU seconds) for each of `keys` key presses."""
    frames: list[float] = []
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        frames.append(time.perf_counter())
        original(screen, renderable)

    app._display = display  # type: ignore[method-assign]
    middle = editor.document.line_count // 2
    editor.move_cursor((middle, 0))
    editor.focus()
    await pilot.pause()
    samples = []
    for index in range(keys):
        char = KEYS[index % len(KEYS)]
        key = "space" if char == " " else char
        seen = len(frames)
        wall0, cpu0 = time.perf_counter(), time.process_time()
        app.post_message(events.Key(key, char))
        while len(frames) == seen or frames[-1] < wall0:
            await asyncio.sleep(0)
        samples.append((frames[-1] - wall0, time.process_time() - cpu0))
    return samples


async def bare(text: str, keys: int) -> list[tuple[float, float]]:
    """The reference: a plain TextArea (soft wrap on, as ours)."""
    app = _Host(lambda: TextArea(text, soft_wrap=True))
    async with app.run_test(size=(100, 30)) as pilot:
        return await type_keys(app, pilot, app.query_one(TextArea), keys)


async def note_editor(text: str, keys: int) -> list[tuple[float, float]]:
    """Our NoteEditor alone."""
    from epc_tui.widgets.note_editor import NoteEditor

    app = _Host(lambda: NoteEditor(text))
    async with app.run_test(size=(100, 30)) as pilot:
        return await type_keys(app, pilot, app.query_one(NoteEditor), keys)


async def call_screen(text: str, keys: int, directory: Path) -> list[tuple[float, float]]:
    """The real call screen in the real application, on an unlocked vault."""
    from epc_tui.app import EpcApp
    from epc_tui.clock import FixedClock
    from epc_tui.screens.call import CallScreen
    from epc_tui.settings import Settings
    from epc_tui.vault import check_ins, logbook, people
    from epc_tui.vault.kdf import FLOOR
    from epc_tui.vault.paths import VaultPaths
    from epc_tui.vault.records import PersonDraft
    from epc_tui.vault.vault import Vault
    from epc_tui.widgets.note_editor import NoteEditor

    now = datetime(2026, 11, 23, 9, 0)
    vault = Vault(VaultPaths(directory), kdf=FLOOR)
    vault.create("benchmark editeur")
    draft = PersonDraft(full_name="Élise Banc", kind="patient", track_id=None, anchor_date=None)
    person_id = people.add_person(vault, draft, [], now)
    check_in_id = check_ins.add_check_in(vault, person_id, now.date(), at=now)
    entry_id = logbook.open_draft(vault, person_id=person_id, check_in_id=check_in_id, at=now)
    logbook.save_text(vault, entry_id, text, (0, 0), now)
    app = EpcApp(vault=vault, settings=Settings(language="fr"), clock=FixedClock(now))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            vault.unlock("benchmark editeur")
            app.vault_opened()
            await pilot.pause()
            await app.push_screen(CallScreen(person_id, check_in_id))
            await app.workers.wait_for_complete()
            await pilot.pause()
            return await type_keys(app, pilot, app.screen.query_one(NoteEditor), keys)
    finally:
        vault.release()


def summary(samples: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(median wall, p99 wall, median CPU) in milliseconds."""
    walls = [wall for wall, _ in samples]
    cpus = [cpu for _, cpu in samples]
    return (
        statistics.median(walls) * 1000,
        percentile(walls, 0.99) * 1000,
        statistics.median(cpus) * 1000,
    )


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for size_label, text in (("empty note", ""), ("50,000-word note", big_note())):
        results: dict[str, list[tuple[float, float]]] = {"bare": [], "editor": [], "call": []}
        for run in range(args.runs):
            results["bare"] += asyncio.run(bare(text, args.keys))
            results["editor"] += asyncio.run(note_editor(text, args.keys))
            with tempfile.TemporaryDirectory(prefix="epc-editor-bench-") as directory:
                target = Path(directory) / f"vault-{run}"
                results["call"] += asyncio.run(call_screen(text, args.keys, target))
        reference = summary(results["bare"])
        for name, label in (
            ("bare", "bare TextArea (reference)"),
            ("editor", "NoteEditor"),
            ("call", "call screen in the app"),
        ):
            median, p99, cpu = summary(results[name])
            rows.append(
                [
                    size_label,
                    label,
                    f"{median:.2f} ms",
                    f"{p99:.2f} ms",
                    f"{median / reference[0]:.2f} ×",
                    f"{p99 / reference[1]:.2f} ×",
                    f"{cpu:.2f} ms",
                    f"{cpu - reference[2]:+.2f} ms",
                ]
            )
    print(f"## Editor keystrokes — {args.keys} keys × {args.runs} runs per editor and size\n")
    print(
        table(
            [
                "note",
                "editor",
                "key→frame median",
                "p99",
                "median ratio",
                "p99 ratio",
                "CPU per key",
                "CPU added",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
