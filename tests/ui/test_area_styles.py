"""Opening an area for the first time does not restyle the whole application.

Textual 8.2.8 gives a mode's first screen a CSS update count of -1, so each first opening of
an area re-parsed every stylesheet and restyled every widget of every open screen — on top
of the re-parse its own stylesheet needs, which Textual does when it loads it. Area screens
take the application's count when built (`StyledOnceScreen._skip_css_refresh`); a theme
change must still restyle them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet

from epc_tui.areas import AREAS
from epc_tui.clock import FixedClock
from epc_tui.resources import styles_dir
from epc_tui.screens.base import StyledOnceScreen
from epc_tui.vault.vault import Vault
from tests.ui.test_call import a_coach_app, settle
from tests.ui.test_shell import closed_vault, unlock


def styles_of(screen: StyledOnceScreen[Any]) -> list[tuple[str, str, str]]:
    """Every widget of `screen` with its computed text style and box (id or type)."""
    return [
        (widget.id or type(widget).__name__, str(widget.rich_style), widget.styles.css)
        for widget in screen.walk_children()
    ]


async def test_first_opening_of_each_area_restyles_nothing_else_but_a_theme_does(
    new_vault: Vault, clock: FixedClock
) -> None:
    """Each area opened for the first time: no whole-application CSS refresh, and every
    widget's computed style is the same as after the refresh Textual used to do; then a theme
    change refreshes the styles as before."""
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await settle(pilot)
        refreshes: list[Any] = []
        real_refresh = app.refresh_css

        def counted_refresh(*args: Any, **kwargs: Any) -> None:
            refreshes.append(app.screen)
            real_refresh(*args, **kwargs)

        app.refresh_css = counted_refresh  # type: ignore[method-assign]
        opened = 0
        for area in AREAS:
            await pilot.press(area.key)
            await settle(pilot)
            if not isinstance(app.screen, StyledOnceScreen):
                continue
            opened += 1
            assert app.screen._css_update_count == app._css_update_count
            skipped = styles_of(app.screen)
            real_refresh()  # what Textual did before: nothing may look different after it
            await settle(pilot)
            assert styles_of(app.screen) == skipped, area.mode
        assert opened == len(AREAS)
        assert refreshes == []
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settle(pilot)
        assert refreshes, "a theme change still refreshes the styles"


async def test_every_stylesheet_is_read_while_the_passphrase_is_typed(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the unlock screen's first idle moment the application reads every stylesheet it
    ships; opening each area afterwards parses no style again (Textual re-parsed all of them
    at each area's first opening, 15-45 ms each time)."""
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.6)  # the idle tick comes every 0.25 s
        read = {Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")}
        assert read == {path.name for path in styles_dir().glob("*.tcss")}
        reparses: list[Any] = []
        real_reparse = Stylesheet.reparse

        def counted_reparse(stylesheet: Stylesheet) -> None:
            reparses.append(stylesheet)
            real_reparse(stylesheet)

        monkeypatch.setattr(Stylesheet, "reparse", counted_reparse)
        await unlock(pilot)
        await settle(pilot)
        for area in AREAS:
            await pilot.press(area.key)
            await settle(pilot)
            assert app.current_mode == area.mode
        assert reparses == []
