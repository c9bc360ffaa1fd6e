"""Version 3: partial indexes that keep the caseload and today view fast at 200,000 notes.

Without them, the caseload's flags (recent safety-net flag, relay pending) read every logbook
entry — bodies included — and the earliest open check-in per person sorts a temporary
B-tree. Each index covers only the rows its query asks for, so it stays small.
"""

from __future__ import annotations

from typing import Any

INDEXES = (
    "CREATE INDEX IF NOT EXISTS check_in_open_by_person "
    "ON check_in (person_id, planned_date) WHERE status = 'planned'",
    "CREATE INDEX IF NOT EXISTS logbook_entry_safety_net "
    "ON logbook_entry (created_at, person_id) WHERE safety_net = 1",
    "CREATE INDEX IF NOT EXISTS logbook_entry_relay_pending "
    "ON logbook_entry (person_id) WHERE relay = 1 AND relay_done = 0",
    "CREATE INDEX IF NOT EXISTS logbook_entry_final_by_check_in "
    "ON logbook_entry (check_in_id) WHERE status = 'final'",
)


def apply(database: Any) -> None:
    """Create the indexes (and let the planner know them)."""
    for statement in INDEXES:
        database.execute_sql(statement)
    database.execute_sql("ANALYZE")
