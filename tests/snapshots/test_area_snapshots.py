"""Snapshots of the unlock, search and settings screens at 80×24 and 200×60 on the demo vault,
so a layout broken by a narrow or a wide terminal shows as a diff.

Regenerate deliberately with `uv run pytest tests/snapshots --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.snapshots.test_caseload_snapshots import SIZES, demo_app, open_demo, settle


@SIZES
def test_unlock_screen(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """The first thing a coach sees each morning."""
    assert snap_compare(demo_app(tmp_path), terminal_size=size)


@pytest.mark.parametrize("key", ["f5", "f9"], ids=["search", "settings"])
@SIZES
def test_area(snap_compare: Any, tmp_path: Path, size: tuple[int, int], key: str) -> None:
    """The search (empty, waiting for words) and the settings form."""

    async def open_area(pilot: Any) -> None:
        await open_demo(pilot)
        await pilot.press(key)
        await settle(pilot)

    assert snap_compare(demo_app(tmp_path), terminal_size=size, run_before=open_area)
