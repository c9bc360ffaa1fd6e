"""On a full disk, adding a follow-up action during a call and recording an attempt say so in
one sentence and keep what was typed (they raised the raw database error: a crash); once
space is back the same action is added and the attempt recorded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Button, Input, Static

from epc_tui.clock import FixedClock
from epc_tui.i18n import t
from epc_tui.screens.attempt import AttemptScreen
from epc_tui.screens.call import CallScreen
from epc_tui.vault import attempts, logbook
from epc_tui.vault.vault import Vault
from tests.faults.test_disk_full_autosave import FullDisk
from tests.ui.test_call import a_coach_app, settle
from tests.ui.test_shell import closed_vault, unlock
from tests.unit.test_logbook import a_partner_with_a_plan


@pytest.fixture
def coach(new_vault: Vault) -> Iterator[tuple[Vault, int, int]]:
    """A closed vault holding a partner with a plan: (vault, person, first check-in)."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    vault = closed_vault(new_vault)
    yield vault, person_id, check_in_id
    vault.release()


async def test_a_follow_up_action_on_a_full_disk_is_kept_to_add_again(
    coach: tuple[Vault, int, int], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The action is refused with the full-disk sentence, its text stays in the field, the
    call goes on; with space back, the same press adds it."""
    vault, person_id, check_in_id = coach
    disk = FullDisk(monkeypatch, vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, check_in_id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CallScreen)
        disk.fill()
        screen.query_one("#action-text", Input).value = "Envoyer le dépliant " * 200
        screen.query_one("#action-add", Button).press()
        await settle(pilot)
        assert app.screen is screen
        assert t("error.storage_full") in [str(n.message) for n in app._notifications]
        assert screen.query_one("#action-text", Input).value.startswith("Envoyer le dépliant")
        assert logbook.actions_of_entry(vault, screen.entry_id) == []
        disk.free()
        screen.query_one("#action-add", Button).press()
        await settle(pilot)
        added = logbook.actions_of_entry(vault, screen.entry_id)
        assert [action.text.split()[0] for action in added] == ["Envoyer"]
        assert screen.query_one("#action-text", Input).value == ""


async def test_an_attempt_on_a_full_disk_says_so_and_stays_open(
    coach: tuple[Vault, int, int], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recording an attempt on a full disk shows the full-disk sentence in the dialog, which
    stays open with the note typed; with space back it is recorded."""
    vault, person_id, check_in_id = coach
    disk = FullDisk(monkeypatch, vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, check_in_id))
        await settle(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AttemptScreen)
        dialog.query_one("#attempt-note", Input).value = "message laissé " * 300
        disk.fill()
        await pilot.click("#record")
        await settle(pilot)
        assert app.screen is dialog
        shown = str(dialog.query_one("#attempt-message", Static).render())
        assert shown == t("error.storage_full")
        assert attempts.attempts_of_check_in(vault, check_in_id) == []
        disk.free()
        dialog.query_one("#record", Button).press()
        await settle(pilot)
        assert not isinstance(app.screen, AttemptScreen), str(
            dialog.query_one("#attempt-message", Static).render()
        )
        assert len(attempts.attempts_of_check_in(vault, check_in_id)) == 1
    assert vault.check().ok
