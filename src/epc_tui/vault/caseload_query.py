"""What the caseload table shows per person: one query for the people, three grouped ones.

The caseload opens on 10,000 people quickly only if nothing here runs a query per person or
reads more than it shows: the person's columns the table needs (never the summary or contact
details), and the next open check-in, the safety-net and the relay flags each as one grouped
read of a partial index of migration 3. (A correlated lookup of the next check-in per person
was measured 20 times slower than the grouped read: SQLite prepares it for every person.)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from epc_tui.vault.records import PERSON_STATUSES, day_from_row
from epc_tui.vault.vault import Vault

SAFETY_NET_DAYS = 30  # a coach's flag stays visible on the person for a month

PEOPLE_SQL = (
    "SELECT p.id, p.code, p.full_name, p.kind, p.status, t.builtin_key, t.name, p.tags, "
    "p.needs_other_contact FROM person p LEFT JOIN track t ON t.id = p.track_id "
    "WHERE p.status IN ({statuses})"
)
# Literal conditions (not parameters) so SQLite uses the partial indexes of migration 3.
NEXT_OPEN_SQL = (
    "SELECT person_id, MIN(planned_date) FROM check_in WHERE status = 'planned' GROUP BY person_id"
)
# Open check-ins in date order (index on status and date): the first time a person appears is
# their next open check-in, so the people due first are found without grouping every row.
DUE_FIRST_SQL = (
    "SELECT c.person_id, c.planned_date FROM check_in c JOIN person p ON p.id = c.person_id "
    "WHERE c.status = 'planned' AND p.status = ? ORDER BY c.planned_date"
)


@dataclass(frozen=True, slots=True)
class CaseloadPerson:
    """A person as the caseload lists them, with the facts their flags come from."""

    id: int
    code: str
    full_name: str
    kind: str
    status: str
    track_key: str | None
    track_name: str
    tags: tuple[str, ...]
    needs_other_contact: bool
    next_open_date: date | None
    safety_net: bool
    relay_pending: bool


def _tags(value: str | None, known: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """A person's tags from their JSON text; the same text (tags repeat across a caseload)
    is parsed once per read."""
    if not value or value == "[]":  # most people have no tag: skip the JSON parser
        return ()
    tags = known.get(value)
    if tags is None:
        loaded = json.loads(value)
        tags = tuple(str(item) for item in loaded) if isinstance(loaded, list) else ()
        known[value] = tags
    return tags


def people_per_status(vault: Vault) -> dict[str, int]:
    """How many people are active, paused and closed (for the tabs, before the lists)."""
    with vault.connected():
        rows = vault.database.execute_sql(
            "SELECT status, COUNT(*) FROM person GROUP BY status"
        ).fetchall()
    counts = dict.fromkeys(PERSON_STATUSES, 0)
    counts.update({status: number for status, number in rows})
    return counts


def _flagged(vault: Vault, today: date) -> tuple[set[int], set[int]]:
    """People with a safety-net flag in the last month, and people with a relay to make."""
    since = (today - timedelta(days=SAFETY_NET_DAYS)).isoformat()
    run = vault.database.execute_sql
    safety_net = run(
        "SELECT DISTINCT person_id FROM logbook_entry "
        "WHERE safety_net = 1 AND created_at >= ? AND person_id IS NOT NULL",
        (since,),
    ).fetchall()
    relays = run(
        "SELECT DISTINCT person_id FROM logbook_entry "
        "WHERE relay = 1 AND relay_done = 0 AND person_id IS NOT NULL"
    ).fetchall()
    return {row[0] for row in safety_net}, {row[0] for row in relays}


def caseload_people(
    vault: Vault, today: date, statuses: Sequence[str] = PERSON_STATUSES
) -> list[CaseloadPerson]:
    """Everyone of these statuses with their next open check-in and flags, in no order."""
    wanted = [status for status in statuses if status in PERSON_STATUSES]
    if not wanted:
        return []
    with vault.connected():
        safety_net, relays = _flagged(vault, today)
        next_open = dict(vault.database.execute_sql(NEXT_OPEN_SQL).fetchall())
        rows = vault.database.execute_sql(
            PEOPLE_SQL.format(statuses=",".join("?" * len(wanted))), wanted
        ).fetchall()
    return _people(rows, next_open, safety_net, relays)


def people_due_first(
    vault: Vault, today: date, status: str, count: int
) -> list[CaseloadPerson] | None:
    """The `count` people of `status` whose next open check-in comes first, and everyone
    else due on the last of those days (so sorting them by date, then name, gives exactly
    the first lines of the whole sorted list); None when fewer than `count` people of that
    status have an open check-in (the caller reads everyone then).

    The caseload draws its first screenful from this before reading all 10,000 people: it
    walks the open check-ins in date order and stops after the last day it needs.
    """
    if status not in PERSON_STATUSES or count <= 0:
        return None
    due: dict[int, str] = {}
    last_day: str | None = None
    with vault.connected():
        cursor = vault.database.execute_sql(DUE_FIRST_SQL, (status,))
        try:
            for person_id, day in cursor:
                if last_day is not None and day != last_day:
                    break
                if person_id not in due:
                    due[person_id] = day
                    if len(due) == count:
                        last_day = day
        finally:
            cursor.close()
        if last_day is None:
            return None
        safety_net, relays = _flagged(vault, today)
        ids = list(due)
        rows = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows += vault.database.execute_sql(
                PEOPLE_SQL.format(statuses="?") + f" AND p.id IN ({','.join('?' * len(chunk))})",
                [status, *chunk],
            ).fetchall()
    return _people(rows, due, safety_net, relays)


def _people(
    rows: Sequence[Sequence[Any]],
    next_open: dict[int, Any],
    safety_net: set[int],
    relays: set[int],
) -> list[CaseloadPerson]:
    known_tags: dict[str, tuple[str, ...]] = {}
    return [
        CaseloadPerson(
            id=person_id,
            code=code,
            full_name=name,
            kind=kind,
            status=status,
            track_key=track_key,
            track_name=track_name or "",
            tags=_tags(tags, known_tags),
            needs_other_contact=bool(other_contact),
            next_open_date=day_from_row(next_open.get(person_id)),
            safety_net=person_id in safety_net,
            relay_pending=person_id in relays,
        )
        for (person_id, code, name, kind, status, track_key, track_name, tags, other_contact)
        in rows
    ]  # fmt: skip
