"""`epc check` as a user runs it: each part announced on stderr as it starts (asked with
`--progress`, the default at a terminal), silence when piped, the verdict on stdout."""

from __future__ import annotations

from pathlib import Path

from epc_tui.i18n import t
from tests.cli.test_cli_contract import epc
from tests.conftest import PASSPHRASE

STEPS = ["check.step_keyfile", "check.step_pages", "check.step_structure", "check.step_logbook"]


def test_check_announces_each_part_in_order(tmp_path: Path) -> None:
    """With --progress, one translated line per part on stderr, in the order they run, then
    the verdict on stdout; piped without it, stderr stays empty."""
    data = tmp_path / "coffre"
    assert epc("init", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data).returncode == 0
    shown = epc("check", "--progress", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
    assert shown.returncode == 0, shown.stderr
    assert shown.stderr.splitlines() == [t(step) for step in STEPS]
    assert "Vérification de la structure" in shown.stderr
    assert "Coffre intact" in shown.stdout
    quiet = epc("check", "--passphrase-stdin", stdin=PASSPHRASE + "\n", data_dir=data)
    assert quiet.returncode == 0 and quiet.stderr == ""
