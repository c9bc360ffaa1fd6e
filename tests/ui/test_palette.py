"""Every action of the screen is reachable by name from the command palette (Ctrl+P)."""

from __future__ import annotations

from epc_tui.clock import FixedClock
from epc_tui.screens.person_form import PersonFormScreen
from epc_tui.vault.vault import Vault
from tests.ui.test_caseload_screens import settle, the_app
from tests.ui.test_shell import closed_vault, unlock


async def test_screen_actions_are_palette_commands(new_vault: Vault, clock: FixedClock) -> None:
    """On the caseload the palette offers "Nouvelle personne" (key n); running it opens the
    form, as the key would."""
    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(110, 36)) as pilot:
        await unlock(pilot)
        await pilot.press("f3")
        await settle(pilot)
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        assert "Nouvelle personne" in commands and "Filtrer" in commands
        assert "Touche : n" in commands["Nouvelle personne"].help
        await commands["Nouvelle personne"].callback()  # type: ignore[misc]
        await settle(pilot)
        assert isinstance(app.screen, PersonFormScreen)
