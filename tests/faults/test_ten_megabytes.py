"""Ten megabytes of hostile text in a note: stored whole, drawn safely, found by search.

The text mixes French words with terminal escape sequences (colour, window title), bidi
overrides, zero-width characters, emoji, joiners and Arabic, in 80-character lines (a pasted
e-mail thread or log), and ends with a word found nowhere else. Two findings were fixed for
it (widgets/note_editor.py, screens/note.py): every key press in a 10 MB note took about 4 s
(Textual's text area joined the whole text, then summed every line's height, for each line
drawn), and reading the finalised note as Markdown took over a minute per Page Down.
"""

from __future__ import annotations

import random
from typing import Any

from textual import events

from epc_tui.clock import FixedClock
from epc_tui.screens.note import NoteScreen
from epc_tui.textclean import clean_text
from epc_tui.vault import logbook
from epc_tui.vault.search import HIGHLIGHT_START, SearchFilters, search
from epc_tui.vault.vault import Vault
from epc_tui.widgets.note_editor import NoteEditor, NoteReader
from tests.conftest import TODAY
from tests.ui.test_call import a_coach_app, settle
from tests.ui.test_shell import closed_vault, unlock
from tests.unit.test_logbook import a_partner_with_a_plan

SIZE = 10 * 1024 * 1024
LAST_WORD = "Zanzibaresque"
PIECES = (
    "fatigue", "sommeil", "famille", "chimio", "anxiété", "marche", "bilan", "oncologue",
    "🌷", "Ami\u200dé", "zéro\u200blargeur", "\u0645\u0631\u064a\u0645",
    "\x1b[31mrouge\x1b[0m", "\u202eesrever\u202c", "\x1b]0;pwned\x07", "\x9b2J",
)  # fmt: skip
NEVER_KEPT = ("\x1b", "\x9b", "\x07", "\u202e", "\u202c", "pwned")


def hostile_text() -> str:
    """About 10 MB of note text, hostile characters included, ending with `LAST_WORD`."""
    rng = random.Random(7)
    lines = []
    size = 0
    while size < SIZE:
        line = " ".join(rng.choice(PIECES) for _ in range(10))
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines) + f"\nfin du texte collé {LAST_WORD}"


def test_a_ten_megabyte_note_is_stored_checked_and_found(new_vault: Vault) -> None:
    """The cleaned text (as a paste leaves it) is stored and finalised whole; search finds
    the word at its very end, with and without a person filter, in a bounded snippet without
    any control character; `epc check` (the chain over 10 MB) passes."""
    person_id, _ = a_partner_with_a_plan(new_vault)
    text = clean_text(hostile_text())
    assert len(text) > 8 * 1024 * 1024
    assert not any(bad in text for bad in NEVER_KEPT)
    assert "🌷" in text and "\u200d" in text and "\u200b" in text and "\u0645" in text
    entry_id = logbook.open_draft(new_vault, person_id=person_id, check_in_id=None, at=TODAY)
    logbook.save_text(new_vault, entry_id, text, (0, 0), TODAY)
    logbook.finalise(new_vault, entry_id, TODAY)
    assert logbook.get_entry(new_vault, entry_id).body == text
    for filters in (None, SearchFilters(person_id=person_id)):
        hits = [hit for hit in search(new_vault, LAST_WORD, filters) if hit.kind == "note"]
        assert [hit.entry_id for hit in hits] == [entry_id]
        snippet = hits[0].snippet
        assert HIGHLIGHT_START + LAST_WORD in snippet
        assert len(snippet) <= 300
        assert not any(ord(char) < 0x20 and char not in "\n\x02\x03" for char in snippet)
    assert new_vault.check().ok


async def wait_for_paste(pilot: Any, editor: NoteEditor) -> None:
    """A large paste is cleaned in a thread, then inserted: wait until it is in."""
    for _ in range(600):
        if LAST_WORD in editor.document[editor.document.line_count - 1]:
            return
        await pilot.pause(0.1)
    raise AssertionError("the paste never arrived")


async def test_a_ten_megabyte_paste_is_cleaned_saved_and_read_safely(
    new_vault: Vault, clock: FixedClock
) -> None:
    """Pasted into a note: escapes, C1 controls and bidi overrides are gone, emoji, joiners
    and Arabic stay; typing still works and autosave stores it all; finalised, the note is
    read in the line-by-line reader with nothing of the escapes on screen; opened from a
    search for its last word, the reader is scrolled to the end."""
    person_id, _ = a_partner_with_a_plan(new_vault)
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    pasted = hostile_text()
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await app.push_screen(NoteScreen(None, person_id=person_id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NoteScreen)
        editor = screen.editor
        editor.post_message(events.Paste(pasted))
        await wait_for_paste(pilot, editor)
        await pilot.press("end", "exclamation_mark")
        await pilot.pause(1.0)
        await settle(pilot)
        stored = logbook.get_entry(vault, screen.entry_id).body
        assert stored == editor.text and stored.endswith(f"{LAST_WORD}!")
        assert not any(bad in stored for bad in NEVER_KEPT)
        assert "🌷" in stored and "Ami\u200dé" in stored and "\u0645\u0631" in stored
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert logbook.get_entry(vault, screen.entry_id).is_final
        reader = screen.query_one("#note-plain", NoteReader)
        assert reader.display and reader.line_count == stored.count("\n") + 1
        shown = app.export_screenshot()
        assert "fatigue" in shown or "sommeil" in shown
        assert "pwned" not in shown and "\x1b[31m" not in shown
        entry_id = screen.entry_id
        app.pop_screen()
        await app.push_screen(NoteScreen(entry_id, find=LAST_WORD))
        await settle(pilot)
        reader = app.screen.query_one("#note-plain", NoteReader)
        assert reader.scroll_offset.y >= reader.line_count - 40
    assert vault.check().ok
