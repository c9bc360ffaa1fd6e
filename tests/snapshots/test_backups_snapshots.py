"""Snapshots of the backups screen (F6) at 80×24 and 200×60.

A small known vault (the demo's size varies by a page from one creation to the next, which
would change the sizes shown), three automatic backups made beforehand with fixed names and a
fixed clock for their verification times, and one known USB key: the pictures depend neither
on the day nor on the machine. Regenerate deliberately with
`uv run pytest tests/snapshots --snapshot-update`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import TODAY
from tests.snapshots.test_caseload_snapshots import SIZES, settle
from tests.ui.test_shell import closed_vault, unlock
from tests.unit.backup_helpers import add_person_with_note

from epc_tui.app import EpcApp
from epc_tui.clock import FixedClock
from epc_tui.services.automatic_backup import list_automatic_backups, make_automatic_backup
from epc_tui.services.backup_policy import Retention
from epc_tui.settings import Settings
from epc_tui.vault.vault import Vault

BACKUP_TIMES = (
    datetime(2026, 11, 20, 17, 5),
    datetime(2026, 11, 22, 10, 42),
    datetime(2026, 11, 23, 8, 55),
)


def app_with_backups(vault: Vault) -> EpcApp:
    """The app on a vault of three people whose folder holds three verified backups."""
    for code in ("PP-001", "PP-002", "PP-003"):
        add_person_with_note(vault, code, code)
    for made_at in BACKUP_TIMES:
        verified = FixedClock(made_at + timedelta(seconds=3))
        make_automatic_backup(vault.paths, vault.data_key(), Retention(), made_at, verified)
    assert [b.verified_at for b in list_automatic_backups(vault.paths)] == [
        made_at + timedelta(seconds=3) for made_at in reversed(BACKUP_TIMES)
    ]
    return EpcApp(
        vault=closed_vault(vault), settings=Settings(language="fr"), clock=FixedClock(TODAY)
    )


@SIZES
def test_backups_screen(
    snap_compare: Any,
    new_vault: Vault,
    size: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The automatic backups newest first with their size and verification time, a USB key
    found and proposed as the place, the handover section."""
    monkeypatch.setattr(
        "epc_tui.screens.backups.removable_drives", lambda: [Path("/media/coach/KINGSTON")]
    )

    async def open_backups(pilot: Any) -> None:
        await unlock(pilot)
        await pilot.press("f6")
        await settle(pilot)

    assert snap_compare(app_with_backups(new_vault), terminal_size=size, run_before=open_backups)
