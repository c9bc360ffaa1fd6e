"""The caseload, the person file, the person form and the today view, driven like a coach."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from textual.widgets import Button, DataTable, Input, Select, Static
from textual.worker import WorkerCancelled

from epc_tui.app import EpcApp
from epc_tui.clock import FixedClock
from epc_tui.screens.caseload import CaseloadScreen
from epc_tui.screens.confirm import ConfirmScreen
from epc_tui.screens.person import PersonScreen
from epc_tui.screens.person_form import PersonFormScreen
from epc_tui.screens.today import TodayScreen
from epc_tui.services.enrolment import enrol
from epc_tui.settings import Settings
from epc_tui.vault import check_ins, people, tracks
from epc_tui.vault.builtin_tracks import FIRST_YEAR, ORAL_THERAPY
from epc_tui.vault.models import LogbookEntry
from epc_tui.vault.records import PersonDraft
from epc_tui.vault.vault import Vault
from epc_tui.widgets.date_field import DateField
from tests.conftest import PASSPHRASE
from tests.ui.test_shell import closed_vault, unlock

PLAIN_DAYS = Settings(language="fr", skip_weekends=False, skip_holidays=False)


def track_id(vault: Vault, key: str) -> int:
    """The id of a built-in track."""
    found = tracks.find_track(tracks.list_tracks(vault), key)
    assert found is not None
    return found.id


def a_small_caseload(vault: Vault, now: datetime) -> dict[str, int]:
    """Three people: a partner overdue, a patient called today, a partner seen yesterday
    whose note is still missing."""
    first_year, oral = track_id(vault, FIRST_YEAR), track_id(vault, ORAL_THERAPY)
    today = now.date()
    drafts = [
        PersonDraft(
            "Zoé Retard", "partner", first_year, today - timedelta(days=35), tags=("comité",)
        ),
        PersonDraft(
            "Yves Aujourdhui", "patient", oral, today - timedelta(days=2), criteria=("anxiety",)
        ),
        PersonDraft("Xavier Note", "partner", first_year, today - timedelta(days=32)),
    ]
    ids = enrol(vault, drafts, PLAIN_DAYS, now)
    held = check_ins.check_ins_of_person(vault, ids[2])[0]
    check_ins.set_status(vault, held.id, "done", now - timedelta(days=1), duration_seconds=1800)
    return {"late": ids[0], "today": ids[1], "note": ids[2]}


def the_app(vault: Vault, clock: FixedClock) -> EpcApp:
    """The app in French, plain days, fixed clock."""
    return EpcApp(vault=vault, settings=PLAIN_DAYS, clock=clock)


async def answer(pilot: Any, button: str) -> None:
    """Click a button of the confirmation dialog (both must be on screen and reachable)."""
    await pilot.pause()
    assert pilot.app.screen.query_one(f"#{button}", Button).region.width > 0
    await pilot.click(f"#{button}")
    await pilot.pause()
    await pilot.pause()


async def settle(pilot: Any) -> None:
    """Let workers finish (or be cancelled by a lock) and the screen redraw."""
    try:
        await pilot.app.workers.wait_for_complete()
    except WorkerCancelled:
        await pilot.pause()
    await pilot.pause()


def table_names(screen: Any, selector: str) -> list[str]:
    """Each row of a table as one line of plain text."""
    table = screen.query_one(selector, DataTable)
    return [" ".join(map(str, table.get_row_at(index))) for index in range(table.row_count)]


async def test_today_orders_overdue_then_today_then_missing_note(
    new_vault: Vault, clock: FixedClock
) -> None:
    """The coach's day: the overdue partner first, today's call, then the missing note."""
    a_small_caseload(new_vault, clock.now())
    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await unlock(pilot)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        groups = [item.group for item in screen.items.values()]
        assert groups == ["overdue", "today", "note_missing"]
        people_shown = [item.person.full_name for item in screen.items.values()]
        assert people_shown == ["Zoé Retard", "Yves Aujourdhui", "Xavier Note"]
        summary = str(screen.query_one("#today-summary", Static).render())
        assert "1 en retard" in summary and "1 aujourd'hui" in summary
        await pilot.press("down", "down")
        assert screen.selected() is not None and screen.selected().group == "note_missing"
        assert screen.check_action("start_call", ()) is None  # greyed: the call was held
        assert screen.check_action("write_note", ()) is True


async def test_filter_tabs_and_sort(new_vault: Vault, clock: FixedClock) -> None:
    """Typing filters by name, code or tag without accents; tabs select the status."""
    ids = a_small_caseload(new_vault, clock.now())
    people.set_person_status(new_vault, ids["note"], "paused", clock.now())
    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        assert len(screen.shown) == 2  # active tab
        await pilot.press("slash", *"zoe")
        assert [row.person.full_name for row in screen.shown] == ["Zoé Retard"]
        screen.query_one("#caseload-filter", Input).value = "comite"
        await pilot.pause()
        assert [row.person.full_name for row in screen.shown] == ["Zoé Retard"]
        screen.query_one("#caseload-filter", Input).value = ""
        await pilot.pause()
        screen.query_one("#caseload-tabs").active = "tab-paused"  # type: ignore[attr-defined]
        await pilot.pause()
        assert [row.person.full_name for row in screen.shown] == ["Xavier Note"]
        screen.query_one("#caseload-tabs").active = "tab-all"  # type: ignore[attr-defined]
        await pilot.pause()
        screen.sort_key = "name"
        screen.refresh_table()
        names = [row.person.full_name for row in screen.shown]
        assert names == ["Xavier Note", "Yves Aujourdhui", "Zoé Retard"]
        overdue = next(row for row in screen.shown if row.person.id == ids["late"])
        assert "overdue" in overdue.flags


async def test_new_person_form_validates_then_plans(new_vault: Vault, clock: FixedClock) -> None:
    """A bad e-mail and a missing name are shown under their fields and nothing is saved;
    fixed, the person is created with their first-year check-ins planned."""
    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonFormScreen)
        form.query_one("#field-email", Input).value = "pas-une-adresse"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "obligatoire" in str(form.query_one("#problem-full_name", Static).render())
        assert "courriel" in str(form.query_one("#problem-email", Static).render())
        assert people.list_people(vault) == []
        form.query_one("#field-full_name", Input).value = "Wanda Nouvelle"
        form.query_one("#field-email", Input).value = "wanda@example.org"
        form.query_one("#field-anchor", DateField).value = date(2026, 10, 1)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        [created] = people.list_people(vault)
        assert created.full_name == "Wanda Nouvelle" and created.code.startswith("P-")
        plan = check_ins.check_ins_of_person(vault, created.id)
        assert plan[0].planned_date == date(2026, 11, 1)


async def test_changing_the_reference_date_replans(new_vault: Vault, clock: FixedClock) -> None:
    """Editing the training date moves the open check-ins (and says so)."""
    ids = a_small_caseload(new_vault, clock.now())
    before = check_ins.check_ins_of_person(new_vault, ids["late"])[1].planned_date
    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(PersonFormScreen(ids["late"]))
        await settle(pilot)
        form = app.screen
        field = form.query_one("#field-anchor", DateField)
        field.value = field.value + timedelta(days=10)  # type: ignore[operator]
        await pilot.press("ctrl+s")
        await settle(pilot)
    after = check_ins.check_ins_of_person(vault, ids["late"])[1].planned_date
    assert after == before + timedelta(days=10)


async def test_delete_with_notes_asks_twice(new_vault: Vault, clock: FixedClock) -> None:
    """A person with logbook notes is deleted only after two explicit confirmations."""
    ids = a_small_caseload(new_vault, clock.now())
    with new_vault.writing():
        LogbookEntry.create(person=ids["late"], body="note", status="final")
    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        index = next(i for i, row in enumerate(screen.shown) if row.person.id == ids["late"])
        screen.table.move_cursor(row=index)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await answer(pilot, "confirm-yes")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # the second question
        assert "notes" in str(app.screen.query_one("#confirm-question", Static).render())
        await answer(pilot, "confirm-no")
        await settle(pilot)
        assert people.get_person(vault, ids["late"]).full_name == "Zoé Retard"
        await pilot.press("delete")
        await pilot.pause()
        await answer(pilot, "confirm-yes")
        await pilot.pause()
        await answer(pilot, "confirm-yes")
        await settle(pilot)
        assert ids["late"] not in {row.person.id for row in screen.rows}  # the list too
    assert ids["late"] not in {person.id for person in people.list_people(vault)}


async def test_close_with_reason_then_reopen(new_vault: Vault, clock: FixedClock) -> None:
    """Closing asks for a reason and keeps it; `p` reopens and re-plans."""
    ids = a_small_caseload(new_vault, clock.now())
    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        index = next(i for i, row in enumerate(screen.shown) if row.person.id == ids["today"])
        screen.table.move_cursor(row=index)
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#confirm-reason", Input).value = "fin du traitement"
        await answer(pilot, "confirm-yes")
        await settle(pilot)
        person = people.get_person(vault, ids["today"])
        assert person.status == "closed" and person.status_reason == "fin du traitement"
        assert not [c for c in check_ins.check_ins_of_person(vault, ids["today"]) if c.is_open]
        assert ids["today"] not in {row.person.id for row in screen.shown}  # read again
        assert screen.totals["closed"] == 1
        screen.query_one("#caseload-tabs").active = "tab-closed"  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("p")
        await settle(pilot)
        assert screen.totals["closed"] == 0  # the list read again after reopening
    assert people.get_person(vault, ids["today"]).status == "active"
    assert [c for c in check_ins.check_ins_of_person(vault, ids["today"]) if c.is_open]


async def test_person_file_shows_profile_plan_and_history(
    new_vault: Vault, clock: FixedClock
) -> None:
    """The file shows the criteria in words, the upcoming check-ins and the held meeting;
    after a lock it comes back on the same person."""
    ids = a_small_caseload(new_vault, clock.now())
    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await app.push_screen(PersonScreen(ids["today"]))
        await settle(pilot)
        screen = app.screen
        profile = str(screen.query_one("#person-profile-text", Static).render())
        assert "Anxiété élevée" in profile and "Traitement oral" not in profile
        assert screen.query_one("#person-upcoming", DataTable).row_count >= 1
        await pilot.press("ctrl+l")
        await settle(pilot)
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == ids["today"]
        await app.push_screen(PersonScreen(ids["note"]))
        await settle(pilot)
        history = table_names(app.screen, "#person-timeline")
        assert history and "Rencontre 1 mois — Tenue" in history[0]


async def test_kind_select_lists_the_three_kinds(new_vault: Vault, clock: FixedClock) -> None:
    """The form offers new partner, accompanied patient and former partner, in words."""
    vault = closed_vault(new_vault)
    app = the_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(PersonFormScreen(None))
        await settle(pilot)
        select = app.screen.query_one("#field-kind", Select)
        labels = [str(option[0]) for option in select._options]  # noqa: SLF001
        assert "Personne accompagnée" in labels and "Ancien patient partenaire" in labels


async def test_plans_are_extended_after_unlock_not_during_it(
    new_vault: Vault, monkeypatch: Any
) -> None:
    """Three years on, the yearly reviews are extended in the background a moment after
    unlocking: nothing is written while the first screens are read and drawn, then the plan
    reaches a year ahead again without the coach doing anything."""
    first_year = track_id(new_vault, FIRST_YEAR)
    draft = PersonDraft("Alice Partenaire", "partner", first_year, date(2026, 1, 15))
    [person_id] = enrol(new_vault, [draft], PLAIN_DAYS, datetime(2026, 1, 15, 9, 0))
    before = check_ins.check_ins_of_person(new_vault, person_id)[-1].planned_date
    later = FixedClock(datetime(2029, 3, 1, 9, 0))
    monkeypatch.setattr(TodayScreen, "PLANS_DELAY_SECONDS", 2.0)
    vault = closed_vault(new_vault)
    app = the_app(vault, later)
    async with app.run_test(size=(120, 30)) as pilot:
        await unlock(pilot)
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert check_ins.check_ins_of_person(vault, person_id)[-1].planned_date == before
        await pilot.pause(2.5)
        await settle(pilot)
    last = check_ins.check_ins_of_person(vault, person_id)[-1].planned_date
    assert before < date(2030, 3, 1) <= last
