"""The backups screen with verification split between two processes (forced on a small
vault): `v` still verifies with progress, and locking while the helper runs cancels the
work, kills the helper and records nothing."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import datetime
from typing import Any

import pytest
from textual.widgets import DataTable, ProgressBar

from epc_tui.app import EpcApp
from epc_tui.clock import FixedClock
from epc_tui.screens.backups import BackupsScreen
from epc_tui.screens.unlock import UnlockScreen
from epc_tui.services import automatic_backup
from epc_tui.services.automatic_backup import make_automatic_backup, wait_for_automatic_backup
from epc_tui.services.backup_policy import Retention
from epc_tui.settings import Settings
from epc_tui.vault import verify_helper
from epc_tui.vault.models import Person
from epc_tui.vault.vault import Vault
from tests.ui.test_backups_screen import message, open_backups, settle
from tests.ui.test_shell import closed_vault, unlock
from tests.unit.backup_helpers import add_person_with_note

MADE_AT = datetime(2026, 11, 20, 17, 5)
CHECKED_AT = datetime(2026, 11, 23, 9, 30)


def fill(vault: Vault) -> None:
    """A couple of hundred pages (people with long summaries: no draft to recover at
    unlock), so the backup has enough chunks to be split."""
    add_person_with_note(vault, "PP-001", "ALPHA")
    with vault.writing():
        for n in range(150):
            Person.create(
                code=f"PP-{n + 100}",
                full_name=f"Personne {n}",
                kind="partner",
                summary=f"Résumé {n} : fatigue, sommeil. " * 60,
            )


async def verify_the_automatic_backup(pilot: Any) -> Any:
    """Unlock, open the backups area and press V on the automatic backup listed."""
    screen = await open_backups(pilot)
    screen.query_one("#automatic-table", DataTable).focus()
    await pilot.press("v")
    return screen


async def test_v_verifies_with_two_processes_and_progress(
    new_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`v` on an automatic backup, the split forced: "intacte", the bar full, the new
    verification time recorded, and no helper process left."""
    fill(new_vault)
    make_automatic_backup(
        new_vault.paths, new_vault.data_key(), Retention(), MADE_AT, FixedClock(MADE_AT)
    )
    monkeypatch.setattr(verify_helper, "SPLIT_FROM_BYTES", 0)
    started: list[int] = []
    real_init = verify_helper.HelperProcess.__init__

    def counting(self: verify_helper.HelperProcess) -> None:
        real_init(self)
        started.append(1)

    monkeypatch.setattr(verify_helper.HelperProcess, "__init__", counting)
    vault = closed_vault(new_vault)
    app = EpcApp(vault=vault, settings=Settings(language="fr"), clock=FixedClock(CHECKED_AT))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await verify_the_automatic_backup(pilot)
        await settle(pilot)
        await settle(pilot)
        assert "intacte" in message(app)
        bar = screen.query_one("#progress", ProgressBar)
        assert bar.total is not None and bar.progress == bar.total
    assert started == [1]
    assert multiprocessing.active_children() == []
    (listed,) = automatic_backup.list_automatic_backups(vault.paths)
    assert listed.verified_at == CHECKED_AT
    wait_for_automatic_backup(vault.paths, 60)
    vault.release()


async def test_locking_while_the_helper_runs_cancels_and_kills_it(
    new_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+L while verify waits for its helper: the work is cancelled, the helper killed and
    reaped, the backup not marked verified, and the backups screen comes back after unlock."""
    fill(new_vault)
    make_automatic_backup(
        new_vault.paths, new_vault.data_key(), Retention(), MADE_AT, FixedClock(MADE_AT)
    )
    (first,) = [item.path for item in automatic_backup.list_automatic_backups(new_vault.paths)]
    monkeypatch.setattr(verify_helper, "SPLIT_FROM_BYTES", 0)
    waiting = threading.Event()
    locked = threading.Event()
    alive_when_locked: list[bool] = []
    real_wait = verify_helper.HelperProcess.wait

    def held_wait(self: verify_helper.HelperProcess, *args: Any) -> Any:
        waiting.set()
        locked.wait(30)
        alive_when_locked.append(bool(multiprocessing.active_children()))
        return real_wait(self, *args)

    monkeypatch.setattr(verify_helper.HelperProcess, "wait", held_wait)
    vault = closed_vault(new_vault)
    app = EpcApp(vault=vault, settings=Settings(language="fr"), clock=FixedClock(CHECKED_AT))
    async with app.run_test(size=(100, 40)) as pilot:
        await verify_the_automatic_backup(pilot)
        for _ in range(500):
            if waiting.is_set():
                break
            await pilot.pause(0.01)
        assert waiting.is_set()
        await pilot.press("ctrl+l")
        await pilot.pause()
        locked.set()
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen) and not vault.is_unlocked
        await unlock(pilot)
        assert isinstance(app.screen, BackupsScreen)
        assert not app.screen.query_one("#work-row").display
    # The first wait is the coach's verify; the lock's own automatic backup (verified the
    # same way, the split forced) may follow.
    assert alive_when_locked[0] is True
    assert multiprocessing.active_children() == []
    listed = automatic_backup.list_automatic_backups(vault.paths)
    assert [item.verified_at for item in listed if item.path == first] == [MADE_AT]
    wait_for_automatic_backup(vault.paths, 60)
    vault.release()
