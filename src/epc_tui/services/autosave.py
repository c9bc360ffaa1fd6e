"""When to autosave a note: debounced after a pause, but never later than a maximum wait.

A pure schedule, driven by the screen's timer with monotonic times: a pause of `delay` seconds
saves; continuous typing still saves every `max_wait` seconds, so a kill loses at most about
that much. Saves coalesce: while one is being written, edits only mark the note dirty again.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class AutosaveSchedule:
    """Tracks edits and saves of one note."""

    delay: float = 1.0
    max_wait: float = 1.5
    _first_pending: float | None = field(default=None, init=False)
    _last_edit: float = field(default=0.0, init=False)
    _edits: int = field(default=0, init=False)
    _saved_edits: int = field(default=0, init=False)
    _in_flight: int | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.delay = max(0.05, self.delay)
        self.max_wait = max(self.delay, self.max_wait)

    @property
    def dirty(self) -> bool:
        """Edits not yet written."""
        return self._edits != self._saved_edits

    @property
    def saving(self) -> bool:
        """A save is being written."""
        return self._in_flight is not None

    def edited(self, now: float) -> None:
        """The text or the cursor changed."""
        self._edits += 1
        self._last_edit = now
        if self._first_pending is None:
            self._first_pending = now

    def due(self, now: float) -> bool:
        """True when a save should start now."""
        if not self.dirty or self.saving or self._first_pending is None:
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
        """A save ended; edits made meanwhile stay pending (and are due again soon)."""
        self._in_flight = None
        if ok:
            self._saved_edits = max(self._saved_edits, mark)
        if self.dirty and self._first_pending is None:
            self._first_pending = now if ok else now - self.max_wait

    def saved_now(self) -> None:
        """Everything was written synchronously (before a lock or leaving the screen)."""
        self._saved_edits = self._edits
        self._first_pending = None
