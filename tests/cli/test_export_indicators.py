"""`epc export indicators`: de-identified CSV in a subprocess, figures equal to the screen's."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import stat
import sys
from datetime import date
from pathlib import Path

import pytest

from epc_tui.services.indicators import indicator_report
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.vault import Vault
from tests.cli.test_cli_contract import assert_one_clean_sentence, epc
from tests.conftest import PASSPHRASE
from tests.unit.test_indicators_known_vault import NOVEMBER, build_known_vault, markers_in


def known_vault_on_disk(new_vault: Vault) -> Path:
    """The known vault, released so that a subprocess can open it; returns its data folder."""
    build_known_vault(new_vault)
    new_vault.release()
    return new_vault.paths.data_dir


def export(data: Path, target: Path, *period: str) -> tuple[int, str, str]:
    """Run `epc export indicators` with the passphrase on standard input."""
    result = epc(
        "export",
        "indicators",
        str(target),
        *period,
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
        data_dir=data,
    )
    return result.returncode, result.stdout, result.stderr


def rows(path: Path) -> list[dict[str, str]]:
    """The CSV rows keyed by the (French) header."""
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_csv_has_no_names_codes_free_text_or_meeting_dates(
    new_vault: Vault, tmp_path: Path
) -> None:
    """A vault full of markers (names, codes, notes, themes, relays, tags, summaries, needs,
    contacts, labels): none reaches the CSV, and the only full dates are the period's bounds."""
    data = known_vault_on_disk(new_vault)
    target = tmp_path / "indicateurs.csv"
    code, stdout, stderr = export(data, target, "--from", "01/11/2026", "--to", "30 novembre 2026")
    assert code == 0, stderr
    text = target.read_text(encoding="utf-8-sig")
    assert markers_in(text) == []
    assert markers_in(stdout + stderr) == []
    assert "zq" not in text
    full_dates = set(re.findall(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}", text))
    assert full_dates == {"2026-11-01", "2026-11-30"}
    # the days meetings were held on (4, 10, 16, 18 and 20 November) appear nowhere
    for day in ("2026-11-04", "2026-11-10", "2026-11-16", "2026-11-18", "2026-11-20"):
        assert day not in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_csv_figures_match_the_report_and_the_hand_count(new_vault: Vault, tmp_path: Path) -> None:
    """The CSV's totals equal the report computed in-process (the screen's source), and the
    figures that do not depend on today equal the hand count."""
    data = known_vault_on_disk(new_vault)
    target = tmp_path / "novembre.csv"
    code, stdout, stderr = export(data, target, "--from", "2026-11-01", "--to", "2026-11-30")
    assert code == 0, stderr
    assert "novembre.csv" in stdout
    table = rows(target)
    total = {
        row["indicateur"]: row["valeur"]
        for row in table
        if row["parcours"] == "Total" and not row["mois"]
    }
    assert total["people_followed"] == "9"
    assert total["new_referrals"] == "6"
    assert total["meetings_held"] == "5"
    assert total["planned_in_window"] == "3"
    assert total["planned_held"] == "4"
    assert total["in_window_rate"] == "75,0"
    assert total["call_time_total"] == "135,0"
    assert total["call_time_average"] == "27,0"
    assert total["relays"] == "2"
    assert total["safety_net_flags"] == "2"
    assert total["training_needs.objectives"] == "1"
    assert total["training_needs.other"] == "1"

    vault = Vault(new_vault.paths, kdf=FLOOR)
    vault.acquire()
    vault.unlock(PASSPHRASE)
    try:
        report = indicator_report(vault, *NOVEMBER, date.today())
    finally:
        vault.release()
    assert total["first_contacts_due"] == str(report.total.first_contacts_due)
    assert total["first_contacts_on_time"] == str(report.total.first_contacts_on_time)
    groups = {(row["parcours"], row["type de personne"]) for row in table if not row["mois"]}
    assert groups == {
        ("Total", "Total"),
        ("Soutien structuré — première année", "Patients partenaires"),
        ("Soutien structuré — première année", "Anciens patients partenaires"),
        ("Accompagnement — traitement oral", "Personnes accompagnées"),
    }
    months = [row["mois"] for row in table if row["indicateur"] == "month.meetings_held"]
    assert months == [f"2026-{month:02d}" for month in range(6, 12)]


def test_bad_dates_and_folders_are_one_sentence(new_vault: Vault, tmp_path: Path) -> None:
    """An unreadable date, an end before the start, a missing folder: one sentence, exit 1."""
    data = known_vault_on_disk(new_vault)
    bad = epc(
        "export", "indicators", str(tmp_path / "x.csv"), "--from", "12/25/2026", data_dir=data
    )
    assert_one_clean_sentence(bad)
    assert "jour vient en premier" in bad.stderr
    reversed_period = epc(
        "export",
        "indicators",
        str(tmp_path / "x.csv"),
        "--from",
        "2026-11-30",
        "--to",
        "2026-11-01",
        data_dir=data,
    )
    assert_one_clean_sentence(reversed_period)
    assert "avant la date de début" in reversed_period.stderr
    code, _, stderr = export(data, tmp_path / "absent" / "x.csv")
    assert code == 1 and "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.csv").exists()


def test_export_registers_ics_only_when_the_calendar_module_is_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without `epc_tui.cli.ics_command`, `export` offers `indicators` alone; with it, both."""
    import argparse

    from epc_tui.cli import export_commands

    def kinds() -> set[str]:
        parser = argparse.ArgumentParser()
        export_commands.register(parser.add_subparsers())
        export = parser._subparsers._group_actions[0].choices["export"]  # type: ignore[union-attr]
        return set(export._subparsers._group_actions[0].choices)  # type: ignore[union-attr]

    monkeypatch.setitem(sys.modules, "epc_tui.cli.ics_command", None)
    assert kinds() == {"indicators"}
    monkeypatch.delitem(sys.modules, "epc_tui.cli.ics_command")
    if importlib.util.find_spec("epc_tui.cli.ics_command") is not None:
        assert kinds() == {"indicators", "ics"}
