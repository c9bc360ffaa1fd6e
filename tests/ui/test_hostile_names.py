"""Hostile names: escape sequences, bidi overrides, zero-width characters, emoji and a huge
name are stored without anything that could drive the terminal, and shown as text."""

from __future__ import annotations

from typing import Any

from epc_tui.clock import FixedClock
from epc_tui.services.enrolment import enrol
from epc_tui.vault import people
from epc_tui.vault.records import PersonDraft
from epc_tui.vault.vault import Vault
from tests.ui.test_caseload_screens import PLAIN_DAYS, settle, the_app
from tests.ui.test_shell import closed_vault, unlock

HOSTILE = (
    "Zed\x1b]0;pwned\x07 \x1b[31mRouge\x1b[0m \u202eesrever\u202c "
    "Ami\u200dé 🌷 \x9b2J \u0645\u0631\u064a\u0645"
)


def test_hostile_name_is_cleaned_when_stored(new_vault: Vault, clock: FixedClock) -> None:
    """Escapes, C1 controls and bidi overrides go; letters, emoji, joiners and Arabic stay."""
    [person_id] = enrol(
        new_vault, [PersonDraft(HOSTILE, "partner", None, None)], PLAIN_DAYS, clock.now()
    )
    stored = people.get_person(new_vault, person_id).full_name
    assert "\x1b" not in stored and "\x9b" not in stored and "\x07" not in stored
    assert "\u202e" not in stored
    assert "Rouge" in stored and "🌷" in stored and "\u200d" in stored and "\u0645" in stored


async def test_caseload_renders_hostile_and_huge_names_as_text(
    new_vault: Vault, clock: FixedClock
) -> None:
    """The caseload draws a hostile name and a 100,000-character name without any escape
    sequence of theirs reaching the screen."""
    drafts = [
        PersonDraft(HOSTILE, "partner", None, None),
        PersonDraft("Long " + "é" * 100_000, "patient", None, None),
    ]
    enrol(new_vault, drafts, PLAIN_DAYS, clock.now())
    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen: Any = app.screen
        assert len(screen.shown) == 2
        rendered = app.export_screenshot()
        assert "Rouge" in rendered and "pwned" not in rendered and "\u202e" not in rendered
        table = screen.query_one("#caseload-table")
        cells = [str(cell) for row in range(2) for cell in table.get_row_at(row)]
        assert not any(char in cell for cell in cells for char in "\x1b\x9b\x07")
