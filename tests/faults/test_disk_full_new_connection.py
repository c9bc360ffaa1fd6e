"""A connection opened while the disk is full says "disk full", not "vault damaged".

Workers open their own connection (one per thread); with no connection open, SQLite must
create its shared-memory and write-ahead files before the first read, which fails on a full
disk. That used to surface as "the vault is damaged, restore a backup" — the wrong advice,
since freeing space is all that is needed. A real 2 MB tmpfs, filled to its last block, in a
private user and mount namespace (as in test_storage_faults.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from epc_tui.vault.storage_errors import StorageFull
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.faults.test_disk_full_autosave import ON_TMPFS
from tests.faults.test_storage_faults import in_namespace, needs_namespaces

NEW_CONNECTION = """
import json, os, subprocess, sys, threading
from pathlib import Path
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.models import Person
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
mount, passphrase = Path(sys.argv[1]), sys.argv[2]
vault = Vault(VaultPaths(mount / "coffre"), kdf=FLOOR)
vault.unlock(passphrase)
vault.database.close()  # no connection left: the next one creates the -wal and -shm files
subprocess.run(["dd", "if=/dev/zero", f"of={mount}/filler", "bs=4096"], capture_output=True)
found = {}
def read(key):  # a worker thread, with its own connection
    try:
        with vault.connected():
            found[key] = Person.select().count()
    except Exception as error:
        found[key] = type(error).__name__
for key, step in (("full", None), ("freed", lambda: os.unlink(mount / "filler"))):
    if step:
        step()
    worker = threading.Thread(target=read, args=(key,))
    worker.start()
    worker.join()
found["check"] = vault.check().ok
vault.release()
print(json.dumps(found))
"""


@needs_namespaces
def test_a_new_connection_on_a_full_disk_says_the_disk_is_full(
    new_vault: Vault, tmp_path: Path
) -> None:
    """With no connection open and the disk full, a worker's read raises `StorageFull` (the
    coach is told to free space), not `DatabaseDamaged`; once space is back the same read
    works and the vault passes its check."""
    new_vault.release()
    mount = tmp_path / "petit disque"
    mount.mkdir()
    result = in_namespace(
        ON_TMPFS, str(mount), str(new_vault.paths.data_dir), sys.executable, NEW_CONNECTION,
        PASSPHRASE,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {"full": StorageFull.__name__, "freed": 0, "check": True}
