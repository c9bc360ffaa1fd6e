"""A crash inside a screen prints no note text, no name and no key."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from epc_tui.app import EpcApp
from epc_tui.settings import Settings
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE

MARKER = "NOTEDEMARQUE42"


class ExplodingScreen(Screen[None]):
    """A screen whose mount fails with personal data in a local variable and the message."""

    def compose(self) -> ComposeResult:
        yield Static("…")

    def on_mount(self) -> None:
        note_text = f"La personne a confié {MARKER}"
        raise RuntimeError(note_text)


async def test_crash_output_has_no_personal_data(
    new_vault: Vault, capfd: pytest.CaptureFixture[str]
) -> None:
    """The exit output names the error type and places only."""
    key_hex = new_vault.data_key().hex()
    new_vault.release()
    vault = Vault(new_vault.paths, kdf=FLOOR)
    vault.acquire()
    app = EpcApp(vault=vault, settings=Settings(language="fr"))
    with pytest.raises(RuntimeError):
        async with app.run_test() as pilot:
            vault.unlock(PASSPHRASE)
            await app.push_screen(ExplodingScreen())
            await pilot.pause()
    captured = capfd.readouterr()
    rendered = captured.err + captured.out
    assert "RuntimeError" in rendered
    assert MARKER not in rendered
    assert key_hex not in rendered and key_hex[:16] not in rendered
    vault.release()


def test_sources_never_enable_screenshots_or_osc52() -> None:
    """The app overrides Textual's screenshot action and clipboard escape."""
    source = (Path(__file__).resolve().parents[2] / "src/epc_tui/app.py").read_text()
    assert "def action_screenshot" in source and "def copy_to_clipboard" in source
