"""The few aggregates the caseload table needs per person, in three grouped queries.

Loading 10,000 people must stay well under the 150 ms target, so nothing here runs a query
per person: next open check-in, safety-net flag and pending relays are grouped in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from epc_tui.vault.records import day_from_row
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
    since = (today - timedelta(days=SAFETY_NET_DAYS)).isoformat()
    with vault.connected():
        # Literal values (not parameters) so SQLite can use the partial indexes of v0003.
        run = vault.database.execute_sql
        facts: dict[int, PersonFacts] = {
            person_id: PersonFacts(next_open_date=day_from_row(day))
            for person_id, day in run(
                "SELECT person_id, MIN(planned_date) FROM check_in "
                "WHERE status = 'planned' GROUP BY person_id"
            ).fetchall()
        }
        flagged = run(
            "SELECT DISTINCT person_id FROM logbook_entry "
            "WHERE safety_net = 1 AND created_at >= ? AND person_id IS NOT NULL",
            (since,),
        ).fetchall()
        for (person_id,) in flagged:
            current = facts.get(person_id, PersonFacts())
            facts[person_id] = PersonFacts(current.next_open_date, True, current.relay_pending)
        relays = run(
            "SELECT DISTINCT person_id FROM logbook_entry "
            "WHERE relay = 1 AND relay_done = 0 AND person_id IS NOT NULL"
        ).fetchall()
        for (person_id,) in relays:
            current = facts.get(person_id, PersonFacts())
            facts[person_id] = PersonFacts(current.next_open_date, current.safety_net, True)
        return facts
