"""What the calendar shows first, read in one job on its reading thread: the month's counts
and the selected day's agenda and follow-up actions.

One job rather than three awaited one after the other: the screen waits for it (briefly) while
being built, so its first frame shows the month and the day; the same job, run at unlock on
the calendar's reading thread, leaves the pages it needs in that thread's cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from epc_tui.vault import check_ins, logbook
from epc_tui.vault.check_ins import AgendaEntry, ChangeWatch, DayCount
from epc_tui.vault.logbook import ActionRecord
from epc_tui.vault.vault import Vault


@dataclass(frozen=True, slots=True)
class FirstCalendarRead:
    """A month's counts (from `start` to `end`) and one day's agenda and actions."""

    start: date
    end: date
    counts: dict[date, DayCount]
    day: date
    entries: list[AgendaEntry]
    actions: list[ActionRecord]


def read_first(
    vault: Vault,
    day: date,
    visible: tuple[date, date],
    today: date,
    watch: ChangeWatch | None = None,
) -> FirstCalendarRead:
    """Read the counts of the `visible` days and `day`'s agenda; with `watch`, first note
    the vault's version these reads are of (on the same thread, as `ChangeWatch` wants)."""
    if watch is not None:
        watch.changed(vault)
    start, end = visible
    return FirstCalendarRead(
        start,
        end,
        check_ins.day_counts(vault, start, end, today),
        day,
        check_ins.agenda_between(vault, day, day),
        logbook.actions_due_between(vault, day, day),
    )
