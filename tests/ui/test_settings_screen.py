"""Settings: saved outside the vault, applied at once, numbers checked."""

from __future__ import annotations

from textual.widgets import Input, Static

from epc_tui.clock import FixedClock
from epc_tui.settings import load_settings
from epc_tui.vault.vault import Vault
from tests.ui.test_caseload_screens import settle, the_app
from tests.ui.test_shell import closed_vault, unlock


async def test_backup_rotation_is_saved_and_bad_numbers_refused(
    new_vault: Vault, clock: FixedClock
) -> None:
    """A negative count is refused with a message; a good one is saved to settings.json."""
    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(110, 50)) as pilot:
        await unlock(pilot)
        await pilot.press("f9")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#keep-daily", Input).value = "-1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(screen.query_one("#settings-message", Static).render())
        assert app.settings.backup_keep_daily == 7
        screen.query_one("#keep-daily", Input).value = "10"
        screen.query_one("#keep-monthly", Input).value = "24"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.settings.backup_keep_daily == 10
    saved = load_settings(vault.paths.settings)
    assert saved.backup_keep_daily == 10 and saved.backup_keep_monthly == 24
