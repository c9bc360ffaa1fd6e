"""Snapshots of the call screen on the demo vault at 80×24 (the smallest supported) and 200×60.

The call is started from the today view on its first planned call; the app's clock is fixed,
so the running timer stays at 00:00 and the picture is the same on every run. Regenerate
deliberately with `uv run pytest tests/snapshots --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.snapshots.test_caseload_snapshots import SIZES, demo_app, open_demo, settle
from textual.widgets import Input

from epc_tui.screens.call import CallScreen
from epc_tui.screens.today import TodayScreen


async def until(pilot: Any, condition: Callable[[], bool]) -> None:
    """Let the app run until `condition` holds (the today view fills in a worker)."""
    for _ in range(100):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen never got there")


async def start_call(pilot: Any) -> None:
    """Unlock the demo, `c` on the first call of the day, a few words and themes typed."""
    await open_demo(pilot)
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, TodayScreen) and bool(app.screen.items))
    await until(pilot, lambda: app.screen.selected() is not None)
    await pilot.press("c")
    await until(pilot, lambda: isinstance(app.screen, CallScreen))
    await settle(pilot)
    await pilot.press(*"Elle dort mieux", "enter")
    app.screen.query_one("#themes", Input).value = "sommeil, famille"
    await settle(pilot)


@SIZES
def test_call_screen(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """The timer and name, the prompts, the note with the cursor, the one-line fields; the
    person's context beside the note at 200 columns, hidden at 80."""
    assert snap_compare(demo_app(tmp_path), terminal_size=size, run_before=start_call)


def test_call_screen_context_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    """At 80×24, Ctrl+O shows the person's context under the note, in place of the fields."""

    async def with_context(pilot: Any) -> None:
        await start_call(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)

    assert snap_compare(demo_app(tmp_path), terminal_size=(80, 24), run_before=with_context)
