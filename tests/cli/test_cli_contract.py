"""The command-line contract of product.md, driven as a user would: real subprocesses."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSPHRASE

ENV = {**os.environ, "EPC_KDF": "floor", "LANG": "fr_CA.UTF-8"}
ENV.pop("LC_ALL", None)


def epc(
    *args: str, stdin: str = "", data_dir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m epc_tui` with a data directory and standard input."""
    command = [sys.executable, "-m", "epc_tui"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return subprocess.run(
        [*command, *args], input=stdin, capture_output=True, text=True, env=ENV, timeout=120
    )


def assert_one_clean_sentence(result: subprocess.CompletedProcess[str]) -> None:
    """A user mistake: exit 1, one line on stderr, no traceback, no SQLCipher log."""
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "ERROR CORE" not in result.stderr and "hmac" not in result.stderr.lower()
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_version() -> None:
    """`epc --version` prints the version."""
    result = epc("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"epc \d+\.\d+\.\d+\S*\n", result.stdout)


def test_init_check_passwd_round_trip(tmp_path: Path) -> None:
    """init prints an 8-group recovery code; check passes; passwd changes and resets."""
    data = tmp_path / "coffre"
    created = epc("init", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
    assert created.returncode == 0, created.stderr
    code = re.search(r"([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})", created.stdout)
    assert code is not None

    checked = epc("check", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
    assert checked.returncode == 0 and "intact" in checked.stdout

    wrong = epc("check", "--passphrase-stdin", stdin="mauvaise phrase\n", data_dir=data)
    assert_one_clean_sentence(wrong)
    assert "incorrect" in wrong.stderr

    new = "girafe parapluie dimanche violon"
    changed = epc("passwd", "--passphrase-stdin", stdin=f"{PASSPHRASE}\n{new}\n", data_dir=data)
    assert changed.returncode == 0, changed.stderr
    assert epc("check", "--passphrase-stdin", stdin=new + "\n", data_dir=data).returncode == 0

    third = "tortue lanterne automne cerise"
    reset = epc(
        "passwd",
        "--recovery-code",
        "--passphrase-stdin",
        stdin=f"{code.group(1).lower()}\n{third}\n",
        data_dir=data,
    )
    assert reset.returncode == 0, reset.stderr
    assert epc("check", "--passphrase-stdin", stdin=third + "\n", data_dir=data).returncode == 0


def test_user_mistakes_are_one_sentence(tmp_path: Path) -> None:
    """Weak passphrase, missing vault, existing vault, tampered key file: exit 1, no traceback."""
    data = tmp_path / "coffre"
    assert_one_clean_sentence(epc("init", "--passphrase-stdin", stdin="court\n", data_dir=data))
    assert_one_clean_sentence(
        epc("check", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
    )
    assert epc("init", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data).returncode == 0
    assert_one_clean_sentence(
        epc("init", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
    )
    keyfile = data / "vault.key"
    keyfile.write_bytes(keyfile.read_bytes()[:-40])
    assert_one_clean_sentence(
        epc("check", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
    )


def test_second_instance_exits_1(tmp_path: Path) -> None:
    """While a process holds the vault, a second command says so and exits 1."""
    data = tmp_path / "coffre"
    assert epc("init", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data).returncode == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys,time; from epc_tui.vault.vault import Vault; "
            "from epc_tui.vault.paths import VaultPaths; "
            f"v=Vault(VaultPaths(__import__('pathlib').Path({str(data)!r}))); v.acquire(); "
            "print('ready', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = epc("check", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
        assert_one_clean_sentence(result)
        assert "déjà ouvert" in result.stderr
    finally:
        holder.kill()
        holder.wait()


def test_demo_no_open_creates_a_vault_that_checks(tmp_path: Path) -> None:
    """`epc demo --no-open` creates the demo vault, passphrase demo, intact."""
    result = epc("demo", "--no-open", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    checked = epc("check", "--passphrase-stdin", stdin="demo\n", data_dir=tmp_path / "demo")
    assert checked.returncode == 0, checked.stderr
