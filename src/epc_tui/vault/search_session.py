"""Searches run on one thread whose connection stays open between keystrokes.

A worker thread per keystroke would open a new connection each time, and SQLCipher would
decrypt the index pages anew for every search (80–140 ms of the 200,000-note search). The
session's `WarmConnection` keeps them in its page cache from one keystroke to the next; its
connection is closed when the vault locks or changes key, and with the session.
"""

from __future__ import annotations

from epc_tui.vault.search import SearchFilters, SearchHit, search
from epc_tui.vault.vault import Vault
from epc_tui.vault.warm_connection import WarmConnection


class SearchSession:
    """Search as you type, on a warm connection."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self.connection = WarmConnection(vault, "search")

    def search(
        self, text: str, filters: SearchFilters | None = None, limit: int = 50
    ) -> list[SearchHit]:
        """The results for `text`, computed on the session's thread (blocks the caller)."""
        return self.connection.run(lambda: search(self._vault, text, filters, limit))

    def close(self) -> None:
        """Close the connection and stop the thread."""
        self.connection.close()
