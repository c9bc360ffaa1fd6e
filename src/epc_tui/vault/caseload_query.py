"""The few aggregates the caseload table needs per person, in three grouped queries.

Loading 10,000 people must stay well under the 150 ms target, so nothing here runs a query
per person: next open check-in, safety-net flag and pending relays are grouped in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from peewee import fn

from epc_tui.vault.models import CheckIn, LogbookEntry
from epc_tui.vault.vault import Vault

SAFETY_NET_DAYS = 30  # a coach's flag stays visible on the person for a month


@dataclass(frozen=True)
class PersonFacts:
    """What the caseload flags are computed from, for one person."""

    next_open_date: date | None = None
    safety_net: bool = False
    relay_pending: bool = False


def caseload_facts(vault: Vault, today: date) -> dict[int, PersonFacts]:
    """Per person id: earliest open check-in, recent safety-net flag, relay not yet done."""
    from datetime import timedelta

    with vault.connected():
        next_dates: Any = (
            CheckIn.select(CheckIn.person, fn.MIN(CheckIn.planned_date))
            .where(CheckIn.status == "planned")
            .group_by(CheckIn.person)
            .tuples()
        )
        facts: dict[int, PersonFacts] = {
            person_id: PersonFacts(next_open_date=_as_date(day)) for person_id, day in next_dates
        }
        since = today - timedelta(days=SAFETY_NET_DAYS)
        flagged: Any = (
            LogbookEntry.select(LogbookEntry.person)
            .where(
                (LogbookEntry.safety_net == True)  # noqa: E712 (peewee expression)
                & (LogbookEntry.created_at >= since)
                & LogbookEntry.person.is_null(False)
            )
            .distinct()
            .tuples()
        )
        for (person_id,) in flagged:
            current = facts.get(person_id, PersonFacts())
            facts[person_id] = PersonFacts(current.next_open_date, True, current.relay_pending)
        relays: Any = (
            LogbookEntry.select(LogbookEntry.person)
            .where(
                (LogbookEntry.relay == True)  # noqa: E712
                & (LogbookEntry.relay_done == False)  # noqa: E712
                & LogbookEntry.person.is_null(False)
            )
            .distinct()
            .tuples()
        )
        for (person_id,) in relays:
            current = facts.get(person_id, PersonFacts())
            facts[person_id] = PersonFacts(current.next_open_date, current.safety_net, True)
        return facts


def _as_date(value: Any) -> date | None:
    """MIN() over a date column comes back as text from SQLite."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
