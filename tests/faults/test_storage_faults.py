"""Disk faults: a read-only data folder and a full disk give one clear sentence, never a
traceback, and leave the vault whole (it opens and passes `epc check` afterwards).

Read-only and full disks are real: a read-only bind mount and a small tmpfs, made inside a
private user and mount namespace (`unshare`), so nothing outside the test sees them and no
administrator rights are needed. Where namespaces are unavailable those tests are skipped.
The disk filling up at the exact moment the new key file is written is injected instead (an
`fsync` that fails with ENOSPC for the key file only), since no real disk can be made full at
that one moment.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.faults.runner import ENV, epc, message, one_clean_sentence

NEW = "girafe parapluie dimanche violon"


@cache
def namespaces_work() -> bool:
    """True when `unshare` can give us a private user and mount namespace with tmpfs."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
         "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
    )  # fmt: skip
    return probe.returncode == 0


needs_namespaces = pytest.mark.skipif(
    not namespaces_work(), reason="needs unshare with user and mount namespaces"
)


def in_namespace(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a shell `script` (with `args` as $1…) in a private user and mount namespace."""
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=180,
    )


@pytest.fixture
def vault_dir(new_vault: Vault) -> Path:
    """A created vault (passphrase `PASSPHRASE`), closed."""
    new_vault.release()
    return new_vault.paths.data_dir


READ_ONLY = """
mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 99
shift
exec "$@"
"""


@needs_namespaces
@pytest.mark.parametrize("command", [["check", "--passphrase-stdin"], []])
def test_read_only_data_folder_is_one_clear_sentence(vault_dir: Path, command: list[str]) -> None:
    """On a read-only mount, `epc check` and starting the application end with the
    read-only message (exit 1, no traceback); the vault is untouched and opens afterwards."""
    before = VaultPaths(vault_dir).keyfile.read_bytes()
    result = in_namespace(
        READ_ONLY,
        str(vault_dir),
        sys.executable,
        "-m",
        "epc_tui",
        "--data-dir",
        str(vault_dir),
        *command,
    )
    line = one_clean_sentence(result)
    assert message("error.storage_read_only") in line
    assert VaultPaths(vault_dir).keyfile.read_bytes() == before
    assert epc("check", "--passphrase-stdin", data_dir=vault_dir, stdin=PASSPHRASE).returncode == 0


@needs_namespaces
def test_creating_a_vault_in_a_read_only_folder_is_one_clear_sentence(tmp_path: Path) -> None:
    """`epc init` below a read-only mount: the read-only message, and nothing created."""
    parent = tmp_path / "clé usb"
    parent.mkdir()
    target = parent / "données"
    result = in_namespace(
        READ_ONLY,
        str(parent),
        sys.executable,
        "-m",
        "epc_tui",
        "--data-dir",
        str(target),
        "init",
        "--passphrase-stdin",
    )
    assert message("error.storage_read_only") in one_clean_sentence(result)
    assert not target.exists()


FULL_DISK = """
set -u
mount -t tmpfs -o size=2m tmpfs "$1" || exit 99
cp -a "$2"/. "$1"/ || exit 98
dd if=/dev/zero of="$1/filler" bs=4096 2>/dev/null
printf '%s\\n' "$3" | "$4" -m epc_tui --data-dir "$1" check --passphrase-stdin 2>"$1/../full.err"
echo "status $?"
rm "$1/filler"
printf '%s\\n' "$3" | "$4" -m epc_tui --data-dir "$1" check --passphrase-stdin
echo "status $?"
"""


@needs_namespaces
def test_full_disk_at_unlock_is_one_clear_sentence_and_nothing_is_lost(
    vault_dir: Path, tmp_path: Path
) -> None:
    """On a real, full tmpfs the vault cannot even record its unlock: the full-disk message
    (exit 1, no traceback); once space is freed the same vault opens and passes `epc check`."""
    mount = tmp_path / "petit disque"
    mount.mkdir()
    result = in_namespace(FULL_DISK, str(mount), str(vault_dir), PASSPHRASE, sys.executable)
    assert result.returncode == 0, result.stderr
    statuses = [line for line in result.stdout.splitlines() if line.startswith("status")]
    assert statuses == ["status 1", "status 0"], result.stdout + result.stderr
    failure = (tmp_path / "full.err").read_text()
    assert "Traceback" not in failure
    assert failure.strip().splitlines() == [f"epc: {message('error.storage_full')}"]
    assert "intact" in result.stdout


ENOSPC_ON_KEY_FILE = """
import errno, os, sys
real_fsync = os.fsync
def fsync(fd):
    if ".vault.key." in os.readlink(f"/proc/self/fd/{fd}"):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return real_fsync(fd)
os.fsync = fsync
from epc_tui.cli import run
sys.exit(run(sys.argv[1:]))
"""


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to name descriptors")
def test_disk_full_while_writing_the_new_key_file(vault_dir: Path) -> None:
    """`epc passwd` whose new key file cannot be written (ENOSPC at fsync): the full-disk
    message in one sentence, the old key file byte for byte, no leftover, and the vault still
    opens with the old passphrase (not the new one)."""
    paths = VaultPaths(vault_dir)
    before = paths.keyfile.read_bytes()
    result = subprocess.run(
        [sys.executable, "-c", ENOSPC_ON_KEY_FILE, "--data-dir", str(vault_dir), "passwd",
         "--passphrase-stdin"],
        input=f"{PASSPHRASE}\n{NEW}\n",
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )  # fmt: skip
    assert message("error.storage_full") in one_clean_sentence(result)
    assert paths.keyfile.read_bytes() == before
    assert not [p.name for p in vault_dir.iterdir() if p.name.endswith(".tmp")]
    vault = Vault(paths, kdf=FLOOR)
    vault.unlock(PASSPHRASE)
    assert vault.check().ok
    vault.release()
    refused = epc("check", "--passphrase-stdin", data_dir=vault_dir, stdin=NEW)
    assert message("error.unlock_failed") in one_clean_sentence(refused)
