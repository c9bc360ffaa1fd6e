"""A vault: one private directory holding the encrypted database and its key file.

The `Vault` object owns the single-instance lock, the data key while unlocked, and the peewee
database. Locking closes the database and forgets the key; nothing readable is ever written.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from filelock import FileLock, Timeout

from epc_tui.vault import keyfile as keyfiles
from epc_tui.vault import storage_errors
from epc_tui.vault.errors import (
    EpcError,
    KeyFileDamaged,
    UnlockFailed,
    VaultBusy,
    VaultExists,
    VaultMissing,
)
from epc_tui.vault.kdf import DEFAULT, KdfParams
from epc_tui.vault.paths import VaultPaths, make_private_dir, tighten_permissions
from epc_tui.vault.recovery import new_recovery_code

if TYPE_CHECKING:
    from epc_tui.vault.database import VaultDatabase

# peewee, sqlcipher3, the models and the migrations are imported where first needed: the
# unlock screen must draw before they load (start-up target in docs/performance.md).


@dataclass(frozen=True)
class CheckReport:
    """What `epc check` found: one line per problem, in translation keys."""

    problems: tuple[str, ...]
    schema_version: int

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


class Vault:
    """An encrypted vault in a data directory."""

    def __init__(self, paths: VaultPaths, kdf: KdfParams = DEFAULT) -> None:
        self.paths = paths
        self.kdf = kdf
        self._database: VaultDatabase | None = None
        self._data_key: bytes | None = None
        self._lock: FileLock | None = None
        self._write_lock = threading.RLock()
        self.unseen_recovery_code: str | None = None  # after a key rotation cut short
        self._close_listeners: list[Callable[[], None]] = []

    @property
    def database(self) -> VaultDatabase:
        """The peewee database (created on first use; bound to the key at unlock)."""
        if self._database is None:
            from epc_tui.vault.database import new_vault_database

            self._database = new_vault_database(self.paths.database)
        return self._database

    # -- single instance ------------------------------------------------------------------

    def acquire(self) -> None:
        """Take the single-instance lock; `VaultBusy` if another process has it."""
        if self._lock is not None:
            return
        make_private_dir(self.paths.data_dir)
        lock = FileLock(str(self.paths.lock), timeout=0, mode=0o600)
        try:
            lock.acquire()
        except Timeout:
            raise VaultBusy() from None
        self._lock = lock
        self._remove_interrupted_writes()

    def _remove_interrupted_writes(self) -> None:
        """Delete half-written replacement files left by a kill (we hold the lock now)."""
        for leftover in self.paths.data_dir.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()

    def release(self) -> None:
        """Lock the vault and release the single-instance lock."""
        self.lock()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- state ----------------------------------------------------------------------------

    def exists(self) -> bool:
        """True when a vault is present in the data directory."""
        return self.paths.exists()

    @property
    def is_unlocked(self) -> bool:
        """True while the data key is held."""
        return self._data_key is not None

    @property
    def vault_id(self) -> str:
        """The vault's random identifier (not secret)."""
        return keyfiles.read_keyfile(self.paths.keyfile).vault_id

    def data_key(self) -> bytes:
        """The data key, for backup and handover code in `vault/` only."""
        if self._data_key is None:
            raise UnlockFailed()
        return self._data_key

    # -- creation and unlock --------------------------------------------------------------

    def create(self, passphrase: str) -> str:
        """Create a new vault; return the recovery code (to be shown once, never stored)."""
        self.acquire()
        if self.exists() or self.paths.database.exists():
            raise VaultExists()
        data_key = os.urandom(keyfiles.DATA_KEY_LENGTH)
        recovery_code = new_recovery_code()
        built = keyfiles.build_keyfile(data_key, passphrase, recovery_code, self.kdf)
        from epc_tui.vault.migrations import migrate_to

        self._open_database(data_key)
        try:
            migrate_to(self.database)
            self._seed_builtin_tracks()
            self.record_event("created")
        except BaseException:
            self.lock()
            raise
        self.database.close()  # this thread may be a worker: the UI opens its own
        keyfiles.write_keyfile(self.paths.keyfile, built)
        tighten_permissions(self.paths)
        return recovery_code

    def unlock(self, passphrase: str) -> None:
        """Open the vault with the passphrase."""
        self._unlock(keyfiles.PASSPHRASE_SLOT, passphrase)

    def unlock_with_recovery_code(self, recovery_code: str) -> None:
        """Open the vault with the recovery code (before choosing a new passphrase)."""
        self._unlock(keyfiles.RECOVERY_SLOT, recovery_code)

    def _unlock(self, slot_id: str, secret: str) -> None:
        self.acquire()
        if not self.exists():
            raise VaultMissing()
        from epc_tui.vault.rotation import unlock_key

        settled = unlock_key(self.paths, slot_id, secret)  # settles an interrupted rotation
        data_key = settled.data_key
        from epc_tui.vault.migrations import migrate_to
        from epc_tui.vault.search_pending import index_pending_notes

        try:
            self._open_database(data_key)
            migrate_to(self.database)
            index_pending_notes(self.database)  # a draft left marked by a lock or a kill
            self.record_event("unlock" if slot_id == keyfiles.PASSPHRASE_SLOT else "recovery")
            if settled.event:
                self.record_event(settled.event)
        except BaseException as error:
            self.lock()
            explained = storage_errors.as_user_error(error, self.paths.data_dir)
            if explained is error:
                raise
            raise explained from None  # a damaged page or a full disk: say so, never crash
        self.database.close()  # this thread may be a worker: the UI opens its own
        self.unseen_recovery_code = settled.unseen_recovery_code
        tighten_permissions(self.paths)

    def _open_database(self, data_key: bytes) -> None:
        from epc_tui.vault.database import raw_key_literal
        from epc_tui.vault.models import ALL_MODELS

        self.database.close()
        self.database.init(str(self.paths.database), passphrase=raw_key_literal(data_key))
        self.database.bind(ALL_MODELS)
        try:
            self.database.connect(reuse_if_open=True)
        except EpcError:
            self.database.init(str(self.paths.database), passphrase="")
            raise
        self._data_key = data_key

    def add_close_listener(self, listener: Callable[[], None]) -> None:
        """Call `listener` before the vault locks or changes key: a thread that keeps its
        own connection open (search) closes it then, so no connection outlives the key."""
        self._close_listeners.append(listener)

    def remove_close_listener(self, listener: Callable[[], None]) -> None:
        """Stop calling `listener`."""
        with contextlib.suppress(ValueError):
            self._close_listeners.remove(listener)

    def _close_other_connections(self) -> None:
        for listener in list(self._close_listeners):
            with contextlib.suppress(Exception):
                listener()

    def lock(self) -> None:
        """Close the database and forget the key."""
        self._close_other_connections()
        if self._database is not None:
            with contextlib.suppress(Exception):
                self._database.close()
            self._database.init(str(self.paths.database), passphrase="")
        self._data_key = None
        self.unseen_recovery_code = None

    # -- keys -----------------------------------------------------------------------------

    def change_passphrase(self, new_passphrase: str) -> None:
        """Rewrap the data key for a new passphrase; the recovery code keeps working."""
        data_key = self.data_key()
        current = keyfiles.read_keyfile(self.paths.keyfile)
        rebuilt = keyfiles.build_keyfile(
            data_key,
            new_passphrase,
            recovery_code="",
            kdf=self.kdf,
            vault_id=current.vault_id,
            recovery_slot=current.slot(keyfiles.RECOVERY_SLOT),
        )
        keyfiles.write_keyfile(self.paths.keyfile, rebuilt)
        self.record_event("passphrase_changed")

    def reset_passphrase(self, recovery_code: str, new_passphrase: str) -> None:
        """Open with the recovery code and set a new passphrase."""
        self.unlock_with_recovery_code(recovery_code)
        self.change_passphrase(new_passphrase)

    def regenerate_recovery_code(self, passphrase: str) -> str:
        """Replace the recovery code (the old one stops working); return the new one."""
        data_key = self.data_key()
        current = keyfiles.read_keyfile(self.paths.keyfile)
        current.unwrap(keyfiles.PASSPHRASE_SLOT, passphrase)
        code = new_recovery_code()
        rebuilt = keyfiles.build_keyfile(
            data_key, passphrase, code, kdf=self.kdf, vault_id=current.vault_id
        )
        keyfiles.write_keyfile(self.paths.keyfile, rebuilt)
        self.record_event("recovery_code_regenerated")
        return code

    @contextlib.contextmanager
    def exclusive_writes(self) -> Iterator[None]:
        """No other write of this process meanwhile (the data key is being rotated)."""
        with self._write_lock:
            yield

    def adopt_rotated_key(self, data_key: bytes) -> None:
        """After `rotation.rotate_data_key` re-encrypted the database: connections opened
        from now on use the new key. A vault locked meanwhile stays locked."""
        from epc_tui.vault.database import raw_key_literal

        with self._write_lock:
            if self._data_key is None:
                return
            self._close_other_connections()
            self.database.close()
            self.database.init(str(self.paths.database), passphrase=raw_key_literal(data_key))
            self._data_key = data_key

    # -- data -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def connected(self) -> Iterator[None]:
        """A connection for this thread; closed afterwards only if opened here.

        Peewee keeps one connection per thread: the UI thread keeps its own open while
        unlocked, worker threads open one for the duration of their work.
        """
        if self._data_key is None:
            raise UnlockFailed()
        opened = self.database.is_closed()
        if opened:
            self.database.connect()
        try:
            yield
        finally:
            if opened:
                self.database.close()

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """One writer at a time, inside a transaction (saves never race).

        `BEGIN IMMEDIATE` takes the write lock first: a transaction that read before writing
        could otherwise fail at once when a backup empties the WAL meanwhile.
        """
        with self._write_lock, self.connected():
            try:
                with self.database.atomic("IMMEDIATE"):
                    yield
            except Exception as error:
                original = _before_failed_rollback(error)
                if original is error:
                    raise
                raise original from None

    def release_page_cache(self) -> None:
        """Give back the memory of this thread's connection's page cache (up to 8 MB of
        decrypted pages, zeroed when freed): a reading thread kept open after a read of the
        whole caseload otherwise holds it until the vault locks."""
        with self.connected():
            self.database.execute_sql("PRAGMA shrink_memory")

    def record_event(self, kind: str, detail: str = "") -> None:
        """Append to the audit log (kinds and counts only — never personal data)."""
        from epc_tui.vault.models import VaultEvent

        with self.connected():
            VaultEvent.create(kind=kind, detail=detail, at=datetime.now())

    def _seed_builtin_tracks(self) -> None:
        from epc_tui.vault.builtin_tracks import BUILTIN_TRACKS
        from epc_tui.vault.models import Track, TrackStep

        for spec in BUILTIN_TRACKS:
            track = Track.create(
                builtin_key=spec.builtin_key,
                name=spec.name,
                description=spec.description,
                repeat_rule=spec.repeat_rule,
                repeat_from=spec.repeat_from,
            )
            for position, step in enumerate(spec.steps):
                TrackStep.create(track=track, position=position, **step.__dict__)

    # -- checks ---------------------------------------------------------------------------

    def check(self, progress: Callable[[str], None] | None = None) -> CheckReport:
        """Verify, part by part, the key file, the cipher pages, the structure and the chain.

        Each problem names the damaged part (`check.keyfile_damaged`, `check.pages_damaged`,
        `check.structure_damaged`, `check.logbook_altered`, `check.schema_outdated`); a
        damaged database never raises here, it is reported. `progress` is told each part's
        translation key (`check.step_*`) as it starts: on 200,000 notes the whole takes
        minutes (figures in docs/performance.md).
        """
        from peewee import DatabaseError
        from sqlcipher3 import dbapi2 as sqlcipher

        from epc_tui.vault.logbook_chain import verify_chain
        from epc_tui.vault.migrations import LATEST_VERSION, current_version

        def step(key: str) -> None:
            if progress is not None:
                progress(key)

        problems: list[str] = []
        step("check.step_keyfile")
        try:
            keyfiles.read_keyfile(self.paths.keyfile)
        except KeyFileDamaged:
            problems.append("check.keyfile_damaged")
        version = 0
        with self.connected():
            database_problems = _database_problems(self.database.connection(), step)
            problems += database_problems
            try:
                version = current_version(self.database)
                if not database_problems:
                    step("check.step_logbook")
                    problems += verify_chain()
            except (DatabaseError, sqlcipher.DatabaseError):
                if not database_problems:
                    problems.append("check.structure_damaged")
        if version != LATEST_VERSION and not database_problems:
            problems.append("check.schema_outdated")
        return CheckReport(problems=tuple(problems), schema_version=version)


def _database_problems(conn: Any, step: Callable[[str], None]) -> list[str]:
    """`check.pages_damaged` when SQLCipher finds altered pages, else `check.structure_damaged`
    when SQLite's structural check fails (a file cut short passes the first, not the second).
    """
    from peewee import DatabaseError
    from sqlcipher3 import dbapi2 as sqlcipher

    step("check.step_pages")
    try:
        if list(conn.execute("PRAGMA cipher_integrity_check")):
            return ["check.pages_damaged"]
    except (DatabaseError, sqlcipher.DatabaseError):
        return ["check.pages_damaged"]
    step("check.step_structure")
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except (DatabaseError, sqlcipher.DatabaseError):
        return ["check.structure_damaged"]
    if rows != ["ok"]:
        return ["check.structure_damaged"]
    return []


def _before_failed_rollback(error: BaseException) -> BaseException:
    """The error that made a transaction roll back, when the rollback itself failed because
    SQLite had already rolled it back (a full disk does): otherwise `error` itself."""
    while "no transaction is active" in str(error) or "no such savepoint" in str(error):
        if error.__context__ is None:
            break
        error = error.__context__
    return error
