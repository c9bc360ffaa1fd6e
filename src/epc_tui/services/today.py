"""The today view: who to call now, in the order a coach would take them.

Overdue check-ins first (oldest first), then today's (by time), then held meetings whose note
is missing, then the next seven days, where people whose targeting criteria call for closer
follow-up (shock, isolation, anxiety…) come first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from epc_tui.vault import check_ins as check_in_store
from epc_tui.vault.people import people_by_ids
from epc_tui.vault.records import CheckInRecord, PersonRecord
from epc_tui.vault.vault import Vault

GROUPS = ("overdue", "today", "note_missing", "week")
WEEK_DAYS = 7
PER_GROUP = 100  # lines shown per group; the summary gives the totals
NOTE_MISSING_DAYS = 3650  # "until the note is written": ten years covers any real vault


@dataclass(frozen=True)
class TodayItem:
    """One line of the today view."""

    group: str
    check_in: CheckInRecord
    person: PersonRecord

    @property
    def priority(self) -> int:
        """How many targeting criteria the person meets (more = call first)."""
        return len(self.person.criteria)


def order_items(items: Sequence[TodayItem]) -> list[TodayItem]:
    """Overdue (oldest first), today (by time), notes missing, then the coming days with
    people whose targeting criteria call for closer follow-up first."""
    return sorted(
        items,
        key=lambda item: (
            GROUPS.index(item.group),
            -item.priority if item.group == "week" else 0,
            item.check_in.planned_date,
            item.check_in.planned_time or "99:99",
            item.person.full_name,
        ),
    )


def load_today(vault: Vault, today: date) -> list[TodayItem]:
    """Every line of the today view for active people."""
    with vault.connected():  # one connection for the four queries
        return _load_today(vault, today)


def _load_today(vault: Vault, today: date) -> list[TodayItem]:
    grouped: list[tuple[str, CheckInRecord]] = []
    overdue = check_in_store.overdue_check_ins(vault, today, limit=PER_GROUP)
    grouped += [("overdue", item) for item in overdue]
    todays = check_in_store.check_ins_between(vault, today, today, ["planned"], PER_GROUP)
    grouped += [("today", item) for item in todays]
    week = check_in_store.check_ins_between(
        vault, today + timedelta(days=1), today + timedelta(days=WEEK_DAYS), ["planned"], PER_GROUP
    )
    grouped += [("week", item) for item in week]
    since = today - timedelta(days=NOTE_MISSING_DAYS)
    missing = check_in_store.held_without_note(vault, since, limit=PER_GROUP)
    grouped += [("note_missing", item) for item in missing]
    people = people_by_ids(vault, (item.person_id for _, item in grouped))
    items = [
        TodayItem(group, item, people[item.person_id])
        for group, item in grouped
        if item.person_id in people
        and (group == "note_missing" or people[item.person_id].status == "active")
    ]
    return order_items(items)


def actions_due(vault: Vault, today: date) -> list[Any]:
    """Open follow-up actions overdue or due within the week (the logbook's `ActionRecord`s)."""
    from epc_tui.vault.logbook import actions_due_between

    return actions_due_between(vault, date.min, today + timedelta(days=WEEK_DAYS))


def totals(vault: Vault, today: date) -> dict[str, int]:
    """How many lines each group has in all (the view lists at most PER_GROUP of each)."""
    return check_in_store.today_totals(
        vault,
        today,
        today + timedelta(days=WEEK_DAYS),
        today - timedelta(days=NOTE_MISSING_DAYS),
    )


def group_counts(items: Sequence[TodayItem]) -> dict[str, int]:
    """How many lines per group, for the summary line."""
    counts = dict.fromkeys(GROUPS, 0)
    for item in items:
        counts[item.group] += 1
    return counts
