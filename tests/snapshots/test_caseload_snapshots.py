"""Snapshots of the today view, the caseload and a person's file on the demo vault, at 80×24
(the smallest supported) and 200×60. The demo is deterministic for a given day.

Regenerate deliberately with `uv run pytest tests/snapshots --snapshot-update`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import TODAY
from textual.widgets import Input
from textual.worker import WorkerCancelled

from epc_tui.app import EpcApp
from epc_tui.clock import FixedClock
from epc_tui.services.demo import DEMO_PASSPHRASE, create_demo_vault
from epc_tui.settings import Settings
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault

SIZES = pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])


def demo_app(tmp_path: Path) -> EpcApp:
    """The app on a fresh demo vault of Monday 23 November 2026."""
    paths = VaultPaths(tmp_path / "demo")
    create_demo_vault(paths, today=TODAY.date())
    vault = Vault(paths, kdf=FLOOR)
    vault.acquire()
    return EpcApp(vault=vault, settings=Settings(language="fr"), clock=FixedClock(TODAY))


async def settle(pilot: Any) -> None:
    """Workers done, screen redrawn."""
    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_demo(pilot: Any) -> None:
    """Type the demo passphrase."""
    pilot.app.screen.query_one("#passphrase", Input).value = DEMO_PASSPHRASE
    await pilot.press("enter")
    await settle(pilot)


@SIZES
def test_today_view(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """The coach's morning: two overdue, three calls today, a note missing, actions due."""
    assert snap_compare(demo_app(tmp_path), terminal_size=size, run_before=open_demo)


@SIZES
def test_caseload(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """The active caseload with flags."""

    async def caseload(pilot: Any) -> None:
        await open_demo(pilot)
        await pilot.press("f3")
        await settle(pilot)

    assert snap_compare(demo_app(tmp_path), terminal_size=size, run_before=caseload)


@SIZES
def test_person_file(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """An accompanied patient's file: criteria, upcoming calls, history."""

    async def person(pilot: Any) -> None:
        await open_demo(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(demo_app(tmp_path), terminal_size=size, run_before=person)
