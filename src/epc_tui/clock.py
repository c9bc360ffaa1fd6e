"""Injectable time, so tests can fix "today" (every calendar test would change daily otherwise)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


class Clock:
    """The real clock."""

    def now(self) -> datetime:
        """Local wall-clock time, naive (check-ins keep their local time)."""
        return datetime.now()

    def today(self) -> date:
        """Local date."""
        return self.now().date()


@dataclass
class FixedClock(Clock):
    """A clock stopped at a given moment (tests, benchmarks, the demo's screenshots)."""

    moment: datetime

    def now(self) -> datetime:
        """The fixed moment."""
        return self.moment

    def advance(self, **delta: float) -> None:
        """Move the fixed moment forward, e.g. `advance(minutes=5)`."""
        from datetime import timedelta

        self.moment = self.moment + timedelta(**delta)
