"""Schema migrations, applied in order inside one transaction each.

Add a module `vNNNN_what.py` with an `apply(database)` function and list it below. Version 1 is
frozen SQL; later versions use peewee's `playhouse.migrate` where they change tables.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from epc_tui.vault.errors import SchemaTooNew
from epc_tui.vault.migrations import (
    v0001_initial,
    v0002_search_and_flags,
    v0003_caseload_indexes,
    v0004_indicator_index,
    v0005_search_filter_indexes,
    v0006_calendar_indexes,
    v0007_agenda_lines_index,
    v0008_search_pending_drafts,
    v0009_note_themes,
)

MIGRATIONS: tuple[tuple[int, Callable[[Any], None]], ...] = (
    (1, v0001_initial.apply),
    (2, v0002_search_and_flags.apply),
    (3, v0003_caseload_indexes.apply),
    (4, v0004_indicator_index.apply),
    (5, v0005_search_filter_indexes.apply),
    (6, v0006_calendar_indexes.apply),
    (7, v0007_agenda_lines_index.apply),
    (8, v0008_search_pending_drafts.apply),
    (9, v0009_note_themes.apply),
)
LATEST_VERSION = MIGRATIONS[-1][0]


def current_version(database: Any) -> int:
    """The schema version recorded in the vault, 0 for an empty database."""
    if "schema_version" not in database.get_tables():
        return 0
    row = database.execute_sql("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate_to(database: Any, target: int = LATEST_VERSION) -> list[int]:
    """Bring the schema up to `target`; return the versions applied.

    Each step and its version row commit together, so a kill mid-migration leaves the
    previous version intact and the next unlock simply tries again.
    """
    version = current_version(database)
    if version > LATEST_VERSION:
        raise SchemaTooNew(found=version, supported=LATEST_VERSION)
    applied = []
    for number, apply in MIGRATIONS:
        if version < number <= target:
            with database.atomic():
                apply(database)
                database.execute_sql(
                    "INSERT INTO schema_version (version, migrated_at) VALUES (?, ?)",
                    (number, datetime.now().isoformat(sep=" ")),
                )
            applied.append(number)
    return applied
