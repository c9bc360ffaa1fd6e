"""The today view: who to call now, in the order a coach would take them.

Overdue check-ins first (oldest first), then today's (by time), then held meetings whose note
is missing, then the next seven days, where people whose targeting criteria call for closer
follow-up (shock, isolation, anxiety…) come first. After each unlock, repeating plans that
end within a year are extended in the background, so the view never runs dry.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from epc_tui.services.enrolment import plan_for, working_days
from epc_tui.settings import Settings
from epc_tui.vault import check_ins as check_in_store
from epc_tui.vault import tracks as track_store
from epc_tui.vault.people import extend_plan, people_by_ids, plans_ending_before
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


EXAMINED_BETWEEN_RESTS = 50  # people whose plan is worked out between two rests


def keep_plans_ahead(
    vault: Vault,
    settings: Settings,
    now: datetime,
    at_most: int = 200,
    keep_going: Callable[[], bool] = lambda: True,
    pause_seconds: float = 0.0,
) -> int:
    """Extend repeating plans (yearly reviews, cadences) that end within a year; return how
    many people got new check-ins.

    Plans are written up to two years ahead at enrolment; this runs in the background after
    each unlock so a vault used for years never runs out of planned check-ins. The people
    whose plan ends within a year are read at once, soonest first, and each one's plan is
    worked out in memory: only those whose track produces steps after their last planned one
    are written (at most `at_most` per run). People whose plan has nothing more to give yet
    (their held meetings already cover it up to the horizon) cost no write and no longer
    hold the places of the others. Check-ins are only added: one the coach moved stays where
    they put it. Stops as soon as `keep_going()` is false or the vault locks; rests
    `pause_seconds` after each write and every `EXAMINED_BETWEEN_RESTS` people, so the
    screens' own threads keep the interpreter.
    """
    today = now.date()
    days = working_days(settings, today)
    extended = 0
    with vault.connected():  # one connection for the run (one per read cost ~100 ms each)
        tracks = {track.id: track for track in track_store.list_tracks(vault, True)}
        ends = plans_ending_before(vault, today + relativedelta(years=1))
        for examined, end in enumerate(ends, start=1):
            if extended >= at_most or not keep_going() or not vault.is_unlocked:
                break
            plan = plan_for(
                tracks.get(end.track_id), end.anchor_date, end.cadence, settings, today, days
            )
            new = [
                slot
                for slot in plan
                if slot.sequence > end.last_sequence and slot.planned_date >= today
            ]
            if new and extend_plan(vault, end.person_id, end.track_id, new):
                extended += 1
                if pause_seconds:
                    time.sleep(pause_seconds)
            elif pause_seconds and examined % EXAMINED_BETWEEN_RESTS == 0:
                time.sleep(pause_seconds)
    return extended
