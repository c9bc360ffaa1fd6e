"""Awkward places and files: a data folder whose path has spaces and accents, and a settings
file that is missing or damaged — the command line works and the application still starts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from epc_tui.vault.paths import VaultPaths
from tests.conftest import PASSPHRASE
from tests.faults.runner import ENV, epc

NEW = "girafe parapluie dimanche violon"

FIRST_FRAME = """
import os, sys
from epc_tui import cli
import epc_tui.app as appmodule
original_mount = appmodule.EpcApp.on_mount
def on_mount(self):
    original_mount(self)
    def report():
        with open(os.environ["EPC_TEST_REPORT"], "w") as out:
            out.write(type(self.screen).__name__)
        self.exit()
    self.call_after_refresh(report)
appmodule.EpcApp.on_mount = on_mount
original_run = appmodule.EpcApp.run
appmodule.EpcApp.run = lambda self, **kw: original_run(self, headless=True)
sys.exit(cli.run(sys.argv[1:]))
"""


def test_spaces_and_accents_in_the_data_folder_path(tmp_path: Path) -> None:
    """init, check and a passphrase change all work in `Mes documents/Données — coach élodie`,
    and the files land in that exact folder."""
    data = tmp_path / "Mes documents" / "Données — coach élodie ✓"
    created = epc("init", "--passphrase-stdin", data_dir=data, stdin=PASSPHRASE + "\n")
    assert created.returncode == 0, created.stderr
    assert VaultPaths(data).keyfile.exists() and VaultPaths(data).database.exists()
    checked = epc("check", "--passphrase-stdin", data_dir=data, stdin=PASSPHRASE + "\n")
    assert checked.returncode == 0 and "intact" in checked.stdout, checked.stderr
    changed = epc("passwd", "--passphrase-stdin", data_dir=data, stdin=f"{PASSPHRASE}\n{NEW}\n")
    assert changed.returncode == 0, changed.stderr
    again = epc("check", "--passphrase-stdin", data_dir=data, stdin=NEW + "\n")
    assert again.returncode == 0, again.stderr


DAMAGED_SETTINGS = {
    "missing": None,
    "random bytes": bytes(range(256)) * 3,
    "wrong types": json.dumps(
        {"language": 7, "lock_after_minutes": "never", "theme": None, "region": ["FR"]}
    ).encode(),
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "a folder": "folder",
}


@pytest.fixture(scope="module")
def shared_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One vault for the settings cases (each case only changes the settings file)."""
    data = tmp_path_factory.mktemp("réglages") / "coffre"
    assert epc("init", "--passphrase-stdin", data_dir=data, stdin=PASSPHRASE).returncode == 0
    return data


@pytest.mark.parametrize("case", sorted(DAMAGED_SETTINGS))
def test_the_application_starts_whatever_the_settings_file(
    shared_vault: Path, tmp_path: Path, case: str
) -> None:
    """With no settings file or a damaged one (random bytes, wrong types, 100,000 nested
    brackets, a folder in its place), the application starts to its unlock screen with the
    defaults, without a traceback; the damaged file is left for the coach to see.
    (Shorter damage — cut short, a list, too large — is covered in-process by
    tests/unit/test_settings_reader.py.)"""
    settings = VaultPaths(shared_vault).settings
    if settings.is_dir():
        settings.rmdir()
    settings.unlink(missing_ok=True)
    content = DAMAGED_SETTINGS[case]
    if content == "folder":
        settings.mkdir()
    elif isinstance(content, bytes):
        settings.write_bytes(content)
    report = tmp_path / "écran.txt"
    started = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, "--data-dir", str(shared_vault)],
        capture_output=True,
        text=True,
        env={**ENV, "EPC_TEST_REPORT": str(report)},
        timeout=180,
    )
    assert started.returncode == 0, started.stderr
    assert "Traceback" not in started.stderr
    assert report.read_text() == "UnlockScreen"
    assert settings.exists() == (content is not None)


def test_a_settings_file_in_english_is_honoured(shared_vault: Path) -> None:
    """The negative control of the test above: a valid settings file is read (the command
    line speaks English), so the defaults seen there really come from the damage."""
    settings = VaultPaths(shared_vault).settings
    if settings.is_dir():
        settings.rmdir()
    settings.write_text(json.dumps({"language": "en"}))
    checked = epc("check", "--passphrase-stdin", data_dir=shared_vault, stdin=PASSPHRASE)
    assert checked.returncode == 0, checked.stderr
    assert "Vault intact" in checked.stdout
    settings.unlink()
