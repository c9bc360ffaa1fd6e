"""Snapshots of the calendar at 80×24 (the smallest supported) and 200×60, and of its dialogs.

The week of `tests.ui.test_calendar` (fixed codes) and the fixed Monday 23 November 2026 make
the pictures stable; a layout change shows as a diff. Regenerate deliberately with
`uv run pytest tests/snapshots/test_calendar_snapshots.py --snapshot-update` after looking.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from tests.conftest import TODAY
from tests.ui.test_calendar import a_week_of_meetings
from tests.ui.test_shell import closed_vault, unlock
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
    a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    settings = Settings(language="fr", region="CA")
    return EpcApp(vault=vault, settings=settings, clock=FixedClock(TODAY))


async def _open_calendar(pilot: Any) -> None:
    await unlock(pilot)
    await pilot.press("f4")
    await _settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
def test_calendar_month_and_day(snap_compare: Any, new_vault: Vault, size: tuple[int, int]) -> None:
    """November 2026 with today's agenda: counts, ⚠ on the 18th, ✓ on the 20th, [23] today."""
    assert snap_compare(_known_app(new_vault), terminal_size=size, run_before=_open_calendar)


def test_calendar_agenda_focused_on_a_held_day(snap_compare: Any, new_vault: Vault) -> None:
    """The 20th chosen with the arrows, focus in the agenda: the held meeting, note missing,
    and the footer greying out what does not apply to a held meeting."""

    async def held_day(pilot: Any) -> None:
        await _open_calendar(pilot)
        await pilot.press("left", "left", "left", "tab")
        await _settle(pilot)

    assert snap_compare(_known_app(new_vault), terminal_size=(100, 30), run_before=held_day)


def test_reschedule_dialog(snap_compare: Any, new_vault: Vault) -> None:
    """The reschedule dialog at 80×24 with « jeudi prochain » understood."""

    async def reschedule(pilot: Any) -> None:
        await _open_calendar(pilot)
        await pilot.press("tab", "down", "r")
        await _settle(pilot)
        await pilot.press(*"jeudi", "space", *"prochain")
        await _settle(pilot)

    assert snap_compare(_known_app(new_vault), terminal_size=(80, 24), run_before=reschedule)


def test_new_meeting_dialog(snap_compare: Any, new_vault: Vault) -> None:
    """The meeting-on-request dialog at 80×24, filtered on « ro »: everything fits."""

    async def new_meeting(pilot: Any) -> None:
        await _open_calendar(pilot)
        await pilot.press("n")
        await _settle(pilot)
        await pilot.press("r", "o")
        await _settle(pilot)

    assert snap_compare(_known_app(new_vault), terminal_size=(80, 24), run_before=new_meeting)
