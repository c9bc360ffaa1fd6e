"""Opening the caseload: the first screenful is drawn before everyone is read."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from textual.widgets import Static, Tab

from epc_tui.clock import FixedClock
from epc_tui.screens import caseload as caseload_screen
from epc_tui.screens.caseload import CaseloadScreen
from epc_tui.services import caseload as caseload_service
from epc_tui.vault import people
from epc_tui.vault.records import PersonDraft, PlannedSlot
from epc_tui.vault.vault import Vault
from epc_tui.widgets.caseload_table import CaseloadTable
from tests.ui.test_caseload_screens import settle, the_app
from tests.ui.test_shell import closed_vault, unlock

DUE_IN_DAYS = {
    "Zoé Retard": -4,
    "Yves Aujourdhui": 0,
    "Xavier Demain": 1,
    "Wanda Semaine": 6,
    "Victor Mois": 30,
    "Ursule Plus-Tard": 60,
}


def six_active_and_one_paused(vault: Vault, clock: FixedClock) -> None:
    """Six active people, each with one open check-in on a different day, one paused."""
    today = clock.today()
    plans: list[tuple[PersonDraft, list[PlannedSlot]]] = []
    for name, days in DUE_IN_DAYS.items():
        day = today + timedelta(days=days)
        plans.append(
            (PersonDraft(name, "patient", None, None), [PlannedSlot(0, "", "", day, day, day)])
        )
    plans.append((PersonDraft("Paul En-Pause", "partner", None, None), []))
    ids = people.add_people(vault, plans, clock.now())
    people.set_person_status(vault, ids[-1], "paused", clock.now())


async def test_first_screenful_is_drawn_before_everyone_is_read(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the read of everyone is still going, the people due first are on screen in
    table order, the tabs already give the totals and the count line says the list is
    loading; then the whole list replaces them. The screen reads everyone once, although
    Textual announces a new area's screen twice."""
    six_active_and_one_paused(new_vault, clock)
    monkeypatch.setattr(caseload_screen, "FIRST_SCREENFUL", 2)
    monkeypatch.setattr(caseload_service, "EVERYONE_AT_ONCE", 0)  # as in a large vault
    release = threading.Event()
    reads: list[int] = []
    real_read = caseload_service.load_caseload

    def held_read(*args: Any, **kwargs: Any) -> list[caseload_service.CaseloadRow]:
        reads.append(1)
        release.wait(20)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(caseload_service, "load_caseload", held_read)
    app = the_app(closed_vault(new_vault), clock)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("f3")
            for _ in range(500):
                screen = app.screen
                if isinstance(screen, CaseloadScreen) and screen.rows and reads:
                    break
                await pilot.pause(0.01)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CaseloadScreen)
            assert [row.person.full_name for row in screen.shown] == [
                "Zoé Retard",
                "Yves Aujourdhui",
            ]
            assert not screen.complete
            count = str(screen.query_one("#caseload-count", Static).render())
            assert "6 personne(s)" in count and "se charge" in count
            assert "(6)" in str(screen.query_one("#tab-active", Tab).label)
            assert "(1)" in str(screen.query_one("#tab-paused", Tab).label)
            release.set()
            await settle(pilot)
            assert screen.complete
            assert [row.person.full_name for row in screen.shown] == list(DUE_IN_DAYS)
            count = str(screen.query_one("#caseload-count", Static).render())
            assert count.strip() == "6 personne(s)"
            assert len(reads) == 1
    finally:
        release.set()


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the reads of everyone, as they begin."""
    reads: list[int] = []
    real_read = caseload_service.load_caseload

    def counted(*args: Any, **kwargs: Any) -> list[caseload_service.CaseloadRow]:
        reads.append(1)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(caseload_service, "load_caseload", counted)
    return reads


@pytest.mark.parametrize("everyone_at_once", [1_000, 0], ids=["small", "large"])
async def test_the_first_lines_come_with_the_screen(
    new_vault: Vault,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    everyone_at_once: int,
) -> None:
    """The first screenful is read while the screen is built (on the caseload's reading
    thread, opened at unlock): the table's very first drawing already shows the people, not
    an empty list filled a frame later — whether the first read is of everyone (a small
    caseload, read once) or of the people due first (a large one, everyone read after)."""
    six_active_and_one_paused(new_vault, clock)
    monkeypatch.setattr(caseload_service, "EVERYONE_AT_ONCE", everyone_at_once)
    monkeypatch.setattr(caseload_screen, "FIRST_SCREENFUL", 3)
    monkeypatch.setattr(caseload_screen, "FIRST_READ_WAIT_SECONDS", 10.0)  # a busy machine
    reads = count_reads(monkeypatch)
    real_first_screenful = caseload_service.first_screenful

    def slow_first_screenful(*args: Any, **kwargs: Any) -> caseload_service.FirstScreenful:
        time.sleep(0.3)  # a cold disk: the screen would be drawn long before without waiting
        return real_first_screenful(*args, **kwargs)

    monkeypatch.setattr(caseload_service, "first_screenful", slow_first_screenful)
    first_drawing: list[int] = []
    real_render_line = CaseloadTable.render_line

    def render_line(table: Any, y: int) -> Any:
        if not first_drawing:
            first_drawing.append(table.row_count)
        return real_render_line(table, y)

    monkeypatch.setattr(CaseloadTable, "render_line", render_line)
    app = the_app(closed_vault(new_vault), clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await unlock(pilot)
        await settle(pilot)
        app._reading_threads._waiting["caseload"].run(lambda: None)  # its warm-up is done
        reads.clear()
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        if everyone_at_once:
            assert first_drawing == [len(DUE_IN_DAYS)]
        else:
            assert first_drawing == [3]
        assert reads == [1]  # everyone read once, in the first read or after it
        assert len(screen.shown) == len(DUE_IN_DAYS)


async def test_reading_threads_open_at_unlock_and_end_at_lock(
    new_vault: Vault, clock: FixedClock
) -> None:
    """Unlocking opens the caseload's and the calendar's reading threads; each area takes
    its own when built; locking ends them all, taken or not, and the next unlock opens new
    ones."""
    app = the_app(closed_vault(new_vault), clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await unlock(pilot)
        await settle(pilot)
        threads = app._reading_threads
        assert set(threads.waiting) == {"caseload", "calendar"}
        waiting = dict(threads._waiting)
        await pilot.press("f3")
        await settle(pilot)
        assert threads.waiting == ("calendar",)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        assert screen._reader is waiting["caseload"]
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert threads.waiting == ()
        for reader in waiting.values():
            assert reader.thread._shutdown  # type: ignore[attr-defined]
        await unlock(pilot)
        await settle(pilot)
        assert threads.waiting == ("calendar",)  # the caseload, shown again, took its own
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        assert screen._reader is not None
        assert screen._reader not in waiting.values()
