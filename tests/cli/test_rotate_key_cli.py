"""`epc passwd --rotate-key` driven as a coach's terminal would: real subprocesses."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from epc_tui.i18n import t
from epc_tui.vault import rotation
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.faults.runner import epc, one_clean_sentence
from tests.unit.backup_helpers import add_person_with_note, content_of

CODE = re.compile(r"([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})")


def _vault_with_a_note(data: Path) -> tuple[str, list[tuple[str, ...]]]:
    """A vault with one person and one note; returns its recovery code and content."""
    vault = Vault(VaultPaths(data), kdf=FLOOR)
    try:
        code = vault.create(PASSPHRASE)
        vault.unlock(PASSPHRASE)
        add_person_with_note(vault, "CL-0001", "LIGNEDECOMMANDE")
        return code, content_of(vault)
    finally:
        vault.release()


def test_rotate_key_prints_a_new_code_and_retires_the_old_key_file(tmp_path: Path) -> None:
    """The command asks the passphrase, reports its progress, prints a new recovery code;
    afterwards the vault passes `epc check`, the old key file and old code are refused, the
    new code resets the passphrase, and every note is still there."""
    data = tmp_path / "coffre"
    old_code, before = _vault_with_a_note(data)
    old_keyfile = tmp_path / "ancienne clé"
    shutil.copy2(data / "vault.key", old_keyfile)

    result = epc("passwd", "--rotate-key", "--passphrase-stdin", data_dir=data, stdin=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert t("cli.rotate_done") in result.stdout
    assert t("cli.recovery_code_intro") in result.stdout
    assert t("cli.rotate_progress", percent="100") in result.stderr.replace("\u202f", "")
    found = CODE.search(result.stdout)
    assert found is not None and found.group(1) != old_code
    assert "Traceback" not in result.stderr
    assert not rotation.pending_path(VaultPaths(data)).exists()  # the code was shown

    assert epc("check", "--passphrase-stdin", data_dir=data, stdin=PASSPHRASE).returncode == 0
    new_keyfile = (data / "vault.key").read_bytes()
    shutil.copy2(old_keyfile, data / "vault.key")
    refused = epc("check", "--passphrase-stdin", data_dir=data, stdin=PASSPHRASE)
    assert one_clean_sentence(refused) == "epc: " + t("error.unlock_failed")
    (data / "vault.key").write_bytes(new_keyfile)

    other = "girafe parapluie dimanche violon"
    old_reset = epc(
        "passwd", "--recovery-code", "--passphrase-stdin", data_dir=data,
        stdin=f"{old_code}\n{other}\n",
    )  # fmt: skip
    assert one_clean_sentence(old_reset) == "epc: " + t("error.unlock_failed")
    reset = epc(
        "passwd", "--recovery-code", "--passphrase-stdin", data_dir=data,
        stdin=f"{found.group(1)}\n{other}\n",
    )  # fmt: skip
    assert reset.returncode == 0, reset.stderr
    vault = Vault(VaultPaths(data), kdf=FLOOR)
    try:
        vault.unlock(other)
        assert content_of(vault) == before
    finally:
        vault.release()


def test_a_wrong_passphrase_is_one_sentence_and_changes_nothing(tmp_path: Path) -> None:
    """A wrong passphrase: one translated sentence, exit 1, the key file untouched."""
    data = tmp_path / "coffre"
    _vault_with_a_note(data)
    keyfile = (data / "vault.key").read_bytes()
    result = epc("passwd", "--rotate-key", "--passphrase-stdin", data_dir=data, stdin="mauvaise")
    assert one_clean_sentence(result) == "epc: " + t("error.unlock_failed")
    assert (data / "vault.key").read_bytes() == keyfile
    assert not rotation.pending_path(VaultPaths(data)).exists()


def test_rotate_key_is_used_alone(tmp_path: Path) -> None:
    """Mixing --rotate-key with --recovery-code is a user mistake, said in one sentence."""
    data = tmp_path / "coffre"
    _vault_with_a_note(data)
    result = epc(
        "passwd", "--rotate-key", "--recovery-code", "--passphrase-stdin", data_dir=data,
        stdin=PASSPHRASE,
    )  # fmt: skip
    assert one_clean_sentence(result) == "epc: " + t("error.rotate_key_alone")


def test_passwd_prints_the_code_of_a_rotation_cut_short(tmp_path: Path) -> None:
    """A rotation killed before its new code was shown (key file installed, code never
    acknowledged, as a kill would leave it): the next
    `epc passwd --rotate-key` first prints that code, then rotates again, and the last code
    printed is the one that works."""
    data = tmp_path / "coffre"
    _vault_with_a_note(data)
    vault = Vault(VaultPaths(data), kdf=FLOOR)
    try:
        vault.unlock(PASSPHRASE)
        code = rotation.rotate_data_key(vault, PASSPHRASE)  # not acknowledged: never shown
    finally:
        vault.release()
    result = epc("passwd", "--rotate-key", "--passphrase-stdin", data_dir=data, stdin=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert t("cli.rotate_unseen_code") in result.stdout
    codes = CODE.findall(result.stdout)
    assert codes[0] == code and len(codes) == 2
    vault = Vault(VaultPaths(data), kdf=FLOOR)
    try:
        vault.unlock_with_recovery_code(codes[1])
        assert vault.unseen_recovery_code is None
    finally:
        vault.release()
