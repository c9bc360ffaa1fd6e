"""The note–theme pairs of migration 9 follow the notes' themes (insert, change of themes or
person, amendment, deletion of a draft or of a person), a version-8 vault with themed notes
upgrades to them, and the theme filter finds the same notes as the `LIKE` it replaces: themes
folded as `LIKE` folded them, the current themes only, earlier versions included."""

from __future__ import annotations

import json

import pytest

from epc_tui.vault import logbook, search_windows
from epc_tui.vault import search as search_module
from epc_tui.vault.migrations import LATEST_VERSION, current_version, migrate_to
from epc_tui.vault.migrations.v0009_note_themes import NOTE_THEMES
from epc_tui.vault.people import delete_person
from epc_tui.vault.search import SearchFilters, search
from epc_tui.vault.vault import Vault
from tests.unit.test_logbook import NOW, a_partner_with_a_plan
from tests.unit.test_search import MODES, a_note


def pairs(vault: Vault) -> set[tuple[str, int, int | None]]:
    """(theme, note id, person id) as the table holds them."""
    with vault.connected():
        cursor = vault.database.execute_sql(f"SELECT theme, entry_id, person_id FROM {NOTE_THEMES}")
        return {(str(theme), int(note), person) for theme, note, person in cursor}


def pairs_from_notes(vault: Vault) -> set[tuple[str, int, int | None]]:
    """The pairs computed here from every note's themes (ASCII letters folded, as `LIKE`)."""
    with vault.connected():
        cursor = vault.database.execute_sql("SELECT id, person_id, themes FROM logbook_entry")
        return {
            (_ascii_lower(theme), int(note), person)
            for note, person, themes in cursor
            for theme in json.loads(themes)
        }


def _ascii_lower(text: str) -> str:
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def themed(vault: Vault, theme: str, text: str = "suivi") -> set[int | None]:
    """Note ids found by searching `text` with the theme filter."""
    hits = search(vault, text, SearchFilters(theme=theme))
    return {hit.entry_id for hit in hits if hit.kind == "note"}


def fields(*themes: str) -> logbook.NoteFields:
    """Note fields holding only these themes."""
    return logbook.NoteFields(themes=themes)


def test_the_pairs_follow_inserts_changes_amendments_and_deletions(new_vault: Vault) -> None:
    """After each kind of write, the table holds exactly the pairs the notes' themes give."""
    alice, _ = a_partner_with_a_plan(new_vault)
    bruno, _ = a_partner_with_a_plan(new_vault, "Bruno Partenaire")
    first = a_note(new_vault, alice, "Suivi du mois.", NOW, themes=("Famille", "anxiété"))
    second = a_note(new_vault, bruno, "Suivi encore.", NOW, themes=("famille",))
    assert pairs(new_vault) == {
        ("famille", first, alice),
        ("anxiété", first, alice),
        ("famille", second, bruno),
    }
    logbook.save_fields(new_vault, second, fields("Travail", "Peur"), NOW)  # themes changed
    assert ("famille", second, bruno) not in pairs(new_vault)
    assert ("travail", second, bruno) in pairs(new_vault)
    logbook.save_text(new_vault, first, "Suivi corrigé.", (0, 0), NOW)
    logbook.amend(new_vault, first, "précision", NOW)  # an amendment keeps the themes
    assert pairs(new_vault) == pairs_from_notes(new_vault)
    draft = logbook.open_draft(new_vault, person_id=alice, check_in_id=None, at=NOW)
    logbook.save_fields(new_vault, draft, fields("sommeil"), NOW)
    assert ("sommeil", draft, alice) in pairs(new_vault)
    logbook.save_fields(new_vault, draft, fields(), NOW)
    assert logbook.discard_if_empty(new_vault, draft)  # a draft deleted
    assert pairs(new_vault) == pairs_from_notes(new_vault)
    delete_person(new_vault, bruno)  # his notes go with him
    assert pairs(new_vault) == {("famille", first, alice), ("anxiété", first, alice)}
    with new_vault.writing():  # a note moved to another person keeps its pairs, re-attributed
        new_vault.database.execute_sql(
            "UPDATE logbook_entry SET person_id = NULL WHERE id = ?", [first]
        )
    assert pairs(new_vault) == {("famille", first, None), ("anxiété", first, None)}


def test_a_version_8_vault_with_themed_notes_upgrades(new_vault: Vault) -> None:
    """Migration 9 on a vault whose notes already hold themes fills the table from them,
    and the theme filter finds the same notes before (the `LIKE` of version 8) and after."""
    alice, _ = a_partner_with_a_plan(new_vault)
    family = a_note(
        new_vault, alice, "Suivi famille.", NOW, themes=("Famille", "travail", "Énergie")
    )
    work = a_note(new_vault, alice, "Suivi travail.", NOW, themes=("travail",))
    a_note(new_vault, alice, "Suivi sans thème.", NOW)
    with new_vault.writing():  # back to version 8: no table, no triggers
        database = new_vault.database
        for trigger in ("insert", "update", "delete"):
            database.execute_sql(f"DROP TRIGGER entry_themes_{trigger}")
        database.execute_sql(f"DROP TABLE {NOTE_THEMES}")
        database.execute_sql("DELETE FROM schema_version WHERE version >= 9")
        before = {
            theme: {
                int(row[0])
                for row in database.execute_sql(
                    "SELECT id FROM logbook_entry WHERE themes LIKE ?", [f'%"{theme}"%']
                )
            }
            for theme in ("famille", "FAMILLE", "travail", "absent")
        }
    with new_vault.connected():
        assert current_version(new_vault.database) == 8
        assert migrate_to(new_vault.database) == list(range(9, LATEST_VERSION + 1))
    assert pairs(new_vault) == pairs_from_notes(new_vault)
    assert before == {
        "famille": {family},
        "FAMILLE": {family},
        "travail": {family, work},
        "absent": set(),
    }
    for theme, notes in before.items():
        assert themed(new_vault, theme) == notes, theme
    later = a_note(new_vault, alice, "Suivi nouveau.", NOW, themes=("famille",))
    assert themed(new_vault, "famille") == {family, later}  # the triggers work after upgrade


@pytest.mark.parametrize("mode", list(MODES))
def test_the_theme_filter_reads_current_themes_and_finds_earlier_versions(
    new_vault: Vault, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """A note is filtered by its current themes only (a theme removed no longer finds it),
    a word only in its earlier version finds it under its theme, and another filter narrows
    the theme's notes — whether notes are matched directly, the index walked with the
    theme's notes listed (together or scattered) or checked window by window."""
    for name, value in MODES[mode].items():
        module = search_module if name == "DIRECT_MATCHING" else search_windows
        monkeypatch.setattr(module, name, value)
    alice, _ = a_partner_with_a_plan(new_vault)
    bruno, _ = a_partner_with_a_plan(new_vault, "Bruno Partenaire")
    amended = a_note(new_vault, alice, "Parle de son sommeil.", NOW, themes=("fatigue",))
    logbook.save_text(new_vault, amended, "Réécrit sans ce mot.", (0, 0), NOW)
    logbook.amend(new_vault, amended, "correction", NOW)
    moved_on = a_note(new_vault, alice, "Le sommeil revient.", NOW, themes=("fatigue",))
    logbook.save_fields(new_vault, moved_on, fields("travail"), NOW)
    other = a_note(new_vault, bruno, "Son sommeil aussi.", NOW, themes=("Fatigue",))
    assert themed(new_vault, "fatigue", "sommeil") == {amended, other}
    hits = search(new_vault, "sommeil", SearchFilters(theme="FATIGUE"))
    assert {(hit.entry_id, hit.in_earlier_version) for hit in hits} == {
        (amended, True),
        (other, False),
    }
    narrowed = search(new_vault, "sommeil", SearchFilters(theme="fatigue", person_id=bruno))
    assert [hit.entry_id for hit in narrowed] == [other]
    assert themed(new_vault, "travail", "sommeil") == {moved_on}


@pytest.mark.parametrize("mode", list(MODES))
def test_themes_with_wildcards_quotes_and_backslashes_match_exactly(
    new_vault: Vault, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """A theme holding `%`, `_`, a quote or a backslash finds its notes and only them, alone
    (the pairs) and beside another filter (its `LIKE` on the themes column), in every mode:
    `a_b` is not `axb`, `50 %` is not `50 % ou plus`."""
    for name, value in MODES[mode].items():
        module = search_module if name == "DIRECT_MATCHING" else search_windows
        monkeypatch.setattr(module, name, value)
    alice, _ = a_partner_with_a_plan(new_vault)
    odd = ("a_b", "50 %", 'dit "stop"', "c:\\dossier")
    notes = {theme: a_note(new_vault, alice, "Suivi.", NOW, themes=(theme,)) for theme in odd}
    a_note(new_vault, alice, "Suivi.", NOW, themes=("axb", "50 % ou plus", "c:dossier"))
    for theme, note in notes.items():
        assert themed(new_vault, theme) == {note}, theme
        beside = search(new_vault, "suivi", SearchFilters(theme=theme, person_id=alice))
        assert {hit.entry_id for hit in beside if hit.kind == "note"} == {note}, theme
    assert themed(new_vault, "A_B") == {notes["a_b"]}  # ASCII letters folded, as before
