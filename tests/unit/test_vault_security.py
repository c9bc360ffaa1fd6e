"""Security properties of the vault that issue 2 promises (see shared/design/security.md)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epc_tui.vault import kdf as kdf_module
from epc_tui.vault import keyfile
from epc_tui.vault.errors import (
    KdfParametersRejected,
    KeyFileDamaged,
    SchemaTooNew,
    UnlockFailed,
    UnsafeSqlite,
    VaultBusy,
)
from epc_tui.vault.kdf import FLOOR, KdfParams
from epc_tui.vault.migrations import LATEST_VERSION, migrate_to
from epc_tui.vault.models import LogbookEntry, Person
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE

DOCUMENTED = (UnlockFailed, KeyFileDamaged, KdfParametersRejected)


def reopen(vault: Vault) -> Vault:
    """Release a vault and return a fresh, locked handle on the same directory."""
    vault.release()
    return Vault(vault.paths, kdf=FLOOR)


def test_wrong_passphrase_is_refused_and_sqlcipher_prints_nothing(
    new_vault: Vault, capfd: pytest.CaptureFixture[str]
) -> None:
    """A wrong passphrase raises UnlockFailed; no SQLCipher log line reaches the terminal."""
    vault = reopen(new_vault)
    with pytest.raises(UnlockFailed):
        vault.unlock("pas la bonne phrase de passe")
    assert not vault.is_unlocked
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""
    vault.unlock(PASSPHRASE)
    vault.release()


def test_recovery_code_typed_loosely_unlocks(new_vault: Vault) -> None:
    """Lower case, spaces instead of dashes: the recovery code still opens the vault."""
    code = new_vault.recovery  # type: ignore[attr-defined]
    vault = reopen(new_vault)
    vault.unlock_with_recovery_code(code.lower().replace("-", " "))
    assert vault.is_unlocked
    vault.release()


@pytest.mark.parametrize("step", [1, 7, 13])
def test_flipped_bytes_in_the_key_file_are_refused(new_vault: Vault, step: int) -> None:
    """Every single-byte change of the key file is refused with a documented error."""
    vault = reopen(new_vault)
    original = vault.paths.keyfile.read_bytes()
    for position in range(0, len(original), step * 11):
        damaged = bytearray(original)
        damaged[position] ^= 0x01
        vault.paths.keyfile.write_bytes(bytes(damaged))
        with pytest.raises(DOCUMENTED):
            parsed = keyfile.parse_keyfile(bytes(damaged))
            parsed.unwrap(keyfile.PASSPHRASE_SLOT, PASSPHRASE)
            parsed.unwrap(keyfile.RECOVERY_SLOT, new_vault.recovery)  # type: ignore[attr-defined]
    vault.paths.keyfile.write_bytes(original)
    vault.unlock(PASSPHRASE)
    vault.release()


def test_damage_to_the_unused_recovery_slot_is_noticed_at_unlock(new_vault: Vault) -> None:
    """The whole-file MAC catches a change to the recovery slot when unlocking by passphrase."""
    vault = reopen(new_vault)
    document = json.loads(vault.paths.keyfile.read_bytes())
    recovery = next(slot for slot in document["slots"] if slot["id"] == "recovery")
    recovery["nonce"] = "AAAAAAAAAAAAAAAA"
    vault.paths.keyfile.write_text(json.dumps(document))
    with pytest.raises(UnlockFailed):
        vault.unlock(PASSPHRASE)
    vault.release()


def test_truncated_and_extended_key_files_are_refused(new_vault: Vault) -> None:
    """Cut short or with bytes appended, the key file is refused."""
    original = new_vault.paths.keyfile.read_bytes()
    for cut in (0, 1, 20, len(original) // 2, len(original) - 3):
        with pytest.raises(DOCUMENTED):
            keyfile.parse_keyfile(original[:cut]).unwrap(keyfile.PASSPHRASE_SLOT, PASSPHRASE)
    with pytest.raises(DOCUMENTED):
        keyfile.parse_keyfile(original + b"x").unwrap(keyfile.PASSPHRASE_SLOT, PASSPHRASE)


@pytest.mark.parametrize(
    "params",
    [
        {"memory_kib": 32 * 1024, "iterations": 3, "lanes": 4},
        {"memory_kib": 64 * 1024, "iterations": 2, "lanes": 4},
        {"memory_kib": 64 * 1024 * 1024, "iterations": 3, "lanes": 4},
        {"memory_kib": 64 * 1024, "iterations": 50, "lanes": 4},
        {"memory_kib": 64 * 1024, "iterations": 3, "lanes": 64},
        {"memory_kib": "65536", "iterations": 3, "lanes": 4},
    ],
)
def test_kdf_parameters_outside_bounds_are_refused_before_argon2_runs(
    new_vault: Vault, params: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key file asking for a weak or exhausting KDF is refused without deriving anything."""
    document = json.loads(new_vault.paths.keyfile.read_bytes())
    for slot in document["slots"]:
        slot["kdf"] = params
    calls: list[object] = []
    monkeypatch.setattr(kdf_module, "Argon2id", lambda **kw: calls.append(kw))
    with pytest.raises(KdfParametersRejected):
        keyfile.parse_keyfile(json.dumps(document).encode()).unwrap("passphrase", PASSPHRASE)
    with pytest.raises(KdfParametersRejected):
        kdf_module.derive_key(b"x", b"s" * 16, KdfParams(**params))  # type: ignore[arg-type]
    assert calls == []


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_never_crash_the_key_file_reader(raw: bytes) -> None:
    """Whatever the bytes, the reader raises only its documented errors."""
    with pytest.raises((KeyFileDamaged, KdfParametersRejected)):
        keyfile.parse_keyfile(raw)


def test_permissions_are_private(new_vault: Vault) -> None:
    """The data directory is 0700 and every file in it 0600."""
    vault = reopen(new_vault)
    vault.unlock(PASSPHRASE)
    assert stat.S_IMODE(vault.paths.data_dir.stat().st_mode) == 0o700
    for path in vault.paths.data_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    vault.release()


def test_second_instance_is_refused(new_vault: Vault) -> None:
    """While one Vault holds the lock, another on the same directory gets VaultBusy."""
    other = Vault(new_vault.paths, kdf=FLOOR)
    with pytest.raises(VaultBusy):
        other.acquire()


def test_plain_sqlite_file_is_refused(data_dir: Path) -> None:
    """A database stored in clear is never opened as a vault."""
    import sqlite3

    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    vault.create(PASSPHRASE)
    vault.release()
    vault.paths.database.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(vault.paths.database) + suffix).unlink(missing_ok=True)
    sqlite3.connect(vault.paths.database).execute("create table t(x)").connection.close()
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    with pytest.raises(UnsafeSqlite):
        vault.unlock(PASSPHRASE)
    vault.release()


def test_temp_store_is_memory(new_vault: Vault) -> None:
    """Sorts and temporary tables stay in memory, never in plaintext spill files."""
    with new_vault.connected():
        assert new_vault.database.execute_sql("PRAGMA temp_store").fetchone()[0] == 2
        assert new_vault.database.execute_sql("PRAGMA secure_delete").fetchone()[0] == 1


def test_passphrase_change_keeps_the_recovery_code(new_vault: Vault) -> None:
    """After a change the old passphrase fails, the new one and the recovery code work."""
    new = "girafe parapluie dimanche violon"
    new_vault.change_passphrase(new)
    vault = reopen(new_vault)
    with pytest.raises(UnlockFailed):
        vault.unlock(PASSPHRASE)
    vault.unlock(new)
    vault.lock()
    vault.unlock_with_recovery_code(new_vault.recovery)  # type: ignore[attr-defined]
    vault.release()


def test_new_recovery_code_replaces_the_old_one(new_vault: Vault) -> None:
    """Regenerating the recovery code makes the previous one useless."""
    old = new_vault.recovery  # type: ignore[attr-defined]
    fresh = new_vault.regenerate_recovery_code(PASSPHRASE)
    vault = reopen(new_vault)
    with pytest.raises(UnlockFailed):
        vault.unlock_with_recovery_code(old)
    vault.unlock_with_recovery_code(fresh)
    vault.release()


def test_migration_from_version_1_indexes_existing_rows(data_dir: Path) -> None:
    """A version-1 vault with data migrates to the latest: the search index finds old rows."""
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    vault.acquire()
    vault._open_database(os.urandom(32))
    migrate_to(vault.database, 1)
    vault.database.execute_sql(
        "INSERT INTO person (uid, code, full_name, kind, status, status_reason, cadence, phone,"
        " email, preferred_mode, preferred_time, referred_by, referral_role, criteria, profiles,"
        " tags, summary, created_at, updated_at) VALUES ('u1', 'P-1', 'Zoé Ancienne', 'partner',"
        " 'active', '', '', '', '', 'phone', '', '', '', '[]', '[]', '[]', 'anxiété forte',"
        " '2026-01-01', '2026-01-01')"
    )
    assert migrate_to(vault.database) == list(range(2, LATEST_VERSION + 1))
    found = vault.database.execute_sql(
        "SELECT ref_id FROM search_index WHERE search_index MATCH 'anxiete'"
    ).fetchall()
    assert found == [(1,)]
    person = Person.get(Person.code == "P-1")
    assert person.needs_other_contact is False
    vault.database.execute_sql("INSERT INTO schema_version (version, migrated_at) VALUES (99, '')")
    with pytest.raises(SchemaTooNew):
        migrate_to(vault.database)
    vault.release()


def test_canary_no_marker_in_any_file(data_dir: Path, private_temp_dir: Path) -> None:
    """Names and notes written through the vault appear in no file, in UTF-8 or UTF-16:
    neither in the data directory nor in the temporary directory."""
    markers = ["CANARYNOMZ9Q1", "CANARYNOTE7X2K", "CANARYDELETED4T"]
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    vault.create(PASSPHRASE)
    with vault.writing():
        person = Person.create(code="C-1", full_name=f"Zoé {markers[0]}", kind="patient")
        LogbookEntry.create(person=person, body=f"Appel : {markers[1]} " * 50)
        gone = LogbookEntry.create(person=person, body=f"{markers[2]} " * 50)
        gone.delete_instance()
    vault.release()
    files = [p for p in (*data_dir.rglob("*"), *private_temp_dir.rglob("*")) if p.is_file()]
    assert any(p.name == "vault.db" for p in files)
    for path in files:
        content = path.read_bytes()
        for marker in markers:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert marker.encode(encoding) not in content, (path.name, encoding)
