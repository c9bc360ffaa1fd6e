"""Check-ins: the calendar's queries and the changes a coach makes, each kept in the history.

Rescheduling and status changes write a `CheckInChange` beside the new value, so nothing
about a meeting is ever lost. Queries return `CheckInRecord`s with what the today view and the
calendar flag: attempts made and whether the note is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from peewee import SQL, fn

from epc_tui.vault.errors import EpcError
from epc_tui.vault.models import (
    CallAttempt,
    CheckIn,
    CheckInChange,
    LogbookEntry,
    Person,
    TrackStep,
)
from epc_tui.vault.records import (
    CHECK_IN_STATUSES,
    CheckInChangeRecord,
    CheckInRecord,
    PlannedSlot,
    day_from_row,
    moment_from_row,
)
from epc_tui.vault.vault import Vault


@dataclass(frozen=True)
class DayCount:
    """What the month grid shows for one day."""

    planned: int = 0
    held: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        """Every check-in of the day, whatever its status."""
        return self.planned + self.held


COLUMNS = (
    CheckIn.id,
    CheckIn.uid,
    CheckIn.person,
    Person.full_name,
    Person.code,
    Person.kind,
    CheckIn.step,
    CheckIn.label,
    CheckIn.sequence,
    CheckIn.kind,
    CheckIn.planned_date,
    CheckIn.planned_time,
    CheckIn.window_start,
    CheckIn.window_end,
    CheckIn.status,
    CheckIn.mode,
    CheckIn.duration_planned_min,
    CheckIn.held_at,
    CheckIn.duration_seconds,
)


def _query() -> Any:
    """Check-ins with their person's name, code and kind (built with peewee, read raw)."""
    return CheckIn.select(*COLUMNS).join(Person)


def _rows(query: Any) -> list[tuple[Any, ...]]:
    """Run a query and return raw rows: no ORM object or per-value converter per row (the
    calendar's busiest day holds hundreds of check-ins)."""
    sql, params = query.sql()
    return list(CheckIn._meta.database.execute_sql(sql, params).fetchall())


def _attempt_facts(ids: Sequence[int]) -> dict[int, tuple[int, datetime, str]]:
    facts: dict[int, tuple[int, datetime, str]] = {}
    for chunk in _chunks(ids):
        rows: Any = (
            CallAttempt.select(CallAttempt.check_in, CallAttempt.at, CallAttempt.outcome)
            .where(CallAttempt.check_in.in_(chunk))
            .order_by(CallAttempt.at)
            .tuples()
        )
        for check_in_id, at, outcome in rows:
            count = facts.get(check_in_id, (0, at, outcome))[0]
            facts[check_in_id] = (count + 1, at, outcome)
    return facts


def _note_status(ids: Sequence[int]) -> dict[int, str]:
    status: dict[int, str] = {}
    for chunk in _chunks(ids):
        rows: Any = (
            LogbookEntry.select(LogbookEntry.check_in, LogbookEntry.status)
            .where(LogbookEntry.check_in.in_(chunk))
            .tuples()
        )
        for check_in_id, entry_status in rows:
            if status.get(check_in_id) != "final":
                status[check_in_id] = "final" if entry_status == "final" else "draft"
    return status


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _records(rows: Sequence[tuple[Any, ...]]) -> list[CheckInRecord]:
    ids = [row[0] for row in rows]
    attempts = _attempt_facts(ids)
    notes = _note_status(ids)
    step_rows: Any = TrackStep.select(TrackStep.id, TrackStep.key).tuples()
    step_keys: dict[int, str] = dict(step_rows)
    records = []
    for row in rows:
        (check_in_id, uid, person_id, name, code, person_kind, step_id, label, sequence, kind,
         planned, planned_time, window_start, window_end, status, mode, duration_planned,
         held_at, duration_seconds) = row  # fmt: skip
        count, last_at, last_outcome = attempts.get(check_in_id, (0, None, ""))
        records.append(
            CheckInRecord(
                id=check_in_id,
                uid=uid,
                person_id=person_id,
                person_name=name,
                person_code=code,
                person_kind=person_kind,
                step_key=step_keys.get(step_id or 0, kind),
                label=label,
                sequence=sequence,
                kind=kind,
                planned_date=day_from_row(planned) or date.min,
                planned_time=planned_time,
                window_start=day_from_row(window_start),
                window_end=day_from_row(window_end),
                status=status,
                mode=mode,
                duration_planned_min=duration_planned,
                held_at=moment_from_row(held_at),
                duration_seconds=duration_seconds,
                attempts=count,
                last_attempt_at=last_at,
                last_attempt_outcome=last_outcome,
                note_status=notes.get(check_in_id, "none"),
            )
        )
    return records


def _limited(query: Any, limit: int | None) -> list[CheckInRecord]:
    return _records(_rows(query if limit is None else query.limit(limit)))


def _between_query(start: date, end: date, statuses: Iterable[str] | None) -> Any:
    query = _query().where(CheckIn.planned_date.between(start, end))
    if statuses is not None:
        query = query.where(CheckIn.status.in_(list(statuses)))
    return query


def check_ins_between(
    vault: Vault,
    start: date,
    end: date,
    statuses: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[CheckInRecord]:
    """Check-ins planned from `start` to `end` inclusive, by date and time."""
    with vault.connected():
        query = _between_query(start, end, statuses).order_by(
            CheckIn.planned_date, CheckIn.planned_time, Person.full_name
        )
        return _limited(query, limit)


def _overdue_query(today: date, active_only: bool) -> Any:
    query = _query().where((CheckIn.status == "planned") & (CheckIn.planned_date < today))
    return query.where(Person.status == "active") if active_only else query


def overdue_check_ins(
    vault: Vault, today: date, active_only: bool = True, limit: int | None = None
) -> list[CheckInRecord]:
    """Open check-ins planned before today (of active people by default), oldest first."""
    with vault.connected():
        query = _overdue_query(today, active_only).order_by(CheckIn.planned_date, Person.full_name)
        return _limited(query, limit)


def _missing_note_query(since: date) -> Any:
    finalised = LogbookEntry.select(LogbookEntry.id).where(
        (LogbookEntry.check_in == CheckIn.id) & (LogbookEntry.status == "final")
    )
    return _query().where(
        (CheckIn.status == "done") & (CheckIn.planned_date >= since) & ~fn.EXISTS(finalised)
    )


def held_without_note(vault: Vault, since: date, limit: int | None = None) -> list[CheckInRecord]:
    """Meetings marked done since `since` whose note is not finalised ("note missing")."""
    with vault.connected():
        return _limited(_missing_note_query(since).order_by(CheckIn.planned_date), limit)


def today_totals(vault: Vault, today: date, week_end: date, since: date) -> dict[str, int]:
    """How many check-ins each group of the today view holds in all (the list shows a page)."""
    with vault.connected():
        upcoming = _between_query(today, week_end, ["planned"]).where(Person.status == "active")
        return {
            "overdue": _overdue_query(today, True).count(),
            "today": upcoming.where(CheckIn.planned_date == today).count(),
            "note_missing": _missing_note_query(since).count(),
            "week": upcoming.where(CheckIn.planned_date > today).count(),
        }


def check_ins_of_person(vault: Vault, person_id: int) -> list[CheckInRecord]:
    """A person's whole plan and history, by date."""
    with vault.connected():
        query = _query().where(CheckIn.person == person_id)
        return _records(_rows(query.order_by(CheckIn.planned_date, CheckIn.sequence)))


def get_check_in(vault: Vault, check_in_id: int) -> CheckInRecord:
    """One check-in; `EpcError("check_in.missing")` if it no longer exists."""
    with vault.connected():
        rows = _rows(_query().where(CheckIn.id == check_in_id))
        if not rows:
            raise EpcError("check_in.missing")
        return _records(rows)[0]


def next_open_check_in(
    vault: Vault, person_id: int, after: date, excluding: int | None = None
) -> CheckInRecord | None:
    """The person's first open check-in on or after `after` (the one to propose next),
    other than `excluding` (the check-in being held right now)."""
    with vault.connected():
        rows = _rows(
            _query()
            .where(
                (CheckIn.person == person_id)
                & (CheckIn.status == "planned")
                & (CheckIn.planned_date >= after)
                & (CheckIn.id != (excluding or 0))
            )
            .order_by(CheckIn.planned_date, CheckIn.sequence)
            .limit(1)
        )
        return _records(rows)[0] if rows else None


def day_counts(vault: Vault, start: date, end: date, today: date) -> dict[date, DayCount]:
    """Per day from `start` to `end`: planned (open), held (any other status), overdue."""
    with vault.connected():
        # One query per status so each reads only the (status, planned_date) index, never the
        # rows: a few ms instead of 120–230 ms for six weeks of a 120,000 check-in vault.
        rows: list[tuple[date, str, int]] = []
        for status in CHECK_IN_STATUSES:
            per_day: Any = (
                CheckIn.select(CheckIn.planned_date, fn.COUNT(SQL("*")))
                .where((CheckIn.status == status) & CheckIn.planned_date.between(start, end))
                .group_by(CheckIn.planned_date)
                .tuples()
            )
            rows += [(day, status, number) for day, number in per_day]
        counts: dict[date, DayCount] = {}
        for day, status, number in rows:
            current = counts.get(day, DayCount())
            if status == "planned":
                overdue = number if day < today else 0
                current = DayCount(
                    current.planned + number, current.held, current.overdue + overdue
                )
            else:
                current = DayCount(current.planned, current.held + number, current.overdue)
            counts[day] = current
        return counts


def _record_change(
    check_in: CheckIn, field: str, old: object, new: object, at: datetime, reason: str
) -> None:
    CheckInChange.create(
        check_in=check_in,
        at=at,
        field=field,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        reason=reason.strip(),
    )


def set_status(
    vault: Vault,
    check_in_id: int,
    status: str,
    at: datetime,
    duration_seconds: int | None = None,
    reason: str = "",
) -> None:
    """Mark done, missed, cancelled or planned again; the change is kept in the history."""
    if status not in CHECK_IN_STATUSES:
        raise EpcError("check_in.status_invalid")
    with vault.writing():
        check_in = CheckIn.get_or_none(CheckIn.id == check_in_id)
        if check_in is None:
            raise EpcError("check_in.missing")
        if check_in.status != status:
            _record_change(check_in, "status", check_in.status, status, at, reason)
        check_in.status = status
        check_in.held_at = at if status == "done" else None
        if status == "done" and duration_seconds is not None:
            check_in.duration_seconds = max(0, int(duration_seconds))
        elif status != "done":
            check_in.duration_seconds = None
        check_in.updated_at = at
        check_in.save()


def reschedule(
    vault: Vault,
    check_in_id: int,
    new_date: date,
    at: datetime,
    reason: str = "",
    planned_time: str | None = None,
) -> None:
    """Move a check-in to another day (and time); the old date stays in the history."""
    with vault.writing():
        check_in = CheckIn.get_or_none(CheckIn.id == check_in_id)
        if check_in is None:
            raise EpcError("check_in.missing")
        if check_in.planned_date != new_date:
            _record_change(check_in, "planned_date", check_in.planned_date, new_date, at, reason)
        if planned_time is not None and planned_time != check_in.planned_time:
            _record_change(
                check_in, "planned_time", check_in.planned_time, planned_time, at, reason
            )
            check_in.planned_time = planned_time
        check_in.planned_date = new_date
        if check_in.window_start is not None and check_in.window_end is not None:
            check_in.window_start = min(check_in.window_start, new_date)
            check_in.window_end = max(check_in.window_end, new_date)
        check_in.updated_at = at
        check_in.save()


def add_check_in(
    vault: Vault,
    person_id: int,
    planned_date: date,
    at: datetime,
    kind: str = "on_request",
    label: str = "",
    mode: str = "phone",
    duration_min: int = 60,
    planned_time: str = "",
    window_days: int = 7,
) -> int:
    """Add a meeting outside the plan (on request) or a next one the coach chose; its id."""
    with vault.writing():
        last = CheckIn.select(fn.MAX(CheckIn.sequence)).where(CheckIn.person == person_id).scalar()
        check_in = CheckIn.create(
            person=person_id,
            sequence=(last or 0) + 1,
            kind=kind,
            label=label,
            planned_date=planned_date,
            planned_time=planned_time,
            window_start=planned_date - timedelta(days=window_days),
            window_end=planned_date + timedelta(days=window_days),
            mode=mode,
            duration_planned_min=duration_min,
            created_at=at,
            updated_at=at,
        )
        _record_change(check_in, "created", "", planned_date, at, "")
        return int(check_in.id)


def history(vault: Vault, check_in_id: int) -> list[CheckInChangeRecord]:
    """Reschedules and status changes of a check-in, oldest first."""
    with vault.connected():
        rows = (
            CheckInChange.select()
            .where(CheckInChange.check_in == check_in_id)
            .order_by(CheckInChange.at, CheckInChange.id)
        )
        return [
            CheckInChangeRecord(
                at=row.at,
                field=row.field,
                old_value=row.old_value,
                new_value=row.new_value,
                reason=row.reason,
            )
            for row in rows
        ]


def apply_plan_changes(
    vault: Vault,
    person_id: int,
    track_id: int | None,
    move: Sequence[tuple[int, PlannedSlot]],
    add: Sequence[PlannedSlot],
    remove: Sequence[int],
    at: datetime,
) -> None:
    """Write a re-plan in one transaction: moved dates go to the history, removals only of
    open check-ins of this person (the re-planner never removes one with notes or attempts)."""
    from epc_tui.vault.people import write_plan

    with vault.writing():
        for check_in_id, slot in move:
            check_in = CheckIn.get_or_none(
                (CheckIn.id == check_in_id) & (CheckIn.person == person_id)
            )
            if check_in is None or check_in.status != "planned":
                continue
            if check_in.planned_date != slot.planned_date:
                _record_change(
                    check_in, "planned_date", check_in.planned_date, slot.planned_date, at, "replan"
                )
            check_in.planned_date = slot.planned_date
            check_in.window_start = slot.window_start
            check_in.window_end = slot.window_end
            check_in.sequence = slot.sequence
            check_in.updated_at = at
            check_in.save()
        if remove:
            CheckIn.delete().where(
                CheckIn.id.in_(list(remove))
                & (CheckIn.person == person_id)
                & (CheckIn.status == "planned")
            ).execute()
        write_plan(person_id, track_id, add)


def people_with_plan_ending_before(vault: Vault, day: date) -> list[int]:
    """Active people on a repeating track (or cadence) whose last check-in is before `day`,
    the plans ending soonest first."""
    with vault.connected():
        cursor = vault.database.execute_sql(
            "SELECT p.id FROM person p JOIN track t ON t.id = p.track_id "
            "LEFT JOIN check_in c ON c.person_id = p.id "
            "WHERE p.status = 'active' AND (t.repeat_rule IS NOT NULL OR p.cadence != '') "
            "GROUP BY p.id HAVING COALESCE(MAX(c.planned_date), '') < ? "
            "ORDER BY COALESCE(MAX(c.planned_date), '')",
            (day.isoformat(),),
        )
        return [row[0] for row in cursor.fetchall()]
