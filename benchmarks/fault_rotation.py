"""Kill -9 during `epc passwd --rotate-key`: the vault opens, and the right recovery code works.

The scenario `key_rotation` of `benchmarks/fault_runs.py`. Each run copies a vault holding
notes, starts the real command, and kills it at a random moment: a third of the runs anywhere
between the start and the beginning of the re-encryption (unlock, key derivations, pending key
file), the others anywhere from the beginning of the re-encryption to 1.2 × the time it takes
to finish (rekey, checkpoint, key file, printing the code). Afterwards, as a coach would:

- the passphrase opens the vault, every person and note is still there;
- if the database is still under the old key, the old recovery code opens it; if it is under
  the new one, the new code is known (printed before the kill, or offered again at unlock),
  opens it, and the old code and a copy of the old key file are refused;
- the real `epc check` passes, and no half-written file is left.

Run: `uv run python benchmarks/fault_runs.py --scenario key_rotation --runs 20`; the suite
runs three (tests/faults/test_kill_rotation.py).

The same module times the rotation itself on a vault the caller owns (it is rotated in place,
several times): `uv run python benchmarks/fault_rotation.py --time DIR [--runs 3]` prints the
median, its phases, and a reference measured in the same run: copying the database file with
`fsync` (the rotation writes every page twice, to the log then to the database, so about
2 × that copy is the floor the disk sets). Never point it at a real vault.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from typing import TYPE_CHECKING

from epc_tui.vault import rotation
from epc_tui.vault.errors import UnlockFailed
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault

if TYPE_CHECKING:
    from benchmarks.fault_runs import RunResult

CODE = re.compile(r"([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})")
PASSPHRASE = "bench"  # the fictional vaults' passphrase


def _counts(paths: VaultPaths, passphrase: str) -> tuple[int, int]:
    """People and notes in the vault (opening it settles any rotation cut short)."""
    vault = Vault(paths, kdf=FLOOR)
    try:
        vault.unlock(passphrase)
        with vault.connected():
            people = vault.database.execute_sql("SELECT count(*) FROM person").fetchone()[0]
            notes = vault.database.execute_sql("SELECT count(*) FROM logbook_entry").fetchone()[0]
        return int(people), int(notes)
    finally:
        vault.release()


def prepare_template(data_dir: Path, passphrase: str = PASSPHRASE) -> str:
    """Give a copy of a fictional vault a known recovery code (the generator does not keep
    it); return the code."""
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    try:
        vault.unlock(passphrase)
        return vault.regenerate_recovery_code(passphrase)
    finally:
        vault.release()


def _start(data_dir: Path, passphrase: str) -> subprocess.Popen[str]:
    from benchmarks.fault_runs import ENV

    process = subprocess.Popen(
        [sys.executable, "-m", "epc_tui", "--data-dir", str(data_dir), "passwd", "--rotate-key"]
        + ["--passphrase-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert process.stdin is not None
    process.stdin.write(passphrase + "\n")
    process.stdin.close()
    process.stdin = None  # closed: `communicate` must not flush it
    return process


def _wait_for_rekey(process: subprocess.Popen[str]) -> bool:
    """Block until the command says the re-encryption began; False if it ended first."""
    assert process.stderr is not None
    line = process.stderr.readline()
    return bool(line) and "%" in line


_phases: dict[Path, tuple[float, float]] = {}


def phase_seconds(template: Path, passphrase: str = PASSPHRASE) -> tuple[float, float]:
    """Seconds from the start to the re-encryption, and from there to the end (measured once
    per template, uninterrupted, on a copy)."""
    if template not in _phases:
        with tempfile.TemporaryDirectory(prefix="epc-rotation-") as workdir:
            data = Path(workdir) / "coffre"
            shutil.copytree(template, data)
            began = time.perf_counter()
            process = _start(data, passphrase)
            if not _wait_for_rekey(process):
                process.wait()
                raise RuntimeError("the rotating command stopped before re-encrypting")
            rekey = time.perf_counter()
            process.communicate()
            if process.returncode != 0:
                raise RuntimeError("the rotating command failed")
            _phases[template] = (rekey - began, time.perf_counter() - rekey)
    return _phases[template]


def _state_before_unlock(paths: VaultPaths, original_keyfile: bytes) -> str:
    pending = rotation.pending_path(paths).exists()
    replaced = paths.keyfile.read_bytes() != original_keyfile
    if not pending:
        return "key file replaced, code acknowledged" if replaced else "nothing changed"
    return "key file replaced, code not acknowledged" if replaced else "pending key file"


def _refused(paths: VaultPaths, secret: str, recovery: bool) -> bool:
    vault = Vault(paths, kdf=FLOOR)
    try:
        if recovery:
            vault.unlock_with_recovery_code(secret)
        else:
            vault.unlock(secret)
    except UnlockFailed:
        return True
    finally:
        vault.release()
    return False


def kill_during_key_rotation(
    workdir: Path,
    rng: random.Random,
    template: Path | None = None,
    old_code: str | None = None,
    passphrase: str = PASSPHRASE,
) -> RunResult:
    """One kill of `epc passwd --rotate-key` at a random moment (see the module docstring).

    `template` is a vault whose recovery code is `old_code` (by default the typical
    fictional vault, given a known code once per process)."""
    from benchmarks import fault_runs as runs

    if template is None or old_code is None:
        template, old_code = _typical_template()
    before_phase, rekey_phase = phase_seconds(template, passphrase)
    paths = VaultPaths(workdir / "coffre")
    shutil.copytree(template, paths.data_dir)
    original_keyfile = paths.keyfile.read_bytes()
    expected = _template_counts(template, passphrase)

    began = time.perf_counter()
    process = _start(paths.data_dir, passphrase)
    if rng.random() < 1 / 3:
        delay = rng.uniform(0.0, before_phase)
        interrupted = runs.kill_after(process, delay)
    else:
        _wait_for_rekey(process)
        interrupted = runs.kill_after(process, rng.uniform(0.0, 1.2 * rekey_phase))
        delay = time.perf_counter() - began
    printed, _ = process.communicate()
    codes = CODE.findall(printed)
    state = _state_before_unlock(paths, original_keyfile)
    if not interrupted:
        state = "finished before the kill"

    def result(opened: bool, passed: bool, detail: str) -> RunResult:
        return runs.RunResult("key_rotation", delay, interrupted, opened, passed, detail)

    vault = Vault(paths, kdf=FLOOR)
    try:
        vault.unlock(passphrase)
        unseen = vault.unseen_recovery_code
    except Exception as error:  # noqa: BLE001 - the result table says what happened
        return result(False, False, f"{state}: passphrase refused ({type(error).__name__})")
    finally:
        vault.release()
    rotated = rotation.pending_path(paths).exists() or (
        paths.keyfile.read_bytes() != original_keyfile
    )
    if _counts(paths, passphrase) != expected:
        return result(True, False, f"{state}: people or notes missing")
    if not rotated:
        if _refused(paths, old_code, recovery=True):
            return result(True, False, f"{state}: old recovery code refused")
        detail = f"{state}: old key kept"
    else:
        code = unseen or (codes[-1] if codes else None)
        if code is None:
            return result(True, False, f"{state}: new recovery code lost")
        if unseen and codes and unseen != codes[-1]:
            return result(True, False, f"{state}: two different new codes")
        if _refused(paths, code, recovery=True):
            return result(True, False, f"{state}: new recovery code refused")
        if not _refused(paths, old_code, recovery=True):
            return result(True, False, f"{state}: old recovery code still works")
        if _old_keyfile_opens(paths, original_keyfile, passphrase):
            return result(True, False, f"{state}: old key file still opens")
        detail = f"{state}: new key" + (", code offered at unlock" if unseen else "")
    left = runs.leftovers(paths.data_dir)
    passed = runs.epc_check(paths.data_dir, passphrase) and not left
    return result(True, passed, detail + (f"; left: {', '.join(left)}" if left else ""))


def _old_keyfile_opens(paths: VaultPaths, old_keyfile: bytes, passphrase: str) -> bool:
    """Put a copy of the old key file back in a copy of the vault: does it open?

    The copy's current key material goes (the key file and a pending one still waiting for
    its code to be acknowledged): only what someone kept from before is tried.
    """
    with tempfile.TemporaryDirectory(prefix="epc-old-key-") as workdir:
        copy = VaultPaths(Path(workdir) / "copie")
        shutil.copytree(paths.data_dir, copy.data_dir)
        rotation.pending_path(copy).unlink(missing_ok=True)
        copy.keyfile.write_bytes(old_keyfile)
        return not _refused(copy, passphrase, recovery=False)


_counted: dict[Path, tuple[int, int]] = {}


def _template_counts(template: Path, passphrase: str) -> tuple[int, int]:
    if template not in _counted:
        with tempfile.TemporaryDirectory(prefix="epc-count-") as workdir:
            copy = VaultPaths(Path(workdir) / "coffre")
            shutil.copytree(template, copy.data_dir)
            _counted[template] = _counts(copy, passphrase)
    return _counted[template]


_typical: dict[str, tuple[Path, str]] = {}


def _typical_template() -> tuple[Path, str]:
    """The typical fictional vault, copied once per process and given a known code."""
    from benchmarks import fault_runs as runs

    if "typical" not in _typical:
        directory = Path(tempfile.mkdtemp(prefix="epc-rotation-typical-")) / "coffre"
        shutil.copytree(runs._typical_vault(), directory)
        _typical["typical"] = (directory, prepare_template(directory))
    return _typical["typical"]


# -- timing ----------------------------------------------------------------------------------


def _copy_with_fsync(source: Path, target: Path) -> None:
    with open(source, "rb") as reader, open(target, "wb") as writer:
        shutil.copyfileobj(reader, writer, 8 * 1024 * 1024)
        writer.flush()
        os.fsync(writer.fileno())


def time_rotation(data_dir: Path, passphrase: str, runs: int) -> dict[str, float]:
    """Rotate the vault in `data_dir` `runs` times; medians of the whole rotation, of its
    re-encryption and checkpoint phases, and of the reference copy, in seconds."""
    paths = VaultPaths(data_dir)
    totals: list[float] = []
    rekeys: list[float] = []
    finishes: list[float] = []
    copies: list[float] = []
    for _ in range(runs):
        scratch = data_dir / ".rotation-reference-copy"
        began = time.perf_counter()
        _copy_with_fsync(paths.database, scratch)
        copies.append(time.perf_counter() - began)
        scratch.unlink()
        marks: dict[str, float] = {}

        def progress(phase: str, done: float, marks: dict[str, float] = marks) -> None:
            marks.setdefault(f"{phase}-start", time.perf_counter())
            if done >= 1.0:
                marks[f"{phase}-end"] = time.perf_counter()

        vault = Vault(paths, kdf=FLOOR)
        try:
            vault.unlock(passphrase)
            began = time.perf_counter()
            rotation.rotate_data_key(vault, passphrase, progress)
            totals.append(time.perf_counter() - began)
            rotation.acknowledge_recovery_code(paths)
        finally:
            vault.release()
        rekeys.append(marks["rekey-end"] - marks["rekey-start"])
        finishes.append(marks["finishing-end"] - marks["finishing-start"])
    return {
        "rotation": statistics.median(totals),
        "rekey": statistics.median(rekeys),
        "checkpoint": statistics.median(finishes),
        "copy": statistics.median(copies),
    }


def main(argv: list[str] | None = None) -> int:
    """Time the rotation on a fictional vault and print a Markdown table."""
    from benchmarks.common import ratio, table

    parser = argparse.ArgumentParser(description="Time the data-key rotation on a vault.")
    parser.add_argument("--time", type=Path, required=True, help="a fictional vault's folder")
    parser.add_argument("--passphrase", default=PASSPHRASE)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    size = VaultPaths(args.time).database.stat().st_size
    figures = time_rotation(args.time, args.passphrase, args.runs)
    print(f"machine: {os.cpu_count()} cores; database {size / 1e9:.2f} GB; {args.runs} runs")
    copy = figures["copy"]
    labels = (
        ("rotation", "rotation (whole)"),
        ("rekey", "re-encryption into the log"),
        ("checkpoint", "checkpoint into the database"),
        ("copy", "reference: copy of the database with fsync"),
    )
    rows = [(label, f"{figures[name]:.1f} s", ratio(figures[name], copy)) for name, label in labels]
    print(table(("measure", "median", "ratio to the copy"), rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
