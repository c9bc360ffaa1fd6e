"""Backups of a real vault: round trip, secrets, tampering, a corrupt page, writes meanwhile,
cancellation, a full disk, and the canary (no marker in clear in any file)."""

from __future__ import annotations

import errno
import hashlib
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epc_tui.vault import backup
from epc_tui.vault.backup import (
    BackupUnlockFailed,
    CurrentVaultNeeded,
    NotEnoughSpace,
    create_backup,
    discard_previous_vault,
    opens_with_key,
    prepare_restore,
    read_backup_info,
    swap_in,
    target_key_for,
    unlock_backup,
    verify_backup,
)
from epc_tui.vault.backup_format import BackupDamaged, WorkCancelled
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.models import LogbookEntry, Person
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.unit.backup_helpers import add_person_with_note, content_of, files_containing

MOMENT = datetime(2026, 11, 23, 16, 30).astimezone()


def digest(path: Path) -> str:
    """SHA-256 of a file, to prove it was not touched."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def work_files(paths: VaultPaths) -> list[str]:
    """Temporary files of backups left in the data directory."""
    return [p.name for p in paths.data_dir.iterdir() if p.name.startswith(".epc-work-")]


@pytest.fixture
def filled(new_vault: Vault) -> Vault:
    """The test vault with two people and their notes."""
    add_person_with_note(new_vault, "PP-001", "MARQUEUR-ALPHA")
    add_person_with_note(new_vault, "PP-002", "MARQUEUR-BETA", final=False)
    return new_vault


def make_backup(vault: Vault, destination: Path, passphrase: str | None = PASSPHRASE) -> Path:
    """Back up `vault` to `destination` with the given passphrase (None: automatic kind)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    create_backup(vault.paths, vault.data_key(), destination, passphrase=passphrase, now=MOMENT)
    return destination


def restore_into(paths: VaultPaths, file: Path, key: bytes, target: bytes | None) -> None:
    """Prepare and swap in a backup, as the command and the screen do."""
    swap_in(paths, prepare_restore(paths, file, key, target))


def test_round_trip_into_a_fresh_data_directory(filled: Vault, tmp_path: Path) -> None:
    """Backup, then restore on a 'new machine' with only the file: same content, vault checks."""
    file = make_backup(filled, tmp_path / "clé usb" / "sauvegarde.epcbak")
    info = read_backup_info(file)
    assert info.vault_id == filled.vault_id and info.schema_version >= 2
    assert info.created_at.isoformat().startswith(MOMENT.astimezone().isoformat()[:4])
    expected = content_of(filled)
    fresh = VaultPaths(tmp_path / "nouvel ordinateur")
    key = unlock_backup(file, PASSPHRASE)
    assert target_key_for(fresh, key) is None
    restore_into(fresh, file, key, None)
    restored = Vault(fresh, kdf=FLOOR)
    restored.unlock(PASSPHRASE)
    assert content_of(restored) == expected
    assert restored.check().ok
    restored.release()


def test_the_recovery_code_opens_a_backup(filled: Vault, tmp_path: Path) -> None:
    """Manual and automatic backups both open with the recovery code, typed loosely."""
    code = filled.recovery  # type: ignore[attr-defined]
    for passphrase in (PASSPHRASE, None):
        file = make_backup(filled, tmp_path / f"b-{passphrase is None}.epcbak", passphrase)
        assert unlock_backup(file, code.lower().replace("-", " ")) == filled.data_key()


def test_wrong_passphrase_is_refused(filled: Vault, tmp_path: Path) -> None:
    """A wrong passphrase gives `BackupUnlockFailed`, nothing else."""
    file = make_backup(filled, tmp_path / "b.epcbak")
    with pytest.raises(BackupUnlockFailed):
        unlock_backup(file, "pas la bonne phrase du tout")


def test_a_manual_backup_needs_the_right_passphrase(filled: Vault, tmp_path: Path) -> None:
    """Exporting with a wrong passphrase is refused and writes no file."""
    from epc_tui.vault.errors import UnlockFailed

    with pytest.raises(UnlockFailed):
        make_backup(filled, tmp_path / "b.epcbak", "pas la bonne phrase du tout")
    assert not (tmp_path / "b.epcbak").exists()


def test_verify_checks_everything_and_changes_nothing(filled: Vault, tmp_path: Path) -> None:
    """Verification authenticates, checks the database and row counts, leaves no file."""
    file = make_backup(filled, tmp_path / "b.epcbak")
    before = digest(filled.paths.database)
    seen: list[int] = []
    verified = verify_backup(filled.paths, file, filled.data_key(), progress=seen.append)
    counts = dict(verified.row_counts)
    assert counts["person"] == 2 and counts["logbook_entry"] == 2
    assert seen and seen[-1] == verified.info.payload_bytes
    assert digest(filled.paths.database) == before
    assert work_files(filled.paths) == []
    assert opens_with_key(file, filled.data_key())


def test_tampering_anywhere_is_refused_and_the_vault_untouched(
    filled: Vault, tmp_path: Path
) -> None:
    """Flipped bytes over the header and the payload, cuts and appended bytes: all refused."""
    file = make_backup(filled, tmp_path / "b.epcbak", passphrase=None)
    data = file.read_bytes()
    header_end = 12 + int.from_bytes(data[8:12], "big")
    positions = list(range(0, header_end, max(1, header_end // 60)))
    positions += list(range(header_end, len(data), max(1, (len(data) - header_end) // 40)))
    variants = [data[:p] + bytes([data[p] ^ 0x01]) + data[p + 1 :] for p in positions]
    variants += [data[:cut] for cut in (header_end, header_end + 65552, len(data) - 1)]
    variants += [data + b"\x00", data + data[header_end:]]
    before = digest(filled.paths.database)
    target = tmp_path / "altérée.epcbak"
    for variant in variants:
        target.write_bytes(variant)
        with pytest.raises((BackupDamaged, BackupUnlockFailed)):
            verify_backup(filled.paths, target, filled.data_key())
        with pytest.raises((BackupDamaged, BackupUnlockFailed)):
            prepare_restore(filled.paths, target, filled.data_key(), filled.data_key())
    assert digest(filled.paths.database) == before
    assert work_files(filled.paths) == []


def test_authentic_chunks_with_a_corrupt_page_are_refused_before_any_swap(
    filled: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chunks authenticate but a database page is corrupt: restore stops before swapping."""
    real_pieces = backup._file_pieces

    def corrupting(path: Path, size: int) -> Any:
        data = bytearray(b"".join(real_pieces(path, size)))
        data[3 * 4096 + 700] ^= 0xFF
        yield bytes(data)

    monkeypatch.setattr(backup, "_file_pieces", corrupting)
    file = make_backup(filled, tmp_path / "b.epcbak")
    monkeypatch.undo()
    before = digest(filled.paths.database)
    key = filled.data_key()
    with pytest.raises(BackupDamaged) as raised:
        prepare_restore(filled.paths, file, key, key)
    assert raised.value.message_key == "error.backup_database_damaged"
    assert digest(filled.paths.database) == before
    assert work_files(filled.paths) == []


def test_restore_over_the_same_vault_keeps_the_previous_until_discarded(
    filled: Vault, tmp_path: Path
) -> None:
    """A note added after the backup disappears on restore; the old database is kept aside."""
    file = make_backup(filled, tmp_path / "b.epcbak")
    expected = content_of(filled)
    add_person_with_note(filled, "PP-003", "APRES-SAUVEGARDE")
    key = filled.data_key()
    paths = filled.paths
    filled.lock()
    assert target_key_for(paths, key) == key
    restore_into(paths, file, key, key)
    filled.unlock(PASSPHRASE)
    assert content_of(filled) == expected
    assert (paths.data_dir / "vault-before-restore" / "vault.db").exists()
    assert discard_previous_vault(paths)
    assert not (paths.data_dir / "vault-before-restore").exists()


def test_restore_over_another_vault_takes_its_key(filled: Vault, tmp_path: Path) -> None:
    """Another vault in place needs its own key; the restored data then opens with its
    passphrase, and its recovery code keeps working."""
    file = make_backup(filled, tmp_path / "b.epcbak")
    expected = content_of(filled)
    other_paths = VaultPaths(tmp_path / "autre")
    other = Vault(other_paths, kdf=FLOOR)
    other_code = other.create("une autre phrase tout à fait solide")
    other.unlock("une autre phrase tout à fait solide")
    other_key = other.data_key()
    other.lock()
    backup_key = unlock_backup(file, PASSPHRASE)
    with pytest.raises(CurrentVaultNeeded):
        target_key_for(other_paths, backup_key)
    restore_into(other_paths, file, backup_key, other_key)
    other.unlock("une autre phrase tout à fait solide")
    assert content_of(other) == expected
    assert other.check().ok
    other.lock()
    other.unlock_with_recovery_code(other_code)
    other.release()


def test_backup_while_another_thread_writes(filled: Vault, tmp_path: Path) -> None:
    """Backups taken while notes are being written are each consistent and verify."""
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            n = 0
            while not stop.is_set():
                with filled.writing():
                    person = Person.get(Person.code == "PP-001")
                    LogbookEntry.create(person=person, body=f"note écrite pendant {n} " * 50)
                n += 1
        except BaseException as error:  # reported below
            errors.append(error)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        files = [make_backup(filled, tmp_path / f"b{i}.epcbak", None) for i in range(4)]
    finally:
        stop.set()
        thread.join()
    assert not errors
    counts = [
        dict(verify_backup(filled.paths, f, filled.data_key()).row_counts)["logbook_entry"]
        for f in files
    ]
    assert counts == sorted(counts) and counts[-1] > 2


def test_cancelling_leaves_nothing(filled: Vault, tmp_path: Path) -> None:
    """A cancelled backup leaves no file at the destination and no temporary file."""
    for n in range(30):
        add_person_with_note(filled, f"PX-{n}", "x" * 4000)
    destination = tmp_path / "usb"
    destination.mkdir()
    with pytest.raises(WorkCancelled):
        create_backup(
            filled.paths,
            filled.data_key(),
            destination / "b.epcbak",
            cancelled=lambda: True,
        )
    assert list(destination.iterdir()) == []
    assert work_files(filled.paths) == []


def test_a_full_disk_leaves_nothing_half_written(
    filled: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC while writing: `NotEnoughSpace`, no partial file, no temporary file."""
    real_seal = backup.seal

    def filling_up(out: Any, *args: Any, **kwargs: Any) -> int:
        out.write(b"x" * 1000)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "seal", filling_up)
    destination = tmp_path / "usb"
    destination.mkdir()
    with pytest.raises(NotEnoughSpace):
        make_backup(filled, destination / "b.epcbak")
    assert list(destination.iterdir()) == []
    assert work_files(filled.paths) == []
    monkeypatch.setattr(backup, "seal", real_seal)
    make_backup(filled, destination / "b.epcbak")
    assert [p.name for p in destination.iterdir()] == ["b.epcbak"]


def test_canary_no_marker_in_clear_anywhere(
    filled: Vault, tmp_path: Path, private_temp_dir: Path
) -> None:
    """After backup, verify and restore, no marker appears in any file of the data directory,
    the backups, or the temporary directory."""
    markers = ["MARQUEUR-ALPHA", "MARQUEUR-BETA", "Personne MARQUEUR"]
    usb = tmp_path / "usb"
    usb.mkdir()
    file = make_backup(filled, usb / "b.epcbak")
    auto = make_backup(filled, usb / "auto.epcbak", None)
    verify_backup(filled.paths, file, filled.data_key())
    fresh = VaultPaths(tmp_path / "restauré")
    restore_into(fresh, auto, unlock_backup(auto, PASSPHRASE), None)
    paths = filled.paths
    filled.release()
    assert files_containing([tmp_path], ["MARQUEUR-ALPHA"]) == []
    assert files_containing([paths.data_dir, usb, fresh.data_dir], markers) == []
    control = tmp_path / "témoin"
    control.mkdir()
    (control / "clair.txt").write_text("MARQUEUR-BETA", encoding="utf-16-le")
    assert files_containing([control], markers), "negative control: the scan can find"
    assert files_containing([private_temp_dir], markers) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_are_not_a_backup(data: bytes) -> None:
    """Random bytes, with or without the backup magic, raise `BackupDamaged` only."""
    with tempfile.TemporaryDirectory() as folder:
        for candidate in (data, backup.MAGIC + data):
            path = Path(folder) / "hasard.epcbak"
            path.write_bytes(candidate)
            with pytest.raises(BackupDamaged):
                read_backup_info(path)
            with pytest.raises(BackupDamaged):
                unlock_backup(path, PASSPHRASE)


def test_random_damage_to_a_real_backup_gives_only_documented_errors(
    filled: Vault, tmp_path: Path
) -> None:
    """Random overwrites, insertions and cuts of a real backup (header included) are refused
    with `BackupDamaged` or `BackupUnlockFailed`, and nothing else."""
    file = make_backup(filled, tmp_path / "b.epcbak", passphrase=None)
    original = file.read_bytes()
    target = tmp_path / "abîmée.epcbak"

    @settings(max_examples=60, deadline=None)
    @given(st.data())
    def damaged(data: st.DataObject) -> None:
        position = data.draw(st.integers(0, len(original) - 1))
        garbage = data.draw(st.binary(min_size=1, max_size=24))
        mode = data.draw(st.sampled_from(["overwrite", "insert", "cut"]))
        if mode == "overwrite":
            variant = original[:position] + garbage + original[position + len(garbage) :]
        elif mode == "insert":
            variant = original[:position] + garbage + original[position:]
        else:
            variant = original[:position]
        if variant == original:
            return
        target.write_bytes(variant)
        with pytest.raises((BackupDamaged, BackupUnlockFailed)):
            verify_backup(filled.paths, target, filled.data_key())

    damaged()
    assert work_files(filled.paths) == []


def test_two_restores_without_an_unlock_keep_the_original_vault(
    filled: Vault, tmp_path: Path
) -> None:
    """The folder kept aside still holds the vault as it was before the first restore."""
    from epc_tui.vault.database import open_raw_connection

    file = make_backup(filled, tmp_path / "b.epcbak")
    add_person_with_note(filled, "PP-003", "ORIGINAL")
    key = filled.data_key()
    paths = filled.paths
    filled.lock()
    restore_into(paths, file, key, key)
    restore_into(paths, file, key, key)
    kept = open_raw_connection(paths.data_dir / "vault-before-restore" / "vault.db", key)
    try:
        codes = sorted(row[0] for row in kept.execute("SELECT code FROM person"))
    finally:
        kept.close()
    assert codes == ["PP-001", "PP-002", "PP-003"]
    assert work_files(paths) == []
