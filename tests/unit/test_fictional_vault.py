"""The fictional-vault generator used by benchmarks: exact counts, a sound vault, determinism."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from benchmarks.fictional_vault import MARKER, VaultSize, build_vault, ensure_vault

from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault

TINY = VaultSize("tiny", people=12, check_ins=60, notes=90, min_words=20, max_words=40)
TODAY = date(2026, 11, 23)


def _contents(data_dir: Path) -> dict[str, object]:
    """Counts and a fingerprint of the generated content, read back through SQLCipher."""
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    vault.unlock("bench")
    try:
        with vault.connected():
            database = vault.database

            def scalar(sql: str) -> object:
                return database.execute_sql(sql).fetchone()[0]

            found = {
                table: scalar(f"SELECT count(*) FROM {table}")
                for table in ("person", "check_in", "logbook_entry", "track")
            }
            found["statuses"] = set(
                row[0] for row in database.execute_sql("SELECT DISTINCT status FROM check_in")
            )
            found["overdue"] = scalar(
                "SELECT count(*) FROM check_in WHERE status = 'planned' "
                f"AND planned_date < '{TODAY.isoformat()}'"
            )
            found["drafts"] = scalar("SELECT count(*) FROM logbook_entry WHERE status = 'draft'")
            found["revisions"] = scalar("SELECT count(*) FROM logbook_revision")
            found["finals"] = scalar("SELECT count(*) FROM logbook_entry WHERE status = 'final'")
            found["names"] = [
                row[0] for row in database.execute_sql("SELECT full_name FROM person ORDER BY id")
            ]
            found["bodies"] = [
                row[0] for row in database.execute_sql("SELECT body FROM logbook_entry ORDER BY id")
            ]
            found["indexed"] = scalar("SELECT count(*) FROM search_index WHERE kind = 'entry'")
            found["report"] = vault.check()
    finally:
        vault.release()
    return found


def test_tiny_vault_has_the_asked_counts_and_passes_check(tmp_path: Path) -> None:
    """A generated vault holds exactly the requested people, check-ins and notes, with both
    tracks, every check-in status, overdue meetings, drafts and finalised notes whose
    hash-chained revisions satisfy `Vault.check()`; every note is in the search index."""
    build_vault(tmp_path / "fictif", TINY, today=TODAY)
    found = _contents(tmp_path / "fictif")
    assert found["person"] == 12
    assert found["check_in"] == 60
    assert found["logbook_entry"] == 90
    assert found["track"] == 2
    assert found["statuses"] == {"planned", "done", "missed", "cancelled"}
    assert found["overdue"] > 0
    assert found["drafts"] > 0
    assert found["revisions"] >= found["finals"] > 0
    assert found["indexed"] == 90
    assert found["report"].ok, found["report"].problems
    assert (tmp_path / "fictif" / MARKER).exists()


def test_same_seed_same_content_other_seed_other_content(tmp_path: Path) -> None:
    """The generator is deterministic for a seed (names and note text identical across two
    builds) and a different seed gives different people."""
    build_vault(tmp_path / "a", TINY, today=TODAY, seed=7)
    build_vault(tmp_path / "b", TINY, today=TODAY, seed=7)
    build_vault(tmp_path / "c", TINY, today=TODAY, seed=8)
    first, second, other = (_contents(tmp_path / name) for name in "abc")
    assert first["names"] == second["names"]
    assert first["bodies"] == second["bodies"]
    assert first["names"] != other["names"]
    words = [len(str(body).split()) for body in first["bodies"]]  # type: ignore[attr-defined]
    assert min(words) >= TINY.min_words


def test_ensure_vault_reuses_a_matching_vault_and_refuses_foreign_directories(
    tmp_path: Path,
) -> None:
    """`ensure_vault` keeps a finished vault with the same parameters (the database file is
    not rewritten), rebuilds one generated with other parameters, and never deletes a
    directory that holds something other than a fictional vault."""
    target = tmp_path / "cache"
    ensure_vault(target, TINY, today=TODAY)
    database = VaultPaths(target).database
    written = database.stat().st_mtime_ns
    ensure_vault(target, TINY, today=TODAY)
    assert database.stat().st_mtime_ns == written
    ensure_vault(target, TINY, today=TODAY, seed=99)
    assert database.stat().st_mtime_ns != written
    foreign = tmp_path / "real"
    foreign.mkdir()
    (foreign / "vault.key").write_text("{}")
    with pytest.raises(FileExistsError):
        ensure_vault(foreign, TINY, today=TODAY)
    assert (foreign / "vault.key").exists()
