"""People and check-ins in a real vault: enrolment, plans, history, re-planning, all-or-nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from epc_tui.services.enrolment import close_person, enrol, replan_person, update_and_replan
from epc_tui.services.today import keep_plans_ahead
from epc_tui.settings import Settings
from epc_tui.vault import check_ins, people, tracks
from epc_tui.vault.builtin_tracks import FIRST_YEAR, ORAL_THERAPY
from epc_tui.vault.errors import EpcError
from epc_tui.vault.models import LogbookEntry
from epc_tui.vault.records import PersonDraft, PlannedSlot
from epc_tui.vault.vault import Vault

NOW = datetime(2026, 11, 23, 9, 0)
PLAIN_DAYS = Settings(skip_weekends=False, skip_holidays=False)


def track_id(vault: Vault, key: str) -> int:
    """The id of a built-in track."""
    found = tracks.find_track(tracks.list_tracks(vault), key)
    assert found is not None
    return found.id


def a_partner_trained_on(vault: Vault, day: str, settings: Settings = PLAIN_DAYS) -> int:
    """Enrol a new patient partner on the structured first year."""
    draft = PersonDraft(
        full_name="Alice Partenaire",
        kind="partner",
        track_id=track_id(vault, FIRST_YEAR),
        anchor_date=date.fromisoformat(day),
    )
    return enrol(vault, [draft], settings, NOW)[0]


def test_first_year_plan_uses_calendar_months(new_vault: Vault) -> None:
    """Trained on 31 January: meetings on 28 February, 30 April, 31 July, 31 January."""
    person_id = a_partner_trained_on(new_vault, "2026-01-31")
    plan = check_ins.check_ins_of_person(new_vault, person_id)
    assert [item.planned_date for item in plan[:4]] == [
        date(2026, 2, 28),
        date(2026, 4, 30),
        date(2026, 7, 31),
        date(2027, 1, 31),
    ]
    assert [item.step_key for item in plan[:4]] == ["m1", "m3", "m6", "m12"]
    assert all(item.kind == "repeat" for item in plan[4:])  # yearly reviews
    assert people.get_person(new_vault, person_id).code.startswith("P-")


def test_weekends_and_quebec_holidays_are_skipped(new_vault: Vault) -> None:
    """J+2 of a Friday-before-Christmas prescription lands on the next working day."""
    draft = PersonDraft(
        full_name="Bruno Patient",
        kind="patient",
        track_id=track_id(new_vault, ORAL_THERAPY),
        anchor_date=date(2026, 12, 23),  # J+2 = 25 December, a holiday; 26 is a Saturday
    )
    person_id = enrol(new_vault, [draft], Settings(), NOW)[0]
    first = check_ins.check_ins_of_person(new_vault, person_id)[0]
    assert first.planned_date == date(2026, 12, 28)


def test_import_of_many_people_is_all_or_nothing(new_vault: Vault) -> None:
    """A duplicate code in the second person leaves nobody created."""
    first_year = track_id(new_vault, FIRST_YEAR)
    drafts = [
        PersonDraft("Un", "partner", first_year, date(2026, 1, 5), code="X-1"),
        PersonDraft("Deux", "partner", first_year, date(2026, 1, 5), code="X-1"),
    ]
    with pytest.raises(EpcError):
        enrol(new_vault, drafts, PLAIN_DAYS, NOW)
    assert people.list_people(new_vault) == []


def test_reschedule_and_status_keep_history(new_vault: Vault) -> None:
    """Moving a check-in and marking it done leave both changes in its history."""
    person_id = a_partner_trained_on(new_vault, "2026-10-01")
    first = check_ins.check_ins_of_person(new_vault, person_id)[0]
    check_ins.reschedule(new_vault, first.id, date(2026, 11, 24), NOW, reason="demande")
    check_ins.set_status(new_vault, first.id, "done", NOW, duration_seconds=2400)
    after = check_ins.get_check_in(new_vault, first.id)
    assert after.planned_date == date(2026, 11, 24)
    assert after.status == "done" and after.duration_seconds == 2400
    changes = check_ins.history(new_vault, first.id)
    assert [(c.field, c.old_value, c.new_value) for c in changes] == [
        ("planned_date", "2026-11-01", "2026-11-24"),
        ("status", "planned", "done"),
    ]


def test_anchor_change_replans_only_open_future_check_ins(new_vault: Vault) -> None:
    """A held meeting keeps its date; the open ones move with the new training date."""
    person_id = a_partner_trained_on(new_vault, "2026-10-01")
    first = check_ins.check_ins_of_person(new_vault, person_id)[0]
    check_ins.set_status(new_vault, first.id, "done", NOW)
    draft = people.get_person(new_vault, person_id).as_draft()
    moved = PersonDraft(**{**draft.__dict__, "anchor_date": date(2026, 10, 15)})
    assert update_and_replan(new_vault, person_id, moved, PLAIN_DAYS, NOW)
    plan = check_ins.check_ins_of_person(new_vault, person_id)
    assert plan[0].id == first.id and plan[0].planned_date == date(2026, 11, 1)
    assert [item.planned_date for item in plan[1:4]] == [
        date(2027, 1, 15),
        date(2027, 4, 15),
        date(2027, 10, 15),
    ]
    assert len([item for item in plan if item.step_key == "m1"]) == 1


def test_closing_keeps_check_ins_with_notes(new_vault: Vault) -> None:
    """Closing removes open future check-ins, except one that already has a note."""
    person_id = a_partner_trained_on(new_vault, "2026-11-01")
    plan = check_ins.check_ins_of_person(new_vault, person_id)
    with new_vault.writing():
        LogbookEntry.create(person=person_id, check_in=plan[1].id, body="préparation")
    close_person(new_vault, person_id, "déménagement", PLAIN_DAYS, NOW)
    remaining = check_ins.check_ins_of_person(new_vault, person_id)
    assert [item.id for item in remaining] == [plan[1].id]
    person = people.get_person(new_vault, person_id)
    assert person.status == "closed" and person.status_reason == "déménagement"
    assert replan_person(new_vault, person_id, PLAIN_DAYS, NOW).add == ()


def test_day_counts_and_overdue(new_vault: Vault) -> None:
    """The month grid's counts: open, held and overdue per day."""
    person_id = a_partner_trained_on(new_vault, "2026-09-20")  # m1 on 20 October: overdue
    check_ins.add_check_in(new_vault, person_id, date(2026, 11, 23), NOW)
    counts = check_ins.day_counts(new_vault, date(2026, 10, 1), date(2026, 11, 30), NOW.date())
    assert counts[date(2026, 10, 20)].overdue == 1
    assert counts[date(2026, 11, 23)].planned == 1
    overdue = check_ins.overdue_check_ins(new_vault, NOW.date())
    assert [item.planned_date for item in overdue] == [date(2026, 10, 20)]
    nxt = check_ins.next_open_check_in(new_vault, person_id, NOW.date())
    assert nxt is not None and nxt.planned_date == date(2026, 11, 23)


def test_plans_are_extended_as_years_pass(new_vault: Vault) -> None:
    """Three years after enrolment the yearly reviews are still planned a year ahead."""
    person_id = a_partner_trained_on(new_vault, "2026-01-15")
    later = datetime(2029, 3, 1, 9, 0)
    assert keep_plans_ahead(new_vault, PLAIN_DAYS, later) == 1
    last = check_ins.check_ins_of_person(new_vault, person_id)[-1]
    assert last.planned_date >= date(2030, 3, 1)
    assert keep_plans_ahead(new_vault, PLAIN_DAYS, later) == 0


def a_partner_whose_plan_has_nothing_more(vault: Vault) -> int:
    """A partner whose held meetings already stand for every step their track gives up to
    the horizon (numbered further than the plan reaches: their reference date was moved
    after they were held), the last one in 2026: their plan ends within a year, yet a
    re-plan adds nothing until the horizon moves on."""
    draft = PersonDraft("Bruno Couvert", "partner", track_id(vault, FIRST_YEAR), date(2026, 1, 15))
    held = [
        PlannedSlot(sequence, "", "", day, day, day)
        for sequence, day in enumerate(
            date(2026, 1, 1) + timedelta(days=20 * number) for number in range(10)
        )
    ]
    [person_id] = people.add_people(vault, [(draft, held)], NOW)
    for record in check_ins.check_ins_of_person(vault, person_id):
        check_ins.set_status(vault, record.id, "done", NOW, duration_seconds=1800)
    return person_id


def test_plan_extension_passes_over_plans_with_nothing_more(new_vault: Vault) -> None:
    """A plan that ends soonest but has nothing more to give no longer takes the place of
    the others: with room for one person per run, the partner whose yearly review can be
    planned gets it (the old way re-planned the first one, for nothing, at every unlock)."""
    stuck = a_partner_whose_plan_has_nothing_more(new_vault)
    draft = PersonDraft(
        "Carole Suivie", "partner", track_id(new_vault, FIRST_YEAR), date(2025, 6, 2)
    )
    [extendable] = enrol(new_vault, [draft], PLAIN_DAYS, datetime(2025, 6, 2, 9, 0))
    before = {
        person_id: check_ins.check_ins_of_person(new_vault, person_id)
        for person_id in (stuck, extendable)
    }
    ends = people.plans_ending_before(new_vault, date(2027, 11, 23))
    assert [end.person_id for end in ends] == [stuck, extendable]  # the stuck one first
    assert keep_plans_ahead(new_vault, PLAIN_DAYS, NOW, at_most=1) == 1
    assert check_ins.check_ins_of_person(new_vault, stuck) == before[stuck]
    after = check_ins.check_ins_of_person(new_vault, extendable)
    assert after[: len(before[extendable])] == before[extendable]  # only added to
    assert after[-1].planned_date == date(2028, 6, 2) and after[-1].kind == "repeat"


def test_plan_extension_leaves_a_moved_meeting_where_it_is(new_vault: Vault) -> None:
    """The background extension only adds: a yearly review the coach moved by a week keeps
    its new date (a re-plan would have put it back on the plan's date)."""
    draft = PersonDraft(
        "Alice Partenaire", "partner", track_id(new_vault, FIRST_YEAR), date(2025, 6, 2)
    )
    [person_id] = enrol(new_vault, [draft], PLAIN_DAYS, datetime(2025, 6, 2, 9, 0))
    open_ones = [
        record
        for record in check_ins.check_ins_of_person(new_vault, person_id)
        if record.planned_date >= NOW.date()
    ]
    moved = open_ones[0]
    check_ins.reschedule(new_vault, moved.id, moved.planned_date + timedelta(days=7), NOW, "")
    assert keep_plans_ahead(new_vault, PLAIN_DAYS, NOW) == 1
    kept = next(
        record
        for record in check_ins.check_ins_of_person(new_vault, person_id)
        if record.id == moved.id
    )
    assert kept.planned_date == moved.planned_date + timedelta(days=7)


def test_agenda_reads_only_the_covering_index(new_vault: Vault) -> None:
    """Migration 6 lets a day's agenda read its check-ins from one index in day order (no
    row of the check-in table, no sort of the rows), and the records still carry attempts
    and note status."""
    from epc_tui.vault.migrations.v0006_calendar_indexes import AGENDA_INDEX

    person_id = a_partner_trained_on(new_vault, "2026-10-23")
    day = date(2026, 11, 23)
    with new_vault.connected():
        query = check_ins._between_query(day, day, None).order_by(
            check_ins.CheckIn.planned_date, check_ins.CheckIn.planned_time
        )
        sql, params = query.sql()
        rows = new_vault.database.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    outer = [str(detail) for _id, parent, _unused, detail in rows if parent == 0]
    assert f"COVERING INDEX {AGENDA_INDEX}" in outer[0]
    assert not [step for step in outer if "TEMP B-TREE" in step]
    [record] = check_ins.check_ins_between(new_vault, day, day)
    assert record.person_id == person_id and record.step_key == "m1"
    assert record.attempts == 0 and record.note_status == "none"
