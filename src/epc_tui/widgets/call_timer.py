"""The running timer of a call: minutes and seconds since the call began.

It reads the application's clock, like the duration recorded at the end of the call, so what
the coach sees is what gets saved, and a fixed clock (tests, screenshots) freezes it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.reactive import reactive
from textual.widgets import Static


def format_elapsed(seconds: float) -> str:
    """`07:42`, or `1:07:42` past an hour."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class CallTimer(Static):
    """Counts up from `started` by `now()`; `stop()` freezes it at the end of the call."""

    DEFAULT_CSS = """
    CallTimer {
        width: auto;
        text-style: bold;
        padding: 0 1;
    }
    """

    elapsed: reactive[float] = reactive(0.0)
    """Seconds since the call began."""

    def __init__(
        self, started: datetime, now: Callable[[], datetime], *, id: str | None = None
    ) -> None:
        self._started = started
        self._now = now
        self._stopped = False
        super().__init__(format_elapsed(self._seconds()), id=id)

    def _seconds(self) -> float:
        return (self._now() - self._started).total_seconds()

    def on_mount(self) -> None:
        """Tick twice a second (the label only changes once a second)."""
        self.set_interval(0.5, self._tick)

    def _tick(self) -> None:
        if not self._stopped:
            self.elapsed = self._seconds()

    def watch_elapsed(self, elapsed: float) -> None:
        """Redraw the label."""
        self.update(format_elapsed(elapsed))

    def resume(self) -> None:
        """Count on (back to the call after ending by mistake)."""
        self._stopped = False

    def stop(self) -> float:
        """Freeze the timer; return the seconds counted."""
        self._tick()
        self._stopped = True
        return self.elapsed
