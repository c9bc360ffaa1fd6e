"""The search session: one thread keeps its connection between searches, and drops it —
with the key it holds — when the vault locks or the session closes."""

from __future__ import annotations

import pytest

from epc_tui.vault.errors import UnlockFailed
from epc_tui.vault.search import search
from epc_tui.vault.search_session import SearchSession
from epc_tui.vault.vault import Vault
from tests.unit.test_logbook import NOW, a_partner_with_a_plan
from tests.unit.test_search import a_note
from tests.unit.test_warm_connection import connection_open


def test_the_connection_stays_open_between_searches_and_closes_on_lock(new_vault: Vault) -> None:
    """Results are those of `search`; the thread's connection stays open after a search and
    is closed when the vault locks; a search after the lock is refused."""
    alice, _ = a_partner_with_a_plan(new_vault)
    note = a_note(new_vault, alice, "Elle parle de son anxiété.", NOW)
    session = SearchSession(new_vault)
    try:
        hits = session.search("anxiete")
        assert [hit.entry_id for hit in hits] == [note]
        assert hits == search(new_vault, "anxiete")
        assert connection_open(session.connection, new_vault)
        new_vault.lock()
        assert not connection_open(session.connection, new_vault)
        with pytest.raises(UnlockFailed):
            session.search("anxiete")
    finally:
        session.close()


def test_closing_the_session_closes_its_connection(new_vault: Vault) -> None:
    """After `close`, no listener is left on the vault and searching is refused."""
    alice, _ = a_partner_with_a_plan(new_vault)
    a_note(new_vault, alice, "Fatigue.", NOW)
    session = SearchSession(new_vault)
    session.search("fatigue")
    thread = session.connection.thread
    session.close()
    assert thread._shutdown
    assert session.connection.drop_connection not in new_vault._close_listeners
    with pytest.raises(UnlockFailed):
        session.search("fatigue")
