"""Importing a spreadsheet into a real vault: all or nothing, skipping bad rows, big files."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from epc_tui.services.csv_import import (
    ImportCancelled,
    import_people,
    parse_people,
)
from epc_tui.settings import Settings
from epc_tui.vault import check_ins, people, tracks
from epc_tui.vault.errors import EpcError
from epc_tui.vault.vault import Vault

NOW = datetime(2026, 11, 23, 9, 0)
PLAIN_DAYS = Settings(skip_weekends=False, skip_holidays=False)
HEADER = "nom;type;parcours;date_reference;code\n"


def plan_for_vault(vault: Vault, text: str):  # type: ignore[no-untyped-def]
    """Parse `text` against the vault's tracks and codes, as the command and screen do."""
    taken = {person.code for person in people.list_people(vault)}
    return parse_people(text, tracks.list_tracks(vault), taken, NOW.date())


def test_good_file_creates_people_with_plans_and_generated_codes(new_vault: Vault) -> None:
    """Codes left empty are generated, distinct from the codes written in the file."""
    text = HEADER + (
        "Alice;partenaire;soutien-premiere-annee;01/10/2026;\n"
        "Bruno;patient;traitement-oral;2026-11-20;P-BRUNO\n"
        "Chloé;ancien;soutien-premiere-annee;2026-01-15;\n"
    )
    ids = import_people(new_vault, plan_for_vault(new_vault, text), PLAIN_DAYS, NOW)
    assert len(ids) == 3
    everyone = {p.full_name: p for p in people.list_people(new_vault)}
    assert everyone["Bruno"].code == "P-BRUNO"
    codes = {p.code for p in everyone.values()}
    assert len(codes) == 3 and all(code.startswith("P-") for code in codes)
    alice_plan = check_ins.check_ins_of_person(new_vault, everyone["Alice"].id)
    assert alice_plan[0].planned_date == date(2026, 11, 1)
    bruno_plan = check_ins.check_ins_of_person(new_vault, everyone["Bruno"].id)
    assert bruno_plan[0].planned_date == date(2026, 11, 22)


def test_plan_with_an_error_is_refused_and_nothing_written(new_vault: Vault) -> None:
    """Without skip_bad an import with one bad row writes nobody."""
    text = HEADER + "Un;patient;traitement-oral;01/02/2026;\nDeux;patient;oral;32/01/2026;\n"
    plan = plan_for_vault(new_vault, text)
    with pytest.raises(EpcError) as refused:
        import_people(new_vault, plan, PLAIN_DAYS, NOW)
    assert refused.value.message_key == "import.error.has_errors"
    assert people.list_people(new_vault) == []
    assert import_people(new_vault, plan, PLAIN_DAYS, NOW, skip_bad=True)
    assert [p.full_name for p in people.list_people(new_vault)] == ["Un"]


def test_a_code_taken_after_the_check_rolls_everything_back(new_vault: Vault) -> None:
    """If someone took a file's code between preview and import, the whole import is undone."""
    text = HEADER + (
        "Un;patient;traitement-oral;01/02/2026;\nDeux;patient;traitement-oral;01/02/2026;P-LATE\n"
    )
    plan = plan_for_vault(new_vault, text)
    late = plan_for_vault(new_vault, HEADER + "Tiers;patient;traitement-oral;01/02/2026;P-LATE\n")
    import_people(new_vault, late, PLAIN_DAYS, NOW)
    with pytest.raises(EpcError):
        import_people(new_vault, plan, PLAIN_DAYS, NOW)
    assert [p.full_name for p in people.list_people(new_vault)] == ["Tiers"]


def test_cancelling_midway_rolls_back_and_progress_is_reported(
    new_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped after the first chunk: nobody stays in the vault; progress counted the chunk."""
    monkeypatch.setattr("epc_tui.services.csv_import.ENROL_CHUNK", 2)
    text = HEADER + "".join(f"P{n};patient;traitement-oral;01/02/2026;\n" for n in range(5))
    seen: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelled):
        import_people(
            new_vault,
            plan_for_vault(new_vault, text),
            PLAIN_DAYS,
            NOW,
            progress=lambda done, total: seen.append((done, total)),
            cancelled=lambda: bool(seen),
        )
    assert seen == [(2, 5)]
    assert people.list_people(new_vault) == []


def test_hostile_names_are_stored_clean(new_vault: Vault) -> None:
    """Escapes are gone from the stored name; a formula is stored as plain text."""
    text = HEADER + (
        '"\x1b]0;titre\x07Anne\x1b[5m Roy";patient;traitement-oral;01/02/2026;\n'
        "\"=CMD|' /C calc'!A0\";patient;traitement-oral;01/02/2026;\n"
    )
    import_people(new_vault, plan_for_vault(new_vault, text), PLAIN_DAYS, NOW)
    names = sorted(p.full_name for p in people.list_people(new_vault))
    assert names == ["=CMD|' /C calc'!A0", "Anne Roy"]


def test_a_hundred_thousand_rows_are_read_and_checked() -> None:
    """100,000 rows are all understood, with their line numbers, in bounded time and memory.

    (The time is not asserted — `benchmarks/import_csv.py` measures it — only that the whole
    file goes through and the last row keeps its spreadsheet number.)
    """
    from tests.unit.test_csv_import import TRACKS

    rows = [HEADER.rstrip("\n")]
    rows += [
        f"Personne {n};{'partenaire' if n % 2 else 'patient'};"
        f"{'soutien-premiere-annee' if n % 2 else 'traitement-oral'};"
        f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/2026;"
        for n in range(100_000)
    ]
    rows[50_001] = rows[50_001].replace("/2026", "/20266")
    plan = parse_people("\r\n".join(rows) + "\r\n", TRACKS, (), NOW.date())
    assert plan.data_rows == 100_000 and len(plan.rows) == 99_999
    assert plan.bad_lines == (50_002,)
    assert plan.rows[-1].line == 100_001
