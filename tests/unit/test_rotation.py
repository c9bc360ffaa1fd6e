"""Rotating the data key: a new key and recovery code, old key files refused, crash states settled.

The crash states are built deterministically here (the pending file written, with or without
the rekey committed); tests/faults/test_kill_rotation.py kills a real process at random moments.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from epc_tui.vault import keyfile as keyfiles
from epc_tui.vault import rotation
from epc_tui.vault.backup import (
    CurrentVaultNeeded,
    create_backup,
    prepare_restore,
    swap_in,
    target_key_for,
    unlock_backup,
)
from epc_tui.vault.errors import KdfParametersRejected, KeyFileDamaged, UnlockFailed
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.models import VaultEvent
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.recovery import looks_like_recovery_code, new_recovery_code
from epc_tui.vault.storage_errors import StorageFull
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.unit.backup_helpers import add_person_with_note, content_of, files_containing


def _reopen(paths: VaultPaths, secret: str, recovery: bool = False) -> Vault:
    """A fresh Vault object (as after a restart) unlocked with `secret`; release it after."""
    vault = Vault(paths, kdf=FLOOR)
    try:
        if recovery:
            vault.unlock_with_recovery_code(secret)
        else:
            vault.unlock(secret)
    except BaseException:
        vault.release()
        raise
    return vault


def _refused(paths: VaultPaths, secret: str, recovery: bool = False) -> bool:
    vault = Vault(paths, kdf=FLOOR)
    try:
        if recovery:
            vault.unlock_with_recovery_code(secret)
        else:
            vault.unlock(secret)
    except UnlockFailed:
        return True
    finally:
        vault.release()
    return False


def _events(vault: Vault) -> list[str]:
    with vault.connected():
        return [event.kind for event in VaultEvent.select().order_by(VaultEvent.id)]


def test_rotation_re_encrypts_under_a_new_key_and_keeps_every_note(new_vault: Vault) -> None:
    """After rotation the data key and the key file are new, the content is unchanged, the
    passphrase still opens the vault and `check` finds nothing wrong."""
    add_person_with_note(new_vault, "RC-0001", "ROTMARK1")
    before = content_of(new_vault)
    old_key = new_vault.data_key()
    old_keyfile = new_vault.paths.keyfile.read_bytes()

    code = rotation.rotate_data_key(new_vault, PASSPHRASE)

    assert looks_like_recovery_code(code)
    assert code != new_vault.recovery  # type: ignore[attr-defined]
    assert new_vault.data_key() != old_key
    assert new_vault.paths.keyfile.read_bytes() != old_keyfile
    assert content_of(new_vault) == before  # the running vault goes on with the new key
    assert "data_key_rotated" in _events(new_vault)
    paths = new_vault.paths
    new_vault.release()
    reopened = _reopen(paths, PASSPHRASE)
    try:
        assert content_of(reopened) == before
        assert reopened.check().ok
        assert reopened.data_key() != old_key
    finally:
        reopened.release()


def test_a_copy_of_the_old_key_file_no_longer_opens_the_vault(new_vault: Vault) -> None:
    """Someone who kept the old key file (and knows the old passphrase) gets the same generic
    refusal as a wrong passphrase once the key has been rotated."""
    paths = new_vault.paths
    old_keyfile = paths.keyfile.read_bytes()
    rotation.rotate_data_key(new_vault, PASSPHRASE)
    rotation.acknowledge_recovery_code(paths)
    new_keyfile = paths.keyfile.read_bytes()
    new_vault.release()

    paths.keyfile.write_bytes(old_keyfile)
    with pytest.raises(UnlockFailed):
        _reopen(paths, PASSPHRASE)
    with pytest.raises(UnlockFailed):
        _reopen(paths, new_vault.recovery, recovery=True)  # type: ignore[attr-defined]
    paths.keyfile.write_bytes(new_keyfile)
    _reopen(paths, PASSPHRASE).release()


def test_the_new_recovery_code_works_and_the_old_one_is_refused(new_vault: Vault) -> None:
    """The recovery code printed by the rotation opens the vault; the previous one does not."""
    paths = new_vault.paths
    old_code = new_vault.recovery  # type: ignore[attr-defined]
    code = rotation.rotate_data_key(new_vault, PASSPHRASE)
    rotation.acknowledge_recovery_code(paths)
    new_vault.release()

    assert _refused(paths, old_code, recovery=True)
    vault = _reopen(paths, code, recovery=True)
    try:
        assert vault.check().ok
    finally:
        vault.release()


def test_a_wrong_passphrase_changes_nothing(new_vault: Vault) -> None:
    """A wrong passphrase is refused before anything is written: same key, same key file,
    no pending file."""
    paths = new_vault.paths
    keyfile_before = paths.keyfile.read_bytes()
    key_before = new_vault.data_key()
    with pytest.raises(UnlockFailed):
        rotation.rotate_data_key(new_vault, "pas la bonne phrase de passe")
    assert paths.keyfile.read_bytes() == keyfile_before
    assert new_vault.data_key() == key_before
    assert not rotation.pending_path(paths).exists()


def test_a_backup_made_before_the_rotation_still_restores(new_vault: Vault, tmp_path: Path) -> None:
    """A backup carries its own wrapped key: after the rotation it still opens with the old
    passphrase and the old recovery code, and restoring it re-keys it to the vault's new key."""
    paths = new_vault.paths
    add_person_with_note(new_vault, "RC-0002", "AVANTROT")
    before = content_of(new_vault)
    backup = tmp_path / "avant.epcbak"
    create_backup(paths, new_vault.data_key(), backup)
    old_code = new_vault.recovery  # type: ignore[attr-defined]
    rotation.rotate_data_key(new_vault, PASSPHRASE)
    add_person_with_note(new_vault, "RC-0003", "APRESROT")
    new_key = new_vault.data_key()
    new_vault.lock()

    assert unlock_backup(backup, old_code) == unlock_backup(backup, PASSPHRASE)
    backup_key = unlock_backup(backup, PASSPHRASE)
    with pytest.raises(CurrentVaultNeeded):
        target_key_for(paths, backup_key)
    prepared = prepare_restore(paths, backup, backup_key, new_key)
    assert prepared.rekeyed
    swap_in(paths, prepared)
    new_vault.release()

    vault = _reopen(paths, PASSPHRASE)
    try:
        assert content_of(vault) == before
        assert vault.data_key() == new_key
        assert vault.check().ok
    finally:
        vault.release()


def test_nothing_readable_reaches_the_disk(new_vault: Vault) -> None:
    """After a rotation no file of the data directory (database, log, key files) holds a
    marker typed in a note, in UTF-8 or UTF-16."""
    add_person_with_note(new_vault, "RC-0004", "CANARIROTATION")
    rotation.rotate_data_key(new_vault, PASSPHRASE)
    paths = new_vault.paths
    new_vault.release()
    assert files_containing([paths.data_dir], ["CANARIROTATION"]) == []


def test_progress_is_reported_phase_by_phase(new_vault: Vault) -> None:
    """The progress callback hears the rekey from 0 to 1, then the finishing checkpoint."""
    heard: list[tuple[str, float]] = []
    rotation.rotate_data_key(new_vault, PASSPHRASE, lambda phase, done: heard.append((phase, done)))
    assert heard[0] == ("rekey", 0.0)
    assert ("rekey", 1.0) in heard
    assert heard[-1] == ("finishing", 1.0)
    rekey = [done for phase, done in heard if phase == "rekey"]
    assert rekey == sorted(rekey)


def _prepare_pending(vault: Vault) -> tuple[bytes, str]:
    """Phase 1 only, as a kill right after it would leave it: the pending file on disk."""
    current = keyfiles.read_keyfile(vault.paths.keyfile)
    new_key = b"\x42" * keyfiles.DATA_KEY_LENGTH
    code = new_recovery_code()
    built = keyfiles.build_keyfile(new_key, PASSPHRASE, code, FLOOR, vault_id=current.vault_id)
    pending = rotation.seal_pending(built, new_key, code)
    rotation.pending_path(vault.paths).write_bytes(pending.to_bytes())
    return new_key, code


def test_killed_before_the_commit_rolls_back(new_vault: Vault) -> None:
    """Pending file written, database not re-keyed: the next unlock opens with the old key,
    removes the pending file, and the old recovery code still works."""
    paths = new_vault.paths
    add_person_with_note(new_vault, "RC-0005", "AVANT")
    before = content_of(new_vault)
    old_key = new_vault.data_key()
    _, new_code = _prepare_pending(new_vault)
    new_vault.release()

    vault = _reopen(paths, PASSPHRASE)
    try:
        assert vault.data_key() == old_key
        assert vault.unseen_recovery_code is None
        assert not rotation.pending_path(paths).exists()
        assert content_of(vault) == before
        assert "key_rotation_abandoned" in _events(vault)
    finally:
        vault.release()
    _reopen(paths, new_vault.recovery, recovery=True).release()  # type: ignore[attr-defined]
    assert _refused(paths, new_code, recovery=True)


def _commit_without_installing(vault: Vault) -> tuple[bytes, str]:
    """Phases 1 and 2, as a kill right after the rekey's commit would leave them."""
    old_key = vault.data_key()
    new_key, code = _prepare_pending(vault)
    rotation._rekey(vault.paths.database, old_key, new_key, lambda phase, done: None)
    return new_key, code


def test_killed_after_the_commit_rolls_forward_with_the_passphrase(new_vault: Vault) -> None:
    """Database re-keyed, key file not yet replaced: the passphrase opens the vault, the new
    key file is installed, the new recovery code is offered again and works, the old does not."""
    paths = new_vault.paths
    add_person_with_note(new_vault, "RC-0006", "PENDANT")
    before = content_of(new_vault)
    old_code = new_vault.recovery  # type: ignore[attr-defined]
    new_key, new_code = _commit_without_installing(new_vault)
    new_vault.release()

    vault = _reopen(paths, PASSPHRASE)
    try:
        assert vault.data_key() == new_key
        assert vault.unseen_recovery_code == new_code
        assert content_of(vault) == before
        assert vault.check().ok
        assert "key_rotation_finished" in _events(vault)
    finally:
        vault.release()
    assert keyfiles.read_keyfile(paths.keyfile).unwrap(keyfiles.PASSPHRASE_SLOT, PASSPHRASE) == (
        new_key
    )
    assert _refused(paths, old_code, recovery=True)
    vault = _reopen(paths, new_code, recovery=True)
    try:
        assert vault.unseen_recovery_code == new_code  # not acknowledged yet: offered again
    finally:
        vault.release()
    rotation.acknowledge_recovery_code(paths)
    assert not rotation.pending_path(paths).exists()
    vault = _reopen(paths, PASSPHRASE)
    try:
        assert vault.unseen_recovery_code is None
    finally:
        vault.release()


def test_killed_after_the_commit_the_new_recovery_code_opens_directly(new_vault: Vault) -> None:
    """Database re-keyed, key file not replaced: the new recovery code (only in the pending
    file) opens the vault and finishes the rotation; the old one is refused."""
    paths = new_vault.paths
    old_code = new_vault.recovery  # type: ignore[attr-defined]
    new_key, new_code = _commit_without_installing(new_vault)
    new_vault.release()
    assert _refused(paths, old_code, recovery=True)
    assert rotation.pending_path(paths).exists()  # a refusal settles nothing
    vault = _reopen(paths, new_code, recovery=True)
    try:
        assert vault.data_key() == new_key
    finally:
        vault.release()


def test_a_wrong_passphrase_settles_nothing(new_vault: Vault) -> None:
    """With a rotation cut short after its commit, a wrong passphrase is refused with the
    generic error and neither the key file nor the pending file is touched."""
    paths = new_vault.paths
    _commit_without_installing(new_vault)
    new_vault.release()
    keyfile_before = paths.keyfile.read_bytes()
    pending_before = rotation.pending_path(paths).read_bytes()
    assert _refused(paths, "une autre phrase de passe")
    assert paths.keyfile.read_bytes() == keyfile_before
    assert rotation.pending_path(paths).read_bytes() == pending_before


def test_an_unreadable_pending_file_is_ignored_when_the_current_key_opens(
    new_vault: Vault,
) -> None:
    """A pending file that is not one of ours does not stop the vault from opening with the
    current key file; it is removed."""
    paths = new_vault.paths
    rotation.pending_path(paths).write_bytes(b'{"format": "autre chose"}')
    new_vault.release()
    _reopen(paths, PASSPHRASE).release()
    assert not rotation.pending_path(paths).exists()


def test_a_tampered_sealed_code_is_not_offered(new_vault: Vault) -> None:
    """The sealed recovery code is authenticated: a flipped byte yields no code (the vault
    still opens; the coach can create a new code from the settings)."""
    paths = new_vault.paths
    new_key, code = _commit_without_installing(new_vault)
    pending = rotation.read_pending(paths)
    assert pending is not None
    assert pending.recovery_code(new_key) == code
    flipped = bytearray(pending.sealed_code)
    flipped[0] ^= 1
    damaged = rotation.PendingKey(pending.keyfile, pending.nonce, bytes(flipped))
    assert damaged.recovery_code(new_key) is None
    assert pending.recovery_code(b"\x00" * 32) is None


def test_a_vault_locked_during_the_rotation_stays_locked(new_vault: Vault) -> None:
    """If the screen locks while the rotation runs, adopting the new key must not reopen it."""
    key = new_vault.data_key()
    new_vault.lock()
    new_vault.adopt_rotated_key(key)
    assert not new_vault.is_unlocked


def test_two_rotations_in_a_row(new_vault: Vault, tmp_path: Path) -> None:
    """Rotating twice works, and the first rotation's key file is refused after the second."""
    paths = new_vault.paths
    rotation.rotate_data_key(new_vault, PASSPHRASE)
    rotation.acknowledge_recovery_code(paths)
    first = tmp_path / "clé après la première rotation"
    shutil.copy2(paths.keyfile, first)
    code = rotation.rotate_data_key(new_vault, PASSPHRASE)
    rotation.acknowledge_recovery_code(paths)
    new_vault.release()
    _reopen(paths, code, recovery=True).release()
    shutil.copy2(first, paths.keyfile)
    assert _refused(paths, PASSPHRASE)


def test_a_passphrase_change_keeps_the_unseen_code_and_a_newer_code_replaces_it(
    new_vault: Vault,
) -> None:
    """After a rotation cut short, the code still to be shown survives a passphrase change
    (its recovery slot is kept) but never outlives a newer recovery code: no stale code is
    ever offered."""
    paths = new_vault.paths
    _, new_code = _commit_without_installing(new_vault)
    new_vault.release()
    other = "girafe parapluie dimanche violon"
    vault = _reopen(paths, PASSPHRASE)
    try:
        vault.change_passphrase(other)
    finally:
        vault.release()
    vault = _reopen(paths, other)
    try:
        assert vault.unseen_recovery_code == new_code
        newer = vault.regenerate_recovery_code(other)
    finally:
        vault.release()
    vault = _reopen(paths, newer, recovery=True)
    try:
        assert vault.unseen_recovery_code is None
    finally:
        vault.release()
    assert not rotation.pending_path(paths).exists()  # the stale one was removed


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096))
def test_random_bytes_never_crash_the_pending_reader(raw: bytes) -> None:
    """The pending file is read from disk like the key file: anything but a well-formed one
    raises the documented error, never anything else."""
    with pytest.raises((KeyFileDamaged, KdfParametersRejected)):
        rotation.parse_pending(raw)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0), st.integers(min_value=0, max_value=255))
def test_a_changed_byte_in_a_pending_file_is_refused(position: int, value: int) -> None:
    """Each byte of a real pending file, changed: it no longer parses, or it no longer
    authenticates under the new key (key-file MAC or sealed code), or it reads the same."""
    key, example = _pending_example()
    raw = bytearray(example.to_bytes())
    raw[position % len(raw)] = value
    try:
        parsed = rotation.parse_pending(bytes(raw))
    except (KeyFileDamaged, KdfParametersRejected):
        return
    assert (
        parsed == example  # white space, or base64 padding bits that decode alike
        or not parsed.belongs_to(key)
        or parsed.recovery_code(key) is None
    )


_examples: list[tuple[bytes, rotation.PendingKey]] = []


def _pending_example() -> tuple[bytes, rotation.PendingKey]:
    """One real pending file (its key derivations run once)."""
    if not _examples:
        key = b"\x07" * keyfiles.DATA_KEY_LENGTH
        code = new_recovery_code()
        built = keyfiles.build_keyfile(key, PASSPHRASE, code, FLOOR, vault_id="0" * 32)
        _examples.append((key, rotation.seal_pending(built, key, code)))
    return _examples[0]


def test_an_unlock_during_a_rotation_waits_for_it(new_vault: Vault) -> None:
    """The screen locks by inactivity while a long rotation runs, and the coach unlocks at
    once: the unlock waits for the rotation instead of judging it half-done (which would
    throw the pending key away), then opens with the new key and offers the new code."""
    old_key = new_vault.data_key()
    started, release = threading.Event(), threading.Event()
    codes: list[str] = []

    def progress(phase: str, done: float) -> None:
        if phase == "rekey" and done == 0.0:
            started.set()
            release.wait(30)

    rotating = threading.Thread(
        target=lambda: codes.append(rotation.rotate_data_key(new_vault, PASSPHRASE, progress))
    )
    rotating.start()
    assert started.wait(30)
    new_vault.lock()  # the inactivity lock
    unlocking = threading.Thread(target=new_vault.unlock, args=(PASSPHRASE,))
    unlocking.start()
    unlocking.join(1.0)  # time to judge the half-done rotation, were it not to wait
    release.set()
    rotating.join(30)
    unlocking.join(30)
    assert new_vault.is_unlocked
    assert new_vault.data_key() != old_key
    assert new_vault.unseen_recovery_code == codes[0]
    assert rotation.pending_path(new_vault.paths).exists()


def test_not_enough_free_space_is_said_before_anything_is_written(
    new_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log grows to the database's size: with less free space than that, the rotation
    says the disk is full and writes nothing (no pending file, same key file, same key)."""
    paths = new_vault.paths
    keyfile_before = paths.keyfile.read_bytes()
    needed = rotation.space_needed(paths)
    real = shutil.disk_usage

    def nearly_full(path: object) -> object:
        usage = real(path)  # type: ignore[arg-type]
        return type(usage)(usage.total, usage.total - needed + 1, needed - 1)

    monkeypatch.setattr(rotation.shutil, "disk_usage", nearly_full)
    with pytest.raises(StorageFull):
        rotation.rotate_data_key(new_vault, PASSPHRASE)
    assert paths.keyfile.read_bytes() == keyfile_before
    assert not rotation.pending_path(paths).exists()


def test_a_disk_fault_during_the_rekey_rolls_back_at_once(
    new_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite failing in the middle of the rekey (a full disk) rolls its transaction back: the
    coach is told the disk is full, the pending file is removed, and the vault goes on with
    its old key and old recovery code."""
    from sqlcipher3 import dbapi2 as sqlcipher

    paths = new_vault.paths
    add_person_with_note(new_vault, "RC-0007", "DISQUEPLEIN")
    before = content_of(new_vault)
    old_key = new_vault.data_key()

    def full(*args: object) -> None:
        raise sqlcipher.OperationalError("database or disk is full")

    monkeypatch.setattr(rotation, "_rekey", full)
    with pytest.raises(StorageFull):
        rotation.rotate_data_key(new_vault, PASSPHRASE)
    assert not rotation.pending_path(paths).exists()
    assert new_vault.data_key() == old_key
    assert content_of(new_vault) == before
    new_vault.release()
    _reopen(paths, new_vault.recovery, recovery=True).release()  # type: ignore[attr-defined]
