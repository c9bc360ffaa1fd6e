"""Fixtures shared by every test: real SQLCipher vaults in temporary directories.

Key derivation uses the floor parameters (about 0.16 s) so the suite stays fast; the
production default is calibrated at creation.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from epc_tui.clock import FixedClock
from epc_tui.i18n import set_language
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault

PASSPHRASE = "cheval agrafe batterie correcte"
TODAY = datetime(2026, 11, 23, 9, 0)  # a Monday

os.environ.setdefault("EPC_KDF", "floor")


@pytest.fixture(autouse=True)
def french_by_default() -> Iterator[None]:
    """Every test starts in French, the users' language."""
    set_language("fr")
    yield
    set_language("fr")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data directory (not yet created)."""
    return tmp_path / "données epc"


@pytest.fixture
def new_vault(data_dir: Path) -> Iterator[Vault]:
    """A vault created with `PASSPHRASE`, unlocked, with its recovery code at `.recovery`."""
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    vault.recovery = vault.create(PASSPHRASE)  # type: ignore[attr-defined]
    yield vault
    vault.release()


@pytest.fixture
def clock() -> FixedClock:
    """Monday 23 November 2026, 9:00."""
    return FixedClock(TODAY)
