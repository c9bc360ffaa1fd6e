"""A backup reads the live database file held still by a read transaction: the bytes do not
change while other connections write and checkpoint, and when the WAL cannot be emptied the
backup falls back to the backup API — both kinds restore to the same content."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from epc_tui.vault import backup_source
from epc_tui.vault.backup import create_backup, verify_backup
from epc_tui.vault.backup_source import frozen_database
from epc_tui.vault.models import LogbookEntry, Person
from epc_tui.vault.vault import Vault
from tests.unit.backup_helpers import add_person_with_note


def first_bytes_digest(path: Path, size: int) -> str:
    """SHA-256 of the first `size` bytes of `path`."""
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read(size)).hexdigest()


def write_notes(vault: Vault, count: int) -> None:
    """Write `count` notes through the vault (each its own transaction)."""
    for n in range(count):
        with vault.writing():
            person = Person.select().first()
            LogbookEntry.create(person=person, body=f"écrite pendant la sauvegarde {n} " * 40)


def test_the_file_stays_still_while_others_write_and_checkpoint(new_vault: Vault) -> None:
    """While frozen, notes written and a checkpoint asked for by the app's connection leave
    the file's bytes unchanged; after, the writes reach the file as usual."""
    add_person_with_note(new_vault, "Élise Gagnon", "Première note.")
    with frozen_database(new_vault.paths, new_vault.data_key()) as frozen:
        assert frozen is not None
        before = first_bytes_digest(frozen.path, frozen.size)
        write_notes(new_vault, 30)
        with new_vault.connected():
            new_vault.database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        assert first_bytes_digest(frozen.path, frozen.size) == before
    with new_vault.connected():
        new_vault.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    assert first_bytes_digest(new_vault.paths.database, frozen.size) != before


@pytest.mark.parametrize("attempts", [backup_source.ATTEMPTS, 0], ids=["live-file", "fallback"])
def test_both_ways_make_backups_that_verify_with_every_note(
    new_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attempts: int
) -> None:
    """From the frozen live file or (WAL never emptied) from the backup API, the backup
    verifies and counts every note written before it."""
    monkeypatch.setattr(backup_source, "ATTEMPTS", attempts)
    add_person_with_note(new_vault, "Élise Gagnon", "Première note.")
    write_notes(new_vault, 5)
    file = tmp_path / "b.epcbak"
    create_backup(new_vault.paths, new_vault.data_key(), file)
    counts = dict(verify_backup(new_vault.paths, file, new_vault.data_key()).row_counts)
    assert counts["logbook_entry"] == 6
