"""Fixtures shared by every test: real SQLCipher vaults in temporary directories.

Key derivation uses the floor parameters (about 0.16 s) so the suite stays fast; the
production default is calibrated at creation. Each test's vault is a copy of one created
once per test process, and Argon2id results are remembered within the process: the same
passphrase, salt and parameters give the same key, so the copies unlock without deriving
it again. Everything else — bounds checked before deriving, key file, unlock, migrations —
runs for real in every test; a new salt or another secret derives for real.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from epc_tui.clock import FixedClock
from epc_tui.i18n import set_language
from epc_tui.vault import kdf
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


@pytest.fixture(autouse=True)
def no_areas_built_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process applications build screens when a test opens them, not in an idle moment
    the test happens to leave: that would change what a test of a first opening sees, and a
    snapshot (a search field built ahead has its cursor in another blink phase). The tests of
    building ahead (tests/ui/test_area_preparation.py) turn it on for their application."""
    from epc_tui.app import EpcApp

    monkeypatch.setattr(EpcApp, "PREPARE_AFTER_IDLE_SECONDS", None)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data directory (not yet created)."""
    return tmp_path / "données epc"


class RememberingArgon2id:
    """`Argon2id` whose results this test process remembers (a pure function of its inputs)."""

    known: dict[tuple[object, ...], bytes] = {}

    def __init__(self, **parameters: object) -> None:
        self.parameters = parameters
        self.inputs = tuple(sorted(parameters.items()))

    def derive(self, secret: bytes) -> bytes:
        """The derived key: computed by the real Argon2id the first time only."""
        inputs = (*self.inputs, bytes(secret))
        if inputs not in self.known:
            self.known[inputs] = Argon2id(**self.parameters).derive(secret)  # type: ignore[arg-type]
        return self.known[inputs]


@pytest.fixture(autouse=True, scope="session")
def remembered_key_derivations() -> Iterator[None]:
    """Argon2id remembered for the whole test process (see the module's docstring)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kdf, "Argon2id", RememberingArgon2id)
        yield


@pytest.fixture(scope="session")
def vault_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A vault created once with `PASSPHRASE`, closed; and its recovery code."""
    vault = Vault(VaultPaths(tmp_path_factory.mktemp("modèle") / "coffre"), kdf=FLOOR)
    recovery = vault.create(PASSPHRASE)
    vault.release()
    return vault.paths.data_dir, recovery


@pytest.fixture
def new_vault(data_dir: Path, vault_template: tuple[Path, str]) -> Iterator[Vault]:
    """A vault with `PASSPHRASE`, unlocked, with its recovery code at `.recovery`: a copy of
    the template, so creating it costs no key derivation."""
    template, recovery = vault_template
    shutil.copytree(template, data_dir)
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    vault.unlock(PASSPHRASE)
    vault.recovery = recovery  # type: ignore[attr-defined]
    yield vault
    vault.release()


@pytest.fixture
def private_temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own temporary directory, for Python's `tempfile` and SQLite (`TMPDIR`).

    Canary scans read all of it: scanning the shared /tmp took seconds beside other
    processes' vaults, and broke when one of them removed a folder in the middle of the walk.
    """
    temp = tmp_path / "tmp"
    temp.mkdir(mode=0o700)
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


@pytest.fixture
def clock() -> FixedClock:
    """Monday 23 November 2026, 9:00."""
    return FixedClock(TODAY)
