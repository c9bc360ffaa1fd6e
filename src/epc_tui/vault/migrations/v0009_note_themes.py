"""Version 9: a table of note–theme pairs, so that a theme's notes are one range of an index.

The theme filter of the search listed a theme's notes by reading every note's themes in an
index and matching them with `LIKE '%"theme"%'` (25,052 of 200,000 notes for `anxiété`: 43 ms
of a 145 ms search, and 80 ms under load). The pairs are kept here, the theme folded as that
`LIKE` folded it (ASCII letters only: SQLite's `lower()` without ICU folds the same letters),
keyed by (theme, note) so that a theme's notes come in note order from a range, each with
its person (the search needs both; looking the person up note by note cost as much as the
`LIKE`).

Triggers on the notes' `themes` column (a JSON list of strings) keep the pairs in step with
every insert, change of themes or person and deletion, in the same transaction. Themes of earlier
versions are not kept: the filter has always looked at a note's current themes only.

The table is named under `search_index` so backups leave it out of their row counts, like the
full-text index it belongs with (everything in it is derived from the notes).
"""

from __future__ import annotations

import json
from typing import Any

NOTE_THEMES = "search_index_themes"

_THEMES_OF = (
    "SELECT DISTINCT lower(value) AS theme FROM json_each("
    "CASE WHEN json_valid({row}.themes) AND json_type({row}.themes) = 'array' "
    "THEN {row}.themes ELSE '[]' END) WHERE type = 'text'"
)
"""A row's folded themes; a value that is not a JSON list (never written by the app) has none,
so a bad value cannot make a note's save fail."""

STATEMENTS: tuple[str, ...] = (
    f"CREATE TABLE IF NOT EXISTS {NOTE_THEMES} ("
    "theme TEXT NOT NULL, entry_id INTEGER NOT NULL, person_id INTEGER, "
    "PRIMARY KEY (theme, entry_id)"
    ") WITHOUT ROWID",
    "DROP TRIGGER IF EXISTS entry_themes_insert",
    "DROP TRIGGER IF EXISTS entry_themes_update",
    "DROP TRIGGER IF EXISTS entry_themes_delete",
    "CREATE TRIGGER entry_themes_insert AFTER INSERT ON logbook_entry BEGIN "
    f"INSERT OR IGNORE INTO {NOTE_THEMES} (theme, entry_id, person_id) "
    f"SELECT theme, new.id, new.person_id FROM ({_THEMES_OF.format(row='new')}); END",
    "CREATE TRIGGER entry_themes_update AFTER UPDATE OF themes, person_id ON logbook_entry "
    "WHEN old.themes IS NOT new.themes OR old.person_id IS NOT new.person_id BEGIN "
    f"DELETE FROM {NOTE_THEMES} WHERE entry_id = old.id "
    f"AND theme IN ({_THEMES_OF.format(row='old')}); "
    f"INSERT OR IGNORE INTO {NOTE_THEMES} (theme, entry_id, person_id) "
    f"SELECT theme, new.id, new.person_id FROM ({_THEMES_OF.format(row='new')}); END",
    "CREATE TRIGGER entry_themes_delete AFTER DELETE ON logbook_entry BEGIN "
    f"DELETE FROM {NOTE_THEMES} WHERE entry_id = old.id "
    f"AND theme IN ({_THEMES_OF.format(row='old')}); END",
)

ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
"""What SQLite's `lower()` (without ICU) folds: ASCII letters only, as the triggers fold."""


def themes_of(themes: str) -> set[str]:
    """A note's folded themes, as the triggers compute them: the strings of a JSON list,
    nothing for a value that is not one."""
    try:
        values = json.loads(themes)
    except ValueError:
        return set()
    if not isinstance(values, list):
        return set()
    return {value.translate(ASCII_LOWER) for value in values if isinstance(value, str)}


def apply(database: Any) -> None:
    """Create the table and its triggers, and fill it from the notes' themes.

    The pairs are computed here rather than with `json_each` in SQL: on the 200,000-note
    vault that took 3.3 s (a table-valued function set up per note) against about 1 s
    (the notes' themes read from an index, parsed here, inserted in key order)."""
    for statement in STATEMENTS:
        database.execute_sql(statement)
    database.execute_sql(f"DELETE FROM {NOTE_THEMES}")
    cursor = database.execute_sql(
        "SELECT id, person_id, themes FROM logbook_entry WHERE themes != '[]'"
    )
    pairs = sorted(
        (theme, int(note), person)
        for note, person, themes in cursor
        for theme in themes_of(str(themes))
    )
    database.connection().executemany(
        f"INSERT INTO {NOTE_THEMES} (theme, entry_id, person_id) VALUES (?, ?, ?)", pairs
    )
    database.execute_sql(f"ANALYZE {NOTE_THEMES}")
