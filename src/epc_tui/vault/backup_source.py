"""Where a backup's database pages come from: the live file itself, held still.

SQLCipher has already encrypted every page of the database file under the data key, so a
backup can carry those bytes as they are — no page is decrypted and encrypted again, no copy
is written first (the SQLite backup API did both: a backup ran at 0.17 × a plain copy). The
bytes must be one consistent state while they are read. In WAL mode the file only changes
when a checkpoint copies committed frames back into it, and a checkpoint never copies frames
a reader's snapshot does not include. So: fold the WAL into the file (`TRUNCATE` checkpoint),
start a read transaction, and check the WAL is still empty — the reader's snapshot then
holds no frame, no checkpoint can touch the file until it ends, and other connections keep
writing to the WAL meanwhile. When the WAL cannot be emptied (a writer is busy), the caller
falls back to the backup API.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from epc_tui.vault.database import open_raw_connection
from epc_tui.vault.paths import VaultPaths

ATTEMPTS = 5
"""Checkpoints tried before giving up on a frozen file (a writer kept the WAL busy)."""


@dataclass(frozen=True)
class FrozenDatabase:
    """The live database file, unchanged while this read transaction lasts."""

    connection: Any
    path: Path
    size: int


@contextlib.contextmanager
def frozen_database(paths: VaultPaths, data_key: bytes) -> Iterator[FrozenDatabase | None]:
    """The database file held still for reading (None: the WAL could not be emptied)."""
    conn = open_raw_connection(paths.database, data_key)
    wal = Path(f"{paths.database}-wal")
    try:
        for attempt in range(ATTEMPTS):
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            conn.execute("BEGIN")
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            if busy == 0 and (not wal.exists() or wal.stat().st_size == 0):
                try:
                    yield FrozenDatabase(conn, paths.database, int(pages) * int(page_size))
                finally:
                    conn.execute("ROLLBACK")
                return
            conn.execute("ROLLBACK")
            time.sleep(0.05 * (attempt + 1))
        yield None
    finally:
        conn.close()
