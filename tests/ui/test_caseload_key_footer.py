"""The footer shared by the caseload and the today view: rebuilt only when its keys change."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from epc_tui.widgets.key_footer import KeyFooter


class FooterHost(App[None]):
    """Two keys (not letters: a focused field takes those); the second applies only while
    `ready` is true."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "new", "Nouvelle personne"),
        Binding("f6", "edit", "Modifier"),
    ]

    def __init__(self, keys_at_once: bool = False) -> None:
        super().__init__()
        self.ready = True
        self.keys_at_once = keys_at_once

    def compose(self) -> ComposeResult:
        """A field to move the focus to, and the footer."""
        yield Input()
        yield KeyFooter(keys_at_once=self.keys_at_once)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F6 is greyed while not ready."""
        if action == "edit":
            return True if self.ready else None
        return True


@pytest.fixture
def recomposes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each footer rebuild, counted."""
    counted: list[int] = []
    original = KeyFooter.recompose

    async def counting(footer: KeyFooter) -> None:
        counted.append(1)
        await original(footer)

    monkeypatch.setattr(KeyFooter, "recompose", counting)
    return counted


def shown_keys(app: App[Any]) -> dict[str, bool]:
    """Each key in the footer and whether it applies."""
    return {key.key: not key.has_class("-disabled") for key in app.screen.query(FooterKey)}


async def test_refreshes_showing_the_same_keys_rebuild_nothing(recomposes: list[int]) -> None:
    """Bindings refreshed again and again (focus moves, screens calling refresh_bindings)
    while the same keys apply: the footer, drawn once, is not rebuilt."""
    app = FooterHost()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        assert shown_keys(app) == {"f5": True, "f6": True, "ctrl+p": True}
        before = len(recomposes)
        for _ in range(3):
            app.screen.refresh_bindings()
        app.query_one(Input).focus()
        await pilot.pause()
        await pilot.pause()
        assert len(recomposes) == before
        assert shown_keys(app) == {"f5": True, "f6": True, "ctrl+p": True}


async def test_a_change_is_shown_once_per_frame(recomposes: list[int]) -> None:
    """When a key stops applying, several refreshes in the same frame rebuild the footer
    once, and it shows the key greyed."""
    app = FooterHost()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        before = len(recomposes)
        app.ready = False
        for _ in range(4):
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert len(recomposes) == before + 1
        assert shown_keys(app) == {"f5": True, "f6": False, "ctrl+p": True}


@pytest.mark.parametrize("keys_at_once", [True, False])
async def test_keys_at_once_are_composed_with_the_screen(
    recomposes: list[int], keys_at_once: bool
) -> None:
    """Asked for, the keys are composed with the screen and the first refreshes of the
    bindings rebuild nothing; Textual's way (the control) composes an empty footer, then
    rebuilds it once the bindings are first refreshed. A real change still rebuilds."""
    app = FooterHost(keys_at_once=keys_at_once)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        app.query_one(Input).focus()
        await pilot.pause()
        await pilot.pause()
        assert len(recomposes) == (0 if keys_at_once else 1)
        assert shown_keys(app) == {"f5": True, "f6": True, "ctrl+p": True}
        app.ready = False
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert len(recomposes) == (1 if keys_at_once else 2)
        assert shown_keys(app) == {"f5": True, "f6": False, "ctrl+p": True}
