"""The logbook chain walk of `epc check` (one streamed pass and one query): it keeps finding an
altered note, a removed note (with or without its revisions) and an altered amendment, and says
nothing of an intact logbook."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from epc_tui.vault.logbook_chain import verify_chain
from epc_tui.vault.models import LogbookEntry, LogbookRevision
from epc_tui.vault.vault import Vault
from tests.unit.backup_helpers import add_person_with_note

AMENDED_AT = datetime(2026, 11, 3, 9, 0)


@pytest.fixture
def chained(new_vault: Vault) -> Vault:
    """Three finalised notes, the second amended once (four revisions in the chain)."""
    from epc_tui.vault.logbook_chain import append_revision

    for n in range(1, 4):
        add_person_with_note(new_vault, f"PP-00{n}", f"NOTE-{n}")
    with new_vault.writing():
        second = LogbookEntry.get(LogbookEntry.body == "Note de rencontre NOTE-2")
        second.body = "Note de rencontre NOTE-2, précisée."
        second.save()
        append_revision(second, second.body, AMENDED_AT, reason="appel du conjoint")
    return new_vault


def problems(vault: Vault) -> list[str]:
    """The chain walk's findings."""
    with vault.connected():
        return verify_chain()


def raw(vault: Vault, sql: str, *params: object) -> None:
    """SQL behind the application's back, foreign keys off (as a tamperer would)."""
    with vault.connected():
        database = vault.database
        database.execute_sql("PRAGMA foreign_keys = OFF")
        try:
            database.execute_sql(sql, params)
        finally:
            database.execute_sql("PRAGMA foreign_keys = ON")


def test_an_intact_logbook_has_no_problem(chained: Vault) -> None:
    """Negative control: the fixture's four revisions chain and match their notes."""
    assert problems(chained) == []
    with chained.connected():
        assert LogbookRevision.select().count() == 4


def test_an_altered_finalised_note_is_found(chained: Vault) -> None:
    """A finalised note's text changed (its revisions untouched) no longer matches."""
    raw(chained, "UPDATE logbook_entry SET body = 'falsifiée' WHERE body LIKE '%NOTE-1'")
    assert problems(chained) == ["check.logbook_altered"]


def test_the_newest_note_removed_alone_is_found(chained: Vault) -> None:
    """The newest note deleted alone leaves its revision, the chain's head, without a note:
    the chain still links, but the orphan revision is reported."""
    add_person_with_note(chained, "PP-004", "NOTE-4")
    assert problems(chained) == []
    raw(chained, "DELETE FROM logbook_entry WHERE body LIKE '%NOTE-4'")
    assert problems(chained) == ["check.logbook_altered"]


def test_a_note_removed_with_its_revisions_breaks_the_chain(chained: Vault) -> None:
    """Deleting a note and its revisions leaves the next revision pointing at a lost hash."""
    with chained.connected():
        entry = LogbookEntry.get(LogbookEntry.body == "Note de rencontre NOTE-1")
    raw(chained, "DELETE FROM logbook_revision WHERE entry_id = ?", entry.id)
    raw(chained, "DELETE FROM logbook_entry WHERE id = ?", entry.id)
    assert problems(chained) == ["check.logbook_altered"]


def test_an_altered_amendment_is_found(chained: Vault) -> None:
    """The amendment's text (revision 1) changed in the same way in the note and in the
    revision: the chain hash no longer matches."""
    new_text = "Note de rencontre NOTE-2, réécrite."
    raw(chained, "UPDATE logbook_revision SET body = ? WHERE number = 1", new_text)
    raw(chained, "UPDATE logbook_entry SET body = ? WHERE body LIKE '%précisée.'", new_text)
    assert problems(chained) == ["check.logbook_altered"]


def test_an_amendment_reason_or_time_changed_is_found(chained: Vault) -> None:
    """The reason and the time of an amendment are chained too."""
    raw(chained, "UPDATE logbook_revision SET reason = 'autre' WHERE number = 1")
    assert problems(chained) == ["check.logbook_altered"]
    raw(chained, "UPDATE logbook_revision SET reason = 'appel du conjoint' WHERE number = 1")
    assert problems(chained) == []
    later = (AMENDED_AT + timedelta(hours=1)).isoformat(sep=" ")
    raw(chained, "UPDATE logbook_revision SET at = ? WHERE number = 1", later)
    assert problems(chained) == ["check.logbook_altered"]
