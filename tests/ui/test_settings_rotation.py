"""Settings: "Renouveler la clé de chiffrement" — explained, run in a worker, new code shown."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Button, Checkbox, Input, Static

from epc_tui.clock import FixedClock
from epc_tui.i18n import t
from epc_tui.screens.recovery_code import RecoveryCodeScreen
from epc_tui.screens.settings import RotateKeyScreen, SettingsScreen
from epc_tui.vault import rotation
from epc_tui.vault.errors import UnlockFailed
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.recovery import looks_like_recovery_code
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui.test_caseload_screens import settle, the_app
from tests.ui.test_shell import closed_vault, unlock
from tests.unit.backup_helpers import add_person_with_note, content_of


async def _open_rotation(pilot) -> RotateKeyScreen:  # type: ignore[no-untyped-def]
    await pilot.press("f9")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SettingsScreen)
    pilot.app.screen.query_one("#rotate-key", Button).press()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RotateKeyScreen)
    return screen


async def test_renewing_the_key_shows_a_new_code_and_retires_the_old_key_file(
    new_vault: Vault, clock: FixedClock, tmp_path: Path
) -> None:
    """From the settings: the dialog explains what happens, the passphrase is typed, the
    vault is re-encrypted in a worker and the new recovery code is shown with the usual
    screen. Afterwards the app keeps working with the new key, the old key file and old code
    are refused, and the new code opens the vault."""
    add_person_with_note(new_vault, "UI-0001", "ECRANREGLAGES")
    old_code = new_vault.recovery  # type: ignore[attr-defined]
    vault = closed_vault(new_vault)
    old_keyfile = tmp_path / "ancienne clé"
    shutil.copy2(vault.paths.keyfile, old_keyfile)
    app = the_app(vault, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        before = content_of(vault)
        old_key = vault.data_key()
        screen = await _open_rotation(pilot)
        explained = str(screen.query_one(".dialog-text", Static).render())
        assert "nouveau code de récupération" in explained
        screen.query_one("#rotate-passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()
        assert isinstance(app.screen, RecoveryCodeScreen)
        code = str(app.screen.query_one("#recovery-code", Static).render())
        assert looks_like_recovery_code(code) and code != old_code
        assert rotation.pending_path(vault.paths).exists()  # not yet written down
        app.screen.query_one("#written-down", Checkbox).value = True
        await pilot.pause()
        app.screen.query_one("#continue", Button).press()
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert not rotation.pending_path(vault.paths).exists()
        assert vault.data_key() != old_key
        assert content_of(vault) == before  # the open app reads with the new key
    vault.release()

    fresh = Vault(vault.paths, kdf=FLOOR)
    try:
        fresh.unlock_with_recovery_code(code)
        assert content_of(fresh) == before
    finally:
        fresh.release()
    fresh = Vault(vault.paths, kdf=FLOOR)
    try:
        try:
            fresh.unlock_with_recovery_code(old_code)
        except UnlockFailed:
            pass
        else:
            raise AssertionError("the old recovery code still opens the vault")
    finally:
        fresh.release()
    shutil.copy2(old_keyfile, vault.paths.keyfile)
    fresh = Vault(vault.paths, kdf=FLOOR)
    try:
        try:
            fresh.unlock(PASSPHRASE)
        except UnlockFailed:
            pass
        else:
            raise AssertionError("the old key file still opens the vault")
    finally:
        fresh.release()


async def test_a_wrong_passphrase_is_said_and_nothing_changes(
    new_vault: Vault, clock: FixedClock
) -> None:
    """A wrong passphrase: the dialog stays open with the generic message, the fields are
    usable again, and the key file is untouched; Escape then closes it."""
    vault = closed_vault(new_vault)
    keyfile = vault.paths.keyfile.read_bytes()
    app = the_app(vault, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        screen = await _open_rotation(pilot)
        screen.query_one("#rotate-passphrase", Input).value = "pas la bonne"
        screen.query_one("#rotate", Button).press()
        await settle(pilot)
        assert app.screen is screen
        message = str(screen.query_one("#rotate-message", Static).render())
        assert message == t("error.unlock_failed")
        assert not screen.query_one("#rotate", Button).disabled
        assert vault.paths.keyfile.read_bytes() == keyfile
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
    vault.release()


async def test_the_code_of_a_renewal_cut_short_is_shown_after_unlocking(
    new_vault: Vault, clock: FixedClock
) -> None:
    """A renewal whose code was never shown (a kill after the key file was installed): the
    next unlock shows that code with the recovery-code screen, and once written down it is
    not offered again."""
    code = rotation.rotate_data_key(new_vault, PASSPHRASE)  # no acknowledgement: as if killed
    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await settle(pilot)
        assert isinstance(app.screen, RecoveryCodeScreen)
        assert str(app.screen.query_one("#recovery-code", Static).render()) == code
        app.screen.query_one("#written-down", Checkbox).value = True
        await pilot.pause()
        app.screen.query_one("#continue", Button).press()
        await pilot.pause()
        assert not isinstance(app.screen, RecoveryCodeScreen)
    vault.release()
    assert not rotation.pending_path(vault.paths).exists()
