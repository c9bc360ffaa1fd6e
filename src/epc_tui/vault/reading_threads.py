"""Reading threads whose connections open as soon as the vault is unlocked.

Opening a SQLCipher connection costs about 10 ms at rest, and 60-80 ms while the interface
thread is busy mounting a screen: each of the dozen SQLite calls of an opening waits its turn
for the interpreter. The first opening of the caseload or the calendar right after unlocking
waited for it before reading anything. The application opens these threads' connections
right after the key is known; a screen takes its own when built (a new one if none is
waiting) and closes it when removed.
"""

from __future__ import annotations

from collections.abc import Callable

from epc_tui.vault.vault import Vault
from epc_tui.vault.warm_connection import WarmConnection


def _nothing() -> None:
    """A job that only makes the thread open its connection."""


class ReadingThreads:
    """`WarmConnection`s opened ahead, one per name, until a screen takes them."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._waiting: dict[str, WarmConnection] = {}

    def open(self, name: str, warm_up: Callable[[], object] = _nothing) -> None:
        """Start a thread for `name` and open its connection in the background, then run
        `warm_up` there: a first read that leaves the pages it needs in the thread's cache
        (its result and any error are dropped; the screen reads again when built)."""
        if name not in self._waiting:
            reader = WarmConnection(self._vault, name)
            reader.submit(warm_up)
            self._waiting[name] = reader

    def take(self, name: str) -> WarmConnection:
        """The thread opened ahead for `name`, or a new one; the caller closes it."""
        return self._waiting.pop(name, None) or WarmConnection(self._vault, name)

    def close(self) -> None:
        """Close the threads no screen took (the vault locks, or the application ends)."""
        waiting, self._waiting = self._waiting, {}
        for reader in waiting.values():
            reader.close()

    @property
    def waiting(self) -> tuple[str, ...]:
        """The names of the threads opened and not yet taken (tests look at them)."""
        return tuple(self._waiting)
