"""Automatic backups in the data directory: made when due, verified, rotated, and stopped
with a warning when the disk is low."""

from __future__ import annotations

import time
from collections import namedtuple
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from epc_tui.services import automatic_backup
from epc_tui.services.automatic_backup import (
    list_automatic_backups,
    make_automatic_backup,
    on_lock,
    tick,
    wait_for_automatic_backup,
)
from epc_tui.services.backup_policy import Retention
from epc_tui.settings import Settings
from epc_tui.vault.backup import NotEnoughSpace, unlock_backup
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.unit.backup_helpers import add_person_with_note

Usage = namedtuple("Usage", "total used free")


def test_an_automatic_backup_is_verified_and_listed(new_vault: Vault) -> None:
    """The file lands in backups/, opens with the passphrase, and is listed as verified."""
    made = make_automatic_backup(
        new_vault.paths, new_vault.data_key(), Retention(), datetime(2026, 11, 23, 9, 0)
    )
    assert made.parent == new_vault.paths.backups
    listed = list_automatic_backups(new_vault.paths)
    assert [b.path for b in listed] == [made]
    assert listed[0].made_at == datetime(2026, 11, 23, 9, 0)
    assert listed[0].verified_at is not None and listed[0].size == made.stat().st_size
    assert unlock_backup(made, PASSPHRASE) == new_vault.data_key()
    assert sorted(p.name for p in new_vault.paths.backups.iterdir()) == [
        made.name,
        "verified.json",
    ]


def test_rotation_runs_after_each_backup(new_vault: Vault) -> None:
    """Sixty daily files plus a new backup: only the kept ones remain."""
    backups = new_vault.paths.backups
    backups.mkdir(mode=0o700)
    start = datetime(2026, 9, 1, 18, 0)
    for day in range(60):
        moment = start + timedelta(days=day)
        (backups / f"epc-{moment:%Y%m%d-%H%M%S}.epcbak").write_bytes(b"ancienne")
    make_automatic_backup(
        new_vault.paths,
        new_vault.data_key(),
        Retention(daily=7, weekly=4, monthly=12),
        datetime(2026, 11, 23, 9, 0),
    )
    remaining = list_automatic_backups(new_vault.paths)
    assert remaining[0].made_at == datetime(2026, 11, 23, 9, 0)
    assert 7 <= len(remaining) <= 7 + 4 + 3 + 1
    assert datetime(2026, 9, 1, 18, 0) not in {b.made_at for b in remaining}


def test_tick_backs_up_when_due_and_not_again_without_changes(new_vault: Vault) -> None:
    """The first tick backs up; a second one with no change does not; lock after a change
    does (and the rotation keeps only the newest of the day)."""
    settings = Settings()
    assert tick(new_vault, settings) is None
    wait_for_automatic_backup(new_vault.paths, 60)
    first = list_automatic_backups(new_vault.paths)
    assert len(first) == 1
    tick(new_vault, settings)
    wait_for_automatic_backup(new_vault.paths, 60)
    assert len(list_automatic_backups(new_vault.paths)) == 1
    time.sleep(1.1)
    add_person_with_note(new_vault, "PP-010", "changement")
    tick(new_vault, settings)
    wait_for_automatic_backup(new_vault.paths, 60)
    assert list_automatic_backups(new_vault.paths) == first, "less than an hour: waits"
    on_lock(new_vault, settings)
    wait_for_automatic_backup(new_vault.paths, 60)
    after_lock = list_automatic_backups(new_vault.paths)
    assert len(after_lock) == 1 and after_lock[0].made_at > first[0].made_at


def test_low_disk_stops_and_warns(new_vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the disk almost full nothing is written and the next tick returns a warning."""
    gib = 1024**3
    monkeypatch.setattr(
        automatic_backup.shutil, "disk_usage", lambda _: Usage(100 * gib, 99 * gib, gib)
    )
    with pytest.raises(NotEnoughSpace):
        make_automatic_backup(new_vault.paths, new_vault.data_key(), Retention(), datetime.now())
    first = tick(new_vault, Settings())
    wait_for_automatic_backup(new_vault.paths, 60)
    later = automatic_backup.take_warning(new_vault.paths)
    assert sorted([first or "", later or ""]) == ["", "backup.auto_low_space"]
    assert automatic_backup.take_warning(new_vault.paths) is None, "reported once"
    backups: list[Path] = list(new_vault.paths.backups.iterdir())
    assert backups == []


def test_a_locked_vault_is_never_backed_up(new_vault: Vault) -> None:
    """Without the key nothing starts (and nothing raises)."""
    new_vault.lock()
    on_lock(new_vault, Settings())
    assert tick(new_vault, Settings()) is None
    assert list_automatic_backups(new_vault.paths) == []
