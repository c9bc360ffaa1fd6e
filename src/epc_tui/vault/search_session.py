"""Searches run on one thread whose connection stays open between keystrokes.

Peewee keeps a connection per thread, and a worker thread per keystroke would open a new one
each time: SQLCipher would then decrypt the index pages anew for every search (80–140 ms
of the 200,000-note search). This thread keeps its connection, so the pages decrypted for one
keystroke are still in the page cache for the next. The connection is closed — and the key
it holds dropped — when the session is closed and whenever the vault locks or changes key.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from epc_tui.vault.errors import UnlockFailed
from epc_tui.vault.search import SearchFilters, SearchHit, search
from epc_tui.vault.vault import Vault


class SearchSession:
    """A search thread with a warm connection, for search as you type."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="epc-search")
        self._closed = False
        vault.add_close_listener(self.drop_connection)

    def search(
        self, text: str, filters: SearchFilters | None = None, limit: int = 50
    ) -> list[SearchHit]:
        """The results for `text`, computed on the session's thread (blocks the caller)."""
        if self._closed:
            raise UnlockFailed()
        return self._thread.submit(self._search, text, filters, limit).result()

    def _search(self, text: str, filters: SearchFilters | None, limit: int) -> list[SearchHit]:
        if not self._vault.is_unlocked:
            raise UnlockFailed()
        database = self._vault.database
        if database.is_closed():
            database.connect()
        return search(self._vault, text, filters, limit)

    def drop_connection(self) -> None:
        """Close the thread's connection (the vault locks or changes key); the next search
        opens a new one if the vault is still unlocked."""
        if not self._closed:
            self._thread.submit(self._close_connection).result()

    def _close_connection(self) -> None:
        database = self._vault.database
        if not database.is_closed():
            database.close()

    def close(self) -> None:
        """Close the connection and stop the thread."""
        if self._closed:
            return
        self.drop_connection()
        self._closed = True
        self._vault.remove_close_listener(self.drop_connection)
        self._thread.shutdown(wait=True)
