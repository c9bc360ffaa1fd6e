"""What ending a call decides, as pure functions: duration, safety net, next check-in proposal.

Kept apart from the screen so the rules read in one place and are tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from epc_tui.vault.records import CheckInRecord

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
