"""Tracks → check-ins: the dates of a person's planned meetings, as pure functions.

Calendar arithmetic uses `relativedelta` (31 January + 1 month = 28/29 February). Each step is
offset from the anchor date (training or first prescription) or from the previous meeting;
after the last step a repeat rule (RRULE text, or a person's cadence) continues up to a
horizon. Dates may be moved off weekends and public holidays to the next working day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

from epc_tui.vault.records import PlannedSlot as PlannedCheckIn

CADENCE_RULES = {
    "weekly": "FREQ=WEEKLY;INTERVAL=1",
    "biweekly": "FREQ=WEEKLY;INTERVAL=2",
    "monthly": "FREQ=MONTHLY;INTERVAL=1",
}
HELD_STATUSES = frozenset({"done", "missed", "cancelled"})


@dataclass(frozen=True)
class StepRule:
    """One step of a track (mirrors the TrackStep model)."""

    key: str
    label: str
    offset_amount: int
    offset_unit: str = "months"  # days, weeks, months
    offset_from: str = "anchor"  # anchor, previous
    window_before_days: int = 7
    window_after_days: int = 14


@dataclass(frozen=True)
class TrackRule:
    """A track's steps and what follows them."""

    steps: tuple[StepRule, ...]
    repeat_rule: str | None = None
    repeat_window_days: int = 7


@dataclass(frozen=True)
class WorkingDays:
    """Which days a meeting may fall on."""

    skip_weekends: bool = False
    holidays: frozenset[date] = field(default_factory=frozenset)

    def next_working_day(self, day: date) -> date:
        """`day`, or the first following day that is neither weekend nor holiday."""
        while (self.skip_weekends and day.weekday() >= 5) or day in self.holidays:
            day += timedelta(days=1)
        return day


def public_holidays(region: str, subdivision: str, years: Iterable[int]) -> frozenset[date]:
    """Public holidays of Canada (a province) or France for `years` (the `holidays` library)."""
    import holidays

    if region == "FR":
        calendar = holidays.country_holidays("FR", years=list(years))
    else:
        calendar = holidays.country_holidays("CA", subdiv=subdivision or "QC", years=list(years))
    return frozenset(calendar.keys())


def _offset(base: date, amount: int, unit: str) -> date:
    if unit == "days":
        return base + timedelta(days=amount)
    if unit == "weeks":
        return base + timedelta(weeks=amount)
    if unit == "months":
        moved: date = base + relativedelta(months=amount)
        return moved
    raise ValueError(f"unknown offset unit {unit!r}")


def repeat_rule_for(track: TrackRule, cadence: str) -> str | None:
    """The person's cadence (weekly, biweekly, monthly or an RRULE) or the track's rule."""
    if cadence in CADENCE_RULES:
        return CADENCE_RULES[cadence]
    if cadence.upper().startswith("FREQ="):
        return cadence
    return track.repeat_rule


def plan_check_ins(
    track: TrackRule,
    anchor: date,
    horizon: date,
    cadence: str = "",
    working_days: WorkingDays | None = None,
) -> list[PlannedCheckIn]:
    """Every planned meeting from `anchor` up to `horizon`, in date order.

    Steps offset "from previous" count from the previous step's date as computed (before a
    move off a weekend), so moving one meeting never drifts the whole plan.
    """
    days = working_days or WorkingDays()
    plan: list[PlannedCheckIn] = []
    previous = anchor
    for step in track.steps:
        base = anchor if step.offset_from == "anchor" else previous
        ideal = _offset(base, step.offset_amount, step.offset_unit)
        previous = ideal
        moved = days.next_working_day(ideal)
        plan.append(
            PlannedCheckIn(
                sequence=len(plan),
                step_key=step.key,
                label=step.label,
                planned_date=moved,
                window_start=ideal - timedelta(days=step.window_before_days),
                window_end=max(moved, ideal + timedelta(days=step.window_after_days)),
            )
        )
    rule = repeat_rule_for(track, cadence)
    if rule:
        start = datetime.combine(previous, datetime.min.time())
        for occurrence in rrulestr(rule, dtstart=start):
            day = occurrence.date()
            if day <= previous:
                continue
            if day > horizon:
                break
            moved = days.next_working_day(day)
            plan.append(
                PlannedCheckIn(
                    sequence=len(plan),
                    step_key="repeat",
                    label="",
                    planned_date=moved,
                    window_start=day - timedelta(days=track.repeat_window_days),
                    window_end=max(moved, day + timedelta(days=track.repeat_window_days)),
                )
            )
    return plan


@dataclass(frozen=True)
class ExistingCheckIn:
    """A check-in already in the vault, as the re-planner sees it."""

    id: int
    sequence: int
    planned_date: date
    status: str
    has_notes_or_attempts: bool


@dataclass(frozen=True)
class Replan:
    """What a re-plan changes: new dates for kept rows, rows to add, rows to remove."""

    move: tuple[tuple[int, PlannedCheckIn], ...]
    add: tuple[PlannedCheckIn, ...]
    remove: tuple[int, ...]


def replan(
    existing: Sequence[ExistingCheckIn], new_plan: Sequence[PlannedCheckIn], today: date
) -> Replan:
    """Re-plan "from this one on": only future, not-yet-held check-ins change.

    Held meetings (done, missed, cancelled) and past ones stay exactly as they were, and the
    steps they stand for are not planned again. Open future check-ins take the new dates in
    order; those left over are removed unless they carry notes or attempts (then kept).
    """
    kept = [row for row in existing if row.status in HELD_STATUSES or row.planned_date < today]
    covered = {row.sequence for row in kept}
    open_rows = sorted(
        (row for row in existing if row not in kept),
        key=lambda row: (row.planned_date, row.sequence),
    )
    wanted = [
        item for item in new_plan if item.planned_date >= today and item.sequence not in covered
    ]
    move = tuple(zip((row.id for row in open_rows), wanted, strict=False))
    leftover_rows = open_rows[len(move) :]
    remove = tuple(row.id for row in leftover_rows if not row.has_notes_or_attempts)
    return Replan(move=move, add=tuple(wanted[len(move) :]), remove=remove)
