"""Regenerate the README's screenshots from the demo vault (fictional people only).

Run: `uv run python docs/screenshots/make.py`

One SVG per area, plus a call in progress and a search, at 110×32 on the demo of Monday
23 November 2026 (fixed clock, so the pictures only change when the screens do).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.worker import WorkerCancelled

from epc_tui.app import EpcApp
from epc_tui.clock import FixedClock
from epc_tui.services.demo import DEMO_PASSPHRASE, create_demo_vault
from epc_tui.settings import Settings
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault

HERE = Path(__file__).parent
MOMENT = datetime(2026, 11, 23, 9, 0)


async def settle(pilot: Any) -> None:
    """Workers done, screen redrawn."""
    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.2)


async def shoot() -> None:
    """Unlock the demo vault and save one SVG per area, a call and a search."""
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
            await settle(pilot)
            from epc_tui.areas import AREAS

            for area in AREAS:
                app.action_open_area(area.mode)
                await settle(pilot)
                app.save_screenshot(str(HERE / f"{area.mode}.svg"))
            app.action_open_area("search")
            await settle(pilot)
            app.screen.query_one("#query").value = "anxiete"  # type: ignore[attr-defined]
            await settle(pilot)
            app.save_screenshot(str(HERE / "search.svg"))
            app.action_open_area("today")
            await settle(pilot)
            await pilot.press("down", "down", "c")
            await settle(pilot)
            typed = "Bonne nouvelle, le traitement est bien toléré"
            await pilot.press(*[{" ": "space", ",": "comma"}.get(char, char) for char in typed])
            await settle(pilot)
            app.save_screenshot(str(HERE / "call.svg"))
        vault.release()


if __name__ == "__main__":
    os.environ.setdefault("EPC_KDF", "floor")
    asyncio.run(shoot())
