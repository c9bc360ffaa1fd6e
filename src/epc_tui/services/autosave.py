"""When and how to autosave a note, and what to do when the disk refuses it.

`AutosaveSchedule` is a pure schedule, driven by the screen's timer with monotonic times: a
pause of `delay` seconds saves; continuous typing still saves every `max_wait` seconds, so a
kill loses at most about that much. Saves coalesce: while one is being written, edits only mark
the note dirty again. A failed save is retried at once (a passing hiccup), then every
`retry_after` seconds until it succeeds (a full or read-only disk); meanwhile the text stays in
the editor, in memory only.

`write_note` writes the text, cursor and fields in one transaction and turns a disk fault into
its `EpcError`; `save_problem` says which sentence the note's status line shows; `UnsavedNotes`
keeps a note the disk refused across a lock, in memory, so locking on a full disk costs no word.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from epc_tui.vault import logbook, storage_errors
from epc_tui.vault.errors import DatabaseDamaged, EpcError
from epc_tui.vault.vault import Vault


@dataclass
class AutosaveSchedule:
    """Tracks edits and saves of one note."""

    delay: float = 1.0
    max_wait: float = 1.5
    retry_after: float = 2.0
    _first_pending: float | None = field(default=None, init=False)
    _last_edit: float = field(default=0.0, init=False)
    _edits: int = field(default=0, init=False)
    _saved_edits: int = field(default=0, init=False)
    _in_flight: int | None = field(default=None, init=False)
    _retry_at: float | None = field(default=None, init=False)
    _failures: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.delay = max(0.05, self.delay)
        self.max_wait = max(self.delay, self.max_wait)
        self.retry_after = max(0.05, self.retry_after)

    @property
    def dirty(self) -> bool:
        """Edits not yet written."""
        return self._edits != self._saved_edits

    @property
    def saving(self) -> bool:
        """A save is being written."""
        return self._in_flight is not None

    @property
    def failing(self) -> bool:
        """The last save was refused: the note is in memory only until a retry succeeds."""
        return self._failures > 0

    def edited(self, now: float) -> None:
        """The text or the cursor changed."""
        self._edits += 1
        self._last_edit = now
        if self._first_pending is None:
            self._first_pending = now

    def due(self, now: float) -> bool:
        """True when a save should start now."""
        if not self.dirty or self.saving:
            return False
        if self._retry_at is not None:
            return now >= self._retry_at
        if self._first_pending is None:
            return False
        idle = now - self._last_edit
        waited = now - self._first_pending
        return idle >= self.delay or waited >= self.max_wait

    def started(self) -> int:
        """A save starts with the current text; returns its edit mark."""
        self._in_flight = self._edits
        self._first_pending = None
        return self._edits

    def finished(self, mark: int, ok: bool, now: float) -> None:
        """A save ended; edits made meanwhile stay pending (and are due again soon). A failed
        save is retried at once the first time, then `retry_after` seconds later, edits or not."""
        self._in_flight = None
        if ok:
            self._saved_edits = max(self._saved_edits, mark)
            self._retry_at = None
            self._failures = 0
        else:
            self._failures += 1
            self._retry_at = now if self._failures == 1 else now + self.retry_after
        if self.dirty and self._first_pending is None:
            self._first_pending = now

    def saved_now(self) -> None:
        """Everything was written synchronously (before a lock or leaving the screen)."""
        self._saved_edits = self._edits
        self._first_pending = None
        self._retry_at = None
        self._failures = 0

    def refused_now(self, now: float) -> None:
        """A synchronous save was refused: keep the edits pending and retry later."""
        if not self.dirty:
            self._edits += 1
        self._failures += 1
        self._retry_at = now + self.retry_after


def storage_fault(error: BaseException, directory: Path) -> EpcError | None:
    """The coach-facing error when `error` is the disk refusing a write; None otherwise
    (a bug or a rule of the logbook, which callers handle as before)."""
    if isinstance(error, DatabaseDamaged) and storage_errors.disk_nearly_full(directory):
        return storage_errors.StorageFull()  # a connection refused on a full disk reads so
    if isinstance(error, EpcError):
        return error if type(error).__module__ == storage_errors.__name__ else None
    explained = storage_errors.as_user_error(error, directory)
    if isinstance(explained, EpcError) and not isinstance(explained, DatabaseDamaged):
        return explained
    return None


@contextmanager
def storage_faults_explained(vault: Vault) -> Iterator[None]:
    """Turn a full disk, a read-only or refused folder met while writing into its `EpcError`
    (one sentence the coach can act on), leaving every other error as it is."""
    try:
        yield
    except Exception as error:
        explained = storage_fault(error, vault.paths.data_dir)
        if explained is None or explained is error:
            raise
        raise explained from None


def write_note(
    vault: Vault,
    entry_id: int,
    text: str,
    cursor: tuple[int, int],
    fields: logbook.NoteFields | None,
    at: datetime,
) -> None:
    """Autosave a note: text, cursor and (when the screen shows them) fields, in one
    transaction; a disk fault raises `StorageFull`, `StorageReadOnly`… and writes nothing."""
    with storage_faults_explained(vault), vault.writing():
        logbook.save_text(vault, entry_id, text, cursor, at)
        if fields is not None:
            logbook.save_fields(vault, entry_id, fields, at)


SAVE_PROBLEM_KEYS: dict[type[EpcError], str] = {
    storage_errors.StorageFull: "note.disk_full_kept",
    storage_errors.StorageReadOnly: "note.read_only_kept",
}


def save_problem(error: BaseException | None) -> str | None:
    """The message key the note's status line shows after a failed save (None: saved)."""
    if error is None:
        return None
    kind = type(error)
    if issubclass(kind, EpcError) and kind in SAVE_PROBLEM_KEYS:
        return SAVE_PROBLEM_KEYS[kind]
    return "note.save_failed_kept"


@dataclass(frozen=True)
class UnsavedNote:
    """A note's text and cursor that the disk refused, held in memory."""

    text: str
    cursor: tuple[int, int]


class UnsavedNotes:
    """Notes the disk refused when the vault locked, kept in memory (never on disk) and
    handed back to the note's screen when it is rebuilt after unlock."""

    def __init__(self) -> None:
        self._notes: dict[tuple[str, int], UnsavedNote] = {}

    def keep(self, vault: Vault, entry_id: int, text: str, cursor: tuple[int, int]) -> None:
        """Hold the note of `entry_id` until its screen comes back."""
        self._notes[(str(vault.paths.data_dir), entry_id)] = UnsavedNote(text, cursor)

    def take(self, vault: Vault, entry_id: int) -> UnsavedNote | None:
        """The held note of `entry_id`, forgotten here once taken."""
        return self._notes.pop((str(vault.paths.data_dir), entry_id), None)


UNSAVED_NOTES = UnsavedNotes()
"""The one holder of the application (a process edits one vault)."""
