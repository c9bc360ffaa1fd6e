"""Disk full while backing up: one clear sentence, no half backup left that looks like one, the
live vault untouched and passing its checks.

Real full disks where the moment does not matter (a USB key too small, the vault's own disk
with too little room for the snapshot: small tmpfs mounts in a private user and mount
namespace, as in test_storage_faults.py). Where the moment matters — the disk filling up in
the middle of writing the backup after the space check passed — a fault-injecting file
wrapper makes the backup's writes fail with ENOSPC after a given number of bytes, below the
real sealing code (which has really written those bytes to the temporary file).
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from epc_tui.app import EpcApp
from epc_tui.settings import Settings
from epc_tui.vault import backup
from epc_tui.vault.backup import NotEnoughSpace
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.faults.runner import ENV, epc, message, one_clean_sentence
from tests.faults.test_storage_faults import in_namespace, needs_namespaces
from tests.ui.test_backups_screen import message as screen_message
from tests.ui.test_backups_screen import open_backups, settle
from tests.ui.test_shell import closed_vault
from tests.unit.backup_helpers import add_person_with_note

WRITTEN_BEFORE_FULL = 64 * 1024


class FillsUp:
    """A file whose disk fills up after `room` bytes: later writes fail with ENOSPC."""

    def __init__(self, out: Any, room: int) -> None:
        self.out, self.room, self.written = out, room, 0

    def write(self, data: bytes) -> int:
        """Write while there is room, then fail as a full disk does."""
        if self.written + len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.written += len(data)
        return int(self.out.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.out, name)


def a_vault_with_notes(vault: Vault, notes: int, size: int) -> None:
    """`notes` people, each with a finalised note of about `size` characters."""
    for number in range(notes):
        add_person_with_note(vault, f"PP-{number:03}", os.urandom(size // 2).hex())


def leftovers(usb: Path, data: Path) -> list[str]:
    """Every file on the key, and the work files beside the vault (snapshot, staging)."""
    on_key = [path.name for path in usb.iterdir()]
    work = [path.name for path in data.iterdir() if path.name.startswith(".epc-work")]
    return sorted(on_key + work)


FILLS_UP_CLI = """
import errno, os, sys
import epc_tui.vault.backup as backup
real_seal = backup.seal
class FillsUp:
    def __init__(self, out):
        self.out, self.written = out, 0
    def write(self, data):
        if self.written + len(data) > int(os.environ["EPC_TEST_ROOM"]):
            with open(os.environ["EPC_TEST_WRITTEN"], "w") as report:
                report.write(str(self.written))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.written += len(data)
        return self.out.write(data)
    def __getattr__(self, name):
        return getattr(self.out, name)
def seal(out, *args, **kwargs):
    return real_seal(FillsUp(out), *args, **kwargs)
backup.seal = seal
from epc_tui.cli import run
sys.exit(run(sys.argv[1:]))
"""


def test_cli_backup_when_the_disk_fills_up_while_writing(new_vault: Vault, tmp_path: Path) -> None:
    """`epc backup FILE`, the disk full after 64 KiB of the backup were written: the
    no-space sentence (exit 1, no traceback), the partial file removed (nothing under the
    chosen name nor beside it), the vault untouched and passing `epc check`; then with room
    again the same command makes a backup that passes `epc verify`."""
    a_vault_with_notes(new_vault, 30, 8000)
    new_vault.release()
    data = new_vault.paths.data_dir
    usb = tmp_path / "KINGSTON"
    usb.mkdir()
    target = usb / "sauvegarde.epcbak"
    written = tmp_path / "écrit avant la panne"
    result = subprocess.run(
        [sys.executable, "-c", FILLS_UP_CLI, "--data-dir", str(data), "backup", str(target),
         "--passphrase-stdin"],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        env={**ENV, "EPC_TEST_ROOM": str(WRITTEN_BEFORE_FULL), "EPC_TEST_WRITTEN": str(written)},
        timeout=180,
    )  # fmt: skip
    assert one_clean_sentence(result) == f"epc: {message('error.backup_no_space')}"
    assert 0 < int(written.read_text()) <= WRITTEN_BEFORE_FULL, "the disk never filled up"
    assert leftovers(usb, data) == []
    assert epc("check", "--passphrase-stdin", data_dir=data, stdin=PASSPHRASE).returncode == 0
    made = epc("backup", str(target), "--passphrase-stdin", data_dir=data, stdin=PASSPHRASE)
    assert made.returncode == 0, made.stderr
    verified = epc("verify", str(target), "--passphrase-stdin", data_dir=data, stdin=PASSPHRASE)
    assert verified.returncode == 0, verified.stderr


CLI_ON_SMALL_KEY = """
set -u
mount -t tmpfs -o size=1m tmpfs "$1" || exit 99
printf '%s\\n' "$3" | "$4" -m epc_tui --data-dir "$2" backup "$1/sauvegarde.epcbak" \\
    --passphrase-stdin 2>"$5"
echo "status $?"
ls -A "$1"
"""


@needs_namespaces
def test_cli_backup_to_a_usb_key_too_small(new_vault: Vault, tmp_path: Path) -> None:
    """A real 1 MB USB key (tmpfs) for a 2 MB vault: refused before writing with the
    no-space sentence, exit 1; nothing on the key; the vault passes `epc check`."""
    a_vault_with_notes(new_vault, 60, 8000)
    new_vault.release()
    data = new_vault.paths.data_dir
    key = tmp_path / "clé usb"
    key.mkdir()
    error_file = tmp_path / "erreur.txt"
    result = in_namespace(
        CLI_ON_SMALL_KEY, str(key), str(data), PASSPHRASE, sys.executable, str(error_file)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["status 1"], result.stdout
    stderr = error_file.read_text()
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines() == [f"epc: {message('error.backup_no_space')}"]
    assert epc("check", "--passphrase-stdin", data_dir=data, stdin=PASSPHRASE).returncode == 0


STORAGE_LAYER = """
import json, os, shutil, subprocess, sys
from pathlib import Path
from epc_tui.vault.backup import create_backup
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
usb, disk, passphrase = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
data = disk / "coffre"
vault = Vault(VaultPaths(data), kdf=FLOOR)
vault.unlock(passphrase)
key = vault.data_key()
found = {"database_bytes": os.stat(vault.paths.database).st_size}
def attempt(name, destination):
    try:
        create_backup(vault.paths, key, destination, passphrase=passphrase)
        found[name] = "written"
    except Exception as error:
        found[name] = type(error).__name__
    found[name + "_left"] = sorted(p for p in os.listdir(usb)) + sorted(
        p for p in os.listdir(data) if p.startswith(".epc-work"))
attempt("usb_full", usb / "sauvegarde.epcbak")
room = shutil.disk_usage(disk).free - found["database_bytes"] // 2
subprocess.run(["dd", "if=/dev/zero", f"of={disk}/filler", "bs=4096", f"count={room // 4096}"],
               capture_output=True)
attempt("vault_disk_full", disk / "sauvegarde.epcbak")
os.unlink(disk / "filler")
found["check"] = vault.check().ok
vault.release()
print(json.dumps(found))
"""

ON_TWO_SMALL_DISKS = """
set -e
mount -t tmpfs -o size=1m tmpfs "$1"
mount -t tmpfs -o size=24m tmpfs "$2"
cp -a "$3" "$2/coffre"
exec "$4" -c "$5" "$1" "$2" "$6"
"""


@needs_namespaces
def test_storage_layer_on_real_full_disks(new_vault: Vault, tmp_path: Path) -> None:
    """`create_backup` without the space check, on real tmpfs mounts: a 1 MB USB key fills
    up in the middle of a 2 MB backup, and the vault's own disk has no room for the snapshot.
    Both raise `NotEnoughSpace`, leave no file on the key and no work file beside the vault,
    and the vault passes its check afterwards."""
    a_vault_with_notes(new_vault, 60, 8000)
    new_vault.release()
    usb, disk = tmp_path / "clé", tmp_path / "disque"
    usb.mkdir()
    disk.mkdir()
    result = in_namespace(
        ON_TWO_SMALL_DISKS, str(usb), str(disk), str(new_vault.paths.data_dir), sys.executable,
        STORAGE_LAYER, PASSPHRASE,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["database_bytes"] > 1024 * 1024, "the backup would fit on the key"
    assert {key: value for key, value in found.items() if key != "database_bytes"} == {
        "usb_full": NotEnoughSpace.__name__,
        "usb_full_left": [],
        "vault_disk_full": NotEnoughSpace.__name__,
        "vault_disk_full_left": [],
        "check": True,
    }


async def test_backups_screen_when_the_disk_fills_up_while_writing(
    new_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the backups screen (F6), the disk full after 64 KiB: the no-space sentence under
    the buttons, no file left on the key, the vault passing its check; with room again the
    same backup succeeds from the same screen."""
    a_vault_with_notes(new_vault, 30, 8000)
    vault = closed_vault(new_vault)
    usb = tmp_path / "KINGSTON"
    usb.mkdir()
    real_seal = backup.seal
    monkeypatch.setattr(
        backup,
        "seal",
        lambda out, *args: real_seal(FillsUp(out, WRITTEN_BEFORE_FULL), *args),
    )
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_backups(pilot)
        app.screen.query_one("#path", Input).value = str(usb)
        app.screen.query_one("#backup-passphrase", Input).value = PASSPHRASE
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert screen_message(app) == message("error.backup_no_space")
        assert list(usb.iterdir()) == []
        assert vault.check().ok
        monkeypatch.setattr(backup, "seal", real_seal)
        app.screen.query_one("#backup-passphrase", Input).value = PASSPHRASE
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert "vérifiée" in screen_message(app)
        assert [path.suffix for path in usb.iterdir()] == [".epcbak"]
    vault.release()
