"""The search area: results appear while typing (accents optional), filters narrow them, a
person filter from a result, Enter opens the note scrolled to the match."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.widgets import Markdown, OptionList, Select

from epc_tui.clock import FixedClock
from epc_tui.screens.note import NoteScreen
from epc_tui.screens.search import SearchScreen
from epc_tui.vault import logbook
from epc_tui.vault.vault import Vault
from tests.ui.test_call import a_coach_app, settle, type_text
from tests.ui.test_shell import closed_vault, unlock
from tests.unit.test_logbook import NOW, a_partner_with_a_plan
from tests.unit.test_search import a_note


async def searched(pilot: Any) -> None:
    """Wait past the typing pause, then for the search worker."""
    await pilot.pause(0.3)
    await settle(pilot)


async def test_search_as_you_type_filters_and_opens_at_the_match(
    new_vault: Vault, clock: FixedClock
) -> None:
    """F5, `anxiete`: both notes about anxiété, highlighted; the theme filter keeps one;
    Ctrl+O keeps one person; Enter opens the note with the matching paragraph shown."""
    alice, _ = a_partner_with_a_plan(new_vault)
    bruno, _ = a_partner_with_a_plan(new_vault, "Bruno Patient")
    long_text = "\n\n".join(f"Paragraphe {n} sans rapport." for n in range(60))
    alice_note = a_note(
        new_vault, alice, long_text + "\n\nSon anxiété diminue.", NOW, themes=("anxiété",)
    )
    a_note(new_vault, bruno, "Anxiété avant la chimio.", NOW - timedelta(days=3))
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_text(pilot, "anxiete")
        await searched(pilot)
        assert {hit.entry_id is not None for hit in screen.hits} == {True}
        assert len(screen.hits) == 2
        first_line = str(screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "anxiété" in first_line.lower()
        screen.query_one("#theme", Select).value = "anxiété"
        await searched(pilot)
        assert [hit.entry_id for hit in screen.hits] == [alice_note]
        screen.query_one("#theme", Select).clear()
        await searched(pilot)
        assert len(screen.hits) == 2
        results = screen.query_one(OptionList)
        results.focus()
        bruno_index = next(i for i, hit in enumerate(screen.hits) if hit.person_id == bruno)
        results.highlighted = bruno_index
        await pilot.press("ctrl+o")
        await searched(pilot)
        assert [hit.person_id for hit in screen.hits] == [bruno]
        await pilot.press("ctrl+x")
        await searched(pilot)
        alice_index = next(i for i, hit in enumerate(screen.hits) if hit.entry_id == alice_note)
        results.highlighted = alice_index
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()
        note = app.screen
        assert isinstance(note, NoteScreen) and note.entry_id == alice_note
        match = note.query_one("#note-match", Markdown)
        assert match.display and "anxiété" in match.source
        reading = note.query_one("#note-reading")
        assert reading.scroll_y > 0
    vault.release()


async def test_an_empty_query_shows_nothing_and_a_hostile_one_does_not_crash(
    new_vault: Vault, clock: FixedClock
) -> None:
    """Blank input clears the results; FTS5 syntax typed by mistake is searched as words."""
    alice, _ = a_partner_with_a_plan(new_vault)
    logbook.open_draft(new_vault, person_id=alice, check_in_id=None, at=NOW)
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await settle(pilot)
        await app.push_screen(SearchScreen())
        await settle(pilot)
        await type_text(pilot, 'NEAR("alice')
        await searched(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*["backspace"] * 12)
        await searched(pilot)
        assert app.screen.hits == []
        assert app.screen.query_one(OptionList).option_count == 0
    vault.release()


def test_snippet_keeps_the_spaces_around_a_highlighted_word() -> None:
    """A highlighted word keeps the space after it (the demo showed `Fatigueimportante`);
    line breaks and runs of spaces become one space."""
    from epc_tui.screens.search import snippet_text
    from epc_tui.vault.search import HIGHLIGHT_END, HIGHLIGHT_START

    shown = snippet_text(f"{HIGHLIGHT_START}Fatigue{HIGHLIGHT_END} importante\n\n  cette semaine")
    assert shown.plain == "Fatigue importante cette semaine"
    assert shown.spans[0].end == len("Fatigue")
