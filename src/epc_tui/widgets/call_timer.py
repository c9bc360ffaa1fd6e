"""The running timer of a call: minutes and seconds since the call began."""

from __future__ import annotations

import time

from textual.reactive import reactive
from textual.widgets import Static


def format_elapsed(seconds: float) -> str:
    """`07:42`, or `1:07:42` past an hour."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class CallTimer(Static):
    """Counts up from its start; `stop()` freezes it at the end of the call."""

    DEFAULT_CSS = """
    CallTimer {
        width: auto;
        text-style: bold;
        padding: 0 1;
    }
    """

    elapsed: reactive[float] = reactive(0.0)
    """Seconds since the call began."""

    def __init__(self, already: float = 0.0, *, id: str | None = None) -> None:
        super().__init__(format_elapsed(already), id=id)
        self._started = time.monotonic() - already
        self._stopped = False

    def on_mount(self) -> None:
        """Tick twice a second (the label only changes once a second)."""
        self.set_interval(0.5, self._tick)

    def _tick(self) -> None:
        if not self._stopped:
            self.elapsed = time.monotonic() - self._started

    def watch_elapsed(self, elapsed: float) -> None:
        """Redraw the label."""
        self.update(format_elapsed(elapsed))

    def resume(self) -> None:
        """Count on from where it stopped (back to the call after ending by mistake)."""
        self._stopped = False

    def stop(self) -> float:
        """Freeze the timer; return the seconds counted."""
        self._tick()
        self._stopped = True
        return self.elapsed
