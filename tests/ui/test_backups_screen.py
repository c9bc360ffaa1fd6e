"""The backups screen (F6) driven like a coach: back up to a USB key, verify, restore with
confirmation (the application locks and the restored vault opens afresh), cancel."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static

from epc_tui.app import EpcApp
from epc_tui.screens.backups import BackupsScreen
from epc_tui.screens.unlock import UnlockScreen
from epc_tui.services import automatic_backup
from epc_tui.services.automatic_backup import make_automatic_backup, wait_for_automatic_backup
from epc_tui.services.backup_policy import Retention
from epc_tui.settings import Settings
from epc_tui.vault.backup import create_backup, unlock_backup
from epc_tui.vault.backup_format import WorkCancelled
from epc_tui.vault.models import Person
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui.test_shell import closed_vault, unlock
from tests.unit.backup_helpers import add_person_with_note


def message(app: EpcApp) -> str:
    """The line under the buttons."""
    return str(app.screen.query_one("#backup-message", Static).render())


async def open_backups(pilot: Any) -> BackupsScreen:
    """Unlock, press F6, wait for the list."""
    await unlock(pilot)
    await pilot.press("f6")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BackupsScreen)
    return screen


async def settle(pilot: Any) -> None:
    """Let workers and the messages they post finish."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_back_up_to_a_usb_folder_and_verify_it(new_vault: Vault, tmp_path: Path) -> None:
    """Folder typed, passphrase typed again, Ctrl+B: a verified file that opens with the
    passphrase; then the same file verified from the screen."""
    add_person_with_note(new_vault, "PP-001", "écran")
    vault = closed_vault(new_vault)
    usb = tmp_path / "KINGSTON"
    usb.mkdir()
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_backups(pilot)
        app.screen.query_one("#path", Input).value = str(usb)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert "phrase de passe" in message(app)
        assert list(usb.iterdir()) == []
        app.screen.query_one("#backup-passphrase", Input).value = PASSPHRASE
        await pilot.press("ctrl+b")
        await settle(pilot)
        (file,) = usb.iterdir()
        assert "vérifiée" in message(app)
        assert app.screen.query_one("#backup-passphrase", Input).value == ""
        app.screen.query_one("#path", Input).value = str(file)
        await pilot.click("#verify-file")
        await settle(pilot)
        assert "intacte" in message(app) and "1 personnes" in message(app)
    wait_for_automatic_backup(vault.paths, 60)
    assert unlock_backup(file, PASSPHRASE)
    vault.release()


async def test_automatic_backups_are_listed_and_verified(new_vault: Vault) -> None:
    """An automatic backup appears with its date and size; `v` verifies it."""
    make_automatic_backup(
        new_vault.paths, new_vault.data_key(), Retention(), datetime(2026, 11, 20, 17, 5)
    )
    vault = closed_vault(new_vault)
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_backups(pilot)
        table = screen.query_one("#automatic-table", DataTable)
        assert table.row_count == 1
        row = [str(cell) for cell in table.get_row_at(0)]
        assert "2026" in row[0] and "Kio" in row[1] and row[2].startswith("oui")
        table.focus()
        await pilot.press("v")
        await settle(pilot)
        assert "intacte" in message(app)
    wait_for_automatic_backup(vault.paths, 60)
    vault.release()


async def test_verification_time_comes_from_the_applications_clock(new_vault: Vault) -> None:
    """`v` records when the backup was verified by the app's clock (fixed here), and the list
    shows that time: what makes the screen's snapshot independent of the day."""
    from epc_tui.clock import FixedClock

    made_at = datetime(2026, 11, 20, 17, 5)
    make_automatic_backup(
        new_vault.paths, new_vault.data_key(), Retention(), made_at, FixedClock(made_at)
    )
    vault = closed_vault(new_vault)
    checked = datetime(2026, 11, 23, 9, 30)
    app = EpcApp(vault=vault, settings=Settings(language="fr"), clock=FixedClock(checked))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_backups(pilot)
        table = screen.query_one("#automatic-table", DataTable)
        assert "2026-11-20 17 h 05" in str(table.get_row_at(0)[2])
        table.focus()
        await pilot.press("v")
        await settle(pilot)
        await settle(pilot)
        assert "2026-11-23 09 h 30" in str(table.get_row_at(0)[2])
    (listed,) = automatic_backup.list_automatic_backups(vault.paths)
    assert listed.verified_at == checked
    wait_for_automatic_backup(vault.paths, 60)
    vault.release()


async def test_restore_asks_locks_and_brings_the_old_content_back(
    new_vault: Vault, tmp_path: Path
) -> None:
    """A person added after the backup is gone once restored; the app locks and the vault
    opens again with the passphrase; saying No changes nothing."""
    add_person_with_note(new_vault, "PP-001", "avant")
    file = tmp_path / "sauvegarde.epcbak"
    create_backup(new_vault.paths, new_vault.data_key(), file, passphrase=PASSPHRASE)
    time.sleep(1.1)
    add_person_with_note(new_vault, "PP-002", "après")
    vault = closed_vault(new_vault)
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_backups(pilot)
        app.screen.query_one("#path", Input).value = str(file)
        await pilot.click("#restore-file")
        await pilot.pause()
        assert "Restaurer la sauvegarde" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("enter")  # the safe answer has the focus
        await settle(pilot)
        assert isinstance(app.screen, BackupsScreen) and vault.is_unlocked
        await pilot.click("#restore-file")
        await pilot.pause()
        await pilot.press("tab", "enter")  # keyboard: the buttons sit side by side
        await settle(pilot)
        wait_for_automatic_backup(vault.paths, 60)
        assert isinstance(app.screen, UnlockScreen)
        assert not vault.is_unlocked
        await unlock(pilot)
        assert vault.is_unlocked
        with vault.connected():
            assert sorted(p.code for p in Person.select()) == ["PP-001"]
        assert vault.check().ok
    safety = automatic_backup.list_automatic_backups(vault.paths)
    assert safety, "the state before the restore was backed up first"
    vault.release()


async def test_cancel_stops_the_work_and_says_so(
    new_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Escape during a backup cancels it: the worker sees `is_cancelled`, nothing is left."""
    seen: list[bool] = []

    def slow_backup(*args: Any, cancelled: Any = None, **kwargs: Any) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if cancelled():
                seen.append(True)
                raise WorkCancelled()
            time.sleep(0.01)

    monkeypatch.setattr("epc_tui.screens.backups.create_backup", slow_backup)
    vault = closed_vault(new_vault)
    usb = tmp_path / "usb"
    usb.mkdir()
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_backups(pilot)
        app.screen.query_one("#path", Input).value = str(usb)
        app.screen.query_one("#backup-passphrase", Input).value = PASSPHRASE
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.screen.query_one("#work-row").display
        app.screen.query_one("#automatic-table").focus()
        await pilot.press("escape")
        await settle(pilot)
        assert seen == [True]
        assert "annulée" in message(app).lower()
        assert not app.screen.query_one("#work-row").display
    assert list(usb.iterdir()) == []
    wait_for_automatic_backup(vault.paths, 60)
    vault.release()


async def test_locking_during_a_backup_cancels_it_cleanly(
    new_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+L while a backup runs: the work is cancelled, nothing is written, no crash, and
    the backups screen comes back after unlocking."""
    seen: list[bool] = []

    def slow_backup(*args: Any, cancelled: Any = None, **kwargs: Any) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if cancelled():
                seen.append(True)
                raise WorkCancelled()
            time.sleep(0.01)

    monkeypatch.setattr("epc_tui.screens.backups.create_backup", slow_backup)
    vault = closed_vault(new_vault)
    usb = tmp_path / "usb"
    usb.mkdir()
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_backups(pilot)
        app.screen.query_one("#path", Input).value = str(usb)
        app.screen.query_one("#backup-passphrase", Input).value = PASSPHRASE
        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen) and not vault.is_unlocked
        assert seen == [True]
        await unlock(pilot)
        assert isinstance(app.screen, BackupsScreen)
        assert not app.screen.query_one("#work-row").display
    assert list(usb.iterdir()) == []
    wait_for_automatic_backup(vault.paths, 60)
    vault.release()


async def test_handover_dialogs_export_then_preview_and_import(
    new_vault: Vault, tmp_path: Path
) -> None:
    """One coach writes a handover file from the dialog; another previews it (nothing added
    yet), then imports it: the person arrives once."""
    from textual.widgets import Button

    from epc_tui.vault.kdf import FLOOR
    from epc_tui.vault.paths import VaultPaths

    add_person_with_note(new_vault, "PP-001", "relève")
    vault = closed_vault(new_vault)
    usb = tmp_path / "usb"
    usb.mkdir()
    secret = "relève de décembre pour Josée"
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    async with app.run_test(size=(110, 45)) as pilot:
        await open_backups(pilot)
        await pilot.click("#handover-export-open")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#handover-codes", Input).value = "PP-001"
        dialog.query_one("#handover-folder", Input).value = str(usb)
        dialog.query_one("#handover-secret", Input).value = secret
        dialog.query_one("#handover-repeat", Input).value = secret
        await pilot.click("#handover-export")
        await settle(pilot)
        assert "écrit" in str(dialog.query_one("#handover-message", Static).render())
    wait_for_automatic_backup(vault.paths, 60)
    vault.release()
    (file,) = usb.iterdir()

    other = Vault(VaultPaths(tmp_path / "coffre de Josée"), kdf=FLOOR)
    other.create(PASSPHRASE)
    other.lock()
    app = EpcApp(vault=other, settings=Settings(language="fr"))
    async with app.run_test(size=(110, 45)) as pilot:
        await open_backups(pilot)
        await pilot.click("#handover-import-open")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#handover-file", Input).value = str(file)
        dialog.query_one("#handover-secret", Input).value = secret
        assert dialog.query_one("#handover-import", Button).disabled
        await pilot.click("#handover-preview")
        await settle(pilot)
        preview = str(dialog.query_one("#handover-message", Static).render())
        assert "Seraient ajoutées : 1 personne" in preview
        with other.connected():
            assert Person.select().count() == 0
        await pilot.click("#handover-import")
        await settle(pilot)
        assert "Relève importée" in str(dialog.query_one("#handover-message", Static).render())
        with other.connected():
            assert [p.code for p in Person.select()] == ["PP-001"]
    wait_for_automatic_backup(other.paths, 60)
    other.release()


async def test_at_80_by_24_a_refused_backup_says_why_where_the_coach_looks(
    new_vault: Vault,
) -> None:
    """Ctrl+B with no place typed, at 80×24: the sentence comes into view (it sits below the
    fold) and the cursor goes to the place field, so typing a folder goes where it should
    (found using the demo in tmux: the key seemed to do nothing)."""
    vault = closed_vault(new_vault)
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_backups(pilot)
        app.screen.query_one("#path", Input).value = ""
        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.pause()
        line = app.screen.query_one("#backup-message", Static)
        assert message(app) != ""
        assert 0 <= line.region.y < 24 and line.region.height > 0
        assert app.focused is app.screen.query_one("#path", Input)
    wait_for_automatic_backup(vault.paths, 60)
    vault.release()
