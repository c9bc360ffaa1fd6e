"""Python's cyclic garbage collector, run in the coach's idle moments instead of at random.

A full collection walks every object of the open application — 150,000 to 300,000 with the
large caseload and the areas built ahead — and takes 70–200 ms during which nothing is drawn;
left to itself it lands on a keystroke now and then (the slowest caseload keys and calendar
moves were such pauses). In an idle moment the application collects everything and freezes
what survives (`gc.freeze`): later automatic collections walk only the objects made since.
Frozen objects are never collected, so the work is redone every minute of idleness (garbage
among them is freed then) and undone when locking, when the screens that held personal data
are dropped and must really be freed, and when the application ends.
"""

from __future__ import annotations

import gc
import time

COLLECT_EVERY_SECONDS = 60.0


class IdleCollector:
    """Collects and freezes at most once a minute, when asked in an idle moment."""

    def __init__(self, every_seconds: float = COLLECT_EVERY_SECONDS) -> None:
        self.every_seconds = every_seconds
        self._last: float | None = None

    @property
    def due(self) -> bool:
        """Never collected since the last release, or not for a minute."""
        return self._last is None or time.monotonic() - self._last >= self.every_seconds

    def collect(self) -> None:
        """Free the garbage among everything (frozen included), then freeze the survivors."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._last = time.monotonic()

    def put_aside(self) -> None:
        """Leave everything that exists now out of automatic collections, without collecting
        (`gc.freeze` costs nothing). Done as the vault opens and at the next tick, when its
        first view is drawn: a full collection landing in the first opening of an area then
        walks only what was made since (14-34 ms instead of 80-150 ms on the large vault).
        Garbage among it is freed by the first `collect`, in an idle moment."""
        gc.freeze()

    def release(self) -> None:
        """Let the collector free everything again (locking, exit); the next automatic or
        explicit collection frees what is unreachable."""
        gc.unfreeze()
        self._last = None
