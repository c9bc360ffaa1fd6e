"""Encrypted backups of a vault: snapshot, create, verify and restore (`.epcbak` files).

A backup holds the database's pages as SQLCipher encrypted them under the data key, read from
the live file held still by a read transaction while the vault stays open (`backup_source`; the
SQLite backup API when writers keep the WAL busy): no plaintext copy ever touches the disk. They
are preceded by a small manifest (schema version and row counts), sealed in the container
of `backup_format`. Its header carries a key file (`keyfile.py`) wrapping the data key for the
passphrase and for the recovery code, so the file opens on another machine with only itself.

Verifying writes nothing: every chunk is authenticated and every database page's SQLCipher
HMAC checked as it is decrypted, and the header's page count, the schema version and the row
counts (read from the b-trees, `cipher_pages`) compared with the manifest. Restoring does the
same while writing the database into a temporary file in the data directory, then runs
SQLite's `integrity_check` on it, re-keys it to the vault it replaces when needed, and swaps it
in with one atomic rename; the previous database is kept in `vault-before-restore/` until the
next successful unlock. What verify promises: `docs/backup-format.md`.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import errno
import hmac
import json
import os
import secrets
import shutil
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlcipher3 import dbapi2 as sqlcipher

from epc_tui import __version__
from epc_tui.vault import keyfile as keyfiles
from epc_tui.vault import verify_helper
from epc_tui.vault.atomic import fsync_directory
from epc_tui.vault.backup_format import (
    CHUNK_SIZE,
    TAG_SIZE,
    BackupDamaged,
    Cancelled,
    Progress,
    SealedHeader,
    WorkCancelled,
    derive_payload_key,
    encode_header,
    final_chunk_index,
    read_chunk,
    read_header,
    seal,
    unseal,
)
from epc_tui.vault.backup_source import FrozenDatabase, frozen_database
from epc_tui.vault.cipher_pages import (
    PAGE_SIZE,
    DatabaseSummary,
    PageChecker,
    PagesDamaged,
    PagesPart,
    decrypt_page,
    summarise,
)
from epc_tui.vault.cipher_pages import (
    SALT_SIZE as SALT_BYTES,
)
from epc_tui.vault.database import open_raw_connection, raw_key_literal
from epc_tui.vault.errors import EpcError, KdfParametersRejected, KeyFileDamaged, UnlockFailed
from epc_tui.vault.kdf import BACKUP_DEFAULT, FLOOR
from epc_tui.vault.migrations import LATEST_VERSION
from epc_tui.vault.paths import VaultPaths, make_private_dir
from epc_tui.vault.recovery import looks_like_recovery_code

MAGIC = b"EPCBAK\r\n"
FORMAT = "epc-backup"
VERSION = 1
SALT_SIZE = 32
PAYLOAD_PURPOSE = b"epc backup payload v1"
WORK_PREFIX = ".epc-work-"
PREVIOUS_DIR = "vault-before-restore"
SUFFIX = ".epcbak"
READ_SIZE = 1024 * 1024
MAX_MANIFEST = 64 * 1024


class BackupUnlockFailed(EpcError):
    """Neither the passphrase nor the recovery code of this backup (or its key part altered)."""

    message_key = "error.backup_unlock_failed"


class NotEnoughSpace(EpcError):
    """The disk filled up (or is too full to start); nothing half-written was left."""

    message_key = "error.backup_no_space"


class BackupUnreadable(EpcError):
    """The backup file or its folder cannot be opened (missing, no permission, unplugged)."""

    message_key = "error.backup_unreadable"


class CurrentVaultNeeded(EpcError):
    """Restoring over another vault needs that vault's passphrase (and gets its key from it)."""

    message_key = "error.restore_needs_current_vault"


VerifiedCounts = tuple[int, tuple[tuple[str, int], ...]]

Stage = Callable[[str], None]
"""Told the name of each part of a restore (or full verify) as it starts."""

STAGE_READ = "read"
"""Decrypting the backup, checking its pages and writing the database out (with progress)."""
STAGE_STRUCTURE = "structure"
"""SQLite's `integrity_check` of the database written out: no progress of its own."""
STAGE_REKEY = "rekey"
"""Re-keying the database for the vault it replaces, and checking its pages again."""

PROGRESS_OPS = 100_000
"""SQLite virtual-machine steps between two looks at `cancelled` during a long check."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup's header says (nothing personal: no names, no counts)."""

    path: Path
    vault_id: str
    created_at: datetime
    app_version: str
    schema_version: int
    payload_bytes: int
    file_bytes: int


@dataclass(frozen=True)
class VerifiedBackup:
    """A backup whose every byte authenticated and whose database passed every check."""

    info: BackupInfo
    schema_version: int
    row_counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the backup's date, and where the previous database was kept."""

    info: BackupInfo
    previous_dir: Path | None
    rekeyed: bool
    keyfile_written: bool


@dataclass(frozen=True)
class _Opened:
    header: SealedHeader
    info: BackupInfo
    keyfile: keyfiles.KeyFile


# -- small helpers -------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: Any) -> bytes:
    if not isinstance(value, str):
        raise BackupDamaged()
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise BackupDamaged() from None


def work_file(paths: VaultPaths, kind: str) -> Path:
    """A fresh temporary file name in the data directory (swept if a kill leaves it)."""
    return paths.data_dir / f"{WORK_PREFIX}{kind}-{secrets.token_hex(6)}"


def _remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def remove_interrupted_work(paths: VaultPaths) -> int:
    """Delete temporary files a killed backup, verification or restore left behind.

    Call only while holding the vault's single-instance lock and with no backup running in
    this process. Returns how many files were removed.
    """
    removed = 0
    if not paths.data_dir.is_dir():
        return 0
    leftovers = list(paths.data_dir.glob(f"{WORK_PREFIX}*"))
    if paths.backups.is_dir():
        leftovers += list(paths.backups.glob(f".*{SUFFIX}.*.tmp"))
        leftovers += list(paths.backups.glob(f".*{SUFFIX}.staged"))
    for leftover in leftovers:
        with contextlib.suppress(OSError):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
            removed += 1
    return removed


def _no_space(error: OSError) -> bool:
    return error.errno in (errno.ENOSPC, errno.EDQUOT)


def _open_snapshot(path: Path, data_key: bytes, writable: bool = False) -> Any:
    """A connection to a snapshot file: keyed, temp storage in memory, read-only unless asked."""
    mode = "rw" if writable else "ro"
    conn = sqlcipher.connect(
        f"file:{path}?mode={mode}", uri=True, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{raw_key_literal(data_key)}"')
        conn.execute("PRAGMA temp_store = MEMORY")
        if conn.execute("PRAGMA temp_store").fetchone()[0] != 2:
            raise BackupDamaged()
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlcipher.DatabaseError:
        conn.close()
        raise BackupDamaged() from None
    except BaseException:
        conn.close()
        raise
    return conn


def _row_counts(conn: Any) -> dict[str, int]:
    # The full-text index's own tables are left out: counting their rows would read the
    # whole index (it is rebuilt from the counted tables if ever needed).
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index%' ORDER BY name"
        )
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names
    }


def _schema_version(conn: Any) -> int:
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


# -- snapshot ------------------------------------------------------------------------------


@contextlib.contextmanager
def snapshot(paths: VaultPaths, data_key: bytes) -> Iterator[Path]:
    """A consistent copy of the live database in the data directory, still encrypted.

    SQLite's online backup API copies every page in one step inside one read transaction of
    the WAL database, while other connections keep writing; the target is keyed with the same
    data key, so SQLCipher re-encrypts each page and nothing readable is written. (Measured
    on the large vault: about 25 % faster than `VACUUM INTO`, which rebuilds every index.)
    The copy is switched to a rollback journal so it can be opened read-only, and deleted
    afterwards.
    """
    target = work_file(paths, "snapshot")
    source = open_raw_connection(paths.database, data_key)
    try:
        copy = sqlcipher.connect(str(target), isolation_level=None, check_same_thread=False)
        try:
            copy.execute("PRAGMA cipher_log_level = NONE")
            copy.execute(f'PRAGMA key = "{raw_key_literal(data_key)}"')
            copy.execute("PRAGMA temp_store = MEMORY")
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    except sqlcipher.OperationalError as error:
        _remove_database_files(target)
        if "full" in str(error).lower():
            raise NotEnoughSpace() from None
        raise
    except BaseException:
        _remove_database_files(target)
        raise
    finally:
        source.close()
    try:
        os.chmod(target, 0o600)
        yield target
    finally:
        _remove_database_files(target)


def estimated_size(paths: VaultPaths) -> int:
    """An upper bound of a backup's size: the database and its write-ahead log."""
    total = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            total += os.stat(f"{paths.database}{suffix}").st_size
    return total + 1024 * 1024


# -- create --------------------------------------------------------------------------------


def backup_keyfile(paths: VaultPaths, data_key: bytes, passphrase: str | None) -> bytes:
    """The key file carried by a backup.

    With the passphrase (typed by the coach for this backup), the data key is wrapped afresh
    with the stronger backup parameters (a lost USB key can be attacked for ever); the
    recovery slot is copied. Without it (automatic backups kept beside the vault), the
    vault's own key file is carried as it is: no weaker than the one beside it.
    """
    current = keyfiles.read_keyfile(paths.keyfile)
    if not hmac.compare_digest(current.expected_mac(data_key), current.mac):
        raise KeyFileDamaged()
    if passphrase is None:
        return current.to_bytes()
    if current.unwrap(keyfiles.PASSPHRASE_SLOT, passphrase) != data_key:
        raise UnlockFailed()
    kdf = FLOOR if os.environ.get("EPC_KDF") == "floor" else BACKUP_DEFAULT
    rebuilt = keyfiles.build_keyfile(
        data_key,
        passphrase,
        recovery_code="",
        kdf=kdf,
        vault_id=current.vault_id,
        recovery_slot=current.slot(keyfiles.RECOVERY_SLOT),
    )
    return rebuilt.to_bytes()


def _manifest(conn: Any, database_bytes: int) -> bytes:
    document = {
        "schema_version": _schema_version(conn),
        "tables": _row_counts(conn),
        "database_bytes": database_bytes,
    }
    body = json.dumps(document, sort_keys=True).encode("ascii")
    return struct.pack(">I", len(body)) + body


def _file_pieces(path: Path, size: int) -> Iterator[bytes]:
    """The first `size` bytes of `path` (a frozen live file may have spare pages beyond)."""
    with open(path, "rb") as handle:
        left = size
        while left > 0 and (piece := handle.read(min(READ_SIZE, left))):
            left -= len(piece)
            yield piece


def write_backup_file(
    destination: Path,
    snapshot_path: Path,
    data_key: bytes,
    keyfile_bytes: bytes,
    vault_id: str,
    created_at: datetime,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    frozen: FrozenDatabase | None = None,
) -> BackupInfo:
    """Seal a snapshot file — or the live file held still by `frozen` — into `destination`
    (temp name, fsync, rename, fsync the folder).

    A full disk or a cancellation removes the temporary file: nothing half-written remains.
    """
    if frozen is None:
        conn = _open_snapshot(snapshot_path, data_key)
        database_bytes = snapshot_path.stat().st_size
    else:
        conn, database_bytes = frozen.connection, frozen.size
    try:
        schema_version = _schema_version(conn)
        manifest = _manifest(conn, database_bytes)
    finally:
        if frozen is None:
            conn.close()
    salt = os.urandom(SALT_SIZE)
    header = encode_header(
        MAGIC,
        {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": vault_id,
            "created_at": created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "app_version": __version__,
            "schema_version": schema_version,
            "chunk_size": CHUNK_SIZE,
            "salt": _b64(salt),
            "keyfile": _b64(keyfile_bytes),
            "payload_bytes": len(manifest) + database_bytes,
        },
    )
    key = derive_payload_key(data_key, salt, PAYLOAD_PURPOSE)
    temporary = destination.with_name(f".{destination.name}.{secrets.token_hex(4)}.tmp")

    def pieces() -> Iterator[bytes]:
        yield manifest
        yield from _file_pieces(snapshot_path, database_bytes)

    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            seal(out, header, key, pieces(), progress, cancelled)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, destination)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if _no_space(error):
            raise NotEnoughSpace() from None
        raise BackupUnreadable() from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_directory(destination.parent)
    return read_backup_info(destination)


def create_backup(
    paths: VaultPaths,
    data_key: bytes,
    destination: Path,
    *,
    passphrase: str | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> BackupInfo:
    """Back up the open vault at `paths` into `destination` (a `.epcbak` file).

    Safe while the application keeps writing: the live file is read as it was when the
    backup began (`backup_source`), or — when writers keep the WAL busy — a snapshot is
    taken with the backup API.
    """
    keyfile_bytes = backup_keyfile(paths, data_key, passphrase)
    vault_id = keyfiles.parse_keyfile(keyfile_bytes).vault_id
    made_at = now or datetime.now().astimezone()
    with frozen_database(paths, data_key) as frozen:
        if frozen is not None:
            return write_backup_file(
                destination,
                frozen.path,
                data_key,
                keyfile_bytes,
                vault_id,
                made_at,
                progress,
                cancelled,
                frozen=frozen,
            )
    with snapshot(paths, data_key) as snapshot_path:
        return write_backup_file(
            destination,
            snapshot_path,
            data_key,
            keyfile_bytes,
            vault_id,
            made_at,
            progress,
            cancelled,
        )


# -- reading -------------------------------------------------------------------------------


def _open_file(path: Path) -> BinaryIO:
    try:
        return open(path, "rb")
    except IsADirectoryError:
        raise BackupDamaged("error.not_a_backup") from None
    except OSError:
        raise BackupUnreadable() from None


def _parse(handle: BinaryIO, path: Path) -> _Opened:
    header = read_header(handle, MAGIC)
    fields = header.fields
    expected = {
        "format",
        "version",
        "vault_id",
        "created_at",
        "app_version",
        "schema_version",
        "chunk_size",
        "salt",
        "keyfile",
        "payload_bytes",
    }
    if set(fields) != expected or fields["format"] != FORMAT or fields["version"] != VERSION:
        raise BackupDamaged()
    for name in ("schema_version", "payload_bytes"):
        if type(fields[name]) is not int or fields[name] < 0:
            raise BackupDamaged()
    if not isinstance(fields["app_version"], str) or not isinstance(fields["created_at"], str):
        raise BackupDamaged()
    try:
        created_at = datetime.strptime(fields["created_at"], "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise BackupDamaged() from None
    if len(_unb64(fields["salt"])) != SALT_SIZE:
        raise BackupDamaged()
    try:
        keyfile = keyfiles.parse_keyfile(_unb64(fields["keyfile"]))
    except (KeyFileDamaged, KdfParametersRejected):
        raise BackupDamaged() from None
    if keyfile.vault_id != fields["vault_id"]:
        raise BackupDamaged()
    info = BackupInfo(
        path=path,
        vault_id=keyfile.vault_id,
        created_at=created_at.replace(tzinfo=UTC),
        app_version=fields["app_version"],
        schema_version=fields["schema_version"],
        payload_bytes=fields["payload_bytes"],
        file_bytes=os.fstat(handle.fileno()).st_size,
    )
    return _Opened(header=header, info=info, keyfile=keyfile)


def read_backup_info(path: Path) -> BackupInfo:
    """Read a backup's header (not yet authenticated: `verify_backup` does that)."""
    with _open_file(path) as handle:
        return _parse(handle, path).info


def unlock_backup(path: Path, secret: str) -> bytes:
    """The data key of a backup, from its passphrase or its recovery code.

    A wrong secret and an altered key part give the same `BackupUnlockFailed`.
    """
    with _open_file(path) as handle:
        opened = _parse(handle, path)
    slots = [keyfiles.PASSPHRASE_SLOT]
    if looks_like_recovery_code(secret):
        slots.insert(0, keyfiles.RECOVERY_SLOT)
    for slot_id in slots:
        try:
            return opened.keyfile.unwrap(slot_id, secret)
        except UnlockFailed:
            continue
    raise BackupUnlockFailed()


def opens_with_key(path: Path, data_key: bytes) -> bool:
    """True when `data_key` is this backup's key (the same vault): no secret is needed."""
    with _open_file(path) as handle:
        opened = _parse(handle, path)
    expected = opened.keyfile.expected_mac(data_key)
    return bool(hmac.compare_digest(expected, opened.keyfile.mac))


def authenticate_backup(path: Path, data_key: bytes, cancelled: Cancelled | None = None) -> int:
    """Check every chunk's tag without writing anything out; return the payload length.

    A quick check of the container alone (the database inside is not opened).
    """
    with _open_file(path) as handle:
        opened = _parse(handle, path)
        if not hmac.compare_digest(opened.keyfile.expected_mac(data_key), opened.keyfile.mac):
            raise BackupUnlockFailed()
        key = derive_payload_key(data_key, _unb64(opened.header.fields["salt"]), PAYLOAD_PURPOSE)
        total = sum(len(piece) for piece in unseal(handle, opened.header, key, cancelled))
    if total != opened.info.payload_bytes:
        raise BackupDamaged()
    return total


@dataclass(frozen=True)
class _Read:
    """A backup read in full: its header, its manifest, and what its pages showed."""

    opened: _Opened
    manifest: dict[str, Any]
    summary: DatabaseSummary


def _counted(name: str) -> bool:
    """Tables whose rows the manifest counts (as `_row_counts` chooses them)."""
    return not name.startswith("sqlite_") and not name.startswith("search_index")


def _streamed(
    handle: BinaryIO,
    opened: _Opened,
    key: bytes,
    checker: PageChecker,
    out: BinaryIO | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> tuple[dict[str, Any] | None, int]:
    """Authenticate every chunk in one process, feeding the database's pages to `checker`
    (and to `out`); return the manifest and the payload's length."""
    manifest = _ManifestFirst()
    written = 0
    for chunk in unseal(handle, opened.header, key, cancelled):
        written += len(chunk)
        plain = manifest.database_part(chunk)
        if plain is None:
            continue
        checker.feed(plain)
        if out is not None:
            out.write(plain)
        if progress is not None:
            progress(written)
    return manifest.manifest, written


class _ManifestFirst:
    """The payload is the manifest (length-prefixed JSON) then the database: holds the first
    chunks until the manifest is whole, then hands back only database bytes."""

    def __init__(self) -> None:
        self._prefix = bytearray()
        self.manifest: dict[str, Any] | None = None

    def database_part(self, chunk: bytes) -> bytes | None:
        """The database bytes of `chunk`, or None while the manifest is still incomplete."""
        if self.manifest is not None:
            return chunk
        self._prefix += chunk
        self.manifest, rest = _split_manifest(self._prefix)
        return rest if self.manifest is not None else None


def _helper_split(opened: _Opened) -> int | None:
    """The chunk at which a second process takes over (`verify_helper`), or None for a file
    small enough to check in this process (or too oddly shaped to split)."""
    if opened.info.file_bytes < verify_helper.SPLIT_FROM_BYTES:
        return None
    record_size = opened.header.chunk_size + TAG_SIZE
    records = -(-(opened.info.file_bytes - len(opened.header.raw)) // record_size)
    split = int(records * (1 - verify_helper.HELPER_SHARE))
    # The manifest and the file's salt must have gone by before the split chunk.
    needed = -(-(4 + MAX_MANIFEST + PAGE_SIZE) // opened.header.chunk_size) + 1
    if split < needed or split >= records - 1:
        return None
    return split


def _started_helper() -> verify_helper.HelperProcess | None:
    """A verify helper process, or None when none can be started here (no process may be
    created, say): the file is then checked in this process, as a small one is. Nothing has
    been read yet, so nothing is lost; a helper that fails *after* it started is an error."""
    try:
        return verify_helper.HelperProcess()
    except (OSError, ValueError):
        return None


def _streamed_in_two(
    helper: verify_helper.HelperProcess,
    handle: BinaryIO,
    opened: _Opened,
    key: bytes,
    data_key: bytes,
    checker: PageChecker,
    split: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> tuple[dict[str, Any] | None, int, PagesPart]:
    """`_streamed`, with the chunks from `split` on checked by a second process.

    This process reads chunks 0 to `split` (all non-final), the helper `split` to the end
    (the final flag and nothing after it); the pages beginning in the split chunk before its
    first page boundary are checked here, the rest by the helper, whose part is returned to
    be joined to `checker`. Any failure of the helper is `VerifyHelperFailed`; it is always
    stopped, whatever happens.
    """
    chunk_size = opened.header.chunk_size
    with helper:
        manifest = _ManifestFirst()
        written = 0
        head = bytearray()
        database_from = 0
        sent = False
        skip = 0
        chunks = unseal(handle, opened.header, key, cancelled, first=0, stop=split + 1)
        for index, plain in enumerate(chunks):
            if index % 8 == 0:
                helper.poll()
            if index == split:
                if not sent:
                    raise BackupDamaged()
                checker.feed(memoryview(plain)[:skip])
                continue
            written += len(plain)
            database = manifest.database_part(plain)
            if database is None:
                continue
            plain = database
            checker.feed(plain)
            if not sent and len(head) < SALT_BYTES:
                if not head:
                    database_from = written - len(plain)
                head += plain[: SALT_BYTES - len(head)]
            if not sent and len(head) == SALT_BYTES:
                database_at = split * chunk_size - database_from
                boundary = -(-database_at // PAGE_SIZE) * PAGE_SIZE
                skip = boundary - database_at
                helper.give(
                    handle.fileno(),
                    verify_helper.HelperJob(
                        payload_key=key,
                        data_key=data_key,
                        salt=bytes(head),
                        header_raw=opened.header.raw,
                        chunk_size=chunk_size,
                        first_chunk=split,
                        skip=skip,
                        first_pgno=boundary // PAGE_SIZE + 1,
                    ),
                )
                sent = True
            if progress is not None:
                progress(written + helper.done_bytes)
        mine = written

        def report(helper_bytes: int) -> None:
            if progress is not None:
                progress(mine + helper_bytes)

        result = helper.wait(cancelled, report)
    return manifest.manifest, written + result.payload_bytes, result.pages


def _read_backup(
    path: Path,
    data_key: bytes,
    target: Path | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> _Read:
    """Authenticate every byte of `path` and check every database page as it goes by.

    Checks, without writing anything unless `target` is given (the database, still
    encrypted by SQLCipher under the data key, is then written there too): every chunk's
    tag, the final chunk and nothing after it; every page's SQLCipher HMAC; the database
    header's page count against the pages received and the manifest's size; and the schema
    version and every table's row count, read from the b-trees, against the manifest.
    Without `target`, a large file is checked by two processes (`verify_helper`).
    """
    with _open_file(path) as handle:
        checker = PageChecker(data_key)
        opened = _parse(handle, path)
        if not hmac.compare_digest(opened.keyfile.expected_mac(data_key), opened.keyfile.mac):
            raise BackupUnlockFailed()
        key = derive_payload_key(data_key, _unb64(opened.header.fields["salt"]), PAYLOAD_PURPOSE)
        split = _helper_split(opened) if target is None else None
        helper = None if split is None else _started_helper()
        later_pages: PagesPart | None = None
        out = None
        if target is not None:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            out = os.fdopen(fd, "wb")
        try:
            if split is None or helper is None:
                manifest, written = _streamed(
                    handle, opened, key, checker, out, progress, cancelled
                )
            else:
                manifest, written, later_pages = _streamed_in_two(
                    helper, handle, opened, key, data_key, checker, split, progress, cancelled
                )
            if out is not None:
                out.flush()
                os.fsync(out.fileno())
        except OSError as error:
            if _no_space(error):
                raise NotEnoughSpace() from None
            raise
        finally:
            if out is not None:
                out.close()
        if manifest is None or written != opened.info.payload_bytes:
            raise BackupDamaged()
        prefix_size = written - manifest_database_bytes(manifest)
        final_index = final_chunk_index(opened.header, written)

        def page(pgno: int) -> bytes:
            start = prefix_size + (pgno - 1) * PAGE_SIZE
            first = start // opened.header.chunk_size
            last = (start + PAGE_SIZE - 1) // opened.header.chunk_size
            data = b"".join(
                read_chunk(handle, opened.header, key, index, final_index)
                for index in range(first, last + 1)
            )
            at = start - first * opened.header.chunk_size
            raw = data[at : at + PAGE_SIZE]
            if not checker.authentic(raw, pgno):
                raise PagesDamaged()
            return decrypt_page(data_key, raw, pgno)

        try:
            if later_pages is not None:
                checker.absorb(later_pages)
            pages = checker.finish()
            if pages.bad_pages or pages.header_pages != pages.page_count:
                raise PagesDamaged()
            if pages.page_count * PAGE_SIZE != manifest_database_bytes(manifest):
                raise PagesDamaged()
            summary = summarise(pages, page, _counted)
        except PagesDamaged:
            raise BackupDamaged("error.backup_database_damaged") from None
    _compare_with_manifest(summary.schema_version, summary.row_counts, manifest)
    return _Read(opened=opened, manifest=manifest, summary=summary)


def manifest_database_bytes(manifest: dict[str, Any]) -> int:
    """The database size a manifest announces (`BackupDamaged` if it is not a size)."""
    size = manifest.get("database_bytes")
    if type(size) is not int or size < 0:
        raise BackupDamaged()
    return size


def _compare_with_manifest(version: int, counts: dict[str, int], manifest: dict[str, Any]) -> None:
    recorded = manifest.get("tables")
    if not isinstance(recorded, dict) or version != manifest.get("schema_version"):
        raise BackupDamaged("error.backup_database_damaged")
    if any(recorded.get(name) != count for name, count in counts.items()):
        raise BackupDamaged("error.backup_database_damaged")
    if any(_counted(name) and name not in counts for name in recorded):
        raise BackupDamaged("error.backup_database_damaged")
    if version > LATEST_VERSION:
        raise BackupDamaged("error.backup_too_new")


def _to_rollback_journal(target: Path, data_key: bytes) -> None:
    """Switch a database read from the live WAL file to a rollback journal, so it can be
    opened read-only without its WAL files (a snapshot already is: nothing changes)."""
    conn = _open_snapshot(target, data_key, writable=True)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    except sqlcipher.DatabaseError:
        raise BackupDamaged("error.backup_database_damaged") from None
    finally:
        conn.close()


def _split_manifest(prefix: bytearray) -> tuple[dict[str, Any] | None, bytes]:
    if len(prefix) < 4:
        return None, b""
    (length,) = struct.unpack(">I", bytes(prefix[:4]))
    if length > MAX_MANIFEST:
        raise BackupDamaged()
    if len(prefix) < 4 + length:
        return None, b""
    try:
        manifest = json.loads(bytes(prefix[4 : 4 + length]).decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BackupDamaged() from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("tables"), dict):
        raise BackupDamaged()
    return manifest, bytes(prefix[4 + length :])


def _check_database(
    target: Path,
    data_key: bytes,
    manifest: dict[str, Any],
    *,
    structure: bool,
    pages: bool,
    cancelled: Cancelled | None = None,
) -> VerifiedCounts:
    """Open a database written out and check it with SQLite and SQLCipher themselves.

    `structure`: SQLite's `integrity_check` (every b-tree, index against table, the freelist,
    a file cut short by whole pages). `pages`: SQLCipher's `cipher_integrity_check` (needed
    after a re-key; before, the pages were checked as they were decrypted). Then the schema
    version and every table's row count against the manifest. `cancelled` is asked while
    SQLite works (its progress handler), so a long check stops at once when cancelled.
    """
    conn = _open_snapshot(target, data_key)
    if cancelled is not None:
        conn.set_progress_handler(lambda: 1 if cancelled() else 0, PROGRESS_OPS)
    try:
        try:
            if pages and list(conn.execute("PRAGMA cipher_integrity_check")):
                raise BackupDamaged("error.backup_database_damaged")
            if structure:
                rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
                if rows != ["ok"]:
                    raise BackupDamaged("error.backup_database_damaged")
            version = _schema_version(conn)
            counts = _row_counts(conn)
        except sqlcipher.DatabaseError:
            if cancelled is not None and cancelled():
                raise WorkCancelled() from None
            raise BackupDamaged("error.backup_database_damaged") from None
    finally:
        conn.close()
    _compare_with_manifest(version, counts, manifest)
    return version, tuple(sorted(counts.items()))


def verify_backup(
    paths: VaultPaths,
    backup: Path,
    data_key: bytes,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    *,
    full: bool = False,
    stage: Stage | None = None,
) -> VerifiedBackup:
    """Prove `backup` is whole and authentic and holds the database it announces; change
    nothing. What this promises is written in `docs/backup-format.md` ("What verify proves").

    By default nothing is written: every chunk is authenticated and every database page's
    SQLCipher HMAC checked as they are decrypted, the header's page count and the manifest's
    size, schema version and row counts compared. `full` also writes the database out (in
    its SQLCipher form, never plaintext) to a temporary file of the data directory and runs
    SQLite's structural `integrity_check` on it, as a restore does, then deletes it; `stage`
    is then told when that check starts (`STAGE_STRUCTURE`), as it has no progress of its own.
    """
    if not full:
        read = _read_backup(backup, data_key, None, progress, cancelled)
        counts = tuple(sorted(read.summary.row_counts.items()))
        return VerifiedBackup(
            info=read.opened.info, schema_version=read.summary.schema_version, row_counts=counts
        )
    make_private_dir(paths.data_dir)
    target = work_file(paths, "verify")
    try:
        read = _read_backup(backup, data_key, target, progress, cancelled)
        _to_rollback_journal(target, data_key)
        if stage is not None:
            stage(STAGE_STRUCTURE)
        version, counts = _check_database(
            target, data_key, read.manifest, structure=True, pages=False, cancelled=cancelled
        )
    finally:
        _remove_database_files(target)
    return VerifiedBackup(info=read.opened.info, schema_version=version, row_counts=counts)


# -- restore -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedRestore:
    """A verified database, keyed for the vault it will replace, waiting in the data dir."""

    database: Path
    info: BackupInfo
    keyfile_bytes: bytes | None
    rekeyed: bool


def prepare_restore(
    paths: VaultPaths,
    backup: Path,
    backup_key: bytes,
    target_key: bytes | None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    stage: Stage | None = None,
) -> PreparedRestore:
    """Decrypt and check `backup` into a temporary file, keyed with `target_key`.

    `target_key` is the data key of the vault being replaced (None when the data directory
    has no vault: the backup's key file is then installed with it). Nothing live changes.
    `stage` is told each part as it starts (`STAGE_READ`, `STAGE_STRUCTURE` — SQLite's
    `integrity_check`, most of a large restore, without progress of its own — and
    `STAGE_REKEY`); `progress` follows the first; `cancelled` is asked in all of them.
    """
    make_private_dir(paths.data_dir)
    target = work_file(paths, "restore")
    try:
        if stage is not None:
            stage(STAGE_READ)
        read = _read_backup(backup, backup_key, target, progress, cancelled)
        _to_rollback_journal(target, backup_key)
        if stage is not None:
            stage(STAGE_STRUCTURE)
        _check_database(
            target, backup_key, read.manifest, structure=True, pages=False, cancelled=cancelled
        )
        rekeyed = False
        if target_key is not None and target_key != backup_key:
            if stage is not None:
                stage(STAGE_REKEY)
            conn = _open_snapshot(target, backup_key, writable=True)
            try:
                conn.execute(f'PRAGMA rekey = "{raw_key_literal(target_key)}"')
            finally:
                conn.close()
            _check_database(
                target, target_key, read.manifest, structure=False, pages=True, cancelled=cancelled
            )
            rekeyed = True
        with open(target, "rb+") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        _remove_database_files(target)
        raise
    keyfile_bytes = None if target_key is not None else read.opened.keyfile.to_bytes()
    return PreparedRestore(
        database=target, info=read.opened.info, keyfile_bytes=keyfile_bytes, rekeyed=rekeyed
    )


def _keep_previous(paths: VaultPaths) -> Path | None:
    """Hard-link the current database files into `vault-before-restore/` (old kept live).

    When that folder is already there (two restores without an unlock between them), it still
    holds the vault as it was before the first restore: it is kept, and the database being
    replaced now — itself a restored backup, still in its file — is not.
    """
    existing = [
        Path(f"{paths.database}{suffix}")
        for suffix in ("", "-wal")
        if Path(f"{paths.database}{suffix}").exists()
    ]
    previous = paths.data_dir / PREVIOUS_DIR
    if previous.exists():
        return previous
    if not existing:
        return None
    staging = work_file(paths, "previous")
    make_private_dir(staging)
    for source in existing:
        try:
            os.link(source, staging / source.name)
        except OSError:
            shutil.copy2(source, staging / source.name)
    if paths.keyfile.exists():
        shutil.copy2(paths.keyfile, staging / paths.keyfile.name)
    fsync_directory(staging)
    os.replace(staging, previous)
    fsync_directory(paths.data_dir)
    return previous


def swap_in(paths: VaultPaths, prepared: PreparedRestore) -> RestoreResult:
    """Put a prepared database in place with one atomic rename; keep the previous one.

    Call with the vault locked (every connection closed) and its single-instance lock held.
    A kill at any moment leaves the previous vault or the restored one, both openable: the
    write-ahead log of the old database is moved away before the new one appears, never
    after, and the key file (only for a data directory without a vault) comes last.
    """
    previous = _keep_previous(paths)
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{paths.database}{suffix}")
    fsync_directory(paths.data_dir)
    os.replace(prepared.database, paths.database)
    fsync_directory(paths.data_dir)
    if prepared.keyfile_bytes is not None:
        keyfiles.write_keyfile(paths.keyfile, keyfiles.parse_keyfile(prepared.keyfile_bytes))
    return RestoreResult(
        info=prepared.info,
        previous_dir=previous,
        rekeyed=prepared.rekeyed,
        keyfile_written=prepared.keyfile_bytes is not None,
    )


def target_key_for(paths: VaultPaths, backup_key: bytes) -> bytes | None:
    """The key the restored database must have: the backup's when the vault in place has the
    same data key (or there is none), else `CurrentVaultNeeded`.

    The key file's MAC is keyed from the data key, so a match proves it without a passphrase.
    """
    if not paths.keyfile.exists():
        return None
    try:
        current = keyfiles.read_keyfile(paths.keyfile)
    except KeyFileDamaged:
        return None
    if hmac.compare_digest(current.expected_mac(backup_key), current.mac):
        return backup_key
    raise CurrentVaultNeeded()


def discard_previous_vault(paths: VaultPaths) -> bool:
    """After a successful unlock of the restored vault, delete the one kept before it."""
    previous = paths.data_dir / PREVIOUS_DIR
    if not previous.is_dir():
        return False
    shutil.rmtree(previous, ignore_errors=True)
    return True


def has_previous_vault(paths: VaultPaths) -> bool:
    """True while a restore's previous database is still kept."""
    return (paths.data_dir / PREVIOUS_DIR).is_dir()
