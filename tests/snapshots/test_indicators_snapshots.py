"""Snapshots of the indicators screen at 80×24 (the smallest supported) and 200×60.

A known vault and a fixed clock make the pictures stable; a layout change shows as a diff.
Regenerate deliberately with `uv run pytest tests/snapshots --snapshot-update`.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from tests.conftest import TODAY
from tests.ui.test_shell import closed_vault, unlock
from tests.unit.test_indicators_known_vault import build_known_vault
from textual.worker import WorkerCancelled

from epc_tui.app import EpcApp
from epc_tui.clock import FixedClock
from epc_tui.settings import Settings
from epc_tui.vault.vault import Vault


async def _settle(pilot: Any) -> None:
    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _known_app(new_vault: Vault) -> EpcApp:
    build_known_vault(new_vault)
    vault = closed_vault(new_vault)
    return EpcApp(vault=vault, settings=Settings(language="fr"), clock=FixedClock(TODAY))


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
def test_indicators_figures(snap_compare: Any, new_vault: Vault, size: tuple[int, int]) -> None:
    """The figures tab of November 2026, at both sizes."""

    async def open_figures(pilot: Any) -> None:
        await unlock(pilot)
        await pilot.press("f7")
        await _settle(pilot)

    assert snap_compare(_known_app(new_vault), terminal_size=size, run_before=open_figures)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
def test_indicators_charts(snap_compare: Any, new_vault: Vault, size: tuple[int, int]) -> None:
    """The charts tab of November 2026 (six months of series), at both sizes."""

    async def open_charts(pilot: Any) -> None:
        await unlock(pilot)
        await pilot.press("f7")
        await _settle(pilot)
        await pilot.press("g")
        await _settle(pilot)

    assert snap_compare(_known_app(new_vault), terminal_size=size, run_before=open_charts)
