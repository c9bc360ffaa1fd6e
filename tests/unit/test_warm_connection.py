"""The warm connection: jobs share one open connection; a lock closes it at once when idle
and as soon as a running job ends when busy, so no connection outlives the key."""

from __future__ import annotations

import threading

import pytest

from epc_tui.vault.errors import UnlockFailed
from epc_tui.vault.vault import Vault
from epc_tui.vault.warm_connection import WarmConnection


def connection_open(warm: WarmConnection, vault: Vault) -> bool:
    """Whether the warm thread's connection is open."""
    return warm.thread.submit(lambda: not vault.database.is_closed()).result()


def test_jobs_share_one_open_connection(new_vault: Vault) -> None:
    """Two jobs run on the same thread with the same connection, which stays open."""
    warm = WarmConnection(new_vault, "test")
    try:
        first = warm.run(lambda: (threading.get_ident(), id(new_vault.database.connection())))
        second = warm.run(lambda: (threading.get_ident(), id(new_vault.database.connection())))
        assert first == second
        assert first[0] != threading.get_ident()
        assert connection_open(warm, new_vault)
    finally:
        warm.close()


def test_a_lock_during_a_job_closes_the_connection_when_the_job_ends(new_vault: Vault) -> None:
    """The vault locks while a job runs: the lock does not wait for ever, the job finishes,
    then the connection is closed; the next job is refused (locked)."""
    warm = WarmConnection(new_vault, "test")
    started, release = threading.Event(), threading.Event()

    def long_job() -> int:
        started.set()
        release.wait(5)
        return 1

    try:
        result: list[int] = []
        runner = threading.Thread(target=lambda: result.append(warm.run(long_job)))
        runner.start()
        started.wait(5)
        warm.drop_connection(wait=0.05)  # what the vault's lock calls: returns though busy
        new_vault.lock()
        release.set()
        runner.join(5)
        assert result == [1]
        assert not connection_open(warm, new_vault)
        with pytest.raises(UnlockFailed):
            warm.run(lambda: 2)
    finally:
        warm.close()
