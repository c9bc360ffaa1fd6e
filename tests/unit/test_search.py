"""Search over notes, amendments and people: accents folded, ranked, highlighted snippets, one
result per note, filters by person, period, theme and flag, FTS5 syntax never interpreted."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from epc_tui.vault import logbook, search_windows
from epc_tui.vault import search as search_module
from epc_tui.vault.search import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    SearchFilters,
    match_expression,
    search,
)
from epc_tui.vault.vault import Vault
from tests.unit.test_logbook import NOW, a_partner_with_a_plan


def a_note(vault: Vault, person_id: int | None, text: str, at: datetime, **fields: object) -> int:
    """A finalised note written at `at`."""
    entry_id = logbook.open_draft(vault, person_id=person_id, check_in_id=None, at=at)
    logbook.save_text(vault, entry_id, text, (0, 0), at)
    if fields:
        logbook.save_fields(vault, entry_id, logbook.NoteFields(**fields), at)  # type: ignore[arg-type]
    logbook.finalise(vault, entry_id, at)
    return entry_id


def test_accents_are_optional_and_matches_are_highlighted(new_vault: Vault) -> None:
    """`anxiete` finds `anxiété`; the snippet marks the word; the prefix of the last word
    matches while typing."""
    alice, _ = a_partner_with_a_plan(new_vault)
    note = a_note(new_vault, alice, "Elle parle de son anxiété avant la chimio.", NOW)
    hits = search(new_vault, "anxiete")
    assert [(h.kind, h.entry_id) for h in hits] == [("note", note)]
    assert f"{HIGHLIGHT_START}anxiété{HIGHLIGHT_END}" in hits[0].snippet
    assert hits[0].person_name == "Alice Partenaire"
    assert [h.entry_id for h in search(new_vault, "anxi")] == [note]
    assert search(new_vault, "anxi ") == []  # a finished word is not a prefix
    assert search(new_vault, "Partenaire")[0].kind == "person"


def test_ranking_and_one_result_per_note_with_earlier_versions(new_vault: Vault) -> None:
    """A note saying a word three times ranks first; a finalised note appears once; a word
    only in an earlier version finds the note, marked as such."""
    alice, _ = a_partner_with_a_plan(new_vault)
    rarely = a_note(new_vault, alice, "Un mot sur le sommeil parmi beaucoup d'autres choses.", NOW)
    often = a_note(new_vault, alice, "Sommeil, sommeil et encore sommeil.", NOW)
    hits = search(new_vault, "sommeil")
    assert [h.entry_id for h in hits] == [often, rarely]
    logbook.save_text(new_vault, rarely, "Réécrit sans ce mot.", (0, 0), NOW)
    logbook.amend(new_vault, rarely, "correction", NOW)
    hits = search(new_vault, "sommeil")
    assert [(h.entry_id, h.in_earlier_version) for h in hits] == [(often, False), (rarely, True)]


MODES = {
    "few-notes-matched-directly": {},
    "selective-filter-windows": {"DIRECT_MATCHING": 0, "FIRST_WINDOW": 3},
    "selective-filter-scattered-notes": {"DIRECT_MATCHING": 0, "FIRST_WINDOW": 3, "CONTIGUOUS": 0},
    "broad-filter-windows": {"DIRECT_MATCHING": 0, "SELECTIVE": 0, "FIRST_WINDOW": 3},
}


@pytest.mark.parametrize("mode", list(MODES))
def test_filters_by_person_period_theme_and_flag(
    new_vault: Vault, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """Each filter narrows the same word to the expected notes, whether the few notes passing
    are matched directly, or the index is walked in windows checked against the listed
    notes (a selective filter; their versions read as a range of note ids or note by note)
    or looked up window by window (a broad one)."""
    for name, value in MODES[mode].items():
        module = search_module if name == "DIRECT_MATCHING" else search_windows
        monkeypatch.setattr(module, name, value)
    alice, _ = a_partner_with_a_plan(new_vault)
    bruno, _ = a_partner_with_a_plan(new_vault, "Bruno Patient")
    old = a_note(new_vault, alice, "Fatigue importante.", NOW - timedelta(days=60))
    tagged = a_note(
        new_vault, alice, "Fatigue et famille.", NOW, themes=("famille",), safety_net=True
    )
    other = a_note(new_vault, bruno, "Fatigue le matin.", NOW, relay=True, relay_text="nausées")
    reflection = a_note(new_vault, None, "Ma propre fatigue ce soir.", NOW)

    def found(filters: SearchFilters) -> set[int | None]:
        return {hit.entry_id for hit in search(new_vault, "fatigue", filters)}

    assert found(SearchFilters()) == {old, tagged, other, reflection}
    assert found(SearchFilters(person_id=alice)) == {old, tagged}
    assert found(SearchFilters(start=date(2026, 11, 1), end=date(2026, 11, 30))) == {
        tagged,
        other,
        reflection,
    }
    assert found(SearchFilters(end=date(2026, 10, 1))) == {old}
    assert found(SearchFilters(theme="famille")) == {tagged}
    assert found(SearchFilters(flag="safety_net")) == {tagged}
    assert found(SearchFilters(flag="relay")) == {other}
    assert found(SearchFilters(flag="draft")) == set()
    assert found(SearchFilters(person_id=alice, flag="safety_net")) == {tagged}


def test_query_syntax_is_searched_as_words_not_interpreted(new_vault: Vault) -> None:
    """Quotes, stars, NEAR, column filters and parentheses never raise nor change meaning."""
    alice, _ = a_partner_with_a_plan(new_vault)
    a_note(new_vault, alice, "Le NEAR est un mot ici.", NOW)
    for hostile in ('"', "*", "NEAR(", "body:", "a AND", ") OR (", "title : x", "'; DROP"):
        search(new_vault, hostile)
    assert match_expression('anx "xyz') == '"anx" "xyz"*'
    assert match_expression("fatigue an") == '"fatigue" "an"'  # too short to be a prefix
    assert match_expression("   ") == ""
    assert len(search(new_vault, "near")) == 1


def test_a_common_word_is_ranked_among_its_newest_matches(
    new_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more matches than `CANDIDATES`, only the newest are ranked: an old note saying
    the word many times does not push out the newer ones; the newest are still ranked by
    bm25 among themselves, and a filter keeps the same rule."""
    monkeypatch.setattr(search_module, "CANDIDATES", 4)  # rows: a final note has two
    monkeypatch.setattr(search_windows, "FIRST_WINDOW", 3)
    alice, _ = a_partner_with_a_plan(new_vault)
    old = a_note(new_vault, alice, "Douleur, douleur, douleur.", NOW - timedelta(days=9))
    once = a_note(new_vault, alice, "Une douleur légère parmi beaucoup d'autres mots ici.", NOW)
    twice = a_note(new_vault, alice, "Douleur et douleur.", NOW, safety_net=True)
    assert [hit.entry_id for hit in search(new_vault, "douleur")] == [twice, once]
    assert old not in {hit.entry_id for hit in search(new_vault, "douleur")}
    flagged = search(new_vault, "douleur", SearchFilters(flag="safety_net"))
    assert [hit.entry_id for hit in flagged] == [twice]


def test_an_earlier_version_is_found_under_a_filter(new_vault: Vault) -> None:
    """A word only in an amended note's earlier version is found with a period filter, and
    marked as such."""
    alice, _ = a_partner_with_a_plan(new_vault)
    note = a_note(new_vault, alice, "Parle de sa chimiothérapie.", NOW, relay=True)
    logbook.save_text(new_vault, note, "Texte corrigé.", (0, 0), NOW)
    logbook.amend(new_vault, note, "correction", NOW)
    period = SearchFilters(start=NOW.date(), end=NOW.date())
    hits = search(new_vault, "chimiotherapie", period)
    assert [(hit.entry_id, hit.in_earlier_version) for hit in hits] == [(note, True)]
    assert search(new_vault, "chimiotherapie", SearchFilters(flag="safety_net")) == []


def test_a_theme_word_finds_its_note_under_a_person_filter(new_vault: Vault) -> None:
    """A word only in a note's themes finds it without a filter (the index holds the themes)
    and with a person filter too, where the person's few notes are matched directly."""
    alice, _ = a_partner_with_a_plan(new_vault)
    note = a_note(new_vault, alice, "Parle de ses enfants.", NOW, themes=("famille",))
    assert [hit.entry_id for hit in search(new_vault, "famille")] == [note]
    person_only = search(new_vault, "famille", SearchFilters(person_id=alice))
    assert [hit.entry_id for hit in person_only if hit.kind == "note"] == [note]
    shown = next(hit for hit in person_only if hit.kind == "note")
    assert f"{HIGHLIGHT_START}famille{HIGHLIGHT_END}" in shown.snippet  # the theme, marked
