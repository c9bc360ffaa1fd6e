"""A deleted note leaves no trace in the database's free pages (`secure_delete = ON`).

The test decrypts every page of the file itself (SQLCipher 4 layout: AES-256-CBC per page
with the raw key, a 16-byte IV and a 64-byte HMAC in each page's reserved tail, the first
16 bytes of the file being the salt), then looks for the marker in the plaintext pages —
in memory only. A negative control with `secure_delete = OFF` shows the test can fail.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.models import LogbookEntry
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE

PAGE_SIZE = 4096
RESERVE = 80  # IV (16) + HMAC-SHA512 (64)
SALT = 16


def decrypted_pages(path: Path, key: bytes) -> bytes:
    """The plaintext of every page of a SQLCipher 4 file (kept in memory)."""
    raw = path.read_bytes()
    plaintext = bytearray()
    for offset in range(0, len(raw), PAGE_SIZE):
        page = raw[offset : offset + PAGE_SIZE]
        start = SALT if offset == 0 else 0
        body = page[start : PAGE_SIZE - RESERVE]
        iv = page[PAGE_SIZE - RESERVE : PAGE_SIZE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        plaintext += decryptor.update(body) + decryptor.finalize()
    return bytes(plaintext)


def marker_left_after_delete(data_dir: Path, secure_delete: str) -> tuple[bool, bool]:
    """Write then delete a note; return (marker readable before delete, after delete)."""
    marker = "NOTEEFFACEE" + secure_delete
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    vault.create(PASSPHRASE)
    key = vault.data_key()
    with vault.connected():
        vault.database.execute_sql(f"PRAGMA secure_delete = {secure_delete}")
        entry = LogbookEntry.create(body=f"{marker} " * 200)
        vault.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        before = marker.encode() in decrypted_pages(vault.paths.database, key)
        entry.delete_instance()
        vault.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        after = marker.encode() in decrypted_pages(vault.paths.database, key)
    vault.release()
    return before, after


def test_deleted_note_is_gone_from_free_pages(tmp_path: Path) -> None:
    """With secure_delete the marker disappears; without it, it stays (negative control)."""
    before, after = marker_left_after_delete(tmp_path / "on", "ON")
    assert before, "the decryption works: the marker is found before deletion"
    assert not after
    before, after = marker_left_after_delete(tmp_path / "off", "OFF")
    assert before and after, "negative control: without secure_delete the marker remains"
