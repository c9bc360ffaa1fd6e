"""Tracks made by the coach: created in the editor, then used to plan a person's check-ins."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.widgets import Button, Input, Select

from epc_tui.clock import FixedClock
from epc_tui.screens.tracks import TrackFormScreen, TracksScreen
from epc_tui.services.enrolment import enrol
from epc_tui.vault import check_ins, tracks
from epc_tui.vault.records import PersonDraft
from epc_tui.vault.vault import Vault
from tests.ui.test_caseload_screens import PLAIN_DAYS, settle, the_app
from tests.ui.test_shell import closed_vault, unlock


async def add_step(pilot: Any, label: str, amount: str, unit: str, base: str) -> None:
    """Fill the step form and press "Add"."""
    screen = pilot.app.screen
    screen.query_one("#step-label", Input).value = label
    screen.query_one("#step-amount", Input).value = amount
    screen.query_one("#step-unit", Select).value = unit
    screen.query_one("#step-from", Select).value = base
    screen.query_one("#step-add", Button).press()
    await pilot.pause()


async def test_coach_creates_a_track_and_plans_with_it(new_vault: Vault, clock: FixedClock) -> None:
    """Two steps (2 weeks after the reference date, then 1 month after the previous one) and
    a monthly rule afterwards; a person enrolled on it gets exactly those dates."""
    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(120, 45)) as pilot:
        await unlock(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TracksScreen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TrackFormScreen)
        form.query_one("#track-name", Input).value = "Soutien intensif"
        form.query_one("#track-repeat", Select).value = "monthly"
        await add_step(pilot, "Premier contact", "2", "weeks", "anchor")
        await add_step(pilot, "Suivi", "1", "months", "previous")
        assert len(form.steps) == 2
        form.query_one("#step-label", Input).value = ""
        form.query_one("#step-add", Button).press()
        await pilot.pause()
        assert "nom" in str(form.query_one("#track-problem").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TracksScreen)
        made = tracks.find_track(tracks.list_tracks(vault), "soutien intensif")
        assert made is not None and made.repeat_rule == "FREQ=MONTHLY;INTERVAL=1"
        draft = PersonDraft("Vera Nouvelle", "patient", made.id, date(2026, 1, 31))
        person_id = enrol(vault, [draft], PLAIN_DAYS, clock.now())[0]
        plan = check_ins.check_ins_of_person(vault, person_id)
        assert [item.planned_date for item in plan[:4]] == [
            date(2026, 2, 14),
            date(2026, 3, 14),
            date(2026, 4, 14),
            date(2026, 5, 14),
        ]


async def test_a_builtin_track_is_adapted_as_a_copy(new_vault: Vault, clock: FixedClock) -> None:
    """Opening the structured first year and saving makes a new track; the original stays."""
    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(120, 45)) as pilot:
        await unlock(pilot)
        before = tracks.list_tracks(vault)
        await app.push_screen(TrackFormScreen(before[0].id))
        await settle(pilot)
        form = app.screen
        assert len(form.steps) == 4  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        after = tracks.list_tracks(vault)
        assert len(after) == len(before) + 1
        assert after[0].steps == before[0].steps
        assert "(adapté)" in after[-1].name
