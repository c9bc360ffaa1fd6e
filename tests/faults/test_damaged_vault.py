"""A damaged vault: `epc check` names the damaged part and advises restoring the latest backup;
neither the command line nor the application crashes on it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from benchmarks.fictional_vault import VaultSize, build_vault
from textual.widgets import Input, Static

from epc_tui.app import EpcApp
from epc_tui.screens.unlock import UnlockScreen
from epc_tui.settings import Settings
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
from tests.faults.runner import epc, message, one_clean_sentence

PAGE = 4096
SMALL = VaultSize("faults", people=15, check_ins=60, notes=120, min_words=40, max_words=80)


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    """A small fictional vault (passphrase `bench`) with people, check-ins and notes."""
    directory = tmp_path / "coffre abîmé"
    build_vault(directory, SMALL)
    return directory


def check(directory: Path):  # type: ignore[no-untyped-def]
    """`epc check` on `directory` with the right passphrase."""
    return epc("check", "--passphrase-stdin", data_dir=directory, stdin="bench\n")


def damage_page(database: Path, index: int) -> None:
    """Overwrite 16 bytes in the middle of page `index` (0-based), as a failing disk would."""
    with open(database, "r+b") as handle:
        handle.seek(index * PAGE + 1000)
        handle.write(os.urandom(16))


def test_a_damaged_page_is_named_and_a_restore_advised(vault_dir: Path) -> None:
    """Random bytes in a page deep inside the file: the vault still opens, `epc check` exits 1,
    says the encrypted pages are damaged and advises restoring the latest backup."""
    database = VaultPaths(vault_dir).database
    damage_page(database, database.stat().st_size // PAGE // 2)
    result = check(vault_dir)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert message("check.pages_damaged") in result.stderr
    assert message("cli.check_restore_hint") in result.stderr
    assert message("check.structure_damaged") not in result.stderr


def test_a_damaged_first_page_refuses_to_open_in_one_sentence(vault_dir: Path) -> None:
    """Damage where the schema lives: the vault cannot open, and the command says the
    database is damaged (restore the latest backup) in one sentence, without a traceback."""
    damage_page(VaultPaths(vault_dir).database, 1)
    line = one_clean_sentence(check(vault_dir))
    assert message("error.database_damaged") in line


def test_a_stale_page_is_reported_as_damaged_structure(vault_dir: Path) -> None:
    """One page rolled back to an older, validly encrypted version (a torn write): SQLCipher's
    page check passes, SQLite's structural check does not, and `epc check` says the
    structure is damaged."""
    database = VaultPaths(vault_dir).database
    old = database.read_bytes()
    vault = Vault(VaultPaths(vault_dir), kdf=FLOOR)
    vault.unlock("bench")
    with vault.writing():
        vault.database.execute_sql("UPDATE person SET summary = summary || ' (revu)'")
    with vault.connected():
        vault.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    vault.release()
    new = bytearray(database.read_bytes())
    changed = [
        index
        for index in range(2, min(len(old), len(new)) // PAGE)
        if old[index * PAGE : (index + 1) * PAGE] != new[index * PAGE : (index + 1) * PAGE]
    ]
    assert changed
    first = changed[0]
    new[first * PAGE : (first + 1) * PAGE] = old[first * PAGE : (first + 1) * PAGE]
    database.write_bytes(bytes(new))
    result = check(vault_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert message("check.structure_damaged") in result.stderr
    assert message("cli.check_restore_hint") in result.stderr


def test_an_altered_finalised_note_breaks_the_logbook_chain(vault_dir: Path) -> None:
    """A finalised note changed behind epc's back (valid pages, valid structure): `epc check`
    says the logbook was altered; the same vault passed before the change."""
    assert check(vault_dir).returncode == 0
    vault = Vault(VaultPaths(vault_dir), kdf=FLOOR)
    vault.unlock("bench")
    with vault.writing():
        vault.database.execute_sql(
            "UPDATE logbook_revision SET body = body || '.' WHERE id = (SELECT max(id) / 2 "
            "FROM logbook_revision)"
        )
    vault.release()
    result = check(vault_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert message("check.logbook_altered") in result.stderr
    assert message("check.pages_damaged") not in result.stderr


def test_a_damaged_key_file_is_named(vault_dir: Path) -> None:
    """A key file cut in half: the command says the key file is damaged, in one sentence."""
    keyfile = VaultPaths(vault_dir).keyfile
    keyfile.write_bytes(keyfile.read_bytes()[:200])
    line = one_clean_sentence(check(vault_dir))
    assert message("error.keyfile_damaged") in line


async def test_the_application_shows_the_damage_on_the_unlock_screen(vault_dir: Path) -> None:
    """Unlocking a vault whose first pages are damaged: the application stays on the unlock
    screen with the damaged-database message instead of crashing or spinning forever."""
    damage_page(VaultPaths(vault_dir).database, 1)
    vault = Vault(VaultPaths(vault_dir), kdf=FLOOR)
    vault.acquire()
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            assert isinstance(app.screen, UnlockScreen)
            app.screen.query_one("#passphrase", Input).value = "bench"
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, UnlockScreen)
            shown = str(app.screen.query_one("#unlock-message", Static).render())
            assert message("error.database_damaged") in shown
            assert not vault.is_unlocked
            assert not app.screen.query_one("#passphrase", Input).disabled
    finally:
        vault.release()
