"""A restore says which part it is in (the CLI prints a line per part, the screen a status),
and can be cancelled during SQLite's structural check, which has no progress of its own and
is most of a large restore."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from epc_tui.vault import backup
from epc_tui.vault.backup import (
    STAGE_READ,
    STAGE_REKEY,
    STAGE_STRUCTURE,
    create_backup,
    prepare_restore,
    read_backup_info,
    verify_backup,
)
from epc_tui.vault.backup_format import WorkCancelled
from epc_tui.vault.models import LogbookEntry, Person
from epc_tui.vault.vault import Vault
from tests.unit.backup_helpers import add_person_with_note

MOMENT = datetime(2026, 11, 23, 16, 30).astimezone()


@pytest.fixture
def backed_up(new_vault: Vault, tmp_path: Path) -> tuple[Vault, Path]:
    """A vault of a couple of hundred pages and a backup of it."""
    add_person_with_note(new_vault, "PP-001", "ALPHA")
    with new_vault.writing():
        person = Person.get(Person.code == "PP-001")
        for n in range(150):
            LogbookEntry.create(person=person, body=f"Note {n} : fatigue, sommeil. " * 60)
    file = tmp_path / "b.epcbak"
    create_backup(new_vault.paths, new_vault.data_key(), file, now=MOMENT)
    return new_vault, file


def work_files(vault: Vault) -> list[str]:
    """Temporary files of a backup, verification or restore left in the data directory."""
    return [p.name for p in vault.paths.data_dir.iterdir() if p.name.startswith(".epc-work-")]


def test_restore_tells_each_part_and_progress_reaches_the_end(
    backed_up: tuple[Vault, Path],
) -> None:
    """Over the same vault: read (with progress up to the payload's size), then structure;
    for another vault's key, the re-keying part too; a full verify tells the structure part."""
    vault, file = backed_up
    key = vault.data_key()
    stages: list[str] = []
    done: list[int] = []
    prepared = prepare_restore(
        vault.paths, file, key, key, progress=done.append, stage=stages.append
    )
    backup._remove_database_files(prepared.database)
    assert stages == [STAGE_READ, STAGE_STRUCTURE]
    assert done[-1] == read_backup_info(file).payload_bytes and done == sorted(done)
    stages.clear()
    prepared = prepare_restore(vault.paths, file, key, bytes(range(32)), stage=stages.append)
    backup._remove_database_files(prepared.database)
    assert prepared.rekeyed
    assert stages == [STAGE_READ, STAGE_STRUCTURE, STAGE_REKEY]
    stages.clear()
    verify_backup(vault.paths, file, key, full=True, stage=stages.append)
    assert stages == [STAGE_STRUCTURE]
    assert work_files(vault) == []


def test_cancelling_during_the_structural_check_stops_it(
    backed_up: tuple[Vault, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelled once the structural check has begun: SQLite's progress handler sees it and
    interrupts `integrity_check`: `WorkCancelled` (not "damaged"), and no work file is left."""
    vault, file = backed_up
    key = vault.data_key()
    monkeypatch.setattr(backup, "PROGRESS_OPS", 200)
    checking = [False]
    asked_while_checking = [0]

    def cancelled() -> bool:
        if checking[0]:
            asked_while_checking[0] += 1
        return checking[0]

    def stage(name: str) -> None:
        checking[0] = name == STAGE_STRUCTURE

    with pytest.raises(WorkCancelled):
        prepare_restore(vault.paths, file, key, key, cancelled=cancelled, stage=stage)
    assert asked_while_checking[0] >= 1
    assert work_files(vault) == []
