"""What screens may ask of the application, as a Protocol.

Screens sit below `app.py` in the layers, so they depend on this description rather than
on the App class itself (import-linter's layer contract enforces it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

from epc_tui.clock import Clock
from epc_tui.settings import Settings
from epc_tui.vault.vault import Vault
from epc_tui.vault.warm_connection import WarmConnection

if TYPE_CHECKING:
    from textual.dom import DOMNode


class EpcContext(Protocol):
    """The application seen from a screen: the vault, settings, clock and a few actions."""

    vault: Vault
    settings: Settings
    clock: Clock

    def vault_opened(self) -> None:
        """Install the areas after the key is known."""

    def update_settings(self, settings: Settings) -> None:
        """Save and apply new settings."""

    def call_from_thread(self, callback: Any, *args: Any, **kwargs: Any) -> Any:
        """Run `callback` on the UI thread (Textual's App method)."""

    def reading_thread(self, name: str) -> WarmConnection:
        """A reading thread for a screen (its connection opened ahead when it could be);
        the screen closes it when removed."""


def context_of(node: DOMNode) -> EpcContext:
    """The running application of `node`, seen through `EpcContext`."""
    return cast(EpcContext, node.app)
