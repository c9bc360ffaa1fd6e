"""Handover (préparer la relève): export chosen people, merge them into another vault by
stable uid, conflicts reported and nothing overwritten, all in one transaction."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epc_tui.vault.backup_format import BackupDamaged
from epc_tui.vault.handover import (
    MAGIC,
    HandoverNothingChosen,
    HandoverUnlockFailed,
    export_handover,
    import_handover,
    read_handover,
)
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.models import (
    CallAttempt,
    CheckIn,
    CheckInChange,
    FollowUpAction,
    LogbookEntry,
    LogbookRevision,
    Person,
    Track,
)
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.unit.backup_helpers import add_person_with_note, files_containing

SECRET = "relève de décembre pour Josée"
JOSEE = "la phrase de passe de Josée est longue"
NOW = datetime(2026, 11, 23, 16, 0)


@pytest.fixture
def receiving(tmp_path: Path) -> Vault:
    """The receiving coach's vault, with a person of their own coded PP-001, left locked.

    The models are bound to one database at a time (one vault per process, as in the
    application), so tests switch between the two vaults with `use`.
    """
    vault = Vault(VaultPaths(tmp_path / "coffre de Josée"), kdf=FLOOR)
    vault.create(JOSEE)
    vault.unlock(JOSEE)
    add_person_with_note(vault, "PP-001", "PERSONNE-DE-JOSEE")
    vault.lock()
    yield vault
    vault.release()


def use(vault: Vault) -> Vault:
    """Lock the other vault's models away and open `vault` (rebinding the models to it)."""
    vault.lock()
    vault.unlock(JOSEE if "Josée" in str(vault.paths.data_dir) else PASSPHRASE)
    return vault


def outgoing(vault: Vault) -> str:
    """The leaving coach's person PP-001, with a track, history, attempts and an amendment."""
    use(vault)
    uid = add_person_with_note(vault, "PP-001", "MARQUEUR-RELEVE")
    add_person_with_note(vault, "PP-002", "RESTE-ICI")
    with vault.writing():
        person = Person.get(Person.uid == uid)
        person.track = Track.get(Track.builtin_key.is_null(False))
        person.phone = "514 555-0101"
        person.save()
        check_in = CheckIn.get(CheckIn.person == person)
        CheckInChange.create(
            check_in=check_in, field="planned_date", old_value="2026-11-01", new_value="2026-11-02"
        )
        CallAttempt.create(person=person, check_in=check_in, outcome="no_answer")
        entry = LogbookEntry.get(LogbookEntry.person == person)
        from epc_tui.vault.logbook_chain import append_revision

        entry.body = "Note amendée MARQUEUR-RELEVE"
        entry.save()
        append_revision(entry, entry.body, datetime(2026, 11, 3, 9, 0), "précision")
        LogbookEntry.create(person=person, body="Brouillon MARQUEUR-RELEVE", status="draft")
    return uid


def counts(vault: Vault, uid: str) -> dict[str, int]:
    """How many records of each kind the person with `uid` has in `vault`."""
    with vault.connected():
        person = Person.get(Person.uid == uid)
        return {
            "check_ins": person.check_ins.count(),
            "changes": CheckInChange.select().join(CheckIn).where(CheckIn.person == person).count(),
            "attempts": person.attempts.count(),
            "entries": person.entries.count(),
            "revisions": LogbookRevision.select()
            .join(LogbookEntry)
            .where(LogbookEntry.person == person)
            .count(),
            "actions": person.actions.count(),
        }


def test_export_then_import_brings_everything_and_the_chain_holds(
    new_vault: Vault, receiving: Vault, tmp_path: Path
) -> None:
    """The person arrives with check-ins, changes, attempts, notes, amendments and actions;
    the receiving vault's logbook chain still verifies; the code clash is renamed and said."""
    uid = outgoing(new_vault)
    file = tmp_path / "relève.epchand"
    summary = export_handover(new_vault, ["PP-001"], file, SECRET, NOW)
    assert summary.people == 1 and summary.notes == 2
    report = import_handover(use(receiving), read_handover(file, SECRET))
    assert report.people_added == 1 and report.notes_added == 2
    assert report.check_ins_added == 1 and report.actions_added == 1 and report.attempts_added == 1
    assert [(c.record, c.detail) for c in report.conflicts] == [("person", "code")]
    arrived_counts = counts(receiving, uid)
    assert arrived_counts == counts(use(new_vault), uid)
    use(receiving)
    with receiving.connected():
        arrived = Person.get(Person.uid == uid)
        assert arrived.code == "PP-001-2" and arrived.phone == "514 555-0101"
        assert arrived.track is not None and arrived.track.builtin_key
        assert Person.select().where(Person.code == "PP-002").count() == 0
    assert receiving.check().ok


def test_a_second_import_duplicates_nothing(
    new_vault: Vault, receiving: Vault, tmp_path: Path
) -> None:
    """The same file twice: everything is recognised by uid, nothing added, no conflict."""
    uid = outgoing(new_vault)
    file = tmp_path / "relève.epchand"
    export_handover(new_vault, ["PP-001"], file, SECRET, NOW)
    import_handover(use(receiving), read_handover(file, SECRET))
    before = counts(receiving, uid)
    again = import_handover(receiving, read_handover(file, SECRET))
    assert again.people_added == 0 and again.people_already_there == 1
    assert again.notes_added == again.check_ins_added == again.actions_added == 0
    assert again.conflicts == ()
    assert counts(receiving, uid) == before


def test_conflicts_are_reported_and_nothing_is_overwritten(
    new_vault: Vault, receiving: Vault, tmp_path: Path
) -> None:
    """Both coaches changed the person; the receiving vault keeps its values and is told,
    while records only the file has are added."""
    uid = outgoing(new_vault)
    file = tmp_path / "relève.epchand"
    export_handover(new_vault, ["PP-001"], file, SECRET, NOW)
    import_handover(use(receiving), read_handover(file, SECRET))
    with use(new_vault).writing():
        person = Person.get(Person.uid == uid)
        person.summary = "Résumé changé par le coach sortant"
        person.save()
        LogbookEntry.create(person=person, body="Nouvelle note après la relève", status="draft")
        FollowUpAction.create(person=person, text="Nouvelle action", due_date=date(2026, 12, 1))
    with use(receiving).writing():
        mine = Person.get(Person.uid == uid)
        mine.phone = "438 555-0199"
        mine.save()
    export_handover(use(new_vault), ["PP-001"], file, SECRET, NOW)
    report = import_handover(use(receiving), read_handover(file, SECRET))
    details = {(c.record, c.detail) for c in report.conflicts}
    assert ("person", "phone") in details and ("person", "summary") in details
    assert report.notes_added == 1 and report.actions_added == 1
    with receiving.connected():
        kept = Person.get(Person.uid == uid)
        assert kept.phone == "438 555-0199"
        assert kept.summary != "Résumé changé par le coach sortant"


def test_a_dry_run_changes_nothing(new_vault: Vault, receiving: Vault, tmp_path: Path) -> None:
    """A dry run reports what would happen and leaves the receiving vault as it was."""
    outgoing(new_vault)
    file = tmp_path / "relève.epchand"
    export_handover(new_vault, ["PP-001"], file, SECRET, NOW)
    report = import_handover(use(receiving), read_handover(file, SECRET), dry_run=True)
    assert report.dry_run and report.people_added == 1
    with receiving.connected():
        assert Person.select().count() == 1


def test_the_import_is_one_transaction(new_vault: Vault, receiving: Vault, tmp_path: Path) -> None:
    """A damaged second person stops the import: the first one is not added either."""
    outgoing(new_vault)
    file = tmp_path / "relève.epchand"
    export_handover(new_vault, ["PP-001", "PP-002"], file, SECRET, NOW)
    people = read_handover(file, SECRET)
    del people[1]["code"]
    with pytest.raises(BackupDamaged):
        import_handover(use(receiving), people)
    with receiving.connected():
        assert Person.select().count() == 1


def test_wrong_passphrase_unknown_code_and_tampering(new_vault: Vault, tmp_path: Path) -> None:
    """A wrong passphrase, an unknown code and a flipped byte each give their own error."""
    outgoing(new_vault)
    file = tmp_path / "relève.epchand"
    with pytest.raises(HandoverNothingChosen):
        export_handover(new_vault, ["PP-404"], file, SECRET, NOW)
    assert not file.exists()
    export_handover(new_vault, ["PP-001"], file, SECRET, NOW)
    with pytest.raises(HandoverUnlockFailed):
        read_handover(file, "une autre phrase")
    data = file.read_bytes()
    for position in range(len(data) - 200, len(data), 37):
        file.write_bytes(data[:position] + bytes([data[position] ^ 1]) + data[position + 1 :])
        with pytest.raises(BackupDamaged):
            read_handover(file, SECRET)
    file.write_bytes(data[:-1])
    with pytest.raises(BackupDamaged):
        read_handover(file, SECRET)


def test_no_marker_in_clear_in_the_handover_file(new_vault: Vault, tmp_path: Path) -> None:
    """The file holds no name or note text in clear (UTF-8 or UTF-16)."""
    outgoing(new_vault)
    folder = tmp_path / "usb"
    folder.mkdir()
    export_handover(new_vault, ["PP-001"], folder / "r.epchand", SECRET, NOW)
    assert files_containing([folder], ["MARQUEUR-RELEVE", "PP-001", "514 555"]) == []


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_give_only_the_documented_error(data: bytes) -> None:
    """Random bytes, with or without the handover magic, raise `BackupDamaged` only."""
    import tempfile

    for candidate in (data, MAGIC + data):
        with tempfile.NamedTemporaryFile(suffix=".epchand") as handle:
            handle.write(candidate)
            handle.flush()
            with pytest.raises(BackupDamaged):
                read_handover(Path(handle.name), SECRET)
    assert io.BytesIO(data).read() == data
