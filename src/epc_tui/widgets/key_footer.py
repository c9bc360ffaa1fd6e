"""The footer of every screen, rebuilt only when the keys it shows change.

Textual's `Footer` recomposes itself — a dozen key widgets created, styled and mounted — at
every refresh of the screen's bindings: each focus change, each `refresh_bindings()`, each
mount of a focusable widget. While a screen opens that happens about eight times, nearly
always to show the same keys again (about 100 ms each on a loaded machine, competing with the
worker reading the screen's data). This footer gathers the refreshes of one frame into one
and skips it when the keys, their words and whether they apply are those already shown.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

KeysShown = tuple[tuple[object, ...], ...]


class KeyFooter(Footer):
    """A `Footer` that recomposes at most once per frame, and only for a real change."""

    def __init__(
        self, *, keys_at_once: bool = False, id: str | None = None, classes: str | None = None
    ) -> None:
        """`keys_at_once`: draw the keys in the screen's first frame. Textual's footer is
        empty until the screen's bindings are first refreshed, then composed a second time
        (a dozen key widgets styled, ~20 ms under load) just when the screen's first data
        arrives. Only for a screen whose `check_action` works before its widgets are
        mounted."""
        super().__init__(id=id, classes=classes)
        self._keys_shown: KeysShown | None = None
        self._recompose_pending = False
        self._keys_at_once = keys_at_once

    def compose(self) -> ComposeResult:
        """Textual's keys; at once if asked, and remembered so the first refresh of the
        bindings recomposes only if they changed."""
        if self._keys_at_once and not self._bindings_ready:
            self.set_reactive(Footer._bindings_ready, True)
        if self._bindings_ready and self._keys_shown is None:
            self._keys_shown = self.keys_to_show()
        yield from super().compose()

    def keys_to_show(self) -> KeysShown:
        """Everything the footer's `compose` draws from: each shown binding's key, its
        display, description, action, group, whether it applies and its tooltip, then the
        command palette's key."""
        app = self.app
        active = self.screen.active_bindings
        keys: list[tuple[object, ...]] = [
            (
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                binding.group,
                enabled,
                tooltip,
            )
            for (_node, binding, enabled, tooltip) in active.values()
            if binding.show
        ]
        palette = active.get(app.COMMAND_PALETTE_BINDING)
        show_palette = self.show_command_palette and app.ENABLE_COMMAND_PALETTE
        if show_palette and palette is not None:
            _node, binding, enabled, tooltip = palette
            keys.append(("palette", binding.key, binding.description, enabled, tooltip))
        return tuple(keys)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """The screen's bindings were refreshed: look again once this frame is drawn."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._recompose_pending = False
        if not self.is_attached:
            return
        keys = self.keys_to_show()
        if keys == self._keys_shown:
            return
        self._keys_shown = keys
        await self.recompose()
