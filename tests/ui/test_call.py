"""Call mode driven like a coach: start, type, structured fields, end, next check-in proposed;
an attempt instead of a call; a lock in the middle of a call; autosave without a write per key;
hostile and huge pastes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from textual import events
from textual.widgets import Button, Checkbox, Input, RadioSet, Select

from epc_tui.app import EpcApp
from epc_tui.clock import FixedClock
from epc_tui.screens.attempt import AttemptScreen
from epc_tui.screens.call import CallScreen, EndCallScreen
from epc_tui.settings import Settings
from epc_tui.vault import attempts, check_ins, logbook
from epc_tui.vault.vault import Vault
from epc_tui.widgets.date_field import DateField
from epc_tui.widgets.note_editor import NoteEditor
from tests.ui.test_shell import closed_vault, unlock
from tests.unit.test_logbook import a_partner_with_a_plan


async def type_text(pilot: Any, text: str) -> None:
    """Press the keys of `text` one by one, as a coach typing."""
    names = {" ": "space", "\n": "enter", ",": "comma", ".": "full_stop"}
    await pilot.press(*[names.get(char, char) for char in text])


def a_coach_app(vault: Vault, clock: FixedClock, **settings: Any) -> EpcApp:
    """The application in French with a fixed clock and fast autosave."""
    chosen = Settings(**{"language": "fr", "autosave_seconds": 0.1, **settings})
    return EpcApp(vault=vault, settings=chosen, clock=clock)


async def settle(pilot: Any) -> None:
    """Let workers finish and the screen redraw."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_whole_call_flow_from_start_to_next_check_in(
    new_vault: Vault, clock: FixedClock
) -> None:
    """The timer starts with the cursor in the note; typed words, themes, the coach's high
    state (safety net) and a follow-up action are kept; ending records the duration, marks the
    check-in done, finalises the note and proposes the next planned check-in."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    upcoming = check_ins.check_ins_of_person(new_vault, person_id)[1]
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, check_in_id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CallScreen)
        assert isinstance(app.focused, NoteEditor)
        assert "Attentes" in str(screen.query_one("#prompts").render())
        assert "Alice Partenaire" in str(screen.query_one("#context-text").render())
        await type_text(pilot, "Elle va mieux")
        screen.query_one("#themes", Input).value = "sommeil, famille"
        screen.query_one("#coach-state", Select).value = 4
        await pilot.pause()
        assert screen.query_one("#safety-net").display
        screen.query_one("#relay", Checkbox).value = True
        screen.query_one("#relay-text", Input).value = "douleurs au dos"
        screen.query_one("#action-text", Input).value = "Envoyer le dépliant"
        screen.query_one("#action-due", DateField).value = date(2026, 11, 30)
        screen.query_one("#action-add", Button).press()
        await pilot.pause()
        assert isinstance(app.focused, NoteEditor)
        clock.advance(minutes=40)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, EndCallScreen)
        assert app.screen.proposal.check_in_id == upcoming.id
        await pilot.click("#accept")
        await settle(pilot)
        assert not isinstance(app.screen, CallScreen)
    vault.unlock("cheval agrafe batterie correcte")
    done = check_ins.get_check_in(vault, check_in_id)
    assert (done.status, done.duration_seconds) == ("done", 40 * 60)
    assert check_ins.get_check_in(vault, upcoming.id).status == "planned"
    entry = logbook.get_entry(
        vault,
        logbook.open_draft(vault, person_id=person_id, check_in_id=check_in_id, at=clock.now()),
    )
    assert entry.is_final and entry.body == "Elle va mieux"
    assert entry.fields.themes == ("famille", "sommeil")
    assert (entry.fields.coach_state, entry.fields.safety_net) == (4, True)
    assert (entry.fields.relay, entry.fields.relay_text) == (True, "douleurs au dos")
    assert entry.call_ended_at is not None
    assert [r.body for r in logbook.history(vault, entry.id)] == ["Elle va mieux"]
    actions = logbook.open_actions(vault, person_id)
    assert [(a.text, a.due_date) for a in actions] == [("Envoyer le dépliant", date(2026, 11, 30))]
    vault.release()


async def test_changing_the_next_date_reschedules_it(new_vault: Vault, clock: FixedClock) -> None:
    """ "Change the date" moves the proposed check-in, kept in its history."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    upcoming = check_ins.check_ins_of_person(new_vault, person_id)[1]
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    new_day = upcoming.planned_date + timedelta(days=3)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, check_in_id))
        await settle(pilot)
        await type_text(pilot, "Court appel")
        await pilot.press("ctrl+e")
        await pilot.pause()
        app.screen.query_one("#next-date", DateField).value = new_day
        await pilot.click("#change")
        await settle(pilot)
        assert check_ins.get_check_in(vault, upcoming.id).planned_date == new_day
        assert check_ins.get_check_in(vault, check_in_id).status == "done"
    vault.release()


async def test_one_key_records_an_attempt_and_keeps_the_check_in_open(
    new_vault: Vault, clock: FixedClock
) -> None:
    """Ctrl+T in a call that did not connect: voicemail recorded with a note, the check-in stays
    open, no empty note is left; at the threshold the person is flagged."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock, failed_attempts_before_flag=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, check_in_id))
        await settle(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, AttemptScreen)
        assert isinstance(app.focused, RadioSet)
        await pilot.press("down", "enter")
        assert app.screen.query_one(RadioSet).pressed_index == 1
        app.screen.query_one("#attempt-note", Input).value = "message laissé"
        await pilot.click("#record")
        await settle(pilot)
        assert not isinstance(app.screen, (AttemptScreen, CallScreen))
        made = attempts.attempts_of_check_in(vault, check_in_id)
        assert [(a.outcome, a.note, a.at) for a in made] == [
            ("voicemail", "message laissé", clock.now())
        ]
        assert check_ins.get_check_in(vault, check_in_id).status == "planned"
        assert logbook.note_status_by_check_in(vault, [check_in_id]) == {check_in_id: "none"}
        from epc_tui.vault.people import get_person

        assert get_person(vault, person_id).needs_other_contact
    vault.release()


async def test_lock_during_a_call_returns_to_the_same_note_and_cursor(
    new_vault: Vault, clock: FixedClock
) -> None:
    """Ctrl+L mid-sentence saves at once; after unlock the call screen is back with the same
    text and the cursor where it was, and typing goes on."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock, autosave_seconds=60.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, check_in_id))
        await settle(pilot)
        await type_text(pilot, "Ligne un\nLigne deux")
        await pilot.press("left", "left", "left")
        before = app.screen.query_one(NoteEditor).cursor_position
        assert before == (1, 7)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not vault.is_unlocked
        await unlock(pilot)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CallScreen)
        editor = screen.query_one(NoteEditor)
        assert editor.text == "Ligne un\nLigne deux"
        assert editor.cursor_position == (1, 7)
        assert app.focused is editor
        await type_text(pilot, "X")
        assert editor.text == "Ligne un\nLigne dXeux"
    vault.release()


async def test_autosave_coalesces_keystrokes_and_writes_off_the_ui_thread(
    new_vault: Vault, clock: FixedClock, monkeypatch: Any
) -> None:
    """Forty keys make a handful of saves, none on the UI thread, and the last text is stored
    without any explicit save."""
    import threading

    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    vault = closed_vault(new_vault)
    writes: list[tuple[str, bool]] = []
    original = logbook.save_text

    def counting(*args: Any, **kwargs: Any) -> bool:
        writes.append((args[2], threading.current_thread() is threading.main_thread()))
        return original(*args, **kwargs)

    monkeypatch.setattr(logbook, "save_text", counting)
    app = a_coach_app(vault, clock, autosave_seconds=0.3)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, check_in_id))
        await settle(pilot)
        await type_text(pilot, "abcdefghij" * 4)
        await pilot.pause(0.8)
        await settle(pilot)
        entry = logbook.get_entry(vault, app.screen.entry_id)  # type: ignore[attr-defined]
        assert entry.body == "abcdefghij" * 4
        assert 1 <= len(writes) <= 10
        assert not any(on_ui for _, on_ui in writes)
        assert writes[-1][0] == "abcdefghij" * 4
    vault.release()


async def test_hostile_and_huge_pastes_are_cleaned(new_vault: Vault, clock: FixedClock) -> None:
    """Escape sequences, control and bidi characters are removed from a paste; a 1 MB paste
    is cleaned in a worker and lands whole, and typing still works afterwards."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, check_in_id))
        await settle(pilot)
        editor = app.screen.query_one(NoteEditor)
        hostile = "a\x1b[31mrouge\x1b[0m \x1b]52;c;ZXZpbA==\x07b\u202eé\x00\x07\r\nfin"
        editor.post_message(events.Paste(hostile))
        await settle(pilot)
        assert editor.text == "arouge bé\nfin"
        editor.load_text("")
        line = "Courriel \x1b[1mcollé\x1b[0m avec du texte ordinaire.\r\n"
        huge = line * (1_048_576 // len(line) + 1)
        editor.post_message(events.Paste(huge))
        await settle(pilot)
        expected = ("Courriel collé avec du texte ordinaire.\n") * (1_048_576 // len(line) + 1)
        assert editor.text == expected
        assert "\x1b" not in editor.text
        await type_text(pilot, "ok")
        assert editor.text.endswith("ok")
    vault.release()


async def test_a_call_without_a_check_in_creates_a_held_one(
    new_vault: Vault, clock: FixedClock
) -> None:
    """A call started from a person (no check-in) ends as an on-request check-in, done, with
    its duration, and the note attached to it."""
    person_id, _ = a_partner_with_a_plan(new_vault)
    before = {c.id for c in check_ins.check_ins_of_person(new_vault, person_id)}
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, None))
        await settle(pilot)
        await type_text(pilot, "Appel imprevu")
        clock.advance(minutes=12)
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.click("#accept")
        await settle(pilot)
        added = [c for c in check_ins.check_ins_of_person(vault, person_id) if c.id not in before]
        assert [(c.kind, c.status, c.duration_seconds) for c in added] == [
            ("on_request", "done", 12 * 60)
        ]
        assert logbook.note_status_by_check_in(vault, [added[0].id]) == {added[0].id: "final"}
    vault.release()


async def test_a_call_held_on_its_planned_day_proposes_the_following_check_in(
    new_vault: Vault, clock: FixedClock
) -> None:
    """The check-in planned today is the one being held: the proposal is the next one of the
    track (+3 months), not "nothing planned"."""
    from datetime import timedelta

    from dateutil.relativedelta import relativedelta

    from epc_tui.services.enrolment import enrol
    from epc_tui.vault.records import PersonDraft
    from tests.ui.test_caseload_screens import PLAIN_DAYS, track_id

    anchor = clock.today() - relativedelta(months=1)
    draft = PersonDraft(
        "Luc Aujourdhui", "partner", track_id(new_vault, "first-year-support"), anchor
    )
    person_id = enrol(new_vault, [draft], PLAIN_DAYS, clock.now())[0]
    plan = check_ins.check_ins_of_person(new_vault, person_id)
    assert plan[0].planned_date == clock.today()
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, plan[0].id))
        await settle(pilot)
        clock.advance(minutes=30)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, EndCallScreen)
        assert app.screen.proposal.check_in_id == plan[1].id
        assert app.screen.proposal.proposed_date == clock.today() + timedelta(days=61)


async def test_the_timer_shows_the_clocks_time_since_the_start(
    new_vault: Vault, clock: FixedClock
) -> None:
    """The timer reads the app's clock, like the duration saved at the end: stopped clock,
    stopped timer (deterministic screenshots); 7 min 42 s later it says 07:42."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, check_in_id))
        await settle(pilot)
        timer = app.screen.query_one("#call-timer")
        await pilot.pause(0.6)
        assert str(timer.render()) == "00:00"
        clock.advance(minutes=7, seconds=42)
        await pilot.pause(0.6)
        assert str(timer.render()) == "07:42"
    vault.release()


def visible(widget: Any) -> bool:
    """On screen: displayed itself and every ancestor, with a non-empty region."""
    return bool(widget.display and widget.region.area and widget.visible)


async def test_at_80_columns_the_context_opens_under_the_note_on_ctrl_o(
    new_vault: Vault, clock: FixedClock
) -> None:
    """At 80×24 the note takes the whole width and the context is hidden; Ctrl+O shows it
    under the note in place of the fields, without taking the cursor out of the note; again
    brings the fields back. A field's focus is not lost in a hidden field."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, check_in_id))
        await settle(pilot)
        screen = app.screen
        side, fields, note = (
            screen.query_one("#call-side"),
            screen.query_one("#call-fields"),
            screen.query_one("#note"),
        )
        assert not visible(side) and visible(fields)
        assert note.region.width >= 76
        assert note.region.height >= 10, "the note keeps most of the height"
        await type_text(pilot, "Bonjour")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert visible(side) and not visible(fields)
        assert side.region.y > note.region.y and side.region.width == 80
        assert "Alice Partenaire" in str(screen.query_one("#context-text").render())
        assert isinstance(app.focused, NoteEditor)
        await type_text(pilot, " Alice")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert not visible(side) and visible(fields)
        screen.query_one("#themes", Input).focus()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.focused, NoteEditor), "the focus left the hidden fields"
        assert app.focused.text == "Bonjour Alice"
    vault.release()


async def test_at_200_columns_the_context_sits_beside_and_ctrl_o_hides_it(
    new_vault: Vault, clock: FixedClock
) -> None:
    """At 200×60 the context is beside the note and the fields under it; Ctrl+O hides the
    context and the note takes the width; the focus never stays in the hidden panel."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    vault = closed_vault(new_vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(200, 60)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, check_in_id))
        await settle(pilot)
        screen = app.screen
        side, fields, note = (
            screen.query_one("#call-side"),
            screen.query_one("#call-fields"),
            screen.query_one("#note"),
        )
        assert visible(side) and visible(fields)
        assert side.region.x >= note.region.right and note.region.width >= 120
        assert note.region.height >= 45
        side.focus()
        await pilot.pause()
        assert app.focused is side
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert not visible(side) and visible(fields)
        assert note.region.width >= 190
        assert isinstance(app.focused, NoteEditor)
    vault.release()


@pytest.mark.parametrize("size", [(80, 24), (110, 32)], ids=["80x24", "110x32"])
async def test_field_hints_and_labels_fit_in_both_languages(
    new_vault: Vault, clock: FixedClock, size: tuple[int, int]
) -> None:
    """No grey hint, label or choice prompt of the structured fields is cut at 80×24, nor at
    110 columns where the context first sits beside the note, in French or in English."""
    from rich.cells import cell_len
    from textual.widgets import Label

    from epc_tui.i18n import set_language

    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    vault = closed_vault(new_vault)
    hints: dict[str, list[str]] = {}
    for language in ("fr", "en"):
        set_language(language)
        app = a_coach_app(vault, clock, language=language)
        async with app.run_test(size=size) as pilot:
            await unlock(pilot)
            await app.push_screen(CallScreen(person_id, check_in_id))
            await settle(pilot)
            assert app.screen.query_one("#call-side").display == (size[0] >= 110)
            form = app.screen.query_one("#call-fields")
            inputs = list(form.query(Input))
            assert len(inputs) == 5
            hints[language] = [field.placeholder for field in inputs]
            for field in inputs:
                room = field.content_region.width
                assert cell_len(field.placeholder) < room, (language, field.placeholder, room)
            for label in form.query(Label):
                text = str(label.render())
                assert cell_len(text) <= label.content_region.width, (language, text)
            state = form.query_one("#coach-state", Select)
            prompt = str(state.query_one("SelectCurrent #label").render())
            assert prompt == state.prompt
            assert cell_len(prompt) + 2 <= state.content_region.width, (language, prompt)
            relay = form.query_one("#relay", Checkbox)
            assert relay.region.right <= form.query_one("#relay-text").region.x
            await pilot.press("escape")
            await settle(pilot)
    assert set(hints["fr"]).isdisjoint(hints["en"]), "each language was really shown"
    vault.release()
