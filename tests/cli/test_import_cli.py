"""`epc import FILE.csv` driven as a coach would: real subprocesses on a real vault."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from epc_tui.vault import check_ins, people
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.records import PersonRecord
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE

ENV = {**os.environ, "EPC_KDF": "floor", "LANG": "fr_CA.UTF-8"}
ENV.pop("LC_ALL", None)

HEADER = "nom;type;parcours;date_reference;telephone;courriel;code\n"
SIX_PARTNERS = HEADER + "".join(
    f"Partenaire {n};partenaire;soutien-premiere-annee;0{n}/03/2026;514 555-010{n};;\n"
    for n in range(1, 7)
)


@pytest.fixture
def vault_dir(new_vault: Vault) -> Iterator[Path]:
    """The data directory of a fresh vault, released so that `epc` can open it."""
    new_vault.release()
    yield new_vault.paths.data_dir


def epc_import(data: Path, csv_file: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`epc import FILE --passphrase-stdin [options]`."""
    command = [sys.executable, "-m", "epc_tui", "--data-dir", str(data), "import", str(csv_file)]
    return subprocess.run(
        [*command, "--passphrase-stdin", *options],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )


def people_in(data: Path) -> list[PersonRecord]:
    """Everyone in the vault, read in process after the command finished."""
    vault = Vault(VaultPaths(data), kdf=FLOOR)
    vault.unlock(PASSPHRASE)
    try:
        return people.list_people(vault)
    finally:
        vault.release()


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """A CSV file as a spreadsheet would save it."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_six_partners_are_imported_with_their_plans(vault_dir: Path, tmp_path: Path) -> None:
    """The coach's day, step 7: six new partners, each with codes and planned meetings."""
    result = epc_import(vault_dir, write(tmp_path, "six.csv", SIX_PARTNERS, "utf-8-sig"))
    assert result.returncode == 0, result.stderr
    assert "6 personne(s) créées" in result.stdout
    assert result.stderr == ""
    imported = people_in(vault_dir)
    assert sorted(p.full_name for p in imported) == [f"Partenaire {n}" for n in range(1, 7)]
    assert len({p.code for p in imported}) == 6 and all(p.code.startswith("P-") for p in imported)
    vault = Vault(VaultPaths(vault_dir), kdf=FLOOR)
    vault.unlock(PASSPHRASE)
    try:
        plan = check_ins.check_ins_of_person(vault, imported[0].id)
    finally:
        vault.release()
    assert [item.step_key for item in plan[:4]] == ["m1", "m3", "m6", "m12"]


def test_one_bad_date_names_the_line_and_imports_nothing(vault_dir: Path, tmp_path: Path) -> None:
    """Row 4 has 31/02: stderr says line 4, exit 1, and nobody is created; fixed, it imports."""
    lines = SIX_PARTNERS.splitlines(keepends=True)
    lines[3] = lines[3].replace("03/03/2026", "31/02/2026")
    bad = write(tmp_path, "bad.csv", "".join(lines))
    result = epc_import(vault_dir, bad)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Ligne 4 : date « 31/02/2026 » non reconnue" in result.stderr
    assert "Rien n'a été importé" in result.stderr
    assert result.stdout == ""
    assert people_in(vault_dir) == []

    fixed = epc_import(vault_dir, write(tmp_path, "fixed.csv", SIX_PARTNERS))
    assert fixed.returncode == 0 and len(people_in(vault_dir)) == 6


def test_skip_bad_imports_the_good_rows_only(vault_dir: Path, tmp_path: Path) -> None:
    """With --skip-bad the bad rows are listed and skipped; the others are created."""
    text = HEADER + (
        "Un;patient;traitement-oral;01/02/2026;;;\n"
        "Deux;astronaute;traitement-oral;01/02/2026;;;\n"
        "Trois;patient;traitement-oral;01/02/2026;;pas@courriel;\n"
        "Quatre;ancien;traitement-oral;2026-02-01;;;\n"
    )
    result = epc_import(vault_dir, write(tmp_path, "mixed.csv", text), "--skip-bad")
    assert result.returncode == 0, result.stderr
    assert "Ligne 3 : type « astronaute » inconnu" in result.stderr
    assert "Ligne 4 : adresse courriel invalide" in result.stderr
    assert "2 ligne(s) en erreur ignorées" in result.stdout
    assert sorted(p.full_name for p in people_in(vault_dir)) == ["Quatre", "Un"]


def test_dry_run_writes_nothing(vault_dir: Path, tmp_path: Path) -> None:
    """--dry-run reports how many would be created and leaves the vault without anyone."""
    result = epc_import(vault_dir, write(tmp_path, "six.csv", SIX_PARTNERS), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "6 personne(s) seraient créées" in result.stdout
    assert people_in(vault_dir) == []


def test_wrong_encoding_is_one_sentence_before_the_passphrase(
    vault_dir: Path, tmp_path: Path
) -> None:
    """A cp1252 file from Excel: one sentence naming the row and the fix, exit 1."""
    text = HEADER + "Hélène;patient;traitement-oral;01/02/2026;;;\n"
    result = epc_import(vault_dir, write(tmp_path, "excel.csv", text, "cp1252"))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "pas en UTF-8" in result.stderr and "ligne 2" in result.stderr
    assert "CSV UTF-8" in result.stderr


def test_missing_file_and_duplicate_code_in_vault(vault_dir: Path, tmp_path: Path) -> None:
    """A missing file is one sentence; a code already in the vault is refused by line."""
    missing = epc_import(vault_dir, tmp_path / "absent.csv")
    assert missing.returncode == 1 and "introuvable" in missing.stderr
    first = HEADER + "Un;patient;traitement-oral;01/02/2026;;;P-DOUBLE\n"
    assert epc_import(vault_dir, write(tmp_path, "a.csv", first)).returncode == 0
    again = epc_import(vault_dir, write(tmp_path, "b.csv", first.replace("Un;", "Autre;")))
    assert again.returncode == 1
    assert "Ligne 2 : le code P-DOUBLE est déjà utilisé dans le coffre" in again.stderr
    assert [p.full_name for p in people_in(vault_dir)] == ["Un"]


def test_unknown_columns_are_reported_on_stderr(vault_dir: Path, tmp_path: Path) -> None:
    """A `Diagnostic` column is named as not imported; its content appears nowhere."""
    text = (
        "nom,type,parcours,date_reference,Diagnostic\n"
        "Un,patient,oral-therapy,2026-02-01,MARQUEUR-DIAG-7731\n"
    )
    result = epc_import(vault_dir, write(tmp_path, "extra.csv", text))
    assert result.returncode == 0, result.stderr
    assert "Colonnes non reconnues, non importées : Diagnostic" in result.stderr
    assert "MARQUEUR-DIAG-7731" not in result.stderr + result.stdout
    assert people_in(vault_dir)[0].summary == ""
