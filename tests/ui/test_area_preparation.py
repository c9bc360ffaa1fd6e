"""Areas built ahead in idle moments after unlocking: F3 then only switches to them."""

from __future__ import annotations

import gc
import threading
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Tabs
from textual.widgets._tabs import Underline

from epc_tui.app import EpcApp
from epc_tui.areas import area_for
from epc_tui.clock import FixedClock
from epc_tui.screens.caseload import CaseloadScreen
from epc_tui.screens.today import TodayScreen
from epc_tui.services import caseload as caseload_service
from epc_tui.vault import people
from epc_tui.vault.records import PersonDraft
from epc_tui.vault.vault import Vault
from tests.ui.test_caseload_screens import settle, the_app
from tests.ui.test_shell import closed_vault, unlock


def an_eager_app(vault: Vault, clock: FixedClock) -> EpcApp:
    """The application, building areas ahead after a twentieth of a second of idleness."""
    app = the_app(closed_vault(vault), clock)
    app.PREPARE_AFTER_IDLE_SECONDS = 0.05  # type: ignore[misc]
    return app


async def until_built(pilot: Any, modes: tuple[str, ...]) -> None:
    """Wait (a few seconds at most) until every mode of `modes` has its screen."""
    app = pilot.app
    for _ in range(400):
        if all(mode in app._screen_stacks for mode in modes):
            break
        await pilot.pause(0.01)
    await settle(pilot)


def someone(vault: Vault, clock: FixedClock, name: str) -> int:
    """One active person without a plan."""
    draft = PersonDraft(name, "patient", None, None)
    return people.add_people(vault, [(draft, [])], clock.now())[0]


async def test_the_slow_areas_are_built_ahead_and_shown_without_a_hold(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the coach has been idle a moment on the today view, the caseload, calendar and
    search screens are built without being shown; F3 then shows that very screen, with
    its people, and Textual's 50 ms hold of a mode switch is skipped for it (kept for an
    area opened the first time, whose screen still has to mount)."""
    someone(new_vault, clock, "Alice Prête")
    holds: list[float] = []
    real_hold = App.delay_update

    def counted_hold(self: App[Any], delay: float = 0.05) -> None:
        holds.append(delay)
        real_hold(self, delay)

    monkeypatch.setattr(App, "delay_update", counted_hold)
    app = an_eager_app(new_vault, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await until_built(pilot, EpcApp.PREPARED_AREAS)
        assert app.current_mode == "today" and isinstance(app.screen, TodayScreen)
        built = app._screen_stacks["caseload"][0]
        assert isinstance(built, CaseloadScreen) and built.is_mounted
        assert "backups" not in app._screen_stacks  # not one of the prepared areas
        holds.clear()
        await pilot.press("f3")
        assert app.screen is built
        assert holds == []
        await settle(pilot)
        assert [row.person.full_name for row in built.shown] == ["Alice Prête"]
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        tabs = built.query_one(Tabs)
        active = tabs.active_tab
        assert active is not None and "(1)" in str(active.label)
        underline = tabs.query_one(Underline)  # under the whole tab, counts included
        span = active.virtual_region.shrink(active.styles.gutter).column_span
        assert (underline.highlight_start, underline.highlight_end) == span
        await pilot.press("f6")
        await settle(pilot)
        assert holds == [0.05]


async def test_nothing_is_built_while_a_dialog_is_open(new_vault: Vault, clock: FixedClock) -> None:
    """With a screen above the area's own (here the help; a call or a form alike) the coach
    is busy: no area is built behind it, however long it stays open."""
    app = an_eager_app(new_vault, clock)
    app.PREPARE_AFTER_IDLE_SECONDS = None  # type: ignore[misc]  # until the help is open
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        app.action_help()
        await pilot.pause()
        app.PREPARE_AFTER_IDLE_SECONDS = 0.05  # type: ignore[misc]
        await pilot.pause(0.4)
        assert len(app.screen_stack) == 2
        assert not [mode for mode in app._screen_stacks if mode in EpcApp.PREPARED_AREAS]
        app.pop_screen()
        await until_built(pilot, ("caseload",))
        assert "caseload" in app._screen_stacks


async def test_a_caseload_built_ahead_shows_people_added_since(
    new_vault: Vault, clock: FixedClock
) -> None:
    """A person added after the caseload was built ahead (from another area, an import) is
    in the list when the coach opens it."""
    app = an_eager_app(new_vault, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await until_built(pilot, ("caseload",))
        built = app._screen_stacks["caseload"][0]
        assert isinstance(built, CaseloadScreen) and built.rows == []
        someone(app.vault, clock, "Bruno Nouveau")
        await pilot.press("f3")
        await settle(pilot)
        assert [row.person.full_name for row in built.shown] == ["Bruno Nouveau"]


async def test_locking_drops_the_areas_built_ahead(new_vault: Vault, clock: FixedClock) -> None:
    """The screens built ahead hold personal data: locking removes them with the others,
    and they are built again only after the next unlock."""
    someone(new_vault, clock, "Chloé Cachée")
    app = an_eager_app(new_vault, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await until_built(pilot, EpcApp.PREPARED_AREAS)
        built = app._screen_stacks["caseload"][0]
        await pilot.press("ctrl+l")
        await pilot.pause(0.3)
        assert not app.vault.is_unlocked
        assert not [mode for mode in app._screen_stacks if area_for(mode)]
        assert not built.is_attached
        await unlock(pilot)
        await until_built(pilot, ("caseload",))
        assert app._screen_stacks["caseload"][0] is not built


async def test_shown_while_its_first_read_is_under_way_it_reads_again_after(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F3 while the caseload built ahead is still reading everyone: that read is not
    thrown away, and one more read follows it, so a person added meanwhile is listed."""
    someone(new_vault, clock, "Denise Première")
    release = threading.Event()
    reads: list[int] = []
    real_read = caseload_service.load_caseload

    def held_read(*args: Any, **kwargs: Any) -> list[caseload_service.CaseloadRow]:
        reads.append(1)
        rows = real_read(*args, **kwargs)
        if len(reads) == 1:
            release.wait(20)  # read, not yet handed over
        return rows

    monkeypatch.setattr(caseload_service, "load_caseload", held_read)
    app = an_eager_app(new_vault, clock)
    app.PREPARE_AFTER_IDLE_SECONDS = None  # type: ignore[misc]  # not while unlocking
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            app.PREPARE_AFTER_IDLE_SECONDS = 0.05  # type: ignore[misc]
            for _ in range(400):
                if reads:
                    break
                await pilot.pause(0.01)
            await pilot.press("f3")
            someone(app.vault, clock, "Émile Pendant")
            release.set()
            await settle(pilot)
            await settle(pilot)
            shown = [row.person.full_name for row in app._screen_stacks["caseload"][0].shown]
            assert sorted(shown) == ["Denise Première", "Émile Pendant"]
            assert len(reads) == 2
    finally:
        release.set()


async def test_idle_moments_collect_and_locking_unfreezes(
    new_vault: Vault, clock: FixedClock
) -> None:
    """Unlocking puts aside (freezes, without collecting) what it made, so a full collection
    in the first openings walks only newer objects. All areas built, an idle moment collects
    the garbage and freezes what survives; not before every area is built, not while the
    coach is busy; locking unfreezes, so the screens dropped with the key can be freed."""
    someone(new_vault, clock, "Félix Figé")
    app = an_eager_app(new_vault, clock)
    app.COLLECT_AFTER_IDLE_SECONDS = 0.1  # type: ignore[misc]
    app.PREPARE_AFTER_IDLE_SECONDS = None  # type: ignore[misc]  # until the help is open
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            assert gc.get_freeze_count() == 0
            await unlock(pilot)
            assert gc.get_freeze_count() > 0  # put aside as the vault opened
            app.action_help()  # busy: nothing built, nothing collected
            await pilot.pause()
            app.PREPARE_AFTER_IDLE_SECONDS = 0.05  # type: ignore[misc]
            await pilot.pause(0.4)
            assert app._collector.due  # never collected yet
            app.pop_screen()
            await until_built(pilot, EpcApp.PREPARED_AREAS)
            for _ in range(300):
                if not app._collector.due:
                    break
                await pilot.pause(0.01)
            assert not app._collector.due and gc.get_freeze_count() > 0
            await pilot.press("ctrl+l")
            assert not app.vault.is_unlocked
            assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


async def test_locking_lets_go_of_everyones_rows(new_vault: Vault, clock: FixedClock) -> None:
    """The caseload screen object can outlive the lock a while (a finished read's worker
    keeps it until its thread runs other work): it must not keep the people with it. After
    the lock, the screen and its table hold no row and no drawn line."""
    someone(new_vault, clock, "Gaëlle Gardée")
    app = the_app(closed_vault(new_vault), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen) and screen.rows
        table = screen.table
        assert table.row_count == 1 and table._lines
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert not app.vault.is_unlocked and not screen.is_attached
        assert (screen.rows, screen.shown, screen.totals) == ([], [], {})
        assert screen._drawn_cells == {} and screen._sorted[3] == []
        assert table.row_count == 0 and not table._lines
