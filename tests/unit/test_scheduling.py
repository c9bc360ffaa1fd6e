"""The scheduler: calendar months, offsets, windows, weekends and holidays, re-planning."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from epc_tui.services.scheduling import (
    ExistingCheckIn,
    StepRule,
    TrackRule,
    WorkingDays,
    plan_check_ins,
    public_holidays,
    replan,
)

FIRST_YEAR = TrackRule(
    steps=(
        StepRule("m1", "1 mois", 1),
        StepRule("m3", "3 mois", 3),
        StepRule("m6", "6 mois", 6),
        StepRule("m12", "12 mois", 12),
    ),
    repeat_rule="FREQ=YEARLY;INTERVAL=1",
)
ORAL = TrackRule(
    steps=(StepRule("j2", "J+2", 2, "days", "anchor", 0, 1),),
    repeat_rule="FREQ=WEEKLY;INTERVAL=2",
)


def test_first_year_from_31_january_uses_calendar_months() -> None:
    """31 January + 1 month is the end of February (28 or 29), then 30 April, 31 July…"""
    plan = plan_check_ins(FIRST_YEAR, date(2028, 1, 31), horizon=date(2029, 6, 1))
    dates = [item.planned_date for item in plan]
    assert dates[:4] == [date(2028, 2, 29), date(2028, 4, 30), date(2028, 7, 31), date(2029, 1, 31)]
    assert plan[0].step_key == "m1" and plan[3].step_key == "m12"
    assert len(plan) == 4  # the yearly review after m12 falls past the horizon


def test_oral_therapy_j2_then_cadence() -> None:
    """First call at J+2, then every two weeks (or the person's own cadence)."""
    plan = plan_check_ins(ORAL, date(2026, 11, 2), horizon=date(2026, 12, 31))
    assert plan[0].planned_date == date(2026, 11, 4)
    assert [b.planned_date - a.planned_date for a, b in zip(plan, plan[1:], strict=False)] == [
        timedelta(weeks=2)
    ] * (len(plan) - 1)
    weekly = plan_check_ins(ORAL, date(2026, 11, 2), date(2026, 12, 31), cadence="weekly")
    assert weekly[1].planned_date == date(2026, 11, 11)


def test_weekend_and_quebec_holiday_move_to_next_working_day() -> None:
    """A step on Saturday moves to Monday; Christmas and Boxing Day are skipped in Québec."""
    days = WorkingDays(skip_weekends=True, holidays=public_holidays("CA", "QC", [2026]))
    track = TrackRule(steps=(StepRule("x", "x", 0, "days"),))
    assert plan_check_ins(track, date(2026, 11, 21), date(2027, 1, 1), working_days=days)[
        0
    ].planned_date == date(2026, 11, 23)
    assert plan_check_ins(track, date(2026, 12, 25), date(2027, 1, 1), working_days=days)[
        0
    ].planned_date == date(2026, 12, 28)


anchors = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=200)
@given(anchor=anchors, skip=st.booleans())
def test_plan_properties(anchor: date, skip: bool) -> None:
    """Dates ordered, one check-in per step, each inside its window, never on a weekend."""
    days = WorkingDays(skip_weekends=skip)
    plan = plan_check_ins(FIRST_YEAR, anchor, anchor + timedelta(days=800), working_days=days)
    dates = [item.planned_date for item in plan]
    assert dates == sorted(dates)
    assert [item.step_key for item in plan[:4]] == ["m1", "m3", "m6", "m12"]
    assert [item.sequence for item in plan] == list(range(len(plan)))
    for item in plan:
        assert item.window_start <= item.planned_date <= item.window_end
        if skip:
            assert item.planned_date.weekday() < 5
    ideal = anchor + relativedelta(months=1)
    assert 0 <= (plan[0].planned_date - ideal).days <= (2 if skip else 0)


@settings(max_examples=200)
@given(
    anchor=anchors,
    new_anchor_shift=st.integers(min_value=-60, max_value=60),
    statuses=st.lists(
        st.sampled_from(["planned", "done", "missed", "cancelled"]), min_size=4, max_size=6
    ),
    notes=st.lists(st.booleans(), min_size=6, max_size=6),
    today_offset=st.integers(min_value=0, max_value=500),
)
def test_replan_never_touches_held_meetings(
    anchor: date,
    new_anchor_shift: int,
    statuses: list[str],
    notes: list[bool],
    today_offset: int,
) -> None:
    """Held or past check-ins are neither moved nor removed; rows with notes are never removed."""
    horizon = anchor + timedelta(days=800)
    old = plan_check_ins(FIRST_YEAR, anchor, horizon)
    existing = [
        ExistingCheckIn(
            id=i + 1,
            sequence=item.sequence,
            planned_date=item.planned_date,
            status=statuses[i % len(statuses)],
            has_notes_or_attempts=notes[i % 6],
        )
        for i, item in enumerate(old)
    ]
    today = anchor + timedelta(days=today_offset)
    new = plan_check_ins(FIRST_YEAR, anchor + timedelta(days=new_anchor_shift), horizon)
    result = replan(existing, new, today)
    touched = {row_id for row_id, _ in result.move} | set(result.remove)
    for row in existing:
        if row.status != "planned" or row.planned_date < today:
            assert row.id not in touched
        if row.has_notes_or_attempts:
            assert row.id not in result.remove
    for _, planned in result.move:
        assert planned.planned_date >= today
    for planned in result.add:
        assert planned.planned_date >= today
