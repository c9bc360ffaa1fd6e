"""What ending a call decides and records: duration, safety net, next check-in proposal.

The rules are pure functions, kept apart from the screen so they read in one place and are
tested without a terminal; `finish_call` records the whole end of a call in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from epc_tui.services.autosave import storage_faults_explained
from epc_tui.vault import attempts, check_ins, logbook
from epc_tui.vault.logbook import NoteFields
from epc_tui.vault.records import CheckInRecord
from epc_tui.vault.vault import Vault

SAFETY_NET_FROM_STATE = 3
"""The coach's own state (0 calm … 4 shaken) from which the safety-net flag is set."""

CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 30}
"""Oral-therapy cadences when no check-in is planned yet."""


@dataclass(frozen=True)
class EndOfCall:
    """What is recorded when a call ends."""

    held_at: datetime
    duration_seconds: int
    safety_net: bool


@dataclass(frozen=True)
class NextProposal:
    """The next check-in offered after a call: an existing planned one, or a new date."""

    check_in_id: int | None
    proposed_date: date | None
    label: str

    @property
    def is_new(self) -> bool:
        """True when accepting creates a check-in (none was planned)."""
        return self.check_in_id is None and self.proposed_date is not None


def safety_net_for(coach_state: int | None) -> bool:
    """A high state after the call sets the safety-net flag (and suggests debriefing)."""
    return coach_state is not None and coach_state >= SAFETY_NET_FROM_STATE


def call_duration(started: datetime, ended: datetime) -> int:
    """Whole seconds between start and end, never negative."""
    return max(0, int((ended - started).total_seconds()))


def end_of_call(started: datetime, ended: datetime, coach_state: int | None) -> EndOfCall:
    """The facts of a finished call."""
    return EndOfCall(
        held_at=started,
        duration_seconds=call_duration(started, ended),
        safety_net=safety_net_for(coach_state),
    )


def propose_next(next_open: CheckInRecord | None, held_on: date, cadence: str = "") -> NextProposal:
    """The planned check-in that comes next; else a date from the cadence; else nothing."""
    if next_open is not None:
        return NextProposal(next_open.id, next_open.planned_date, next_open.label)
    days = CADENCE_DAYS.get(cadence.strip().lower())
    if days is not None:
        return NextProposal(None, held_on + timedelta(days=days), "")
    return NextProposal(None, None, "")


@dataclass(frozen=True)
class FinishedCall:
    """Everything the end of a call records, gathered so it is written in one transaction."""

    person_id: int
    check_in_id: int | None
    entry_id: int
    started: datetime
    ended: datetime
    duration_seconds: int
    text: str
    cursor: tuple[int, int]
    fields: NoteFields
    proposal: NextProposal
    action: str  # "accept", "change" or "none"
    day: date | None
    finalise: bool
    no_next_reason: str


def finish_call(vault: Vault, call: FinishedCall, at: datetime) -> int:
    """Record the end of a call at once; return the held check-in's id.

    The note's last words, the check-in marked done with its duration, the call's times, the
    connected call, the next check-in (accepted, changed or none) and the finalised note are
    written in a single transaction: a kill or a full disk at any moment leaves either the
    call still open with its draft, or everything recorded — never a check-in done without
    its note, nor a note final without its revision. A full or read-only disk raises its
    `EpcError` (one sentence for the coach).
    """
    with storage_faults_explained(vault), vault.writing():
        logbook.save_text(vault, call.entry_id, call.text, call.cursor, at)
        logbook.save_fields(vault, call.entry_id, call.fields, at)
        check_in_id = call.check_in_id
        if check_in_id is None:
            check_in_id = check_ins.add_check_in(
                vault, call.person_id, call.started.date(), at=at, kind="on_request"
            )
            logbook.attach_to_check_in(vault, call.entry_id, check_in_id)
        check_ins.set_status(vault, check_in_id, "done", call.started, call.duration_seconds)
        logbook.record_call_times(vault, call.entry_id, call.started, call.ended)
        attempts.record_connected_call(vault, call.person_id)
        _plan_next(vault, call, at)
        if call.finalise:
            logbook.finalise(vault, call.entry_id, at)
    return check_in_id


def _plan_next(vault: Vault, call: FinishedCall, at: datetime) -> None:
    """The coach's choice for the next check-in."""
    proposal = call.proposal
    if call.action == "accept" and proposal.is_new and proposal.proposed_date:
        check_ins.add_check_in(vault, call.person_id, proposal.proposed_date, at=at)
    elif call.action == "change" and call.day is not None:
        if proposal.check_in_id is not None:
            check_ins.reschedule(vault, proposal.check_in_id, call.day, at=at)
        else:
            check_ins.add_check_in(vault, call.person_id, call.day, at=at)
    elif call.action == "none" and proposal.check_in_id is not None:
        check_ins.set_status(
            vault, proposal.check_in_id, "cancelled", at, reason=call.no_next_reason
        )
