"""The pure rules around a call: safety net from the coach's state, duration, the next
check-in proposed, prompts per step (and custom ones), and the autosave schedule."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from epc_tui.i18n import set_language
from epc_tui.services.autosave import AutosaveSchedule
from epc_tui.services.call_flow import end_of_call, propose_next, safety_net_for
from epc_tui.services.prompts import prompts_for, step_family
from epc_tui.vault.records import CheckInRecord

START = datetime(2026, 11, 23, 9, 0)


def a_planned_check_in(day: date) -> CheckInRecord:
    """A planned check-in record (as the vault returns it)."""
    return CheckInRecord(
        id=7, uid="u", person_id=1, person_name="", person_code="", person_kind="partner",
        step_key="m3", label="Rencontre 3 mois", sequence=2, kind="planned", planned_date=day,
        planned_time="", window_start=None, window_end=None, status="planned", mode="phone",
        duration_planned_min=60, held_at=None, duration_seconds=None,
    )  # fmt: skip


def test_safety_net_from_a_high_state_and_duration() -> None:
    """States 3 and 4 set the safety net, 0–2 and unknown do not; duration never negative."""
    assert [safety_net_for(s) for s in (None, 0, 1, 2, 3, 4)] == [
        False, False, False, False, True, True,
    ]  # fmt: skip
    ended = end_of_call(START, START + timedelta(minutes=42, seconds=5), 4)
    assert (ended.duration_seconds, ended.safety_net, ended.held_at) == (2525, True, START)
    assert end_of_call(START, START - timedelta(minutes=1), 0).duration_seconds == 0


def test_next_proposal_planned_cadence_or_nothing() -> None:
    """The planned check-in first; otherwise the cadence's interval; otherwise no date."""
    planned = propose_next(a_planned_check_in(date(2027, 2, 1)), START.date(), "weekly")
    assert (planned.check_in_id, planned.proposed_date, planned.is_new) == (
        7, date(2027, 2, 1), False,
    )  # fmt: skip
    weekly = propose_next(None, START.date(), "biweekly")
    assert (weekly.check_in_id, weekly.proposed_date, weekly.is_new) == (
        None, date(2026, 12, 7), True,
    )  # fmt: skip
    nothing = propose_next(None, START.date(), "")
    assert (nothing.proposed_date, nothing.is_new) == (None, False)


def test_prompts_follow_the_step_and_custom_prompts_replace_them() -> None:
    """m1 asks expectations, objectives, limits; yearly repeats and oral therapy have theirs;
    prompts written on a step replace the built-in ones; English follows the language."""
    assert prompts_for("m1") == ["Attentes face au rôle", "Objectifs personnels",
                                 "Limites personnelles"]  # fmt: skip
    assert "Situations difficiles" in prompts_for("m6")
    assert "Bilan de l'année" in prompts_for("", "repeat", "first-year-support")
    assert "Inquiétudes" in prompts_for("", "repeat", "oral-therapy")
    assert step_family("", "on_request", None) == ""
    assert prompts_for("m1", custom="Première question\n\n  Deuxième  ") == [
        "Première question", "Deuxième",
    ]  # fmt: skip
    set_language("en")
    assert prompts_for("j2")[0] == "How the treatment is going"


def test_autosave_debounces_coalesces_and_never_waits_too_long() -> None:
    """A pause of `delay` saves; steady typing still saves after `max_wait`; edits during a
    save stay pending; a failed save is retried at once."""
    schedule = AutosaveSchedule(delay=1.0, max_wait=1.5)
    assert not schedule.due(0.0)
    schedule.edited(0.0)
    assert not schedule.due(0.5)
    assert schedule.due(1.0)
    schedule = AutosaveSchedule(delay=1.0, max_wait=1.5)
    for step in range(15):  # a key every 0.1 s: never a pause of one second
        schedule.edited(step * 0.1)
    assert schedule.due(1.5)
    mark = schedule.started()
    assert schedule.saving and not schedule.due(10.0)
    schedule.edited(1.6)
    schedule.finished(mark, ok=True, now=1.7)
    assert schedule.dirty and not schedule.due(1.8) and schedule.due(2.6)
    mark = schedule.started()
    schedule.finished(mark, ok=False, now=3.0)
    assert schedule.dirty and schedule.due(3.0)
    schedule.started()
    schedule.saved_now()
    assert not schedule.dirty
