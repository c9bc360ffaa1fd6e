"""A thread whose database connection stays open between jobs.

Peewee keeps one connection per thread, and Textual runs each worker on a new thread: every
search or autosave then opened a connection and SQLCipher decrypted the pages it needed
again (about 10–40 ms before any work, and a cold page cache). Jobs sent to a
`WarmConnection` run on its one thread, whose connection — and page cache — stays warm.

The connection holds the key: it is closed when the vault locks or changes key (the vault
calls `drop_connection`), and when the owner closes it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from epc_tui.vault.errors import UnlockFailed
from epc_tui.vault.vault import Vault

T = TypeVar("T")


class WarmConnection:
    """One thread, one connection kept open while the vault is unlocked."""

    def __init__(self, vault: Vault, name: str) -> None:
        self._vault = vault
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"epc-{name}")
        self._stale = threading.Event()
        self._closed = False
        vault.add_close_listener(self.drop_connection)

    def run(self, job: Callable[[], T]) -> T:
        """Run `job` on the thread (its connection open) and return its result; blocks."""
        return self.submit(job).result()

    def submit(self, job: Callable[[], T]) -> Future[T]:
        """Like `run` without blocking: the job's future (an async caller awaits it)."""
        if self._closed:
            raise UnlockFailed()
        return self._thread.submit(self._run, job)

    def _run(self, job: Callable[[], T]) -> T:
        self._close_if_stale()
        if not self._vault.is_unlocked:
            raise UnlockFailed()
        database = self._vault.database
        if database.is_closed():
            database.connect()
        try:
            return job()
        finally:
            self._close_if_stale()

    def _close_if_stale(self) -> None:
        if self._stale.is_set():
            self._stale.clear()
            if not self._vault.database.is_closed():
                self._vault.database.close()

    def drop_connection(self, wait: float = 1.0) -> None:
        """Close the thread's connection (the vault locks or changes key): at once when the
        thread is idle, else as soon as its current job ends."""
        if self._closed:
            return
        self._stale.set()
        future = self._thread.submit(self._close_if_stale)
        # A job holding the thread closes the connection itself when it ends.
        with contextlib.suppress(FutureTimeout):
            future.result(timeout=wait)

    def close(self) -> None:
        """Close the connection and stop the thread."""
        if self._closed:
            return
        self._vault.remove_close_listener(self.drop_connection)
        self._stale.set()
        self._thread.submit(self._close_if_stale)
        self._closed = True
        self._thread.shutdown(wait=True)

    @property
    def thread(self) -> ThreadPoolExecutor:
        """The executor (tests look at its state)."""
        return self._thread
