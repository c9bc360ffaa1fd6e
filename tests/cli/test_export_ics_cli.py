"""`epc export ics FILE` in a subprocess: codes only by default, names with a warning."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from icalendar import Calendar

from epc_tui.services.enrolment import enrol
from epc_tui.settings import Settings
from epc_tui.vault import tracks
from epc_tui.vault.builtin_tracks import ORAL_THERAPY
from epc_tui.vault.records import PersonDraft
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE

ENV = {**os.environ, "EPC_KDF": "floor", "LANG": "fr_CA.UTF-8"}
ENV.pop("LC_ALL", None)
NAME = "Odile MARQUEURNOMCLI2290"
PHONE = "438 555-2290"


def vault_with_a_patient(vault: Vault) -> Path:
    """A patient starting oral therapy today (J+2 within any default period), then released."""
    track = tracks.find_track(tracks.list_tracks(vault), ORAL_THERAPY)
    assert track is not None
    today = date.today()
    draft = PersonDraft(
        NAME,
        "patient",
        track.id,
        today,
        code="P-CLI01",
        phone=PHONE,
        summary="MARQUEURNOTECLI",
    )
    enrol(vault, [draft], Settings(skip_weekends=False, skip_holidays=False), datetime.now())
    vault.release()
    return vault.paths.data_dir


def export_ics(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`epc export ics ... --passphrase-stdin`."""
    command = [sys.executable, "-m", "epc_tui", "--data-dir", str(data), "export", "ics"]
    return subprocess.run(
        [*command, *args, "--passphrase-stdin"],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )


def test_default_export_has_codes_only(new_vault: Vault, tmp_path: Path) -> None:
    """No name, phone or notes; the file is private; stdout says how many were exported."""
    data = vault_with_a_patient(new_vault)
    target = tmp_path / "agenda.ics"
    result = export_ics(data, str(target))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "rencontre(s)" in result.stdout and str(target) in result.stdout
    raw = target.read_text(encoding="utf-8")
    assert "MARQUEURNOMCLI2290" not in raw and PHONE not in raw and "MARQUEURNOTECLI" not in raw
    events = list(Calendar.from_ical(raw).walk("VEVENT"))
    assert events and str(events[0]["SUMMARY"]) == "epc · P-CLI01 · Premier appel (J+2)"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_with_names_warns_on_stderr(new_vault: Vault, tmp_path: Path) -> None:
    """--with-names puts the name in the summaries and prints a warning on stderr."""
    data = vault_with_a_patient(new_vault)
    target = tmp_path / "noms.ics"
    result = export_ics(data, str(target), "--with-names")
    assert result.returncode == 0, result.stderr
    assert "contient le nom des personnes" in result.stderr
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert summaries[0] == f"epc · P-CLI01 · {NAME} · Premier appel (J+2)"
    assert PHONE not in target.read_text(encoding="utf-8")


def test_period_options_and_mistakes(new_vault: Vault, tmp_path: Path) -> None:
    """A period without the first call exports nothing; an inverted period is one sentence."""
    data = vault_with_a_patient(new_vault)
    target = tmp_path / "vide.ics"
    later = export_ics(data, str(target), "--from", "dans 5 ans", "--to", "dans 5 ans")
    assert later.returncode == 0, later.stderr
    assert "0 rencontre(s)" in later.stdout
    assert list(Calendar.from_ical(target.read_bytes()).walk("VEVENT")) == []
    inverted = export_ics(data, str(target), "--from", "2027-01-01", "--to", "01/01/2026")
    assert inverted.returncode == 1 and "Traceback" not in inverted.stderr
    assert inverted.stderr.strip() == "epc: La date de fin est avant la date de début."
    folder = export_ics(data, str(tmp_path))
    assert folder.returncode == 1 and "C'est un dossier" in folder.stderr
