"""The page check verify runs in the stream (`vault/cipher_pages.py`) against SQLCipher's own
`cipher_integrity_check`, the row counts it reads from the b-trees against SQLite's, and the
cases verify must refuse without writing the database out (a file cut by whole pages)."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from epc_tui.vault import backup
from epc_tui.vault.backup import create_backup, verify_backup
from epc_tui.vault.backup_format import BackupDamaged
from epc_tui.vault.cipher_pages import PAGE_SIZE, PageChecker, hmac_key
from epc_tui.vault.database import open_raw_connection, raw_key_literal
from epc_tui.vault.models import LogbookEntry, Person
from epc_tui.vault.vault import Vault
from tests.unit.backup_helpers import add_person_with_note

MOMENT = datetime(2026, 11, 23, 16, 30).astimezone()


@pytest.fixture
def deep(new_vault: Vault) -> Vault:
    """A vault whose notes fill a few hundred pages, so tables have interior b-tree pages."""
    add_person_with_note(new_vault, "PP-001", "ALPHA")
    with new_vault.writing():
        person = Person.get(Person.code == "PP-001")
        for n in range(400):
            LogbookEntry.create(person=person, body=f"Note {n} : fatigue, sommeil. " * 60)
    return new_vault


def database_copy(vault: Vault, target: Path) -> Path:
    """The vault's database file, its write-ahead log folded in, copied to `target`."""
    conn = open_raw_connection(vault.paths.database, vault.data_key())
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(vault.paths.database, target)
    finally:
        conn.close()
    return target


def sqlcipher_bad_pages(path: Path, key: bytes) -> list[int]:
    """The pages SQLCipher's own `cipher_integrity_check` reports on `path`."""
    conn = sqlcipher.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{raw_key_literal(key)}"')
        rows = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
    finally:
        conn.close()
    pages = [int(m.group(1)) for row in rows if (m := re.search(r"for page (\d+)", row))]
    assert len(pages) == len(rows), rows
    return pages


def our_bad_pages(path: Path, key: bytes) -> list[int]:
    """The pages our stream check reports on `path`, fed in pieces of an odd size."""
    data = path.read_bytes()
    checker = PageChecker(key)
    for start in range(0, len(data), 10_007):
        checker.feed(data[start : start + 10_007])
    checker._drain()
    return sorted(checker.bad_pages)


def test_hmac_key_is_pbkdf2_sha512_of_the_key_with_the_masked_salt() -> None:
    """SQLCipher 4: PBKDF2-HMAC-SHA512, 2 iterations, salt XOR 0x3a, 32 bytes (fixed vector
    computed with hashlib directly, so a change of any parameter fails)."""
    import hashlib

    key, salt = bytes(range(32)), bytes(range(100, 116))
    masked = bytes(b ^ 0x3A for b in salt)
    assert hmac_key(key, salt) == hashlib.pbkdf2_hmac("sha512", key, masked, 2, 32)
    assert hmac_key(key, salt) != hashlib.pbkdf2_hmac("sha512", key, salt, 2, 32)


def test_our_page_check_and_cipher_integrity_check_agree(deep: Vault, tmp_path: Path) -> None:
    """On the intact file both find nothing; with a byte flipped in page 1's content, page 2,
    a middle page, the last page, an IV and a stored HMAC, both name exactly the same page."""
    key = deep.data_key()
    intact = database_copy(deep, tmp_path / "intact.db")
    data = intact.read_bytes()
    pages = len(data) // PAGE_SIZE
    assert pages > 100
    assert our_bad_pages(intact, key) == [] == sqlcipher_bad_pages(intact, key)
    positions = [
        200,  # page 1, after the salt
        PAGE_SIZE + 40,  # page 2
        (pages // 2) * PAGE_SIZE + 1234,  # a middle page's ciphertext
        (pages // 2 + 1) * PAGE_SIZE + 4016 + 3,  # an IV
        (pages // 3) * PAGE_SIZE + 4032 + 10,  # a stored HMAC
        len(data) - 5,  # the last page's reserve
    ]
    damaged = tmp_path / "abîmé.db"
    for position in positions:
        variant = bytearray(data)
        variant[position] ^= 0x01
        damaged.write_bytes(variant)
        expected = [position // PAGE_SIZE + 1]
        assert sqlcipher_bad_pages(damaged, key) == expected, position
        assert our_bad_pages(damaged, key) == expected, position
    two = bytearray(data)
    two[5 * PAGE_SIZE + 9] ^= 0x80
    two[7 * PAGE_SIZE + 9] ^= 0x80
    damaged.write_bytes(two)
    assert our_bad_pages(damaged, key) == sqlcipher_bad_pages(damaged, key) == [6, 8]


def test_counts_read_from_the_pages_are_sqlites(deep: Vault, tmp_path: Path) -> None:
    """verify's counts (from the b-trees, nothing written) equal SQLite's count(*) for every
    table, on a vault whose largest tables span interior pages."""
    file = tmp_path / "b.epcbak"
    create_backup(deep.paths, deep.data_key(), file, now=MOMENT)
    verified = verify_backup(deep.paths, file, deep.data_key())
    conn = open_raw_connection(deep.paths.database, deep.data_key())
    try:
        expected = backup._row_counts(conn)
        version = backup._schema_version(conn)
    finally:
        conn.close()
    assert dict(verified.row_counts) == expected
    assert expected["logbook_entry"] == 401 and expected["person"] == 1
    assert verified.schema_version == version
    full = verify_backup(deep.paths, file, deep.data_key(), full=True)
    assert full.row_counts == verified.row_counts


def _backup_of_a_cut_database(vault: Vault, tmp_path: Path, monkeypatch: Any) -> Path:
    """A backup whose chunks all authenticate but whose database lacks its last page (its
    manifest made from the whole file, its size from the cut one)."""
    key = vault.data_key()
    whole = database_copy(vault, tmp_path / "whole.db")
    cut = tmp_path / "cut.db"
    cut.write_bytes(whole.read_bytes()[:-PAGE_SIZE])
    real_open = backup._open_snapshot

    def whole_file(path: Path, data_key: bytes, writable: bool = False) -> Any:
        return real_open(whole, data_key)

    monkeypatch.setattr(backup, "_open_snapshot", whole_file)
    file = tmp_path / "coupée.epcbak"
    keyfile_bytes = backup.backup_keyfile(vault.paths, key, None)
    backup.write_backup_file(file, cut, key, keyfile_bytes, vault.vault_id, MOMENT)
    monkeypatch.undo()
    return file


def test_a_database_cut_by_whole_pages_is_refused(
    deep: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The container is whole and authentic, the database is one page short: the header's
    page count disagrees, so verify refuses it (and so does the full check)."""
    file = _backup_of_a_cut_database(deep, tmp_path, monkeypatch)
    assert backup.authenticate_backup(file, deep.data_key()) > 0
    for full in (False, True):
        with pytest.raises(BackupDamaged) as raised:
            verify_backup(deep.paths, file, deep.data_key(), full=full)
        assert raised.value.message_key == "error.backup_database_damaged"


def test_a_corrupt_page_inside_authentic_chunks_is_refused_by_verify(
    deep: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Verify, writing nothing, refuses a backup whose chunks authenticate but one of whose
    database pages was altered before sealing; a work file is never left behind."""
    real_pieces = backup._file_pieces

    def corrupting(path: Path, size: int) -> Any:
        data = bytearray(b"".join(real_pieces(path, size)))
        data[40 * PAGE_SIZE + 99] ^= 0x10
        yield bytes(data)

    monkeypatch.setattr(backup, "_file_pieces", corrupting)
    file = tmp_path / "b.epcbak"
    create_backup(deep.paths, deep.data_key(), file, now=MOMENT)
    monkeypatch.undo()
    with pytest.raises(BackupDamaged) as raised:
        verify_backup(deep.paths, file, deep.data_key())
    assert raised.value.message_key == "error.backup_database_damaged"
    assert not [p for p in deep.paths.data_dir.iterdir() if p.name.startswith(".epc-work-")]
