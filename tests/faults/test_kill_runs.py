"""Kill -9 during a migration, a backup, a restore, while typing a note and while ending a
call, a few times each with random timings (benchmarks/fault_runs.py repeats them at least 20
times; figures in docs/reliability.md)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from benchmarks.fault_runs import (
    PASSPHRASE,
    end_call_killed,
    kill_during_backup,
    kill_during_migration,
    kill_during_restore,
    kill_while_typing,
    make_version_1_vault,
    migrated_and_indexed,
    migration_seconds,
)

from epc_tui.vault import keyfile
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.migrations import current_version
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault

NOTES = 400


def test_the_version_1_vault_really_needs_migrating(tmp_path: Path) -> None:
    """The scenario's starting point is a version-1 vault whose notes are not yet in the
    search index (so a kill can land in the middle of real work); opening it migrates it."""
    paths = VaultPaths(tmp_path / "v1")
    make_version_1_vault(paths.data_dir, NOTES)
    vault = Vault(paths, kdf=FLOOR)
    vault.acquire()
    key = keyfile.read_keyfile(paths.keyfile).unwrap(keyfile.PASSPHRASE_SLOT, PASSPHRASE)
    vault._open_database(key)
    try:
        assert current_version(vault.database) == 1
        assert "search_index" not in vault.database.get_tables()
    finally:
        vault.release()
    assert migrated_and_indexed(paths, NOTES) == (True, "")


def test_kill_during_migration_a_few_times(tmp_path: Path) -> None:
    """Three kills at random moments within the migration's measured duration: each time the
    next start finishes it, every note is indexed, and the real `epc check` passes."""
    rng = random.Random(11)
    window = 0.9 * migration_seconds(NOTES)
    results = []
    for run in range(3):
        workdir = tmp_path / f"essai {run}"
        workdir.mkdir()
        results.append(kill_during_migration(workdir, rng, notes=NOTES, window=window))
    assert all(result.ok for result in results), results
    assert any(result.interrupted for result in results), results


def test_kill_during_backup_twice(tmp_path: Path) -> None:
    """Two kills of `epc backup` at random moments: the vault passes the real `epc check`
    and no half-written backup is left under the chosen name (absent, or passes verify)."""
    rng = random.Random(3)
    results = []
    for run in range(2):
        workdir = tmp_path / f"essai {run}"
        workdir.mkdir()
        results.append(kill_during_backup(workdir, rng))
    assert all(result.ok for result in results), results


def test_kill_during_restore_twice(tmp_path: Path) -> None:
    """Two kills of `epc restore --yes` at random moments: the vault opens, passes the real
    `epc check`, and holds exactly the vault before or exactly the backup."""
    rng = random.Random(8)
    results = []
    for run in range(2):
        workdir = tmp_path / f"essai {run}"
        workdir.mkdir()
        results.append(kill_during_restore(workdir, rng))
    assert all(result.ok for result in results), results
    assert {result.detail for result in results} <= {"old vault", "restored backup"}


def test_kill_while_typing_twice(tmp_path: Path) -> None:
    """The real application killed twice at random moments while a note is typed: the vault
    opens, `epc check` passes, and the draft is what was typed minus at most the last 2 s."""
    rng = random.Random(4)
    results = []
    for run in range(2):
        workdir = tmp_path / f"essai {run}"
        workdir.mkdir()
        results.append(kill_while_typing(workdir, rng))
    assert all(result.ok for result in results), results


@pytest.mark.parametrize("inside", ["check_ins.set_status", "logbook.finalise"])
def test_kill_inside_the_end_of_call(tmp_path: Path, inside: str) -> None:
    """Killed just after the check-in is marked done (the note not yet final), and just
    after the note is finalised (before the commit): the end of the call is not recorded
    at all — the check-in is still planned and the note a draft holding every word typed —
    and the vault passes `epc check`. Before ending a call was one transaction, the first
    kill left a check-in done with its note still a draft."""
    result = end_call_killed(tmp_path, 80, inside, 0.0)
    assert result.ok, result
    assert result.detail.endswith(": planned"), result


def test_kill_after_the_end_of_call(tmp_path: Path) -> None:
    """Killed 0.9 s after Ctrl+E (the end is recorded by then): the check-in is done with its
    duration, the note final with its one revision, the next check-in planned."""
    result = end_call_killed(tmp_path, 60, "", 0.9)
    assert result.ok, result
    assert result.detail.endswith(": done"), result
