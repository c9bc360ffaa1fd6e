"""What one autosave writes (`logbook.save_text`, `autosave.write_note`): only what changed,
the amendment of a finalised note rather than its text, the same stored values as before the
save path read no row, and a deleted note refused with its own error."""

from __future__ import annotations

from datetime import timedelta

import pytest

from epc_tui.services.autosave import write_note
from epc_tui.vault import logbook
from epc_tui.vault.vault import Vault
from tests.unit.test_logbook import NOW, a_partner_with_a_plan


def test_a_save_writes_only_what_changed(new_vault: Vault) -> None:
    """Text and cursor, the cursor alone, or nothing (False); `updated_at` moves only with
    the text; a finalised note's save goes to its pending amendment, its text untouched."""
    alice, _ = a_partner_with_a_plan(new_vault)
    note = logbook.open_draft(new_vault, person_id=alice, check_in_id=None, at=NOW)
    later = NOW + timedelta(minutes=3)
    assert logbook.save_text(new_vault, note, "Bonne semaine.", (0, 5), later)
    assert not logbook.save_text(new_vault, note, "Bonne semaine.", (0, 5), later)
    assert logbook.save_text(new_vault, note, "Bonne semaine.", (0, 2), NOW + timedelta(hours=1))
    entry = logbook.get_entry(new_vault, note)
    assert (entry.body, entry.cursor_row, entry.cursor_column) == ("Bonne semaine.", 0, 2)
    assert entry.updated_at == later
    logbook.finalise(new_vault, note, later)
    assert logbook.save_text(new_vault, note, "Bonne semaine, corrigé.", (0, 7), later)
    assert not logbook.save_text(new_vault, note, "Bonne semaine, corrigé.", (0, 7), later)
    entry = logbook.get_entry(new_vault, note)
    assert (entry.body, entry.amendment_draft) == ("Bonne semaine.", "Bonne semaine, corrigé.")
    assert entry.working_text == "Bonne semaine, corrigé."


def test_a_deleted_note_is_refused_by_text_and_fields(new_vault: Vault) -> None:
    """Saving a note deleted meanwhile raises `NoteNotFound` and creates nothing."""
    note = logbook.open_draft(new_vault, person_id=None, check_in_id=None, at=NOW)
    assert logbook.discard_if_empty(new_vault, note)
    with pytest.raises(logbook.NoteNotFound):
        logbook.save_text(new_vault, note, "Perdu ?", (0, 0), NOW)
    with pytest.raises(logbook.NoteNotFound):
        logbook.save_fields(new_vault, note, logbook.NoteFields(), NOW)
    with pytest.raises(logbook.NoteNotFound):
        write_note(new_vault, note, "Perdu ?", (0, 0), logbook.NoteFields(), NOW)


def test_write_note_stores_text_and_fields_together(new_vault: Vault) -> None:
    """The call screen's autosave: text, cursor and fields land together."""
    alice, _ = a_partner_with_a_plan(new_vault)
    note = logbook.open_draft(new_vault, person_id=alice, check_in_id=None, at=NOW)
    fields = logbook.NoteFields(themes=("famille", "travail"), coach_state=2, safety_net=True)
    write_note(new_vault, note, "Parle de son retour au travail.", (0, 9), fields, NOW)
    entry = logbook.get_entry(new_vault, note)
    assert entry.body == "Parle de son retour au travail."
    assert (entry.cursor_row, entry.cursor_column) == (0, 9)
    assert entry.fields == fields
