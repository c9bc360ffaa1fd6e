"""Version 5: indexes that let search filters read neither note bodies nor whole periods.

Search walks the full-text matches from the newest, a window at a time, and keeps the notes
that pass the filters (period, flags, theme). A selective filter (a flag, a month) is first
turned into the set of notes passing it, from an index that carries the person and every
filter column; a broad one (this year) is checked window by window on an index keyed by note
id. Either way the answer comes from a few index pages, never from decrypting the notes'
pages. A last index maps earlier versions to their note the same way.
"""

from __future__ import annotations

from typing import Any

MOMENT = "coalesce(call_started_at, created_at)"
NOTE_FILTERS = "logbook_entry_search_filters"
REVISION_NOTES = "logbook_revision_note"

INDEXES = (
    f"CREATE INDEX IF NOT EXISTS {NOTE_FILTERS} ON logbook_entry "
    f"(id, person_id, {MOMENT}, safety_net, relay, status, themes)",
    "CREATE INDEX IF NOT EXISTS logbook_entry_search_moment ON logbook_entry "
    f"({MOMENT}, person_id, safety_net, relay, status, themes)",
    "CREATE INDEX IF NOT EXISTS logbook_entry_relay_notes ON logbook_entry (person_id) "
    "WHERE relay = 1",
    "CREATE INDEX IF NOT EXISTS logbook_entry_draft_notes ON logbook_entry (person_id) "
    "WHERE status = 'draft'",
    f"CREATE INDEX IF NOT EXISTS {REVISION_NOTES} ON logbook_revision (id, entry_id)",
)


def apply(database: Any) -> None:
    """Create the indexes and let the planner know them."""
    for statement in INDEXES:
        database.execute_sql(statement)
    database.execute_sql("ANALYZE logbook_entry")
    database.execute_sql("ANALYZE logbook_revision")
