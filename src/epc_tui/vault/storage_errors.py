"""Faults of the disk itself, turned into errors the coach can act on.

A full disk, a read-only data directory or refused permissions are not bugs: they deserve one
clear sentence ("free some space, then try again"), not a crash report. The operating system's
and SQLite's own wording never reaches the coach; only the kind of fault (and, for an unknown
one, the system error number) is kept — never a path or any data.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from epc_tui.vault.errors import DatabaseDamaged, EpcError

LOW_SPACE_BYTES = 1024 * 1024


class StorageFull(EpcError):
    """No space left on the disk (or the user's quota is reached)."""

    message_key = "error.storage_full"


class StorageReadOnly(EpcError):
    """The data directory is on a read-only disk or mount."""

    message_key = "error.storage_read_only"


class StorageDenied(EpcError):
    """The operating system refuses access to the data directory or one of its files."""

    message_key = "error.storage_denied"


class StorageFailed(EpcError):
    """Any other failure to read or write the disk (input/output error and the like)."""

    message_key = "error.storage_failed"


_BY_ERRNO: dict[int, type[EpcError]] = {
    errno.ENOSPC: StorageFull,
    errno.EDQUOT: StorageFull,
    errno.EFBIG: StorageFull,
    errno.EROFS: StorageReadOnly,
    errno.EACCES: StorageDenied,
    errno.EPERM: StorageDenied,
}


def from_os_error(error: OSError) -> EpcError:
    """The coach-facing error for an `OSError` raised while touching the data directory."""
    kind = _BY_ERRNO.get(error.errno or 0)
    if kind is not None:
        return kind()
    return StorageFailed()


_SQLITE_WORDING: tuple[tuple[str, type[EpcError]], ...] = (
    ("database or disk is full", StorageFull),
    ("readonly database", StorageReadOnly),
    ("read-only", StorageReadOnly),
    ("unable to open database", StorageDenied),
    ("disk i/o error", StorageFailed),
)


def from_database_error(error: Exception) -> EpcError:
    """The coach-facing error for a SQLite/SQLCipher error: a disk fault, else damage."""
    wording = str(error).lower()
    for fragment, kind in _SQLITE_WORDING:
        if fragment in wording:
            return kind()
    return DatabaseDamaged()


def disk_nearly_full(directory: Path) -> bool:
    """True when less than 1 MiB is free where `directory` lives (SQLite needs room for its
    write-ahead log and shared-memory files even to read)."""
    try:
        return shutil.disk_usage(directory).free < LOW_SPACE_BYTES
    except OSError:
        return False


def as_user_error(error: BaseException, directory: Path) -> BaseException:
    """What to tell the coach about `error`, raised while opening the vault in `directory`.

    Disk and SQLite faults become their `EpcError`; any other error is returned unchanged
    (to be re-raised). On a nearly full disk, SQLite reports a failure to create its
    shared-memory file as an input/output error, which would read as damage: the full disk
    is said instead, since freeing space is what to do first.
    """
    from peewee import DatabaseError  # imported here: start-up must not wait for peewee
    from sqlcipher3 import dbapi2 as sqlcipher

    if isinstance(error, OSError):
        explained: BaseException = from_os_error(error)
    elif isinstance(error, (DatabaseError, sqlcipher.DatabaseError)):
        explained = from_database_error(error)
    else:
        explained = error
    if isinstance(explained, (DatabaseDamaged, StorageFailed)) and disk_nearly_full(directory):
        return StorageFull()
    return explained
