"""Version 2: the full-text index over people and notes, and two flags added by the logbook.

The index is an FTS5 table that stores its own copy (encrypted with the rest of the file) and
is kept in step by triggers, so no code path can forget it. Row ids encode the source
(`id * 4 + 1` person, `+ 2` entry, `+ 3` revision) so that an update replaces its row through
the rowid index instead of scanning the index: autosave updates an entry every few seconds.
`remove_diacritics 2` makes `anxiete` find `anxiété`.
"""

from __future__ import annotations

from typing import Any

from peewee import BooleanField
from playhouse.migrate import SqliteMigrator, migrate

SEARCH_TABLE = (
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "title, body, kind UNINDEXED, ref_id UNINDEXED, person_id UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)

_PERSON_ROW = (
    "INSERT INTO search_index(rowid, title, body, kind, ref_id, person_id) VALUES ("
    "new.id * 4 + 1, new.full_name || ' ' || new.code, "
    "new.summary || ' ' || replace(replace(replace(new.tags, '[', ''), ']', ''), '\"', ''), "
    "'person', new.id, new.id);"
)
_ENTRY_ROW = (
    "INSERT INTO search_index(rowid, title, body, kind, ref_id, person_id) VALUES ("
    "new.id * 4 + 2, replace(replace(replace(new.themes, '[', ''), ']', ''), '\"', ''), "
    "new.body, 'entry', new.id, new.person_id);"
)
_REVISION_ROW = (
    "INSERT INTO search_index(rowid, title, body, kind, ref_id, person_id) VALUES ("
    "new.id * 4 + 3, '', new.body, 'revision', new.id, "
    "(SELECT person_id FROM logbook_entry WHERE id = new.entry_id));"
)

TRIGGERS: tuple[str, ...] = (
    f"CREATE TRIGGER person_search_insert AFTER INSERT ON person BEGIN {_PERSON_ROW} END",
    "CREATE TRIGGER person_search_update AFTER UPDATE OF full_name, code, summary, tags "
    "ON person BEGIN DELETE FROM search_index WHERE rowid = old.id * 4 + 1; "
    f"{_PERSON_ROW} END",
    "CREATE TRIGGER person_search_delete AFTER DELETE ON person BEGIN "
    "DELETE FROM search_index WHERE rowid = old.id * 4 + 1; END",
    f"CREATE TRIGGER entry_search_insert AFTER INSERT ON logbook_entry BEGIN {_ENTRY_ROW} END",
    "CREATE TRIGGER entry_search_update AFTER UPDATE OF body, themes, person_id "
    "ON logbook_entry BEGIN DELETE FROM search_index WHERE rowid = old.id * 4 + 2; "
    f"{_ENTRY_ROW} END",
    "CREATE TRIGGER entry_search_delete AFTER DELETE ON logbook_entry BEGIN "
    "DELETE FROM search_index WHERE rowid = old.id * 4 + 2; END",
    "CREATE TRIGGER revision_search_insert AFTER INSERT ON logbook_revision "
    f"BEGIN {_REVISION_ROW} END",
    "CREATE TRIGGER revision_search_delete AFTER DELETE ON logbook_revision BEGIN "
    "DELETE FROM search_index WHERE rowid = old.id * 4 + 3; END",
)

BACKFILL: tuple[str, ...] = (
    "INSERT INTO search_index(rowid, title, body, kind, ref_id, person_id) "
    "SELECT id * 4 + 1, full_name || ' ' || code, "
    "summary || ' ' || replace(replace(replace(tags, '[', ''), ']', ''), '\"', ''), "
    "'person', id, id FROM person",
    "INSERT INTO search_index(rowid, title, body, kind, ref_id, person_id) "
    "SELECT id * 4 + 2, replace(replace(replace(themes, '[', ''), ']', ''), '\"', ''), "
    "body, 'entry', id, person_id FROM logbook_entry",
    "INSERT INTO search_index(rowid, title, body, kind, ref_id, person_id) "
    "SELECT r.id * 4 + 3, '', r.body, 'revision', r.id, e.person_id "
    "FROM logbook_revision r JOIN logbook_entry e ON e.id = r.entry_id",
)


def apply(database: Any) -> None:
    """Add the two flags, the search index, its triggers, and index what already exists."""
    migrator = SqliteMigrator(database)
    migrate(
        migrator.add_column("person", "needs_other_contact", BooleanField(default=False)),
        migrator.add_column("logbook_entry", "relay_done", BooleanField(default=False)),
    )
    database.execute_sql(SEARCH_TABLE)
    for statement in (*TRIGGERS, *BACKFILL):
        database.execute_sql(statement)
