"""The backups screen during a long restore: the structural check (most of a large restore,
with no progress of its own) is announced and the bar turns indeterminate; Escape cancels it
and nothing changes."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, ProgressBar

from epc_tui.app import EpcApp
from epc_tui.screens.backups import BackupsScreen
from epc_tui.services.automatic_backup import wait_for_automatic_backup
from epc_tui.settings import Settings
from epc_tui.vault import backup
from epc_tui.vault.backup import create_backup
from epc_tui.vault.backup_format import WorkCancelled
from epc_tui.vault.models import Person
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui.test_backups_screen import message, open_backups, settle
from tests.ui.test_shell import closed_vault
from tests.unit.backup_helpers import add_person_with_note


async def test_the_long_structural_check_is_announced_and_can_be_cancelled(
    new_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real restore runs up to the structural check, which is then held (as a large
    vault's would last a minute) until cancelled: the screen says what is happening, the bar
    is indeterminate, Escape stops it, and the vault keeps its content and no work file."""
    add_person_with_note(new_vault, "PP-001", "avant")
    file = tmp_path / "sauvegarde.epcbak"
    create_backup(new_vault.paths, new_vault.data_key(), file, passphrase=PASSPHRASE)
    add_person_with_note(new_vault, "PP-002", "après")
    reached = threading.Event()

    def long_check(*args: Any, cancelled: Any = None, **kwargs: Any) -> Any:
        reached.set()
        while not cancelled():
            threading.Event().wait(0.01)
        raise WorkCancelled()

    monkeypatch.setattr(backup, "_check_database", long_check)
    vault = closed_vault(new_vault)
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_backups(pilot)
        screen.query_one("#path", Input).value = str(file)
        await pilot.click("#restore-file")
        await pilot.pause()
        await pilot.press("tab", "enter")
        for _ in range(500):
            if reached.is_set() and "structure" in message(app):
                break
            await pilot.pause(0.01)
        assert "structure de la base restaurée" in message(app)
        assert screen.query_one("#progress", ProgressBar).total is None
        assert screen.query_one("#work-row").display
        screen.query_one("#automatic-table").focus()
        await pilot.press("escape")
        await settle(pilot)
        assert "annulée" in message(app).lower()
        assert isinstance(app.screen, BackupsScreen) and vault.is_unlocked
        with vault.connected():
            assert sorted(p.code for p in Person.select()) == ["PP-001", "PP-002"]
    assert not [p for p in vault.paths.data_dir.iterdir() if p.name.startswith(".epc-work-")]
    wait_for_automatic_backup(vault.paths, 60)
    vault.release()
