"""Running the real `epc` command line in a subprocess, as a coach's terminal would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from epc_tui.i18n import t

ENV = {**os.environ, "EPC_KDF": "floor", "LANG": "fr_CA.UTF-8"}
ENV.pop("LC_ALL", None)
ENV.pop("EPC_DATA_DIR", None)


def epc(
    *args: str,
    data_dir: Path,
    stdin: str = "",
    env: dict[str, str] | None = None,
    prefix: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """Run `python -m epc_tui --data-dir DIR ARGS` (optionally under a wrapper command)."""
    command = [*prefix, sys.executable, "-m", "epc_tui", "--data-dir", str(data_dir), *args]
    return subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        env={**ENV, **(env or {})},
        timeout=180,
    )


def one_clean_sentence(result: subprocess.CompletedProcess[str]) -> str:
    """Assert a user-facing failure: exit 1, one line on stderr, no traceback; return it."""
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    assert "epc_tui/" not in result.stderr, result.stderr  # no crash report either
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def message(key: str, **params: object) -> str:
    """The French sentence for `key`, as the subprocess prints it."""
    return t(key, **params)
