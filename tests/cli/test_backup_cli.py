"""`epc backup`, `verify`, `restore` and `handover` as a user runs them (subprocesses), and a
restore killed with SIGKILL at random moments."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from epc_tui.vault.backup import remove_interrupted_work
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.models import Person
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
from tests.cli.test_cli_contract import assert_one_clean_sentence, epc
from tests.conftest import PASSPHRASE
from tests.unit.backup_helpers import add_person_with_note

OTHER = "girafe parapluie dimanche violon"


def new_vault_with(data: Path, codes: list[str], passphrase: str = PASSPHRASE) -> str:
    """`epc init`, then people added through the vault; returns the recovery code."""
    created = epc("init", "--passphrase-stdin", stdin=passphrase + "\n", data_dir=data)
    assert created.returncode == 0, created.stderr
    code = re.search(r"([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})", created.stdout)
    assert code is not None
    vault = Vault(VaultPaths(data), kdf=FLOOR)
    vault.unlock(passphrase)
    for person_code in codes:
        add_person_with_note(vault, person_code, f"marqueur {person_code}")
    vault.release()
    return code.group(1)


def people_in(data: Path, passphrase: str = PASSPHRASE) -> list[str]:
    """The codes of the people in the vault at `data` (opening it proves it opens)."""
    vault = Vault(VaultPaths(data), kdf=FLOOR)
    vault.unlock(passphrase)
    try:
        assert vault.check().ok
        with vault.connected():
            return sorted(str(p.code) for p in Person.select())
    finally:
        vault.release()


def restore_parts(stderr: str) -> list[str]:
    """The parts a restore announced on standard error, in order (reading shown once)."""
    parts: list[str] = []
    for line in stderr.splitlines():
        for word, part in (
            ("déchiffrement", "read"),
            ("\u00a0% de la sauvegarde", "percent"),
            ("structure", "structure"),
            ("adaptation", "rekey"),
            ("mise en place", "swap"),
        ):
            if line.startswith("Restauration : ") and word in line and parts[-1:] != [part]:
                parts.append(part)
    return parts


def test_backup_verify_restore_round_trip(tmp_path: Path) -> None:
    """Back up, verify (passphrase and recovery code), restore on a fresh directory; the
    restore asked for `--progress` says each part on standard error (reading up to 100 %, the
    long structural check, putting in place); without it, off a terminal, it says nothing
    there."""
    data = tmp_path / "coffre"
    code = new_vault_with(data, ["PP-001", "PP-002"])
    usb = tmp_path / "clé usb"
    usb.mkdir()
    made = epc("backup", str(usb), "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
    assert made.returncode == 0, made.stderr
    assert "vérifiée" in made.stdout
    (file,) = usb.iterdir()
    assert file.suffix == ".epcbak"
    checked = epc("verify", str(file), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert checked.returncode == 0, checked.stderr
    assert "intacte" in checked.stdout and "2 personnes" in checked.stdout
    by_code = epc("verify", str(file), "--passphrase-stdin", stdin=code.lower() + "\n")
    assert by_code.returncode == 0, by_code.stderr
    fresh = tmp_path / "nouvel ordinateur"
    restored = epc(
        "restore",
        str(file),
        "--progress",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
        data_dir=fresh,
    )
    assert restored.returncode == 0, restored.stderr
    assert people_in(fresh) == ["PP-001", "PP-002"]
    assert restore_parts(restored.stderr) == ["read", "percent", "structure", "swap"]
    assert "100\u00a0% de la sauvegarde" in restored.stderr
    assert "Restauration" not in restored.stdout


def test_verify_says_what_it_proves_and_full_checks_the_structure(tmp_path: Path) -> None:
    """`epc verify --help` states the promise (pages checked, structure at restore or with
    --full); `--full` writes the database out in the data folder, checks its structure, says
    so, and leaves no work file."""
    data = tmp_path / "coffre"
    new_vault_with(data, ["PP-001"])
    file = tmp_path / "b.epcbak"
    made = epc("backup", str(file), "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
    assert made.returncode == 0, made.stderr
    shown = epc("verify", "--help")
    assert shown.returncode == 0
    text = " ".join(shown.stdout.split())
    assert "chaque page est contrôlée" in text and "--full" in text and "integrity_check" in text
    full = epc(
        "verify", str(file), "--full", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data
    )
    assert full.returncode == 0, full.stderr
    assert "la structure de la base de données est saine" in full.stdout
    assert "1 personnes" in full.stdout or "1 personne" in full.stdout
    assert not [p for p in data.iterdir() if p.name.startswith(".epc-work-")]


def test_restore_over_the_vault_needs_confirmation_and_keeps_the_old_one(tmp_path: Path) -> None:
    """Without --yes a script is refused; with it the old vault is kept beside the new one."""
    data = tmp_path / "coffre"
    new_vault_with(data, ["PP-001"])
    file = tmp_path / "b.epcbak"
    made = epc("backup", str(file), "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
    assert made.returncode == 0, made.stderr
    vault = Vault(VaultPaths(data), kdf=FLOOR)
    vault.unlock(PASSPHRASE)
    add_person_with_note(vault, "PP-009", "après")
    vault.release()
    refused = epc(
        "restore", str(file), "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data
    )
    assert_one_clean_sentence(refused)
    assert "--yes" in refused.stderr
    assert people_in(data) == ["PP-001", "PP-009"]
    done = epc(
        "restore", str(file), "--yes", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data
    )
    assert done.returncode == 0, done.stderr
    assert "Restauration" not in done.stderr  # no --progress, not a terminal: silent
    assert (data / "vault-before-restore" / "vault.db").exists()
    assert people_in(data) == ["PP-001"]


def test_restoring_another_vaults_backup_asks_for_the_current_passphrase(tmp_path: Path) -> None:
    """A backup of vault A over vault B needs B's passphrase; the result opens with it (and
    the restore announces the re-keying part)."""
    first, second = tmp_path / "A", tmp_path / "B"
    new_vault_with(first, ["PP-A"])
    new_vault_with(second, ["PP-B"], passphrase=OTHER)
    file = tmp_path / "a.epcbak"
    epc("backup", str(file), "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=first)
    wrong = epc(
        "restore",
        str(file),
        "--yes",
        "--passphrase-stdin",
        stdin=f"{PASSPHRASE}\nmauvaise phrase\n",
        data_dir=second,
    )
    assert_one_clean_sentence(wrong)
    assert people_in(second, OTHER) == ["PP-B"]
    done = epc(
        "restore",
        str(file),
        "--yes",
        "--progress",
        "--passphrase-stdin",
        stdin=f"{PASSPHRASE}\n{OTHER}\n",
        data_dir=second,
    )
    assert done.returncode == 0, done.stderr
    assert people_in(second, OTHER) == ["PP-A"]
    assert restore_parts(done.stderr) == ["read", "percent", "structure", "rekey", "swap"]


def test_user_mistakes_are_one_sentence(tmp_path: Path) -> None:
    """Wrong passphrase, missing file, not a backup, tampered file, existing destination."""
    data = tmp_path / "coffre"
    new_vault_with(data, ["PP-001"])
    file = tmp_path / "b.epcbak"
    epc("backup", str(file), "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
    wrong = epc("verify", str(file), "--passphrase-stdin", stdin="mauvaise phrase\n")
    assert_one_clean_sentence(wrong)
    assert "incorrect" in wrong.stderr
    assert_one_clean_sentence(epc("verify", str(tmp_path / "absent.epcbak")))
    text = tmp_path / "notes.txt"
    text.write_text("pas une sauvegarde")
    not_backup = epc("verify", str(text))
    assert_one_clean_sentence(not_backup)
    assert "pas une sauvegarde" in not_backup.stderr
    data_bytes = bytearray(file.read_bytes())
    data_bytes[-5000] ^= 0x10
    damaged = tmp_path / "altérée.epcbak"
    damaged.write_bytes(bytes(data_bytes))
    refused = epc("verify", str(damaged), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert_one_clean_sentence(refused)
    assert "endommagé" in refused.stderr
    again = epc("backup", str(file), "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
    assert_one_clean_sentence(again)
    missing_dir = epc(
        "backup",
        str(tmp_path / "pas là" / "b.epcbak"),
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
        data_dir=data,
    )
    assert_one_clean_sentence(missing_dir)


def test_handover_export_and_import(tmp_path: Path) -> None:
    """One coach exports PP-001; the other imports it (a dry run first), then again: nothing
    is duplicated."""
    leaving, taking = tmp_path / "sortant", tmp_path / "entrant"
    new_vault_with(leaving, ["PP-001", "PP-002"])
    new_vault_with(taking, ["PP-100"], passphrase=OTHER)
    file = tmp_path / "relève.epchand"
    secret = "relève de décembre pour Josée"
    exported = epc(
        "handover",
        "export",
        str(file),
        "--people",
        "PP-001",
        "--passphrase-stdin",
        stdin=f"{PASSPHRASE}\n{secret}\n",
        data_dir=leaving,
    )
    assert exported.returncode == 0, exported.stderr
    trial = epc(
        "handover",
        "import",
        str(file),
        "--dry-run",
        "--passphrase-stdin",
        stdin=f"{OTHER}\n{secret}\n",
        data_dir=taking,
    )
    assert trial.returncode == 0, trial.stderr
    assert people_in(taking, OTHER) == ["PP-100"]
    for _ in range(2):
        imported = epc(
            "handover",
            "import",
            str(file),
            "--passphrase-stdin",
            stdin=f"{OTHER}\n{secret}\n",
            data_dir=taking,
        )
        assert imported.returncode == 0, imported.stderr
    assert people_in(taking, OTHER) == ["PP-001", "PP-100"]
    wrong = epc(
        "handover",
        "import",
        str(file),
        "--passphrase-stdin",
        stdin=f"{OTHER}\nmauvaise\n",
        data_dir=taking,
    )
    assert_one_clean_sentence(wrong)


RESTORER = """
import sys
from pathlib import Path
from epc_tui.vault.backup import discard_previous_vault, prepare_restore, swap_in, unlock_backup
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
paths = VaultPaths(Path(sys.argv[1]))
vault = Vault(paths, kdf=FLOOR)
vault.acquire()
files = [Path(sys.argv[2]), Path(sys.argv[3])]
key = unlock_backup(files[0], sys.argv[4])
print("ready", flush=True)
i = 0
while True:
    swap_in(paths, prepare_restore(paths, files[i % 2], key, key))
    discard_previous_vault(paths)
    i += 1
"""


def test_restore_killed_at_any_moment_leaves_a_vault_that_opens(tmp_path: Path) -> None:
    """SIGKILL during repeated restores of two backups: the vault always opens, passes its
    checks, and holds exactly one of the two backups' contents."""
    data = tmp_path / "coffre"
    new_vault_with(data, ["PP-001"])
    small, large = tmp_path / "un.epcbak", tmp_path / "deux.epcbak"
    epc("backup", str(small), "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
    vault = Vault(VaultPaths(data), kdf=FLOOR)
    vault.unlock(PASSPHRASE)
    for n in range(40):
        add_person_with_note(vault, f"PX-{n:02}", "texte " * 400)
    vault.release()
    epc("backup", str(large), "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
    contents = {1, 41}
    rng = random.Random(5)
    for _ in range(2):  # benchmarks/fault_runs.py repeats restore kills 20 times and more
        process = subprocess.Popen(
            [sys.executable, "-c", RESTORER, str(data), str(small), str(large), PASSPHRASE],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "EPC_KDF": "floor"},
        )
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.8))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert len(people_in(data)) in contents
    vault = Vault(VaultPaths(data), kdf=FLOOR)
    vault.acquire()
    remove_interrupted_work(vault.paths)
    vault.release()
    assert not [p for p in data.iterdir() if p.name.startswith(".epc-work-")]
