"""The application shell: first run, unlock, wrong passphrase, locking by key and by inactivity."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual.screen import Screen
from textual.widgets import Input, Static

from epc_tui.app import EpcApp
from epc_tui.screens.base import VaultScreen
from epc_tui.screens.recovery_code import RecoveryCodeScreen
from epc_tui.screens.setup import SetupScreen
from epc_tui.screens.unlock import UnlockScreen
from epc_tui.settings import Settings
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE


def closed_vault(new_vault: Vault) -> Vault:
    """Lock and release the fixture's vault and return a fresh handle, as at start-up."""
    new_vault.release()
    vault = Vault(new_vault.paths, kdf=FLOOR)
    vault.acquire()
    return vault


async def unlock(pilot, passphrase: str = PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    """Type the passphrase and wait for the key derivation."""
    field = pilot.app.screen.query_one("#passphrase", Input)
    field.value = passphrase
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_first_run_creates_vault_and_shows_recovery_code_once(data_dir: Path) -> None:
    """First start shows creation; a weak passphrase is refused; the code must be confirmed."""
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    async with app.run_test(size=(100, 40)) as pilot:
        assert isinstance(app.screen, SetupScreen)
        app.screen.query_one("#new-passphrase", Input).value = "court"
        app.screen.query_one("#repeat-passphrase", Input).value = "court"
        await pilot.click("#create")
        await pilot.pause()
        assert "trop facile" in str(app.screen.query_one("#passphrase-message", Static).render())
        assert not vault.exists()
        app.screen.query_one("#new-passphrase", Input).value = PASSPHRASE
        app.screen.query_one("#repeat-passphrase", Input).value = PASSPHRASE
        while app.screen.query_one("#create").has_class("-active"):
            await pilot.pause(0.02)  # a button ignores clicks during its 0.2 s press effect
        await pilot.click("#create")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RecoveryCodeScreen)
        assert app.screen.query_one("#continue").disabled
        code = str(app.screen.query_one("#recovery-code", Static).render())
        await pilot.click("#written-down")
        await pilot.click("#continue")
        await pilot.pause()
        assert vault.is_unlocked
        assert app.current_mode == "today"  # the home area: who to call today
    vault.release()
    reopened = Vault(VaultPaths(data_dir), kdf=FLOOR)
    reopened.unlock_with_recovery_code(code)
    reopened.release()


async def test_wrong_passphrase_says_so_and_right_one_opens(new_vault: Vault) -> None:
    """A wrong passphrase gives a clear message and keeps the vault locked."""
    vault = closed_vault(new_vault)
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        await unlock(pilot, "pas la bonne phrase")
        assert not vault.is_unlocked
        message = str(app.screen.query_one("#unlock-message", Static).render())
        assert "incorrect" in message
        await unlock(pilot)
        assert vault.is_unlocked
        assert not isinstance(app.screen, UnlockScreen)
    vault.release()


async def test_ctrl_l_locks_and_drops_the_key(new_vault: Vault) -> None:
    """Ctrl+L closes the database, forgets the key and removes the areas."""
    vault = closed_vault(new_vault)
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        assert vault.is_unlocked
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not vault.is_unlocked
        assert isinstance(app.screen, UnlockScreen)
        assert "today" not in app._modes
        assert vault.database.connect_params.get("passphrase") == ""
        await unlock(pilot)
        assert app.current_mode == "today"
    vault.release()


async def test_inactivity_locks(new_vault: Vault) -> None:
    """With a lock delay of a fraction of a second, idling locks the vault."""
    vault = closed_vault(new_vault)
    app = EpcApp(
        vault=vault,
        settings=Settings(language="fr", lock_after_minutes=0.06),
        lock_check_seconds=0.05,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        assert vault.is_unlocked
        await pilot.pause(6.0)
        assert not vault.is_unlocked
        assert isinstance(app.screen, UnlockScreen)
    vault.release()


class _NoteScreen(VaultScreen[None]):
    """A stand-in for a screen holding personal data, rebuilt from an identifier."""

    saved: ClassVar[list[int]] = []

    def __init__(self, entry_id: int) -> None:
        super().__init__()
        self.entry_id = entry_id

    def save_before_lock(self) -> None:
        _NoteScreen.saved.append(self.entry_id)

    def resume_factory(self) -> Callable[[], Screen[Any]] | None:
        entry_id = self.entry_id
        return lambda: _NoteScreen(entry_id)


async def test_lock_saves_then_unlock_returns_to_the_same_screen(new_vault: Vault) -> None:
    """Locking asks screens to save, removes them; unlocking rebuilds them by identifier."""
    vault = closed_vault(new_vault)
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        first = _NoteScreen(42)
        await app.push_screen(first)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert _NoteScreen.saved == [42]
        assert isinstance(app.screen, UnlockScreen)
        assert not any(isinstance(s, _NoteScreen) for s in app.screen_stack)
        await unlock(pilot)
        assert isinstance(app.screen, _NoteScreen)
        assert app.screen is not first and app.screen.entry_id == 42
    vault.release()
