"""Regenerate the README's screenshots from the demo vault (fictional people only).

Run: `uv run python docs/screenshots/make.py`
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from datetime import datetime
from pathlib import Path

from epc_tui.app import EpcApp
from epc_tui.clock import FixedClock
from epc_tui.services.demo import DEMO_PASSPHRASE, create_demo_vault
from epc_tui.settings import Settings
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault

HERE = Path(__file__).parent
MOMENT = datetime(2026, 11, 23, 9, 0)


async def shoot() -> None:
    """Unlock the demo vault and save one SVG per area."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = VaultPaths(Path(tmp) / "demo")
        create_demo_vault(paths, today=MOMENT.date())
        vault = Vault(paths)
        vault.acquire()
        app = EpcApp(vault=vault, settings=Settings(language="fr"), clock=FixedClock(MOMENT))
        async with app.run_test(size=(110, 32)) as pilot:
            await pilot.pause()
            app.save_screenshot(str(HERE / "unlock.svg"))
            app.screen.query_one("#passphrase").value = DEMO_PASSPHRASE  # type: ignore[attr-defined]
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause(0.5)
            from epc_tui.areas import AREAS

            for area in AREAS:
                app.action_open_area(area.mode)
                await pilot.pause(0.5)
                await app.workers.wait_for_complete()
                await pilot.pause(0.2)
                app.save_screenshot(str(HERE / f"{area.mode}.svg"))
        vault.release()


if __name__ == "__main__":
    os.environ.setdefault("EPC_KDF", "floor")
    asyncio.run(shoot())
