"""Plaintext never spills: large sorts stay in memory, deleted notes leave no trace in pages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from epc_tui.vault.vault import Vault


def open_deleted_temp_files() -> list[str]:
    """SQLite temp files (named etilqs_*, deleted at once) this process holds open."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if "etilqs" in target:
            found.append(target)
    return found


def large_sort_spills(vault: Vault, temp_store: str) -> bool:
    """Run a sort larger than the page cache and report whether a temp file was opened."""
    database = vault.database
    with vault.connected():
        database.execute_sql(f"PRAGMA temp_store = {temp_store}")
        database.execute_sql("PRAGMA cache_size = 10")
        database.execute_sql("CREATE TEMP TABLE IF NOT EXISTS t(x)")
        database.execute_sql("PRAGMA temp.cache_size = 10")
        database.execute_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000) "
            "INSERT INTO t SELECT hex(randomblob(40)) FROM n"
        )
        cursor = database.execute_sql("SELECT x FROM t ORDER BY x")
        cursor.fetchone()
        spilled = bool(open_deleted_temp_files())
        cursor.fetchall()
        database.execute_sql("DROP TABLE t")
        database.execute_sql("PRAGMA temp_store = MEMORY")
    return spilled


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc")
def test_large_sort_leaves_no_spill_file(new_vault: Vault) -> None:
    """With temp_store = MEMORY (read back as 2) nothing is spilled; with FILE it is."""
    assert not large_sort_spills(new_vault, "MEMORY")
    assert large_sort_spills(new_vault, "FILE"), "negative control: the test can fail"
