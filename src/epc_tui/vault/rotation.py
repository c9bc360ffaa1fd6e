"""Rotating the data key: re-encrypt the database under a new random key, with a new recovery code.

A passphrase change only rewraps the data key, so a copy of the old key file (and the old
passphrase) still opens the vault. Rotating replaces the key itself: afterwards old key files,
the old recovery code and old copies of the database are useless against the live vault.

The database and the key file cannot be replaced together atomically, so the rotation is a
two-phase commit around one durable event, the commit of SQLCipher's `PRAGMA rekey`:

1. **Prepare.** The passphrase is checked against the current key file, a new 256-bit key and
   a new recovery code are drawn, and a *pending* file `vault.key.pending` is written (beside,
   fsync, rename, fsync of the directory). It holds a complete new key file (the new key wrapped
   for the passphrase and for the new recovery code, whole-file HMAC keyed from the new key) and
   the new recovery code sealed with AES-256-GCM under a sub-key of the new key, so that
   whoever can open the vault after a crash can be shown the code again.
2. **Commit.** `PRAGMA rekey` rewrites every page under the new key inside one write
   transaction. In WAL mode every page goes to the write-ahead log and the transaction is
   durable at its commit frame (`synchronous = FULL`): a kill before it leaves the database
   entirely under the old key (uncommitted frames are ignored), a kill after it leaves it
   entirely under the new one. The log is then checkpointed into the database file.
3. **Install.** The new key file replaces the current one (atomically). The pending file stays
   until the new recovery code has been shown and acknowledged, then is deleted.

Unlocking settles whatever a kill left (see `unlock_key`): with the pending file present, the
key that actually opens the database decides. Before the commit the current key file opens it:
the pending file is removed (rolled back; the old recovery code still works). After the commit
only the pending key opens it: the pending key file is installed (rolled forward; the new
recovery code works, the old one no longer does) and its sealed code is offered to the coach.
The pending file is removed only once the database has *positively* opened with the other key,
never on a doubtful probe (a disk error), so the new key can never be lost.

Backups keep their own wrapped key: one made before the rotation still restores, the restore
re-keying it to the current key (`backup.prepare_restore`). Nothing is ever written in clear:
no `ATTACH … KEY ''`, no export, the pages go straight from one key to the other.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hmac
import json
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from epc_tui.vault import keyfile as keyfiles
from epc_tui.vault import storage_errors
from epc_tui.vault.atomic import fsync_directory, write_atomically
from epc_tui.vault.errors import KdfParametersRejected, KeyFileDamaged, UnlockFailed
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.recovery import looks_like_recovery_code, new_recovery_code

if TYPE_CHECKING:
    from epc_tui.vault.vault import Vault

PENDING_NAME = "vault.key.pending"
FORMAT = "epc-key-rotation"
VERSION = 1
CODE_PURPOSE = b"epc key rotation recovery code v1"
WAL_HEADER = 32
WAL_FRAME_HEADER = 24
SPACE_MARGIN = 16 * 1024 * 1024
POLL_SECONDS = 0.2

_IN_PROGRESS = threading.Lock()
"""Held from the pending file's writing to the new key file's installation, and while an unlock
settles: an unlock in this process (the screen locked by inactivity during a long rotation,
then unlocked) waits for the rotation instead of judging a half-done one. Other processes are
kept out by the vault's single-instance lock."""

RotationProgress = Callable[[str, float], None]
"""Called with a phase (`"rekey"`, then `"finishing"`) and the fraction done in it (0–1)."""


@dataclass(frozen=True)
class PendingKey:
    """The content of the pending file: the new key file and the sealed new recovery code."""

    keyfile: keyfiles.KeyFile
    nonce: bytes
    sealed_code: bytes

    def to_bytes(self) -> bytes:
        """Serialised form, written to disk (nothing in it is readable without a secret)."""
        document = {
            "format": FORMAT,
            "version": VERSION,
            "keyfile": base64.b64encode(self.keyfile.to_bytes()).decode("ascii"),
            "nonce": base64.b64encode(self.nonce).decode("ascii"),
            "sealed_code": base64.b64encode(self.sealed_code).decode("ascii"),
        }
        return json.dumps(document, indent=1, sort_keys=True).encode("ascii") + b"\n"

    def installed_in(self, keyfile: keyfiles.KeyFile) -> bool:
        """True when `keyfile` is this pending one, installed, its recovery slot untouched
        since (a passphrase change keeps that slot; a newer recovery code replaces it)."""
        return keyfile.vault_id == self.keyfile.vault_id and keyfile.slot(
            keyfiles.RECOVERY_SLOT
        ) == self.keyfile.slot(keyfiles.RECOVERY_SLOT)

    def belongs_to(self, data_key: bytes) -> bool:
        """True when this pending key file is authenticated by `data_key` (no KDF needed)."""
        return hmac.compare_digest(self.keyfile.expected_mac(data_key), self.keyfile.mac)

    def recovery_code(self, data_key: bytes) -> str | None:
        """The new recovery code, unsealed with the new data key (None if it does not open)."""
        try:
            plain = AESGCM(_code_key(data_key)).decrypt(
                self.nonce, self.sealed_code, self.keyfile.mac
            )
            code = plain.decode("ascii")
        except (InvalidTag, UnicodeDecodeError):
            return None
        return code if looks_like_recovery_code(code) else None


@dataclass(frozen=True)
class SettledKey:
    """What unlocking found: the key that opens the database, and what a kill had left."""

    data_key: bytes
    unseen_recovery_code: str | None = None
    event: str | None = None  # audit-log kind when an interrupted rotation was settled


def pending_path(paths: VaultPaths) -> Path:
    """Where the pending key file lives while a rotation is under way."""
    return paths.data_dir / PENDING_NAME


def _code_key(data_key: bytes) -> bytes:
    return keyfiles.mac_key_from(data_key, CODE_PURPOSE)


def seal_pending(keyfile: keyfiles.KeyFile, data_key: bytes, code: str) -> PendingKey:
    """The pending file for a new key file, with its recovery code sealed under `data_key`."""
    nonce = os.urandom(12)
    sealed = AESGCM(_code_key(data_key)).encrypt(nonce, code.encode("ascii"), keyfile.mac)
    return PendingKey(keyfile=keyfile, nonce=nonce, sealed_code=sealed)


def _unb64(value: Any) -> bytes:
    if not isinstance(value, str):
        raise KeyFileDamaged()
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise KeyFileDamaged() from None


def parse_pending(raw: bytes) -> PendingKey:
    """Read untrusted bytes; anything but a well-formed pending file raises `KeyFileDamaged`."""
    if len(raw) > 2 * keyfiles.MAX_SIZE:
        raise KeyFileDamaged()
    try:
        document = json.loads(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise KeyFileDamaged() from None
    if not isinstance(document, dict):
        raise KeyFileDamaged()
    if set(document) != {"format", "version", "keyfile", "nonce", "sealed_code"}:
        raise KeyFileDamaged()
    if document["format"] != FORMAT or document["version"] != VERSION:
        raise KeyFileDamaged()
    nonce = _unb64(document["nonce"])
    if len(nonce) != 12:
        raise KeyFileDamaged()
    return PendingKey(
        keyfile=keyfiles.parse_keyfile(_unb64(document["keyfile"])),
        nonce=nonce,
        sealed_code=_unb64(document["sealed_code"]),
    )


def read_pending(paths: VaultPaths) -> PendingKey | None:
    """The pending file, None when there is none or when it cannot be read as one."""
    try:
        with open(pending_path(paths), "rb") as handle:
            raw = handle.read(2 * keyfiles.MAX_SIZE + 1)
    except FileNotFoundError:
        return None
    try:
        return parse_pending(raw)
    except (KeyFileDamaged, KdfParametersRejected):
        return None


def _remove_pending(paths: VaultPaths) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(pending_path(paths))
    fsync_directory(paths.data_dir)


# -- unlocking ---------------------------------------------------------------------------------


def database_opens_with(database: Path, data_key: bytes) -> bool:
    """True when `data_key` decrypts the database, False when it is the wrong key.

    Any other failure (damage, a disk fault) is raised: a doubtful probe never decides which
    key to keep.
    """
    from epc_tui.vault.database import open_raw_connection

    try:
        conn = open_raw_connection(database, data_key)
    except UnlockFailed:
        return False
    conn.close()
    return True


def unlock_key(paths: VaultPaths, slot_id: str, secret: str) -> SettledKey:
    """The data key for a passphrase or recovery code, settling an interrupted rotation.

    Without a pending file this is just the key file's `unwrap`. With one, see the module's
    documentation: the key that opens the database wins, the other file is cleaned up.
    Raises `UnlockFailed` alike for a wrong secret and for any tampering.
    """
    with _IN_PROGRESS:
        return _settle(paths, slot_id, secret)


def _settle(paths: VaultPaths, slot_id: str, secret: str) -> SettledKey:
    keyfile = keyfiles.read_keyfile(paths.keyfile)
    if not pending_path(paths).exists():
        return SettledKey(keyfile.unwrap(slot_id, secret))
    try:
        current_key: bytes | None = keyfile.unwrap(slot_id, secret)
    except UnlockFailed:
        current_key = None
    pending = read_pending(paths)
    if current_key is not None and database_opens_with(paths.database, current_key):
        if pending is not None and pending.belongs_to(current_key):
            if pending.installed_in(keyfile):  # the new code may never have been seen
                return SettledKey(current_key, pending.recovery_code(current_key))
            _remove_pending(paths)  # a newer recovery code replaced it since
            return SettledKey(current_key)
        _remove_pending(paths)  # the rekey never committed: roll back
        return SettledKey(current_key, event="key_rotation_abandoned")
    if pending is None:
        raise UnlockFailed()
    new_key = pending.keyfile.unwrap(slot_id, secret)
    if not database_opens_with(paths.database, new_key):
        raise UnlockFailed()
    keyfiles.write_keyfile(paths.keyfile, pending.keyfile)  # roll forward
    return SettledKey(new_key, pending.recovery_code(new_key), event="key_rotation_finished")


def acknowledge_recovery_code(paths: VaultPaths) -> None:
    """The new recovery code was shown and written down: the pending file can go.

    Only once its key file is the installed one (its recovery slot in place); a pending file
    from a rotation that has not committed is left to the next unlock to settle.
    """
    pending = read_pending(paths)
    if pending is None:
        return
    try:
        installed = keyfiles.read_keyfile(paths.keyfile)
    except KeyFileDamaged:
        return
    if pending.installed_in(installed):
        _remove_pending(paths)


# -- rotating ----------------------------------------------------------------------------------


def space_needed(paths: VaultPaths) -> int:
    """Free bytes the rotation needs: the write-ahead log grows to the database's size."""
    size = paths.database.stat().st_size
    pages = max(1, size // 4096)
    return size + pages * WAL_FRAME_HEADER + WAL_HEADER + SPACE_MARGIN


def _require_space(paths: VaultPaths) -> None:
    try:
        free = shutil.disk_usage(paths.data_dir).free
        needed = space_needed(paths)
    except OSError as error:
        raise storage_errors.from_os_error(error) from None
    if free < needed:
        raise storage_errors.StorageFull()


class _LogWatcher:
    """Reports the rekey's progress from the size of the write-ahead log it fills."""

    def __init__(self, wal: Path, total: int, progress: RotationProgress) -> None:
        self._wal = wal
        self._total = max(1, total)
        self._progress = progress
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="epc-rekey-progress", daemon=True)

    def __enter__(self) -> _LogWatcher:
        self._progress("rekey", 0.0)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            try:
                size = self._wal.stat().st_size
            except OSError:
                continue
            self._progress("rekey", min(1.0, size / self._total))


def _rekey(database: Path, old_key: bytes, new_key: bytes, progress: RotationProgress) -> None:
    """Re-encrypt every page under `new_key` in one transaction, then checkpoint the log."""
    from epc_tui.vault.database import open_raw_connection, raw_key_literal

    conn = open_raw_connection(database, old_key)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # an empty log: its growth is progress
        conn.execute("PRAGMA wal_autocheckpoint = 0")  # the checkpoint is its own phase
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        total = WAL_HEADER + pages * (page_size + WAL_FRAME_HEADER)
        with _LogWatcher(Path(f"{database}-wal"), total, progress):
            conn.execute(f'PRAGMA rekey = "{raw_key_literal(new_key)}"').fetchall()
        progress("rekey", 1.0)
        if not database_opens_with(database, new_key):
            raise UnlockFailed()  # never expected: the new key must open what was committed
        progress("finishing", 0.0)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        progress("finishing", 1.0)
    finally:
        conn.close()


def _ignore_progress(phase: str, fraction: float) -> None:
    """No progress display."""


def rotate_data_key(vault: Vault, passphrase: str, progress: RotationProgress | None = None) -> str:
    """Re-encrypt the unlocked vault under a new data key; return the new recovery code.

    The passphrase stays the same and is checked first (`UnlockFailed` if wrong). Afterwards
    old key files and the old recovery code no longer open the vault. The pending file stays
    until `acknowledge_recovery_code` (call it once the code has been shown), so a kill while
    the code is on screen shows it again at the next unlock. Other threads' writes wait; call
    with no automatic backup running.
    """
    report = progress or _ignore_progress
    paths = vault.paths
    old_key = vault.data_key()
    current = keyfiles.read_keyfile(paths.keyfile)
    if not hmac.compare_digest(current.unwrap(keyfiles.PASSPHRASE_SLOT, passphrase), old_key):
        raise UnlockFailed()
    _require_space(paths)
    new_key = os.urandom(keyfiles.DATA_KEY_LENGTH)
    code = new_recovery_code()
    built = keyfiles.build_keyfile(
        new_key, passphrase, code, kdf=vault.kdf, vault_id=current.vault_id
    )
    with _IN_PROGRESS:
        _commit(vault, old_key, new_key, seal_pending(built, new_key, code), report)
    if vault.is_unlocked:
        vault.record_event("data_key_rotated")
    return code


def _commit(
    vault: Vault,
    old_key: bytes,
    new_key: bytes,
    pending: PendingKey,
    report: RotationProgress,
) -> None:
    """Phases 1 to 3: pending file, rekey, new key file installed."""
    paths = vault.paths
    try:
        write_atomically(pending_path(paths), pending.to_bytes())
    except OSError as error:
        raise storage_errors.from_os_error(error) from None
    try:
        with vault.exclusive_writes():
            _rekey(paths.database, old_key, new_key, report)
            vault.adopt_rotated_key(new_key)
    except BaseException as error:
        with contextlib.suppress(Exception):
            if database_opens_with(paths.database, old_key):
                _remove_pending(paths)  # nothing committed: as if never started
        explained = storage_errors.as_user_error(error, paths.data_dir)
        if explained is error:
            raise
        raise explained from None
    keyfiles.write_keyfile(paths.keyfile, pending.keyfile)
