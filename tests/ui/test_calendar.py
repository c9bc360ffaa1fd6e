"""The calendar (F4) driven like a coach: counts on the right days, overdue marked, keyboard
navigation, reschedule with a typed date (history kept), done / missed / cancelled, a meeting
on request, and a lock that brings the coach back to the same day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from textual.widgets import Button, Input, OptionList

from epc_tui.app import EpcApp
from epc_tui.clock import FixedClock
from epc_tui.screens.calendar import CalendarScreen
from epc_tui.screens.calendar_cancel import ConfirmCancelDialog
from epc_tui.screens.calendar_new_meeting import NewMeetingDialog
from epc_tui.screens.calendar_reschedule import RescheduleDialog
from epc_tui.services.enrolment import enrol
from epc_tui.settings import Settings
from epc_tui.vault import check_ins, logbook, tracks
from epc_tui.vault.builtin_tracks import FIRST_YEAR
from epc_tui.vault.records import PersonDraft
from epc_tui.vault.vault import Vault
from epc_tui.widgets.date_field import DateField
from epc_tui.widgets.month_grid import MonthGrid
from tests.ui.test_shell import closed_vault, unlock

NOW = datetime(2026, 11, 23, 9, 0)
PLAIN_DAYS = Settings(skip_weekends=False, skip_holidays=False)


@dataclass(frozen=True)
class Week:
    """The check-ins of the test vault, by who they are with."""

    alice_today: int  # first-year m1, today 23 November, no time
    bruno_overdue: int  # planned 18 November, not held
    bruno_afternoon: int  # today 14:30
    chloe_held: int  # held 20 November, no note
    denis_december: int  # planned 2 December
    chloe_id: int


def a_person(vault: Vault, name: str, kind: str = "patient", **fields: Any) -> int:
    """Enrol someone (with no track unless one is given)."""
    draft = PersonDraft(full_name=name, kind=kind, track_id=None, anchor_date=None, **fields)
    return enrol(vault, [draft], PLAIN_DAYS, NOW)[0]


def a_week_of_meetings(vault: Vault) -> Week:
    """Alice trained on 23 October (her 1-month meeting is today), Bruno overdue since the
    18th and called again this afternoon, Chloé held on the 20th, Denis on 2 December (and a
    follow-up for him due today)."""
    first_year = tracks.find_track(tracks.list_tracks(vault), FIRST_YEAR)
    assert first_year is not None
    alice = enrol(
        vault,
        [
            PersonDraft(
                full_name="Alice Tremblay",
                kind="partner",
                track_id=first_year.id,
                anchor_date=date(2026, 10, 23),
                code="P-ALTR",
            )
        ],
        PLAIN_DAYS,
        NOW,
    )[0]
    alice_today = check_ins.check_ins_of_person(vault, alice)[0]
    assert alice_today.planned_date == date(2026, 11, 23)
    bruno = a_person(vault, "Bruno Gagnon", code="A-BRGA")
    chloe = a_person(vault, "Chloé Roy", "partner", tags=("relève",), code="P-CHRO")
    denis = a_person(vault, "Denis Côté", code="A-DECO")
    overdue = check_ins.add_check_in(vault, bruno, date(2026, 11, 18), NOW)
    afternoon = check_ins.add_check_in(vault, bruno, date(2026, 11, 23), NOW, planned_time="14:30")
    held = check_ins.add_check_in(vault, chloe, date(2026, 11, 20), NOW)
    check_ins.set_status(vault, held, "done", datetime(2026, 11, 20, 10, 0), 1800)
    december = check_ins.add_check_in(vault, denis, date(2026, 12, 2), NOW)
    logbook.add_action(
        vault,
        person_id=denis,
        entry_id=None,
        text="Envoyer le dépliant",
        due_date=date(2026, 11, 23),
        at=NOW,
    )
    return Week(alice_today.id, overdue, afternoon, held, december, chloe)


def a_coach_app(vault: Vault, clock: FixedClock) -> EpcApp:
    """The application in French, Québec region, with the fixed Monday 23 November."""
    return EpcApp(vault=vault, settings=Settings(language="fr", region="CA"), clock=clock)


async def settle(pilot: Any) -> None:
    """Let workers finish and the screen redraw (twice: a load can start another)."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_calendar(pilot: Any) -> CalendarScreen:
    """Unlock, press F4, wait for the month and the day."""
    await unlock(pilot)
    await pilot.press("f4")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CalendarScreen)
    return screen


def grid_text(grid: MonthGrid) -> str:
    """What the grid shows, line by line."""
    return "\n".join(grid.render_line(y).text for y in range(grid.size.height))


def agenda_rows(screen: CalendarScreen) -> list[list[str]]:
    """The agenda as text, one list of cells per line."""
    table = screen.agenda
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def choose_line(pilot: Any, screen: CalendarScreen, check_in_id: int) -> None:
    """Put the agenda's cursor on a meeting, as arrows would."""
    table = screen.agenda
    table.focus()
    index = table.index_of(check_in_id)
    assert index is not None
    table.move_cursor(row=index)
    await pilot.pause()


async def test_opens_on_today_with_counts_and_overdue_marked(
    new_vault: Vault, clock: FixedClock
) -> None:
    """F4 shows November 2026 with today selected, each day's count on the right day, the
    overdue day marked with ⚠ (not only a colour), the fully held day with ✓, and today's
    agenda: time, person with code, step, status."""
    a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        grid = screen.grid
        assert grid.selected == date(2026, 11, 23)
        assert grid.counts_loaded
        assert grid.figures(date(2026, 11, 18)).overdue == 1
        assert grid.figures(date(2026, 11, 23)).total == 2
        assert grid.figures(date(2026, 11, 20)).held == 1
        assert grid.figures(date(2026, 12, 2)).total == 1  # shown in the last week
        assert grid.figures(date(2026, 11, 19)).total == 0
        text = grid_text(grid)
        assert "Novembre 2026" in text
        assert "⚠1" in text and "✓1" in text and "[23]" in text
        assert text.index("dim.") < text.index("lun.")  # fr_CA weeks start on Sunday
        rows = agenda_rows(screen)
        assert len(rows) == 2
        first, second = rows
        assert first[0] == "—" and first[1] == "Alice Tremblay (P-ALTR)"
        assert first[2] == "Prévue" and first[3] == "Rencontre 1 mois"
        assert second[0] == "14 h 30" and "Bruno Gagnon" in second[1]
        assert second[3] == "Rencontre sur demande"
        title = str(screen.query_one("#agenda-title").render())
        assert "Lundi 23 novembre 2026" in title and "2 rencontres" in title
        actions = str(screen.query_one("#day-actions").render())
        assert "Envoyer le dépliant — Denis Côté" in actions
    vault.release()


async def test_keyboard_moves_days_and_months_and_back_to_today(
    new_vault: Vault, clock: FixedClock
) -> None:
    """Arrows move a day or a week, PageDown/PageUp a month (clamped), Home/End the month's
    edges, `t` today (from the agenda as well); the agenda and the counts follow."""
    week = a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        grid = screen.grid
        await pilot.press("left", "left", "left", "left", "left")
        await settle(pilot)
        assert grid.selected == date(2026, 11, 18)
        assert [row[2] for row in agenda_rows(screen)] == ["Prévue · ⚠ en retard"]
        await pilot.press("down", "down")
        await settle(pilot)
        assert grid.selected == date(2026, 12, 2)
        assert grid.month == date(2026, 12, 1)
        assert grid.counts_loaded and grid.figures(date(2026, 12, 2)).total == 1
        assert "Décembre 2026" in grid_text(grid)
        assert "Denis Côté" in agenda_rows(screen)[0][1]
        await pilot.press("pageup")
        await settle(pilot)
        assert grid.selected == date(2026, 11, 2)
        assert grid.figures(date(2026, 11, 18)).overdue == 1
        await pilot.press("end")
        assert grid.selected == date(2026, 11, 30)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await settle(pilot)
        assert grid.selected == date(2027, 2, 28)  # 30 January + 1 month, clamped
        assert grid.figures(date(2026, 12, 2)).total == 0  # no longer loaded
        await pilot.press("home")
        assert grid.selected == date(2027, 2, 1)
        await pilot.press("t")
        await settle(pilot)
        assert grid.selected == date(2026, 11, 23)
        assert {record.id for record in screen.agenda.rows} == {
            week.alice_today,
            week.bruno_afternoon,
        }
        await pilot.press("left", "left", "left", "tab")
        await settle(pilot)
        assert pilot.app.focused is screen.agenda
        await pilot.press("t")  # from the agenda too
        await settle(pilot)
        assert grid.selected == date(2026, 11, 23)
    vault.release()


async def test_clicking_a_day_selects_it(new_vault: Vault, clock: FixedClock) -> None:
    """A mouse click on a day's cell shows that day's agenda."""
    a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        grid = screen.grid
        x = y = -1
        for y in range(grid.size.height):
            for x in range(grid.size.width):
                if grid.day_at(x, y) == date(2026, 11, 20):
                    break
            else:
                continue
            break
        await pilot.click(MonthGrid, offset=(x, y))
        await settle(pilot)
        assert grid.selected == date(2026, 11, 20)
        rows = agenda_rows(screen)
        assert "Chloé Roy" in rows[0][1]
        assert rows[0][2] == "Tenue" and rows[0][5] == "✎ note manquante"
    vault.release()


async def test_reschedule_with_a_typed_date_keeps_the_history(
    new_vault: Vault, clock: FixedClock
) -> None:
    """`r` on the overdue meeting, « jeudi prochain » and a reason: it moves to Thursday
    26 November, the grid no longer marks the 18th, and the history keeps the old date."""
    week = a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        screen.grid.select(date(2026, 11, 18))
        await settle(pilot)
        await choose_line(pilot, screen, week.bruno_overdue)
        await pilot.press("r")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, RescheduleDialog)
        dialog.query_one(DateField).query_one(Input).value = "jeudi prochain"
        dialog.query_one("#reason", Input).value = "à sa demande"
        await settle(pilot)
        assert "jeudi 26 novembre 2026" in str(dialog.query_one(".date-field-feedback").render())
        await pilot.press("enter")  # in the date field
        await settle(pilot)
        assert pilot.app.screen is screen
        moved = check_ins.get_check_in(vault, week.bruno_overdue)
        assert moved.planned_date == date(2026, 11, 26)
        changes = check_ins.history(vault, week.bruno_overdue)
        assert [(c.field, c.old_value, c.new_value, c.reason) for c in changes][-1] == (
            "planned_date",
            "2026-11-18",
            "2026-11-26",
            "à sa demande",
        )
        assert screen.grid.figures(date(2026, 11, 18)).total == 0
        assert screen.grid.figures(date(2026, 11, 26)).planned == 1
        assert agenda_rows(screen) == []
        assert "Aucune rencontre" in screen.agenda.render_line(1).text
    vault.release()


async def test_a_date_not_understood_keeps_the_dialog_open(
    new_vault: Vault, clock: FixedClock
) -> None:
    """A typed date that is not a date, or a bad time, is explained; nothing moves."""
    week = a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        await choose_line(pilot, screen, week.bruno_afternoon)
        await pilot.press("r")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, RescheduleDialog)
        dialog.query_one(DateField).value = date(2026, 11, 27)
        dialog.query_one("#new-time", Input).value = "25 h"
        await pilot.press("enter")  # in the date field
        await pilot.pause()
        assert pilot.app.screen is dialog
        assert "heure" in str(dialog.query_one("#reschedule-message").render()).lower()
        await pilot.press("escape")
        await settle(pilot)
        assert check_ins.get_check_in(vault, week.bruno_afternoon).planned_date == NOW.date()
        assert check_ins.history(vault, week.bruno_afternoon)[-1].field == "created"
    vault.release()


async def test_mark_done_missed_and_cancelled_with_confirmation(
    new_vault: Vault, clock: FixedClock
) -> None:
    """`d` marks done, `m` missed; `x` asks first — keeping it changes nothing, confirming
    cancels with the reason in the history; what no longer applies is greyed out."""
    week = a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        await choose_line(pilot, screen, week.alice_today)
        await pilot.press("d")
        await settle(pilot)
        assert check_ins.get_check_in(vault, week.alice_today).status == "done"
        assert screen.current_check_in() is not None
        assert screen.current_check_in().id == week.alice_today  # type: ignore[union-attr]
        assert screen.check_action("mark", ("done",)) is None
        assert screen.check_action("reschedule", ()) is None
        assert agenda_rows(screen)[0][2] == "Tenue"
        assert screen.grid.figures(date(2026, 11, 23)).held == 1

        await choose_line(pilot, screen, week.bruno_afternoon)
        await pilot.press("m")
        await settle(pilot)
        assert check_ins.get_check_in(vault, week.bruno_afternoon).status == "missed"

        await pilot.press("x")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmCancelDialog)
        await pilot.press("escape")  # keep it
        await settle(pilot)
        assert check_ins.get_check_in(vault, week.bruno_afternoon).status == "missed"
        assert screen.current_check_in().id == week.bruno_afternoon  # type: ignore[union-attr]

        await pilot.press("x")
        await pilot.pause()
        reason = pilot.app.screen.query_one("#cancel-reason", Input)
        reason.value = "hospitalisation"
        reason.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert check_ins.get_check_in(vault, week.bruno_afternoon).status == "cancelled"
        last = check_ins.history(vault, week.bruno_afternoon)[-1]
        assert (last.old_value, last.new_value, last.reason) == (
            "missed",
            "cancelled",
            "hospitalisation",
        )
        assert screen.check_action("cancel_meeting", ()) is None
        assert screen.check_action("mark", ("done",)) is True
    vault.release()


async def test_a_cancelled_meeting_rescheduled_is_planned_again(
    new_vault: Vault, clock: FixedClock
) -> None:
    """Rescheduling a missed or cancelled meeting puts it back to planned on the new day."""
    week = a_week_of_meetings(new_vault)
    check_ins.set_status(new_vault, week.bruno_afternoon, "cancelled", NOW)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        await choose_line(pilot, screen, week.bruno_afternoon)
        await pilot.press("r")
        await pilot.pause()
        pilot.app.screen.query_one(DateField).value = date(2026, 11, 25)
        await pilot.press("enter")  # in the date field
        await settle(pilot)
        moved = check_ins.get_check_in(vault, week.bruno_afternoon)
        assert (moved.status, moved.planned_date, moved.planned_time) == (
            "planned",
            date(2026, 11, 25),
            "14:30",
        )
    vault.release()


async def test_add_a_meeting_on_request(new_vault: Vault, clock: FixedClock) -> None:
    """`n`, « chlo » filters the list to Chloé, « vendredi prochain » at « 10 h »: the meeting
    on request is written and its day shown with the cursor on it."""
    week = a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        await pilot.press("n")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, NewMeetingDialog)
        assert dialog.query_one("#people", OptionList).option_count == 4
        await pilot.press("c", "h", "l", "o")
        await pilot.pause()
        options = dialog.query_one("#people", OptionList)
        assert options.option_count == 1
        assert "Chloé Roy" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter", "enter")  # to the list, then choose
        await pilot.pause()
        field = dialog.query_one(DateField)
        assert field.value == date(2026, 11, 23)  # the selected day by default
        field.query_one(Input).value = "vendredi prochain"
        dialog.query_one("#meeting-time", Input).value = "10 h"
        await settle(pilot)
        await pilot.press("enter")  # in the date field
        await settle(pilot)
        plan = check_ins.check_ins_of_person(vault, week.chloe_id)
        added = [item for item in plan if item.planned_date == date(2026, 11, 27)]
        assert len(added) == 1
        assert (added[0].kind, added[0].planned_time, added[0].status) == (
            "on_request",
            "10:00",
            "planned",
        )
        assert screen.grid.selected == date(2026, 11, 27)
        assert screen.current_check_in() is not None
        assert screen.current_check_in().id == added[0].id  # type: ignore[union-attr]
        assert screen.grid.figures(date(2026, 11, 27)).total == 1
    vault.release()


async def test_new_meeting_needs_a_person(new_vault: Vault, clock: FixedClock) -> None:
    """With nobody matching the filter, planning says to choose someone and writes nothing."""
    a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        await open_calendar(pilot)
        await pilot.press("n")
        await settle(pilot)
        dialog = pilot.app.screen
        dialog.query_one("#person-filter", Input).value = "zzz"
        await pilot.pause()
        dialog.query_one("#plan", Button).press()
        await pilot.pause()
        assert pilot.app.screen is dialog
        assert "Choisissez" in str(dialog.query_one("#new-meeting-message").render())
        assert check_ins.check_ins_between(vault, date(2026, 11, 1), date(2026, 12, 31)) != []
        assert len(check_ins.check_ins_between(vault, NOW.date(), NOW.date())) == 2
    vault.release()


async def test_lock_and_unlock_return_to_the_same_day(new_vault: Vault, clock: FixedClock) -> None:
    """After Ctrl+L and the passphrase, the calendar is back on 2 December, not on today."""
    a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        screen.grid.select(date(2026, 12, 2))
        await settle(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not vault.is_unlocked
        assert not any(isinstance(s, CalendarScreen) for s in pilot.app.screen_stack)
        await unlock(pilot)
        await settle(pilot)
        again = pilot.app.screen
        assert isinstance(again, CalendarScreen) and again is not screen
        assert again.grid.selected == date(2026, 12, 2)
        assert "Denis Côté" in agenda_rows(again)[0][1]
    vault.release()


async def test_names_with_escape_sequences_are_shown_as_text(
    new_vault: Vault, clock: FixedClock
) -> None:
    """A name holding a terminal escape sequence or markup is drawn as plain text."""
    person = a_person(new_vault, "Eve\x1b]0;titre\x07 [bold]Martin[/bold]")
    check_ins.add_check_in(new_vault, person, NOW.date(), NOW)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        cell = agenda_rows(screen)[0][1]
        assert "\x1b" not in cell and "\x07" not in cell
        assert "[bold]Martin[/bold]" in cell
    vault.release()


async def test_enter_opens_the_person_and_c_starts_the_call(
    new_vault: Vault, clock: FixedClock
) -> None:
    """From an agenda line, Enter opens the person's file and `c` the call screen for it."""
    from epc_tui.screens.call import CallScreen
    from epc_tui.screens.person import PersonScreen

    week = a_week_of_meetings(new_vault)
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(pilot)
        await choose_line(pilot, screen, week.bruno_afternoon)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PersonScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
        await choose_line(pilot, screen, week.bruno_afternoon)
        await pilot.press("c")
        await settle(pilot)
        call = pilot.app.screen
        assert isinstance(call, CallScreen)
        assert call.check_in_id == week.bruno_afternoon
    vault.release()


async def test_export_key_opens_the_ics_export(new_vault: Vault, clock: FixedClock) -> None:
    """`i` in the calendar opens the .ics export dialog (pseudonymous codes by default)."""
    from textual.widgets import Switch

    from epc_tui.screens.export_calendar import ExportCalendarScreen
    from tests.ui.test_caseload_screens import settle, the_app

    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(110, 40)) as pilot:
        await unlock(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ExportCalendarScreen)
        assert app.screen.query_one("#export-with-names", Switch).value is False


async def test_a_day_with_many_follow_ups_shows_the_first_and_how_many_more(
    new_vault: Vault, clock: FixedClock
) -> None:
    """Seven follow-ups due today: the panel under the agenda shows the first, then « … et 6
    autres suivis »; a long follow-up takes one line (cut, not wrapped); a day without any
    says so. The panel keeps the same place and height whatever the day."""
    a_week_of_meetings(new_vault)  # one follow-up today, for Denis
    eve = a_person(new_vault, "Ève Morin", code="A-EVMO")
    for number in range(6):
        logbook.add_action(
            new_vault,
            person_id=eve,
            entry_id=None,
            text=f"Rappel {number} " + "très long texte " * 12,
            due_date=date(2026, 11, 23) if number else date(2026, 11, 24),
            at=NOW,
        )
    logbook.add_action(
        new_vault, person_id=eve, entry_id=None, text="Appeler", due_date=date(2026, 11, 23), at=NOW
    )
    vault = closed_vault(new_vault)
    async with a_coach_app(vault, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_calendar(pilot)
        panel = screen.query_one("#day-actions")
        region = panel.region
        lines = str(panel.render()).split("\n")
        assert lines[0] == "Suivis à faire ce jour-là"
        assert len(lines) == 3 and lines[-1] == "… et 6 autres suivis"
        assert region.height == 1 + 3  # its border, then three lines
        screen.grid.select(date(2026, 11, 24))
        await settle(pilot)
        lines = str(panel.render()).split("\n")
        assert len(lines) == 2 and lines[1].startswith("• Rappel 0 très long texte")
        assert panel.region == region
        screen.grid.select(date(2026, 11, 30))
        await settle(pilot)
        assert str(panel.render()) == "Aucun suivi à faire ce jour-là."
        assert panel.region == region
    vault.release()
