"""Version 8: a draft being typed is indexed when it is left, not at every autosave.

Until now each autosave replaced the draft's full-text row: FTS5 read the old text back,
tokenised it to delete it, tokenised the new text and wrote a new segment (merged later, in
the spikes of the slowest saves). Now an autosave that changes only a draft's text marks the
note in `search_index_pending` instead; its row is brought up to date when the note is
finalised, its themes or person change, or at the next unlock (after a lock or a kill). In
between, search reads the marked notes' current text directly (`search_pending`), so a
search never misses a word typed, nor shows one erased.

Other changes (themes, person, a finalised note's body) replace the row at once, as before,
and only when a value really changed: saving the same themes with every autosave no longer
rewrites the row.
"""

from __future__ import annotations

from typing import Any

from epc_tui.vault.migrations.v0002_search_and_flags import _ENTRY_ROW

PENDING_TABLE = "search_index_pending"
"""Named under `search_index` so backups count it with the index (bookkeeping, not data)."""

_ONLY_DRAFT_TEXT = (
    "old.status = 'draft' AND new.status = 'draft' "
    "AND old.themes IS new.themes AND old.person_id IS new.person_id"
)

STATEMENTS: tuple[str, ...] = (
    f"CREATE TABLE IF NOT EXISTS {PENDING_TABLE} (entry_id INTEGER PRIMARY KEY)",
    "DROP TRIGGER IF EXISTS entry_search_defer",
    "DROP TRIGGER IF EXISTS entry_search_update",
    "DROP TRIGGER IF EXISTS entry_search_delete",
    "CREATE TRIGGER entry_search_defer AFTER UPDATE OF body ON logbook_entry "
    f"WHEN {_ONLY_DRAFT_TEXT} AND old.body IS NOT new.body BEGIN "
    f"INSERT OR IGNORE INTO {PENDING_TABLE} (entry_id) VALUES (new.id); END",
    "CREATE TRIGGER entry_search_update AFTER UPDATE OF body, themes, person_id, status "
    f"ON logbook_entry WHEN NOT ({_ONLY_DRAFT_TEXT}) AND ("
    "old.body IS NOT new.body OR old.themes IS NOT new.themes "
    "OR old.person_id IS NOT new.person_id "
    f"OR EXISTS (SELECT 1 FROM {PENDING_TABLE} WHERE entry_id = new.id)) BEGIN "
    "DELETE FROM search_index WHERE rowid = old.id * 4 + 2; "
    f"{_ENTRY_ROW} DELETE FROM {PENDING_TABLE} WHERE entry_id = new.id; END",
    "CREATE TRIGGER entry_search_delete AFTER DELETE ON logbook_entry BEGIN "
    "DELETE FROM search_index WHERE rowid = old.id * 4 + 2; "
    f"DELETE FROM {PENDING_TABLE} WHERE entry_id = old.id; END",
)


def apply(database: Any) -> None:
    """Create the table of notes waiting to be indexed and the new triggers."""
    for statement in STATEMENTS:
        database.execute_sql(statement)
