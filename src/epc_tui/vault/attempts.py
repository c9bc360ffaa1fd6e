"""Call attempts: calls that did not connect, and the flag for another way of contact.

Many calls do not connect. Each attempt is kept with its time and outcome; the check-in stays
open. Failed attempts since the last connected call are counted; at the coach's threshold
(`Settings.failed_attempts_before_flag`) the person is flagged `needs_other_contact`, and a
connected call clears the flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from peewee import fn

from epc_tui.vault.errors import EpcError
from epc_tui.vault.models import CallAttempt, CheckIn, LogbookEntry, Person
from epc_tui.vault.vault import Vault

OUTCOMES = ("no_answer", "voicemail", "wrong_number", "call_back")


@dataclass(frozen=True)
class AttemptRecord:
    """One call that did not connect."""

    id: int
    person_id: int
    check_in_id: int | None
    outcome: str
    at: datetime
    call_back_at: datetime | None
    note: str


@dataclass(frozen=True)
class AttemptResult:
    """What recording an attempt changed."""

    attempt: AttemptRecord
    failed_in_a_row: int
    flagged: bool


def _record(attempt: CallAttempt) -> AttemptRecord:
    row: Any = attempt  # peewee's foreign-key id accessors are not typed
    return AttemptRecord(
        id=row.id,
        person_id=row.person_id,
        check_in_id=row.check_in_id,
        outcome=row.outcome,
        at=row.at,
        call_back_at=row.call_back_at,
        note=row.note,
    )


def _last_connected(person_id: int) -> datetime | None:
    """When the last call that connected began (an ended call's note, or a held check-in)."""
    from_notes = (
        LogbookEntry.select(fn.MAX(LogbookEntry.call_started_at))
        .where((LogbookEntry.person == person_id) & LogbookEntry.call_ended_at.is_null(False))
        .scalar()
    )
    from_check_ins = (
        CheckIn.select(fn.MAX(CheckIn.held_at))
        .where((CheckIn.person == person_id) & CheckIn.held_at.is_null(False))
        .scalar()
    )
    moments = [_as_datetime(value) for value in (from_notes, from_check_ins) if value]
    return max(moments) if moments else None


def _as_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _failed_in_a_row(person_id: int) -> int:
    since = _last_connected(person_id)
    query = CallAttempt.select().where(CallAttempt.person == person_id)
    if since is not None:
        query = query.where(CallAttempt.at > since)
    return int(query.count())


def record_attempt(
    vault: Vault,
    check_in_id: int | None,
    person_id: int,
    outcome: str,
    at: datetime,
    call_back_at: datetime | None = None,
    note: str = "",
    *,
    flag_after: int = 3,
) -> AttemptResult:
    """Keep one attempt; flag the person after `flag_after` failed attempts in a row."""
    if outcome not in OUTCOMES:
        raise EpcError("attempt.error.outcome")
    if outcome == "call_back" and call_back_at is None:
        raise EpcError("attempt.error.call_back_time")
    with vault.writing():
        row = CallAttempt.create(
            person=person_id,
            check_in=check_in_id,
            outcome=outcome,
            at=at,
            call_back_at=call_back_at if outcome == "call_back" else None,
            note=note.strip(),
        )
        failed = _failed_in_a_row(person_id)
        flagged = failed >= max(1, flag_after)
        if flagged:
            Person.update(needs_other_contact=True).where(Person.id == person_id).execute()
        return AttemptResult(attempt=_record(row), failed_in_a_row=failed, flagged=flagged)


def record_connected_call(vault: Vault, person_id: int) -> None:
    """A call connected: the person no longer needs another way of contact."""
    with vault.writing():
        Person.update(needs_other_contact=False).where(Person.id == person_id).execute()


def failed_in_a_row(vault: Vault, person_id: int) -> int:
    """Failed attempts since the last connected call."""
    with vault.connected():
        return _failed_in_a_row(person_id)


def attempts_of_person(vault: Vault, person_id: int, limit: int = 20) -> list[AttemptRecord]:
    """A person's attempts, newest first."""
    with vault.connected():
        query = (
            CallAttempt.select()
            .where(CallAttempt.person == person_id)
            .order_by(CallAttempt.at.desc(), CallAttempt.id.desc())
            .limit(limit)
        )
        return [_record(row) for row in query]


def attempts_of_check_in(vault: Vault, check_in_id: int) -> list[AttemptRecord]:
    """The attempts made for one check-in, oldest first."""
    with vault.connected():
        query = (
            CallAttempt.select()
            .where(CallAttempt.check_in == check_in_id)
            .order_by(CallAttempt.at, CallAttempt.id)
        )
        return [_record(row) for row in query]
