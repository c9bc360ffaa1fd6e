"""Ending a call is recorded in one transaction (`services.call_flow.finish_call`): all of
it, or nothing of it.

The kill tests (test_kill_runs.py) prove it from outside with SIGKILL; these prove it at the
service layer with a real failure inside the transaction and with the whole record checked.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from epc_tui.services.call_flow import FinishedCall, NextProposal, finish_call
from epc_tui.vault import check_ins, logbook, people
from epc_tui.vault.logbook import NoteFields, NoteLocked
from epc_tui.vault.records import PersonDraft
from epc_tui.vault.vault import Vault

STARTED = datetime(2026, 11, 23, 9, 0)
ENDED = STARTED + timedelta(minutes=25)


def a_call(vault: Vault) -> tuple[int, int, int]:
    """Denise, one check-in today and the call's draft note: (person, check-in, note)."""
    draft = PersonDraft(
        full_name="Denise Appel", kind="patient", track_id=None, anchor_date=None, cadence="weekly"
    )
    person_id = people.add_person(vault, draft, [], STARTED)
    check_in_id = check_ins.add_check_in(vault, person_id, STARTED.date(), at=STARTED)
    entry_id = logbook.open_draft(vault, person_id=person_id, check_in_id=check_in_id, at=STARTED)
    logbook.start_call(vault, entry_id, STARTED)
    logbook.save_text(vault, entry_id, "Premier jet", (0, 11), STARTED)
    return person_id, check_in_id, entry_id


def ending(person_id: int, check_in_id: int, entry_id: int, text: str) -> FinishedCall:
    """The end of the call with the next check-in (a week later) accepted, note finalised."""
    return FinishedCall(
        person_id=person_id,
        check_in_id=check_in_id,
        entry_id=entry_id,
        started=STARTED,
        ended=ENDED,
        duration_seconds=1500,
        text=text,
        cursor=(0, len(text)),
        fields=NoteFields(themes=("sommeil",), coach_state=1),
        proposal=NextProposal(None, date(2026, 11, 30), ""),
        action="accept",
        day=None,
        finalise=True,
        no_next_reason="",
    )


def test_the_whole_end_of_a_call_is_recorded(new_vault: Vault) -> None:
    """Last words, themes, check-in done with its duration, call times, note final with
    revision 0, next check-in planned: all there after one call."""
    person_id, check_in_id, entry_id = a_call(new_vault)
    text = "Denise dort mieux; on revoit le filet de sécurité."
    assert finish_call(new_vault, ending(person_id, check_in_id, entry_id, text), ENDED) == (
        check_in_id
    )
    held = check_ins.get_check_in(new_vault, check_in_id)
    assert (held.status, held.duration_seconds, held.held_at) == ("done", 1500, STARTED)
    note = logbook.get_entry(new_vault, entry_id)
    assert (note.status, note.body, note.fields.themes) == ("final", text, ("sommeil",))
    assert (note.call_started_at, note.call_ended_at) == (STARTED, ENDED)
    assert [r.body for r in logbook.history(new_vault, entry_id)] == [text]
    planned = [c.planned_date for c in check_ins.check_ins_of_person(new_vault, person_id)]
    assert planned == [STARTED.date(), date(2026, 11, 30)]
    assert new_vault.check().ok


def test_a_failure_at_the_last_step_records_nothing(new_vault: Vault) -> None:
    """The note was already finalised (the last step, finalising, fails with NoteLocked):
    the check-in is still planned, no next check-in was added, no status change is in its
    history, and the note's pending amendment is not written — nothing half recorded."""
    person_id, check_in_id, entry_id = a_call(new_vault)
    logbook.finalise(new_vault, entry_id, STARTED)
    with pytest.raises(NoteLocked):
        finish_call(new_vault, ending(person_id, check_in_id, entry_id, "Ajout"), ENDED)
    held = check_ins.get_check_in(new_vault, check_in_id)
    assert (held.status, held.duration_seconds) == ("planned", None)
    assert [c.id for c in check_ins.check_ins_of_person(new_vault, person_id)] == [check_in_id]
    assert [change.field for change in check_ins.history(new_vault, check_in_id)] == ["created"]
    note = logbook.get_entry(new_vault, entry_id)
    assert (note.amendment_draft, note.call_ended_at) == (None, None)
    assert new_vault.check().ok
