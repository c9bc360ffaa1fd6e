"""Start-up and unlock figures for docs/performance.md.

- whole process, `epc` start to the unlock screen drawn, against a minimal Textual app that
  exits after its first frame, measured in the same run (median of N runs each, headless);
- unlock split into key derivation and the rest (opening SQLCipher, schema check, audit);
- the Argon2id parameters calibration chose on this machine.

Run: `uv run python benchmarks/startup.py [--runs 7]`
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL_APP = """
from textual.app import App
class Minimal(App):
    def on_mount(self):
        self.call_after_refresh(self.exit)
Minimal().run(headless=True)
"""

EPC_FIRST_FRAME = """
import sys
from epc_tui import cli
import epc_tui.app as appmodule
original_mount = appmodule.EpcApp.on_mount
def on_mount(self):
    original_mount(self)
    self.call_after_refresh(self.exit)
appmodule.EpcApp.on_mount = on_mount
original_run = appmodule.EpcApp.run
appmodule.EpcApp.run = lambda self, **kw: original_run(self, headless=True)
sys.exit(cli.run(sys.argv[1:]))
"""


def time_process(code: str, args: list[str], runs: int) -> float:
    """Median wall time of `python -c code args` over `runs` runs."""
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code, *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def main() -> None:
    """Print the figures as Markdown table rows."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs

    from epc_tui.vault.kdf import calibrate, derive_key, new_salt
    from epc_tui.vault.paths import VaultPaths
    from epc_tui.vault.vault import Vault

    passphrase = "cheval agrafe batterie correcte"
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        params = calibrate()
        calibration = time.perf_counter() - began
        vault = Vault(VaultPaths(Path(tmp) / "vault"), kdf=params)
        vault.create(passphrase)
        vault.release()

        minimal = time_process(MINIMAL_APP, [], runs)
        epc = time_process(EPC_FIRST_FRAME, ["--data-dir", str(Path(tmp) / "vault")], runs)

        kdf_samples, total_samples = [], []
        for _ in range(runs):
            salt = new_salt()
            began = time.perf_counter()
            derive_key(passphrase.encode(), salt, params)
            kdf_samples.append(time.perf_counter() - began)
            vault = Vault(VaultPaths(Path(tmp) / "vault"), kdf=params)
            began = time.perf_counter()
            vault.unlock(passphrase)
            total_samples.append(time.perf_counter() - began)
            vault.release()
    kdf = statistics.median(kdf_samples)
    total = statistics.median(total_samples)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, runs: {runs}")
    print("| measure | median | reference / ratio |")
    print("| --- | --- | --- |")
    print(f"| minimal Textual app, start to first frame | {minimal:.3f} s | reference |")
    print(f"| `epc`, start to unlock screen drawn | {epc:.3f} s | {epc / minimal:.2f} × |")
    print(f"| unlock, total | {total * 1000:.0f} ms | |")
    print(f"| unlock, key derivation (Argon2id) | {kdf * 1000:.0f} ms | |")
    print(f"| unlock, the rest (SQLCipher open, schema, audit) | {(total - kdf) * 1000:.0f} ms | |")
    print(f"| calibration at creation | {calibration:.2f} s | |")
    print(
        f"| KDF parameters chosen | m = {params.memory_kib // 1024} MiB, t = "
        f"{params.iterations}, p = {params.lanes} | |"
    )


if __name__ == "__main__":
    main()
