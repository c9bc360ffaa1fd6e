"""Notes outside calls: a reflection written and finalised, a finalised note amended with a
reason and its history shown, Markdown rendered when reading, unfinished drafts offered after
unlock."""

from __future__ import annotations

from textual.widgets import Input, Markdown, OptionList

from epc_tui.clock import FixedClock
from epc_tui.screens.call import CallScreen
from epc_tui.screens.note import (
    HistoryScreen,
    NoteScreen,
    ReasonScreen,
    RecoveredDraftsScreen,
    new_note_screen,
)
from epc_tui.vault import logbook
from epc_tui.vault.vault import Vault
from epc_tui.widgets.note_editor import NoteEditor
from tests.ui.test_call import a_coach_app, settle, type_text
from tests.ui.test_shell import closed_vault, unlock
from tests.unit.test_logbook import NOW, a_partner_with_a_plan


async def test_a_reflection_is_written_then_finalised(new_vault: Vault, clock: FixedClock) -> None:
    """A note without a person is the coach's reflection; Ctrl+F finalises it and shows it
    rendered."""
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await app.push_screen(new_note_screen(None, None))
        await settle(pilot)
        assert isinstance(app.focused, NoteEditor)
        await type_text(pilot, "Journee difficile")
        await pilot.press("ctrl+f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NoteScreen)
        assert screen.query_one("#note-reading").display
        assert not screen.query_one(NoteEditor).display
        entry = logbook.get_entry(vault, screen.entry_id)
        assert (entry.kind, entry.person_id, entry.is_final) == ("reflection", None, True)
        assert entry.body == "Journee difficile"
    vault.release()


async def test_amending_keeps_every_version_in_the_history(
    new_vault: Vault, clock: FixedClock
) -> None:
    """`a` opens the finalised text for amendment; Ctrl+F asks a reason; the history shows
    both versions, the newest first, with the reason."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    entry_id = logbook.open_draft(new_vault, person_id=person_id, check_in_id=check_in_id, at=NOW)
    logbook.save_text(new_vault, entry_id, "# Appel\n\nElle a **bien** dormi.", (0, 0), NOW)
    logbook.finalise(new_vault, entry_id, NOW)
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await app.push_screen(NoteScreen(entry_id))
        await settle(pilot)
        reading = app.screen.query_one("#note-before", Markdown)
        assert reading.source.startswith("# Appel")
        assert app.screen.query_one("#note-reading").display
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.focused, NoteEditor)
        await type_text(pilot, " Ajout")
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        app.screen.query_one("#reason", Input).value = "précision"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.entry.body.endswith("dormi. Ajout")
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert [(r.number, r.reason) for r in app.screen.revisions] == [
            (0, ""),
            (1, "précision"),
        ]
        titles = [str(node.render()) for node in app.screen.query(".version-title")]
        assert titles[0].startswith("Version 1") and "précision" in titles[0]
    assert vault.check().ok
    vault.release()


async def test_unfinished_drafts_are_offered_after_unlock(
    new_vault: Vault, clock: FixedClock
) -> None:
    """A draft left by a crash is listed after unlock; choosing it reopens the call with the
    text and the cursor."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    entry_id = logbook.open_draft(new_vault, person_id=person_id, check_in_id=check_in_id, at=NOW)
    logbook.start_call(new_vault, entry_id, NOW)
    logbook.save_text(new_vault, entry_id, "Avant la panne\nde batterie", (1, 3), NOW)
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await settle(pilot)
        assert isinstance(app.screen, RecoveredDraftsScreen)
        assert app.screen.query_one(OptionList).option_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        editor = app.screen.query_one(NoteEditor)
        assert editor.text == "Avant la panne\nde batterie"
        assert editor.cursor_position == (1, 3)
    vault.release()


async def test_writing_the_missing_note_of_a_held_meeting(
    new_vault: Vault, clock: FixedClock
) -> None:
    """From the today view's "note missing": a note for the check-in, finalised, so the
    check-in's note status becomes final."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await app.push_screen(new_note_screen(person_id, check_in_id))
        await settle(pilot)
        assert logbook.note_status_by_check_in(vault, [check_in_id]) == {check_in_id: "draft"}
        await type_text(pilot, "Note ecrite le lendemain")
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert logbook.note_status_by_check_in(vault, [check_in_id]) == {check_in_id: "final"}
    vault.release()
