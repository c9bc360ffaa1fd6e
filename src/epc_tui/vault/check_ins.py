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

from peewee import JOIN, SQL, fn

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


def _latest_attempt(column: Any) -> Any:
    """A column of the check-in's latest call attempt (NULL without any)."""
    return (
        CallAttempt.select(column)
        .where(CallAttempt.check_in == CheckIn.id)
        .order_by(CallAttempt.at.desc())
        .limit(1)
    )


def _has_note(final_only: bool) -> Any:
    """Whether the check-in has a note (a finalised one): read from an index, never from the
    note's row, which holds its whole text."""
    notes = LogbookEntry.select(SQL("1")).where(LogbookEntry.check_in == CheckIn.id)
    if final_only:
        notes = notes.where(LogbookEntry.status == "final")
    return fn.EXISTS(notes)


# One row per check-in with everything a `CheckInRecord` holds, attempts and note status
# included as correlated subqueries (each an index lookup): no second query per page of ids.
COLUMNS = (
    CheckIn.id,
    CheckIn.uid,
    CheckIn.person,
    Person.full_name,
    Person.code,
    Person.kind,
    TrackStep.key,
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
    CallAttempt.select(fn.COUNT(SQL("*"))).where(CallAttempt.check_in == CheckIn.id),
    _latest_attempt(CallAttempt.at),
    _latest_attempt(CallAttempt.outcome),
    _has_note(final_only=True),
    _has_note(final_only=False),
)


def _query() -> Any:
    """Check-ins with their person's name, code and kind (built with peewee, read raw)."""
    return (
        CheckIn.select(*COLUMNS)
        .join(Person)
        .switch(CheckIn)
        .join(TrackStep, JOIN.LEFT_OUTER, on=(CheckIn.step == TrackStep.id))
    )


def _rows(query: Any) -> list[tuple[Any, ...]]:
    """Run a query and return raw rows: no ORM object or per-value converter per row (the
    calendar's busiest day holds hundreds of check-ins)."""
    sql, params = query.sql()
    return list(CheckIn._meta.database.execute_sql(sql, params).fetchall())


def _note_status(final: int, any_note: int) -> str:
    if final:
        return "final"
    return "draft" if any_note else "none"


def _records(rows: Sequence[tuple[Any, ...]]) -> list[CheckInRecord]:
    """Records from raw rows of `COLUMNS`."""
    return [
        CheckInRecord(
            id=check_in_id,
            uid=uid,
            person_id=person_id,
            person_name=name,
            person_code=code,
            person_kind=person_kind,
            step_key=step_key or kind,
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
            attempts=attempts,
            last_attempt_at=moment_from_row(last_at),
            last_attempt_outcome=last_outcome or "",
            note_status=_note_status(final, any_note),
        )
        for (check_in_id, uid, person_id, name, code, person_kind, step_key, label, sequence,
             kind, planned, planned_time, window_start, window_end, status, mode,
             duration_planned, held_at, duration_seconds, attempts, last_at, last_outcome,
             final, any_note) in rows
    ]  # fmt: skip


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
    """Check-ins planned from `start` to `end` inclusive, by date, time and name.

    Served by the `check_in_by_day` covering index (migration 6) in its own order; names are
    sorted here, as SQLite would copy every row into a temporary tree to sort on them.
    """
    with vault.connected():
        query = _between_query(start, end, statuses).order_by(
            CheckIn.planned_date, CheckIn.planned_time
        )
        if limit is not None:  # the page must end at the right name: SQLite sorts it all
            return _limited(query.order_by_extend(Person.full_name), limit)
        records = _records(_rows(query))
        records.sort(key=lambda item: (item.planned_date, item.planned_time, item.person_name))
        return records


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    """One line of the calendar's day agenda: what the line shows and what its dialogs say
    (who, which step, when, status, attempts, note), nothing more. Its own record, narrower
    than `CheckInRecord`, so a busy day reads and builds only what the coach sees."""

    id: int
    person_id: int
    person_name: str
    person_code: str
    step_key: str
    label: str
    kind: str
    planned_date: date
    planned_time: str
    status: str
    attempts: int
    note_status: str  # none, draft, final

    @property
    def is_open(self) -> bool:
        """Still to be held."""
        return self.status == "planned"


# Written once (no query built per call): the narrow `check_in_agenda_lines` index
# (migration 7) gives the days' check-ins in day and time order without reading their rows;
# each line then looks up its person by key, its step, the number of call attempts and whether
# a note exists (indexes). No latest-attempt subqueries: the agenda shows only the number.
AGENDA_SQL = (
    "SELECT c.id, c.person_id, p.full_name, p.code, s.key, c.label, c.kind, c.planned_date, "
    "c.planned_time, c.status, "
    "(SELECT COUNT(*) FROM call_attempt a WHERE a.check_in_id = c.id), "
    "EXISTS(SELECT 1 FROM logbook_entry e WHERE e.check_in_id = c.id AND e.status = 'final'), "
    "EXISTS(SELECT 1 FROM logbook_entry e WHERE e.check_in_id = c.id) "
    "FROM check_in c JOIN person p ON p.id = c.person_id "
    "LEFT JOIN track_step s ON s.id = c.step_id "
    "WHERE c.planned_date BETWEEN ? AND ? "
    "ORDER BY c.planned_date, c.planned_time"
)


def agenda_between(vault: Vault, start: date, end: date) -> list[AgendaEntry]:
    """The agenda of the days from `start` to `end` inclusive, by date, time and name."""
    with vault.connected():
        cursor = vault.database.execute_sql(AGENDA_SQL, (start.isoformat(), end.isoformat()))
        rows = cursor.fetchall()
    days: dict[str, date] = {}  # a day's lines share their date: parsed once
    entries = []
    for (check_in_id, person_id, name, code, step_key, label, kind, planned, planned_time,
         status, attempts, final, any_note) in rows:  # fmt: skip
        day = days.get(planned)
        if day is None:
            day = days[planned] = day_from_row(planned) or date.min
        entries.append(
            AgendaEntry(
                check_in_id,
                person_id,
                name,
                code,
                step_key or kind,
                label,
                kind,
                day,
                planned_time,
                status,
                attempts,
                _note_status(final, any_note),
            )
        )
    entries.sort(key=lambda entry: (entry.planned_date, entry.planned_time, entry.person_name))
    return entries


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


class ChangeWatch:
    """Whether anything was written to the vault since a reading thread last looked.

    The calendar keeps what it read (months' counts, days' agendas) while it is hidden and
    reads ahead where the coach may move; coming back on screen, it asks this, on its reading
    thread, instead of reading everything again. SQLite's `data_version` changes on that
    thread's connection whenever another connection commits — every write of the application
    is made on another connection (`Vault.writing`) — and a new connection (after the vault
    was locked or its key renewed) counts as a change. Nothing personal is kept: a version
    number and the connection object it was read on.
    """

    def __init__(self) -> None:
        self._seen: tuple[object, int] | None = None

    def changed(self, vault: Vault) -> bool:
        """True the first time, then whenever a write was committed since the last call (or
        the connection is another one). Call it on the reading thread, before its reads."""
        with vault.connected():
            connection = vault.database.connection()
            version = int(connection.execute("PRAGMA data_version").fetchone()[0])
        seen = self._seen
        self._seen = (connection, version)
        return seen is None or seen[0] is not connection or seen[1] != version


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
