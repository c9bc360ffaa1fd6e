"""Call attempts: kept with time and outcome, counted since the last connected call, the person
flagged for another way of contact at the threshold and cleared by a connected call."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from epc_tui.vault import attempts, check_ins, logbook, people
from epc_tui.vault.errors import EpcError
from epc_tui.vault.vault import Vault
from tests.unit.test_logbook import NOW, a_partner_with_a_plan


def test_three_failed_attempts_flag_the_person_and_a_connected_call_clears_it(
    new_vault: Vault,
) -> None:
    """No answer, voicemail, then wrong number: flagged at the third; the check-in stays open;
    a connected call clears the flag and restarts the count."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    first = attempts.record_attempt(new_vault, check_in_id, person_id, "no_answer", NOW)
    assert (first.failed_in_a_row, first.flagged) == (1, False)
    attempts.record_attempt(
        new_vault, check_in_id, person_id, "voicemail", NOW + timedelta(hours=1), note="message"
    )
    assert not people.get_person(new_vault, person_id).needs_other_contact
    third = attempts.record_attempt(
        new_vault, check_in_id, person_id, "wrong_number", NOW + timedelta(hours=2)
    )
    assert (third.failed_in_a_row, third.flagged) == (3, True)
    assert people.get_person(new_vault, person_id).needs_other_contact
    assert check_ins.get_check_in(new_vault, check_in_id).status == "planned"
    assert [a.outcome for a in attempts.attempts_of_check_in(new_vault, check_in_id)] == [
        "no_answer",
        "voicemail",
        "wrong_number",
    ]
    entry_id = logbook.open_draft(
        new_vault, person_id=person_id, check_in_id=check_in_id, at=NOW + timedelta(days=1)
    )
    logbook.record_call_times(
        new_vault, entry_id, NOW + timedelta(days=1), NOW + timedelta(days=1, minutes=30)
    )
    attempts.record_connected_call(new_vault, person_id)
    assert not people.get_person(new_vault, person_id).needs_other_contact
    assert attempts.failed_in_a_row(new_vault, person_id) == 0
    again = attempts.record_attempt(
        new_vault, None, person_id, "no_answer", NOW + timedelta(days=2)
    )
    assert (again.failed_in_a_row, again.flagged) == (1, False)


def test_threshold_follows_the_setting_and_call_back_needs_a_time(new_vault: Vault) -> None:
    """With a threshold of 1 the first attempt flags; "call back later" keeps its time; an
    unknown outcome is refused."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    with pytest.raises(EpcError):
        attempts.record_attempt(new_vault, check_in_id, person_id, "call_back", NOW)
    with pytest.raises(EpcError):
        attempts.record_attempt(new_vault, check_in_id, person_id, "hung_up", NOW)
    later = datetime(2026, 11, 24, 14, 30)
    result = attempts.record_attempt(
        new_vault, check_in_id, person_id, "call_back", NOW, call_back_at=later, flag_after=1
    )
    assert result.flagged and result.attempt.call_back_at == later
    assert attempts.attempts_of_person(new_vault, person_id)[0].outcome == "call_back"
