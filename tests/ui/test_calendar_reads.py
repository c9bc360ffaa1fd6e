"""How the calendar reads the vault: on its own warm connection thread (one connection kept
while the screen is shown, closed when it goes or the vault locks), counts then day per move,
the neighbouring months read ahead (and forgotten on any change), and quick moves ending on
the last month asked for, never on a slower earlier read."""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

import pytest

from epc_tui.clock import FixedClock
from epc_tui.screens import calendar as calendar_screen
from epc_tui.services import calendar_first
from epc_tui.vault import check_ins
from epc_tui.vault.errors import UnlockFailed
from epc_tui.vault.vault import Vault
from epc_tui.widgets.month_grid import MonthGrid, visible_range
from tests.ui.test_calendar import (
    NOW,
    a_coach_app,
    a_person,
    a_week_of_meetings,
    agenda_rows,
    open_calendar,
    settle,
)
from tests.ui.test_shell import closed_vault


async def test_months_and_days_are_read_on_the_screens_own_thread(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every count and agenda the calendar reads, while opening and moving through months,
    runs on the one thread of the screen's warm connection (not a new worker thread, each
    opening its own connection)."""
    a_week_of_meetings(new_vault)
    threads: set[str] = set()
    for name in ("day_counts", "agenda_between"):
        original = getattr(check_ins, name)

        def recorded(*args: Any, _original: Any = original) -> Any:
            threads.add(threading.current_thread().name)
            return _original(*args)

        monkeypatch.setattr(check_ins, name, recorded)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        for key in ("pagedown", "pagedown", "pageup", "pageup", "right"):
            await pilot.press(key)
            await settle(pilot)
        assert screen.agenda_day == date(2026, 11, 24) == screen.selected_day
        assert screen.grid.counts_loaded
    vault.release()
    assert len(threads) == 1
    assert next(iter(threads)).startswith("epc-calendar")


async def test_quick_moves_end_on_the_last_month_and_day(
    new_vault: Vault, clock: FixedClock
) -> None:
    """Three PageDown pressed without waiting: the grid ends on February with February's
    counts, and the agenda shows the meetings of 23 February (not an earlier month's)."""
    a_week_of_meetings(new_vault)
    february = date(2027, 2, 23)
    eve = a_person(new_vault, "Ève Morin", code="A-EVMO")
    check_ins.add_check_in(new_vault, eve, february, NOW, planned_time="10:00")
    check_ins.add_check_in(new_vault, eve, date(2027, 2, 3), NOW)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        for _ in range(3):
            await pilot.press("pagedown")
        await settle(pilot)
        assert screen.selected_day == february == screen.agenda_day
        assert screen.grid.counts_loaded
        assert screen.grid.figures(february).planned == 1
        assert screen.grid.figures(date(2027, 2, 3)).planned == 1
        assert screen.grid.figures(date(2026, 11, 23)).total == 0
        assert [row[1] for row in agenda_rows(screen)] == ["Ève Morin (A-EVMO)"]
    vault.release()


async def test_the_calendars_connection_closes_with_the_screen_and_on_lock(
    new_vault: Vault, clock: FixedClock
) -> None:
    """Ctrl+L drops the calendar and its reading thread: that thread's connection (which held
    the key) is closed, and it refuses any further read."""
    a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        reader = screen._reader
        assert reader is not None
        assert reader.run(lambda: not vault.database.is_closed())  # open on its thread
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not vault.is_unlocked
        with pytest.raises(UnlockFailed):
            reader.run(lambda: None)
        assert reader.thread._shutdown  # type: ignore[attr-defined]
    vault.release()


def counting_day_counts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[date, date]]:
    """Record the ranges whose counts the calendar reads from the vault."""
    calls: list[tuple[date, date]] = []
    original = check_ins.day_counts

    def counted(vault: Vault, start: date, end: date, today: date) -> Any:
        calls.append((start, end))
        return original(vault, start, end, today)

    monkeypatch.setattr(check_ins, "day_counts", counted)
    return calls


async def test_pagedown_draws_the_next_month_read_ahead(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the coach looks at November, December's counts are read; PageDown then draws
    them without reading December again, and January is read ahead in turn."""
    a_week_of_meetings(new_vault)  # Denis on 2 December
    calls = counting_day_counts(monkeypatch)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        weekday = screen.grid.first_weekday
        december = visible_range(date(2026, 12, 1), weekday)
        assert december in calls
        calls.clear()
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen.grid.counts_loaded
        assert screen.grid.figures(date(2026, 12, 2)).planned == 1
        await settle(pilot)
        assert december not in calls
        assert visible_range(date(2027, 1, 1), weekday) in calls
        assert [row[1] for row in agenda_rows(screen)] == []  # 23 December: nobody
    vault.release()


async def test_a_change_forgets_the_months_read_ahead(new_vault: Vault, clock: FixedClock) -> None:
    """A meeting added in December after December was read ahead: once the calendar reloads
    (as after each change it makes, and when it comes back on screen), PageDown shows
    December as it is now, not as it was read."""
    a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        eve = a_person(vault, "Ève Morin", code="A-EVMO")
        check_ins.add_check_in(vault, eve, date(2026, 12, 9), NOW)
        screen.reload()
        await settle(pilot)
        await pilot.press("pagedown")
        await settle(pilot)
        assert screen.grid.figures(date(2026, 12, 9)).planned == 1
        assert screen.grid.figures(date(2026, 12, 2)).planned == 1
    vault.release()


async def test_the_month_and_the_day_come_with_the_screen(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F4 the first time: the month's counts and the day's agenda are read (on the
    calendar's reading thread, opened at unlock) while the screen is built, so its very first
    drawing shows both — even when the reads are slow, as on a cold disk."""
    a_week_of_meetings(new_vault)
    real_read_first = calendar_first.read_first

    def slow_read_first(*args: Any, **kwargs: Any) -> calendar_first.FirstCalendarRead:
        time.sleep(0.3)
        return real_read_first(*args, **kwargs)

    monkeypatch.setattr(calendar_screen, "read_first", slow_read_first)
    monkeypatch.setattr(calendar_screen, "FIRST_READ_WAIT_SECONDS", 10.0)  # a busy machine
    first_drawing: list[tuple[bool, date | None]] = []
    real_render_line = MonthGrid.render_line

    def render_line(grid: MonthGrid, y: int) -> Any:
        if not first_drawing:
            screen = grid.screen
            assert isinstance(screen, calendar_screen.CalendarScreen)
            first_drawing.append((grid.counts_loaded, screen.agenda_day))
        return real_render_line(grid, y)

    monkeypatch.setattr(MonthGrid, "render_line", render_line)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        assert first_drawing == [(True, screen.selected_day)]
        assert agenda_rows(screen)
    vault.release()
