"""The caseload's rows: the first screenful read alone, the whole list, the accent folding."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from epc_tui.services import caseload
from epc_tui.textclean import fold
from epc_tui.vault import people
from epc_tui.vault.records import PersonDraft, PlannedSlot
from epc_tui.vault.vault import Vault

NOW = datetime(2026, 11, 23, 9, 0)
TODAY = NOW.date()


def slot(day: date) -> PlannedSlot:
    """One open check-in on `day`."""
    return PlannedSlot(0, "", "", day, day, day)


def a_caseload(vault: Vault) -> None:
    """Nine active people: two overdue, three due on the same day (the boundary of a first
    screenful of four), two later, two with nothing planned; a paused one due first of all."""
    due = {
        "Zoé Avant": TODAY - timedelta(days=9),
        "Yann Retard": TODAY - timedelta(days=2),
        "Éloïse Même-Jour": TODAY + timedelta(days=3),
        "Bruno Même-Jour": TODAY + timedelta(days=3),
        "Anne Même-Jour": TODAY + timedelta(days=3),
        "Marc Plus-Tard": TODAY + timedelta(days=20),
        "Léa Bien-Plus-Tard": TODAY + timedelta(days=90),
    }
    plans: list[tuple[PersonDraft, list[PlannedSlot]]] = [
        (PersonDraft(name, "patient", None, None), [slot(day)]) for name, day in due.items()
    ]
    plans += [(PersonDraft(name, "partner", None, None), []) for name in ("Rien Un", "Rien Deux")]
    plans.append((PersonDraft("Paul En-Pause", "patient", None, None), [slot(TODAY)]))
    ids = people.add_people(vault, plans, NOW)
    people.set_person_status(vault, ids[-1], "paused", NOW)


def names(rows: list[caseload.CaseloadRow]) -> list[str]:
    """The people's names, in order."""
    return [row.person.full_name for row in rows]


def test_first_screenful_is_the_head_of_the_whole_sorted_list(new_vault: Vault) -> None:
    """Asked for four, the first read gives the people due first and everyone due the same
    day as the fourth, in the order the whole list sorts them: the lines drawn first are
    those the complete list will show, with the same flags."""
    a_caseload(new_vault)
    everyone = caseload.sort_rows(caseload.load_caseload(new_vault, TODAY, ("active",)), "next")
    first = caseload.first_rows(new_vault, TODAY, "active", 4)
    assert first is not None
    assert names(first) == names(everyone)[:5]
    assert names(first)[2:] == ["Anne Même-Jour", "Bruno Même-Jour", "Éloïse Même-Jour"]
    assert first == everyone[:5]
    assert [row.overdue for row in first] == [True, True, False, False, False]
    assert [row.due_soon for row in first] == [False, False, True, True, True]


def test_first_screenful_gives_way_when_too_few_are_due(new_vault: Vault) -> None:
    """When fewer people of the tab have a check-in planned than a screenful, the first
    lines cannot be told without the others (they sort by name after the dated ones):
    None, and the screen reads everyone."""
    a_caseload(new_vault)
    assert caseload.first_rows(new_vault, TODAY, "active", 8) is None
    paused = caseload.first_rows(new_vault, TODAY, "paused", 1)
    assert paused is not None and names(paused) == ["Paul En-Pause"]
    assert caseload.first_rows(new_vault, TODAY, "unknown", 1) is None


def test_background_read_rests_between_chunks(
    new_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read of everyone calls its rest between chunks of rows (where the screen's
    thread gets the interpreter back), and gives the same rows as a read without rests."""
    a_caseload(new_vault)
    rests: list[int] = []
    monkeypatch.setattr(caseload, "CHUNK", 3)
    rows = caseload.load_caseload(new_vault, TODAY, between_chunks=lambda: rests.append(1))
    assert len(rows) == 10 and len(rests) == 1 + 3  # after the query, then between 4 chunks
    assert names(rows) == names(caseload.load_caseload(new_vault, TODAY))


def test_quick_fold_is_fold() -> None:
    """The caseload's fast folding gives exactly what the filter compares with."""
    samples = [
        "Hélène Côté-Gagnon",
        "ÉLOÏSE Ñúñez",
        "Œdipe Cœur ß",
        "ﬁne ligature",
        "Ǆemal",
        "Ἀθηνᾶ",
        "plain ascii NAME",
        "كريم",
        "José\u0301 deux accents",
        "",
    ]
    for text in samples:
        assert caseload.quick_fold(text) == fold(text), text
