"""A wheel built from the repository installs in a clean environment and starts with its styles."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

HEADLESS_START = """
import asyncio, os, sys, tempfile
from pathlib import Path
import epc_tui.app as appmodule
from epc_tui.app import EpcApp
from epc_tui.resources import styles_dir
from epc_tui.settings import Settings
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
assert "site-packages" in str(styles_dir()), styles_dir()
assert (styles_dir() / "app.tcss").is_file()
async def main():
    vault = Vault(VaultPaths(Path(tempfile.mkdtemp()) / "v"))
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    async with app.run_test() as pilot:
        await pilot.pause()
        print(type(app.screen).__name__)
asyncio.run(main())
"""


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv is needed to build the wheel")
def test_wheel_installs_and_starts(tmp_path: Path) -> None:
    """Build, install in a fresh venv, run `epc --version` and the app headless."""
    subprocess.run(
        ["uv", "build", "--wheel", "-o", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next((tmp_path / "dist").glob("epc_tui-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run(
        ["uv", "venv", "-q", "--python", sys.executable, str(venv)], check=True, timeout=120
    )
    python = venv / "bin" / "python"
    subprocess.run(
        ["uv", "pip", "install", "-q", "--python", str(python), str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    version = subprocess.run(
        [str(venv / "bin" / "epc"), "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert version.returncode == 0 and version.stdout.startswith("epc ")
    started = subprocess.run(
        [str(python), "-c", HEADLESS_START],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr[-2000:]
    assert started.stdout.strip() == "SetupScreen"
