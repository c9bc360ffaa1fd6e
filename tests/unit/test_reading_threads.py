"""Reading threads opened ahead: the connection opens and the warm-up read runs on the thread
before any screen asks; a screen takes the one waiting for it; untaken ones are closed."""

from __future__ import annotations

import threading

from epc_tui.vault.reading_threads import ReadingThreads
from epc_tui.vault.vault import Vault
from tests.unit.test_warm_connection import connection_open


def test_the_warm_up_runs_on_the_thread_with_its_connection_open(new_vault: Vault) -> None:
    """`open` returns at once; the warm-up then runs on the reading thread, its connection
    open, and the screen that takes the thread gets that very thread, still connected."""
    threads = ReadingThreads(new_vault)
    seen: list[tuple[str, bool]] = []
    done = threading.Event()

    def warm_up() -> None:
        seen.append((threading.current_thread().name, not new_vault.database.is_closed()))
        done.set()

    threads.open("caseload", warm_up)
    assert threads.waiting == ("caseload",)
    assert done.wait(10)
    reader = threads.take("caseload")
    try:
        assert threads.waiting == ()
        assert seen == [(seen[0][0], True)]
        assert seen[0][0].startswith("epc-caseload")
        assert reader.run(threading.current_thread).name == seen[0][0]
        assert connection_open(reader, new_vault)
    finally:
        reader.close()


def test_a_name_not_opened_ahead_gets_a_new_thread(new_vault: Vault) -> None:
    """Taking a name nobody opened gives a new reading thread that works like the others."""
    threads = ReadingThreads(new_vault)
    reader = threads.take("search")
    try:
        assert reader.run(lambda: not new_vault.database.is_closed())
    finally:
        reader.close()


def test_closing_stops_the_threads_no_screen_took(new_vault: Vault) -> None:
    """At lock the threads still waiting are stopped and their connections closed; a failing
    warm-up (the vault locked before it ran, say) is dropped without a trace."""
    threads = ReadingThreads(new_vault)

    def failing() -> None:
        raise RuntimeError("no")

    threads.open("caseload", failing)
    threads.open("calendar")
    waiting = [threads._waiting[name] for name in ("caseload", "calendar")]
    threads.close()
    assert threads.waiting == ()
    for reader in waiting:
        assert reader.thread._shutdown  # type: ignore[attr-defined]
        assert not any(thread.is_alive() for thread in reader.thread._threads)  # type: ignore[attr-defined]
