"""The demo vault: fictional people, check-ins, attempts and notes, passphrase `demo`.

Deterministic (a fixed random seed, dates relative to today) so the demo always shows the
same story: a coach's caseload with both tracks, past meetings held with their notes, a few
overdue calls, one note missing, attempts that did not connect, and a safety-net flag.
"""

from __future__ import annotations

import shutil
from datetime import date

from epc_tui.vault.demo_content import populate_demo
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault

DEMO_PASSPHRASE = "demo"


def create_demo_vault(paths: VaultPaths, today: date | None = None) -> None:
    """Create the demo vault afresh in `paths` (an existing demo vault is replaced).

    The demo uses the floor key-derivation cost: its passphrase is public anyway.
    """
    if paths.data_dir.exists():
        if paths.exists() and paths.data_dir.name != "demo":
            raise ValueError("refusing to replace a vault that is not the demo")
        shutil.rmtree(paths.data_dir)
    vault = Vault(paths, kdf=FLOOR)
    try:
        vault.create(DEMO_PASSPHRASE)
        with vault.writing():
            populate_demo(today or date.today())
    finally:
        vault.release()
