"""The days' agendas the calendar keeps, read ahead where the coach may move next.

After the day on screen is read, the calendar reads the days a move lands on (PageDown and
PageUp: the same day of the next and previous month; the arrows: the next and previous day and
week) on its reading thread, so such a move shows the new day in the frame that shows the move,
with no read in between. They follow the rules of the months' counts the grid keeps: forgotten
on any change the calendar makes, when it comes back on screen after a write elsewhere, and
past midnight (the overdue marks change).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from epc_tui.vault.check_ins import AgendaEntry
from epc_tui.vault.logbook import ActionRecord
from epc_tui.widgets.month_grid import shift_months

DAYS_KEPT = 16  # the day on screen, the six a move lands on, and a few the coach came from


@dataclass(frozen=True, slots=True)
class DayRead:
    """One day as read from the vault: its meetings and the follow-up actions due."""

    entries: tuple[AgendaEntry, ...]
    actions: tuple[ActionRecord, ...]


def days_a_move_reaches(day: date) -> list[date]:
    """Where the calendar's keys go from `day`, most used first: PageDown, PageUp (clamped to
    the month's end, as the grid moves), then →, ←, ↓, ↑."""
    return [
        shift_months(day, 1),
        shift_months(day, -1),
        day + timedelta(days=1),
        day - timedelta(days=1),
        day + timedelta(days=7),
        day - timedelta(days=7),
    ]


class KeptDays:
    """A few days' agendas, the most recently kept last; the oldest go beyond `DAYS_KEPT`."""

    def __init__(self, limit: int = DAYS_KEPT) -> None:
        self._limit = limit
        self._days: OrderedDict[date, DayRead] = OrderedDict()

    def keep(
        self, day: date, entries: Sequence[AgendaEntry], actions: Sequence[ActionRecord]
    ) -> None:
        """Keep what was read for `day` (replacing what was kept for it)."""
        self._days[day] = DayRead(tuple(entries), tuple(actions))
        self._days.move_to_end(day)
        while len(self._days) > self._limit:
            self._days.popitem(last=False)

    def get(self, day: date) -> DayRead | None:
        """What is kept for `day`, if anything."""
        return self._days.get(day)

    def refresh(self, day: date) -> bool:
        """Whether `day` is kept; if so it becomes the most recent, so the days around the
        coach are the last to go."""
        if day not in self._days:
            return False
        self._days.move_to_end(day)
        return True

    def __contains__(self, day: object) -> bool:
        return day in self._days

    def __len__(self) -> int:
        return len(self._days)

    def forget(self) -> None:
        """The vault changed (or may have), or midnight passed: nothing kept is current."""
        self._days.clear()
