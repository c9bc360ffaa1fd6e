"""A kill -9 at any moment of a passphrase change leaves a vault that opens."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from epc_tui.vault.errors import UnlockFailed
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE

OTHER = "girafe parapluie dimanche violon"

CHANGER = """
import sys
from pathlib import Path
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
vault = Vault(VaultPaths(Path(sys.argv[1])), kdf=FLOOR)
vault.unlock(sys.argv[2])
print("ready", flush=True)
secrets = [sys.argv[3], sys.argv[2]]
i = 0
while True:
    vault.change_passphrase(secrets[i % 2])
    i += 1
"""


def opens_with_either(vault: Vault) -> str:
    """The passphrase that opens the vault now (one of the two must)."""
    for candidate in (PASSPHRASE, OTHER):
        try:
            vault.unlock(candidate)
        except UnlockFailed:
            continue
        vault.lock()
        return candidate
    raise AssertionError("the vault opens with neither passphrase")


def test_kill_during_passphrase_change(new_vault: Vault) -> None:
    """Killed at random moments, the vault opens with the old or new passphrase and the code."""
    code = new_vault.recovery  # type: ignore[attr-defined]
    paths = new_vault.paths
    new_vault.release()
    rng = random.Random(7)
    current = PASSPHRASE
    for _ in range(6):
        other = OTHER if current == PASSPHRASE else PASSPHRASE
        process = subprocess.Popen(
            [sys.executable, "-c", CHANGER, str(paths.data_dir), current, other],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ},
        )
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 1.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        vault = Vault(paths, kdf=FLOOR)
        current = opens_with_either(vault)
        vault.unlock_with_recovery_code(code)
        assert vault.check().ok
        vault.release()
    leftovers = [p.name for p in Path(paths.data_dir).iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
