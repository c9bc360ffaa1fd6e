"""Drafts are indexed when left, not at every autosave (migration 8), and search stays exact:
the words typed since the last indexing are found, the words erased are not, filters apply,
the marks are settled by finalising, by a change of themes and at unlock — also after a kill —
and a version-7 vault with notes upgrades."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest

from epc_tui.vault import logbook, search_windows
from epc_tui.vault import search as search_module
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.migrations import LATEST_VERSION, current_version, migrate_to
from epc_tui.vault.migrations.v0002_search_and_flags import TRIGGERS
from epc_tui.vault.migrations.v0008_search_pending_drafts import PENDING_TABLE
from epc_tui.vault.search import SearchFilters, search
from epc_tui.vault.search_pending import PENDING_QUERY, index_pending_notes, pending_notes
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.unit.test_logbook import NOW, a_partner_with_a_plan
from tests.unit.test_search import a_note


def index_matches(vault: Vault, word: str) -> set[int]:
    """Note ids whose row in the full-text index holds `word` (the index alone)."""
    with vault.connected():
        cursor = vault.database.execute_sql(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?", [f'"{word}"']
        )
        return {int(rowid) // 4 for (rowid,) in cursor if rowid % 4 == 2}


def marked(vault: Vault) -> set[int]:
    """Notes waiting to be indexed."""
    with vault.connected():
        return set(pending_notes(vault.database))


def found(vault: Vault, text: str, filters: SearchFilters | None = None) -> set[int | None]:
    """Note ids found by search."""
    return {hit.entry_id for hit in search(vault, text, filters) if hit.kind == "note"}


WINDOWS = {"DIRECT_MATCHING": 0, "FIRST_WINDOW": 3}


@pytest.mark.parametrize("walk", [False, True], ids=["few-notes", "index-windows"])
def test_autosave_leaves_the_index_alone_and_search_reads_the_draft(
    new_vault: Vault, monkeypatch: pytest.MonkeyPatch, walk: bool
) -> None:
    """An autosave of a draft's text only marks it: the index keeps its earlier row, yet
    search finds the words typed since and no longer finds the words erased, with or without
    filters, whether the notes are matched directly or the index is walked in windows."""
    if walk:
        for name, value in WINDOWS.items():
            module = search_module if name == "DIRECT_MATCHING" else search_windows
            monkeypatch.setattr(module, name, value)
    alice, _ = a_partner_with_a_plan(new_vault)
    a_note(new_vault, alice, "Nausées le matin, rien d'autre.", NOW)
    draft = logbook.open_draft(new_vault, person_id=alice, check_in_id=None, at=NOW)
    logbook.save_text(new_vault, draft, "Elle parle de sa fatigue.", (0, 0), NOW)
    assert marked(new_vault) == {draft}
    assert index_matches(new_vault, "fatigue") == set()  # the index was not rewritten
    assert found(new_vault, "fatigue") == {draft}
    assert found(new_vault, "fatig") == {draft}  # a prefix being typed
    assert found(new_vault, "fatigue", SearchFilters(person_id=alice)) == {draft}
    assert found(new_vault, "fatigue", SearchFilters(flag="draft")) == {draft}
    assert found(new_vault, "fatigue", SearchFilters(flag="safety_net")) == set()
    assert found(new_vault, "fatigue", SearchFilters(start=NOW.date(), end=NOW.date())) == {draft}
    earlier = SearchFilters(end=(NOW - timedelta(days=1)).date())
    assert found(new_vault, "fatigue", earlier) == set()
    # A change of themes indexes the draft; the text then rewritten without the word.
    logbook.save_fields(new_vault, draft, logbook.NoteFields(themes=("sommeil",)), NOW)
    assert marked(new_vault) == set()
    assert index_matches(new_vault, "fatigue") == {draft}
    logbook.save_text(new_vault, draft, "Elle dort mieux.", (0, 0), NOW)
    assert index_matches(new_vault, "fatigue") == {draft}  # stale in the index
    assert found(new_vault, "fatigue") == set()  # but not found: the text no longer says it
    assert found(new_vault, "dort") == {draft}
    assert found(new_vault, "sommeil") == {draft}  # its theme, as the index would match it
    assert found(new_vault, "nausees") != set()


def test_finalising_or_deleting_a_draft_settles_its_mark(new_vault: Vault) -> None:
    """Finalising writes the draft's last text into the index and clears its mark; an empty
    draft discarded takes its mark along."""
    alice, _ = a_partner_with_a_plan(new_vault)
    draft = logbook.open_draft(new_vault, person_id=alice, check_in_id=None, at=NOW)
    logbook.save_text(new_vault, draft, "Inquiète pour sa chimiothérapie.", (0, 0), NOW)
    logbook.finalise(new_vault, draft, NOW)
    assert marked(new_vault) == set()
    assert index_matches(new_vault, "chimiotherapie") == {draft}
    empty = logbook.open_draft(new_vault, person_id=alice, check_in_id=None, at=NOW)
    logbook.save_text(new_vault, empty, "x", (0, 1), NOW)
    logbook.save_text(new_vault, empty, "  ", (0, 0), NOW)
    assert marked(new_vault) == {empty}
    assert logbook.discard_if_empty(new_vault, empty)
    assert marked(new_vault) == set()


def test_saving_the_same_themes_again_does_not_rewrite_the_index(new_vault: Vault) -> None:
    """The call screen saves its fields with every autosave: unchanged themes leave the
    draft marked (its row is not rewritten); changed themes rewrite it."""
    alice, _ = a_partner_with_a_plan(new_vault)
    draft = logbook.open_draft(new_vault, person_id=alice, check_in_id=None, at=NOW)
    fields = logbook.NoteFields(themes=("famille",))
    logbook.save_fields(new_vault, draft, fields, NOW)
    logbook.save_text(new_vault, draft, "Parle de ses enfants.", (0, 0), NOW)
    logbook.save_fields(new_vault, draft, fields, NOW)
    assert marked(new_vault) == {draft}
    assert index_matches(new_vault, "enfants") == set()
    assert found(new_vault, "famille") == {draft}
    logbook.save_fields(new_vault, draft, logbook.NoteFields(themes=("travail",)), NOW)
    assert marked(new_vault) == set()
    assert index_matches(new_vault, "enfants") == {draft}
    assert found(new_vault, "famille") == set()


def test_unlock_indexes_what_a_lock_left_marked(new_vault: Vault) -> None:
    """A draft marked when the vault locks is in the index after the next unlock."""
    alice, _ = a_partner_with_a_plan(new_vault)
    draft = logbook.open_draft(new_vault, person_id=alice, check_in_id=None, at=NOW)
    logbook.save_text(new_vault, draft, "Relève demandée pour la radiothérapie.", (0, 0), NOW)
    new_vault.lock()
    new_vault.unlock(PASSPHRASE)
    assert marked(new_vault) == set()
    assert index_matches(new_vault, "radiotherapie") == {draft}
    with new_vault.connected():
        assert index_pending_notes(new_vault.database) == 0


KILLED_WHILE_TYPING = """
import os, signal, sys
from datetime import datetime
from pathlib import Path
from epc_tui.vault import logbook
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
vault = Vault(VaultPaths(Path(sys.argv[1])), kdf=FLOOR)
vault.unlock(sys.argv[2])
logbook.save_text(vault, int(sys.argv[3]), sys.argv[4], (0, 0), datetime(2026, 11, 23, 9, 5))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_draft_autosaved_just_before_a_kill_is_indexed_at_the_next_unlock(
    new_vault: Vault,
) -> None:
    """A real process autosaves a draft then is killed (SIGKILL, nothing else runs): the
    next unlock writes the draft's words into the index, and search finds them."""
    alice, _ = a_partner_with_a_plan(new_vault)
    draft = logbook.open_draft(new_vault, person_id=alice, check_in_id=None, at=NOW)
    paths = new_vault.paths
    new_vault.release()
    text = "Elle évoque un lymphœdème au bras."
    process = subprocess.run(
        [
            sys.executable,
            "-c",
            KILLED_WHILE_TYPING,
            str(paths.data_dir),
            PASSPHRASE,
            str(draft),
            text,
        ],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        check=False,
    )
    assert process.returncode == -signal.SIGKILL, process.stderr.decode()
    vault = Vault(paths, kdf=FLOOR)
    vault.unlock(PASSPHRASE)
    try:
        assert marked(vault) == set()
        assert index_matches(vault, "bras") == {draft}
        assert found(vault, "bras") == {draft}
    finally:
        vault.release()


def test_a_version_7_vault_with_notes_upgrades(new_vault: Vault) -> None:
    """Migration 8 on a vault at version 7 holding notes: drafts keep being found, the old
    triggers are replaced, and an autosave then marks instead of re-indexing."""
    alice, _ = a_partner_with_a_plan(new_vault)
    final = a_note(new_vault, alice, "Douleur au dos.", NOW)
    draft = logbook.open_draft(new_vault, person_id=alice, check_in_id=None, at=NOW)
    logbook.save_text(new_vault, draft, "Douleur au ventre.", (0, 0), NOW)
    logbook.finalise(new_vault, draft, NOW)
    with new_vault.writing():
        database = new_vault.database
        database.execute_sql(f"DROP TABLE {PENDING_TABLE}")
        for name in ("entry_search_defer", "entry_search_update", "entry_search_delete"):
            database.execute_sql(f"DROP TRIGGER {name}")
        for trigger in TRIGGERS:
            if "ON logbook_entry" in trigger and ("_update" in trigger or "_delete" in trigger):
                database.execute_sql(trigger)
        database.execute_sql("DELETE FROM schema_version WHERE version >= 8")
    with new_vault.connected():
        assert current_version(new_vault.database) == 7
        assert migrate_to(new_vault.database) == list(range(8, LATEST_VERSION + 1))
    assert found(new_vault, "douleur") == {final, draft}
    other = logbook.open_draft(new_vault, person_id=alice, check_in_id=None, at=NOW)
    logbook.save_text(new_vault, other, "Douleur encore.", (0, 0), NOW)
    assert marked(new_vault) == {other}
    assert found(new_vault, "douleur") == {final, draft, other}


def test_looking_for_marked_drafts_never_reads_through_the_notes(new_vault: Vault) -> None:
    """Every search looks for marked drafts first: the query starts from the few marks and
    fetches each note by its id (a join led by the notes scanned 200,000 of them)."""
    with new_vault.connected():
        plan = new_vault.database.execute_sql(f"EXPLAIN QUERY PLAN {PENDING_QUERY}").fetchall()
    details = [str(row[3]) for row in plan]
    assert details[0].startswith("SCAN p"), details
    assert "INTEGER PRIMARY KEY" in details[1], details
