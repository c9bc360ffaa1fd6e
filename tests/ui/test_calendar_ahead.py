"""The days' agendas the calendar reads ahead: a move (PageDown, PageUp, arrows) shows the
new day without reading it; what is kept is forgotten on a change the calendar makes, when
it comes back on screen after a write elsewhere (and kept when nothing was written), past
midnight; a move cancels the reading ahead. And the calendar built ahead of time, hidden:
one first read, nothing more until shown, then today's date and fresh data."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from epc_tui.clock import FixedClock
from epc_tui.screens.calendar import CalendarScreen
from epc_tui.screens.calendar_ahead import days_a_move_reaches
from epc_tui.screens.calendar_footer import CalendarFooter
from epc_tui.vault import check_ins
from epc_tui.vault.vault import Vault
from tests.ui.test_calendar import (
    NOW,
    a_coach_app,
    a_person,
    a_week_of_meetings,
    agenda_rows,
    open_calendar,
    settle,
)
from tests.ui.test_shell import closed_vault, unlock

TODAY = date(2026, 11, 23)


def counting_agendas(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """Record the days whose agenda the calendar reads from the vault."""
    days: list[date] = []
    original = check_ins.agenda_between

    def counted(vault: Vault, start: date, end: date) -> Any:
        days.append(start)
        return original(vault, start, end)

    monkeypatch.setattr(check_ins, "agenda_between", counted)
    return days


async def unlock_and_warm_up(pilot: Any, read: list[date]) -> None:
    """Unlock, let the calendar's reading thread finish its warm-up read (this month and
    today, made at unlock), and forget that read: what follows counts the screen's reads."""
    await unlock(pilot)
    pilot.app._reading_threads._waiting["calendar"].run(lambda: None)
    read.clear()


def names(screen: CalendarScreen) -> list[str]:
    """Who the agenda shows, in order."""
    return [row[1] for row in agenda_rows(screen)]


def test_the_days_a_move_reaches_are_clamped_as_the_grid_moves() -> None:
    """From 31 January: PageDown lands on 28 February (the grid clamps), PageUp on
    31 December, the arrows on the days and weeks around."""
    assert days_a_move_reaches(date(2027, 1, 31)) == [
        date(2027, 2, 28),
        date(2026, 12, 31),
        date(2027, 2, 1),
        date(2027, 1, 30),
        date(2027, 2, 7),
        date(2027, 1, 24),
    ]


async def test_pagedown_and_arrows_show_the_day_read_ahead(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the coach looks at 23 November, 23 December and the days around are read; then
    PageDown shows 23 December's meeting, and → the 24th, in the frame of the key, without
    reading either day again."""
    a_week_of_meetings(new_vault)
    eve = a_person(new_vault, "Ève Morin", code="A-EVMO")
    check_ins.add_check_in(new_vault, eve, date(2026, 12, 23), NOW, planned_time="10:00")
    read = counting_agendas(monkeypatch)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        assert set(days_a_move_reaches(TODAY)) <= set(read)
        read.clear()
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen.agenda_day == date(2026, 12, 23) == screen.selected_day
        assert names(screen) == ["Ève Morin (A-EVMO)"]
        assert screen.grid.counts_loaded
        assert date(2026, 12, 23) not in read
        await settle(pilot)
        assert date(2026, 12, 24) in read  # read ahead from the 23rd
        read.clear()
        await pilot.press("right")
        await pilot.pause()
        assert screen.agenda_day == date(2026, 12, 24)
        assert names(screen) == []
        assert date(2026, 12, 24) not in read
    vault.release()


async def test_a_change_the_calendar_makes_forgets_the_days_kept(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A meeting added on 23 December (read ahead, empty) while the calendar shows
    November: after the calendar's reload (as after each change it makes) PageDown shows it."""
    a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        assert date(2026, 12, 23) in screen.kept_days
        eve = a_person(vault, "Ève Morin", code="A-EVMO")
        check_ins.add_check_in(vault, eve, date(2026, 12, 23), NOW)
        screen.reload()
        assert date(2026, 12, 23) not in screen.kept_days
        await settle(pilot)
        await pilot.press("pagedown")
        await settle(pilot)
        assert names(screen) == ["Ève Morin (A-EVMO)"]
    vault.release()


async def test_back_on_screen_reads_again_only_after_a_write(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F3 then F4 with nothing written meanwhile: nothing is read again and the days kept
    stay. F3, a meeting added today and on 23 December, F4: today's agenda and counts show
    the new meeting, and PageDown shows December's as it is now."""
    a_week_of_meetings(new_vault)
    read = counting_agendas(monkeypatch)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        kept = len(screen.kept_days)
        read.clear()
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert read == []
        assert len(screen.kept_days) == kept
        await pilot.press("f3")
        await settle(pilot)
        eve = a_person(vault, "Ève Morin", code="A-EVMO")
        check_ins.add_check_in(vault, eve, TODAY, NOW, planned_time="08:00")
        check_ins.add_check_in(vault, eve, date(2026, 12, 23), NOW)
        await pilot.press("f4")
        await settle(pilot)
        assert TODAY in read
        assert "Ève Morin (A-EVMO)" in names(screen)
        assert screen.grid.figures(TODAY).total == 3
        await pilot.press("pagedown")
        await settle(pilot)
        assert names(screen) == ["Ève Morin (A-EVMO)"]
    vault.release()


async def test_past_midnight_the_days_kept_are_read_again(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 24th, read ahead on the 23rd, is read again when the coach moves there after
    midnight (a meeting still planned on a day now gone becomes overdue)."""
    a_week_of_meetings(new_vault)
    read = counting_agendas(monkeypatch)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        assert date(2026, 11, 24) in screen.kept_days
        read.clear()
        clock.advance(days=1)
        await pilot.press("right")
        await settle(pilot)
        assert date(2026, 11, 24) in read
        assert screen.grid.today == date(2026, 11, 24)
        assert screen.agenda_day == date(2026, 11, 24)
    vault.release()


async def test_a_move_cancels_the_reading_ahead(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reading thread held on the first day read ahead (23 December) while the coach
    presses →: the rest of the 23rd's days (23 October…) are never read, the 24th's are."""
    a_week_of_meetings(new_vault)
    read = counting_agendas(monkeypatch)
    held, release = threading.Event(), threading.Event()
    counted = check_ins.agenda_between

    def holding(vault: Vault, start: date, end: date) -> Any:
        if start == date(2026, 12, 23) and not held.is_set():
            held.set()
            release.wait(10)
        return counted(vault, start, end)

    monkeypatch.setattr(check_ins, "agenda_between", holding)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("f4")
        for _ in range(1000):  # at most ten seconds
            if held.is_set():
                break
            await pilot.pause(0.01)
        assert held.is_set()
        screen = pilot.app.screen
        assert isinstance(screen, CalendarScreen)
        await pilot.press("right")
        release.set()
        await settle(pilot)
        assert screen.agenda_day == date(2026, 11, 24)
        assert date(2026, 10, 23) not in read
        assert date(2026, 10, 24) in read
        assert date(2026, 12, 23) not in screen.kept_days
    vault.release()


async def test_built_ahead_of_time_it_reads_once_then_shows_today_fresh(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The calendar mounted while the coach is elsewhere (as the application may build areas
    in idle time) reads the month and the day once, nothing ahead. Built on the 23rd and
    shown on the 24th after a meeting was added that day: F4 shows the 24th, highlighted as
    today, with the new meeting; then the days around are read ahead."""
    a_week_of_meetings(new_vault)
    read = counting_agendas(monkeypatch)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        await unlock_and_warm_up(pilot, read)
        await pilot.app._init_mode("calendar")  # mounted, not shown
        await settle(pilot)
        screen = pilot.app._screen_stacks["calendar"][0]
        assert isinstance(screen, CalendarScreen)
        assert not screen.is_current
        assert read == [TODAY]
        assert screen.agenda_day == TODAY and screen.grid.counts_loaded
        rebuild = screen.resume_factory()  # locked before ever shown: no day kept
        assert rebuild is not None and rebuild()._initial_day is None  # type: ignore[attr-defined]
        clock.advance(days=1)
        eve = a_person(vault, "Ève Morin", code="A-EVMO")
        check_ins.add_check_in(vault, eve, TODAY + timedelta(days=1), NOW)
        await pilot.press("f4")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert screen.selected_day == screen.grid.today == date(2026, 11, 24)
        assert screen.agenda_day == date(2026, 11, 24)
        assert names(screen) == ["Ève Morin (A-EVMO)"]
        assert set(days_a_move_reaches(date(2026, 11, 24))) <= set(screen.kept_days._days)
    vault.release()


async def test_built_ahead_of_time_then_shown_the_same_day_reads_nothing_again(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mounted hidden, then F4 with nothing written meanwhile: the day read at mount is
    shown as it is (not read a second time), and only the days around are read."""
    a_week_of_meetings(new_vault)
    read = counting_agendas(monkeypatch)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        await unlock_and_warm_up(pilot, read)
        await pilot.app._init_mode("calendar")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CalendarScreen)
        assert read.count(TODAY) == 1
        assert screen.agenda_day == TODAY
        assert names(screen)[:2] == ["Alice Tremblay (P-ALTR)", "Bruno Gagnon (A-BRGA)"]
        assert set(days_a_move_reaches(TODAY)) <= set(read)
    vault.release()


async def test_the_agenda_follows_a_language_change_made_elsewhere(
    new_vault: Vault, clock: FixedClock
) -> None:
    """The agenda's lines (kept once made) are made again in English after the coach
    switched the language in another area and came back: status, step and column titles."""
    a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        assert agenda_rows(screen)[0][2:4] == ["Prévue", "Rencontre 1 mois"]
        await pilot.press("f3")
        await settle(pilot)
        app.update_settings(replace(app.settings, language="en"))
        await pilot.press("f4")
        await settle(pilot)
        assert agenda_rows(screen)[0][2:4] == ["Planned", "1-month meeting"]
        assert screen.agenda.columns[0].label == "Time"
    vault.release()


async def test_keys_that_stop_applying_are_greyed_without_composing_the_footer_again(
    new_vault: Vault, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From today (Alice's meeting planned, first line) to the 20th (Chloé's held): « Tenue »
    and « Reporter » no longer apply and are greyed in the footer, back on today they apply
    again — the key widgets stay the same, none is composed again."""
    a_week_of_meetings(new_vault)
    composed: list[object] = []
    original = Footer.recompose

    async def counted(self: Footer) -> None:
        composed.append(self)
        await original(self)

    monkeypatch.setattr(Footer, "recompose", counted)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        footer = screen.query_one(CalendarFooter)
        keys = {key.action: key for key in footer.query(FooterKey)}
        assert not keys["reschedule"].has_class("-disabled")
        composed.clear()
        screen.grid.select(date(2026, 11, 20))
        await settle(pilot)
        assert screen.current_check_in() is not None
        assert screen.current_check_in().status == "done"  # type: ignore[union-attr]
        now = {key.action: key for key in footer.query(FooterKey)}
        assert now == keys  # the same widgets
        assert keys["reschedule"].has_class("-disabled")
        assert keys["mark('done')"].has_class("-disabled")
        assert not keys["mark('missed')"].has_class("-disabled")
        screen.grid.select(TODAY)
        await settle(pilot)
        assert not keys["reschedule"].has_class("-disabled")
        assert composed == []
    vault.release()
