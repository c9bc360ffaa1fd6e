"""The logbook in a real vault: drafts and autosave, finalising, amendments, history, the chain,
follow-up actions, note status per check-in and recovered drafts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from epc_tui.services.enrolment import enrol
from epc_tui.settings import Settings
from epc_tui.vault import check_ins, logbook, tracks
from epc_tui.vault.builtin_tracks import FIRST_YEAR
from epc_tui.vault.models import LogbookRevision
from epc_tui.vault.records import PersonDraft
from epc_tui.vault.vault import Vault

NOW = datetime(2026, 11, 23, 9, 0)
PLAIN_DAYS = Settings(skip_weekends=False, skip_holidays=False)


def a_partner_with_a_plan(vault: Vault, name: str = "Alice Partenaire") -> tuple[int, int]:
    """A patient partner trained on 1 October 2026; returns (person id, first check-in id)."""
    found = tracks.find_track(tracks.list_tracks(vault), FIRST_YEAR)
    assert found is not None
    draft = PersonDraft(
        full_name=name, kind="partner", track_id=found.id, anchor_date=date(2026, 10, 1)
    )
    person_id = enrol(vault, [draft], PLAIN_DAYS, NOW)[0]
    first = check_ins.check_ins_of_person(vault, person_id)[0]
    return person_id, first.id


def test_a_check_in_has_one_note_and_autosave_keeps_text_and_cursor(new_vault: Vault) -> None:
    """Opening the note of a check-in twice gives the same draft; autosave stores the cursor."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    entry_id = logbook.open_draft(new_vault, person_id=person_id, check_in_id=check_in_id, at=NOW)
    again = logbook.open_draft(new_vault, person_id=person_id, check_in_id=check_in_id, at=NOW)
    assert again == entry_id
    assert logbook.save_text(new_vault, entry_id, "Elle parle du sommeil.\nEt", (1, 2), NOW)
    assert not logbook.save_text(new_vault, entry_id, "Elle parle du sommeil.\nEt", (1, 2), NOW)
    assert logbook.save_text(new_vault, entry_id, "Elle parle du sommeil.\nEt", (0, 5), NOW)
    entry = logbook.get_entry(new_vault, entry_id)
    assert (entry.body, entry.cursor_row, entry.cursor_column) == (
        "Elle parle du sommeil.\nEt",
        0,
        5,
    )
    assert entry.kind == "call" and entry.person_name == "Alice Partenaire"
    assert logbook.note_status_by_check_in(new_vault, [check_in_id, 999]) == {
        check_in_id: "draft",
        999: "none",
    }


def test_finalise_locks_and_amendments_keep_every_version(new_vault: Vault) -> None:
    """Finalised text becomes revision 0; an amendment is typed aside, then revision 1 with
    its reason; the history holds both with their times and the chain verifies."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    entry_id = logbook.open_draft(new_vault, person_id=person_id, check_in_id=check_in_id, at=NOW)
    logbook.save_text(new_vault, entry_id, "Première version.", (0, 0), NOW)
    logbook.finalise(new_vault, entry_id, NOW + timedelta(minutes=50))
    with pytest.raises(logbook.NoteLocked):
        logbook.finalise(new_vault, entry_id, NOW)
    later = NOW + timedelta(days=1)
    logbook.save_text(new_vault, entry_id, "Première version, précisée.", (0, 3), later)
    pending = logbook.get_entry(new_vault, entry_id)
    assert pending.body == "Première version."
    assert pending.working_text == "Première version, précisée."
    with pytest.raises(logbook.AmendmentReasonMissing):
        logbook.amend(new_vault, entry_id, "  ", later)
    assert logbook.amend(new_vault, entry_id, "courriel reçu", later) == 1
    versions = logbook.history(new_vault, entry_id)
    assert [(v.number, v.body, v.reason) for v in versions] == [
        (0, "Première version.", ""),
        (1, "Première version, précisée.", "courriel reçu"),
    ]
    assert versions[0].at == NOW + timedelta(minutes=50)
    final = logbook.get_entry(new_vault, entry_id)
    assert final.is_final and final.amendment_draft is None
    assert final.body == "Première version, précisée."
    assert logbook.note_status_by_check_in(new_vault, [check_in_id]) == {check_in_id: "final"}
    assert new_vault.check().ok


def test_epc_check_detects_an_altered_or_removed_revision(new_vault: Vault) -> None:
    """Changing a revision's text behind the app's back, or deleting one, breaks the chain."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    entry_id = logbook.open_draft(new_vault, person_id=person_id, check_in_id=check_in_id, at=NOW)
    logbook.save_text(new_vault, entry_id, "Texte d'origine.", (0, 0), NOW)
    logbook.finalise(new_vault, entry_id, NOW)
    logbook.save_text(new_vault, entry_id, "Texte amendé.", (0, 0), NOW)
    logbook.amend(new_vault, entry_id, "correction", NOW)
    assert new_vault.check().ok
    with new_vault.writing():
        LogbookRevision.update(body="Texte falsifié.").where(LogbookRevision.number == 0).execute()
    assert "check.logbook_altered" in new_vault.check().problems
    with new_vault.writing():
        LogbookRevision.update(body="Texte d'origine.").where(LogbookRevision.number == 0).execute()
    assert new_vault.check().ok
    with new_vault.writing():
        LogbookRevision.delete().where(LogbookRevision.number == 0).execute()
    assert "check.logbook_altered" in new_vault.check().problems


def test_structured_fields_and_follow_up_actions(new_vault: Vault) -> None:
    """Themes, state, needs and relay are stored; actions are listed per person and by due date
    until done."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    entry_id = logbook.open_draft(new_vault, person_id=person_id, check_in_id=check_in_id, at=NOW)
    fields = logbook.NoteFields(
        themes=("sommeil", "anxiété", "sommeil"),
        coach_state=3,
        safety_net=True,
        training_needs="écoute active",
        relay=True,
        relay_text="nausées",
    )
    logbook.save_fields(new_vault, entry_id, fields, NOW)
    stored = logbook.get_entry(new_vault, entry_id).fields
    assert stored.themes == ("anxiété", "sommeil")
    assert (stored.coach_state, stored.safety_net, stored.relay) == (3, True, True)
    with pytest.raises(ValueError):
        logbook.save_fields(new_vault, entry_id, logbook.NoteFields(coach_state=9), NOW)
    soon = logbook.add_action(
        new_vault,
        person_id=person_id,
        entry_id=entry_id,
        text="Envoyer le dépliant",
        due_date=date(2026, 11, 25),
        at=NOW,
    )
    logbook.add_action(
        new_vault, person_id=person_id, entry_id=entry_id, text="Rappeler", due_date=None, at=NOW
    )
    assert [a.text for a in logbook.open_actions(new_vault, person_id)] == [
        "Envoyer le dépliant",
        "Rappeler",
    ]
    week = logbook.actions_due_between(new_vault, date(2026, 11, 23), date(2026, 11, 29))
    assert [(a.id, a.person_name) for a in week] == [(soon, "Alice Partenaire")]
    logbook.set_action_done(new_vault, soon, NOW)
    assert logbook.actions_due_between(new_vault, date(2026, 11, 23), date(2026, 11, 29)) == []
    assert [a.text for a in logbook.open_actions(new_vault, person_id)] == ["Rappeler"]
    assert len(logbook.actions_of_entry(new_vault, entry_id)) == 2


def test_recovered_drafts_and_empty_drafts(new_vault: Vault) -> None:
    """Drafts with words and pending amendments are offered again; an untouched draft is
    dropped when left, a reflection has no person."""
    person_id, _ = a_partner_with_a_plan(new_vault)
    empty = logbook.open_draft(new_vault, person_id=None, check_in_id=None, at=NOW)
    assert logbook.get_entry(new_vault, empty).kind == "reflection"
    assert logbook.discard_if_empty(new_vault, empty)
    with pytest.raises(logbook.NoteNotFound):
        logbook.get_entry(new_vault, empty)
    written = logbook.open_draft(new_vault, person_id=person_id, check_in_id=None, at=NOW)
    assert logbook.get_entry(new_vault, written).kind == "person_note"
    logbook.save_text(new_vault, written, "Courriel échangé.", (0, 0), NOW)
    assert not logbook.discard_if_empty(new_vault, written)
    final = logbook.open_draft(new_vault, person_id=None, check_in_id=None, at=NOW)
    logbook.save_text(new_vault, final, "Ma réflexion.", (0, 0), NOW)
    logbook.finalise(new_vault, final, NOW)
    assert [e.id for e in logbook.recovered_drafts(new_vault)] == [written]
    logbook.save_text(new_vault, final, "Ma réflexion, reprise.", (0, 0), NOW + timedelta(hours=1))
    assert [e.id for e in logbook.recovered_drafts(new_vault)] == [final, written]
    logbook.discard_amendment(new_vault, final)
    assert [e.id for e in logbook.recovered_drafts(new_vault)] == [written]
    assert [e.id for e in logbook.reflections(new_vault)] == [final]


def test_epc_check_command_reports_an_altered_note(new_vault: Vault) -> None:
    """`epc check` (a real subprocess) passes on an intact logbook and fails, in one sentence,
    once a finalised revision was changed behind the application's back."""
    from tests.cli.test_cli_contract import epc
    from tests.conftest import PASSPHRASE

    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    entry_id = logbook.open_draft(new_vault, person_id=person_id, check_in_id=check_in_id, at=NOW)
    logbook.save_text(new_vault, entry_id, "Texte d'origine.", (0, 0), NOW)
    logbook.finalise(new_vault, entry_id, NOW)
    data_dir = new_vault.paths.data_dir
    new_vault.lock()
    new_vault.release()
    intact = epc("check", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data_dir)
    assert intact.returncode == 0, intact.stderr
    new_vault.unlock(PASSPHRASE)
    with new_vault.writing():
        LogbookRevision.update(body="Texte falsifié.").execute()
    new_vault.release()
    altered = epc("check", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data_dir)
    assert altered.returncode != 0
    assert "Traceback" not in altered.stderr
    assert "falsifié" not in altered.stdout + altered.stderr
