"""Indicator figures over the known vault, each one counted by hand (see the vault's comments)."""

from __future__ import annotations

from datetime import date

import pytest

from epc_tui.services.indicators import (
    Figures,
    compute_report,
    figures_of,
    indicator_report,
    series_start,
)
from epc_tui.vault.indicator_data import CheckInFact, IndicatorFacts
from epc_tui.vault.vault import Vault
from tests.unit.test_indicators_known_vault import NOVEMBER, TODAY, build_known_vault


@pytest.fixture
def november(new_vault: Vault):  # type: ignore[no-untyped-def]
    """The report of the known vault for November 2026, seen on Monday 23 November."""
    build_known_vault(new_vault)
    return indicator_report(new_vault, *NOVEMBER, TODAY)


def test_totals_for_november(november) -> None:  # type: ignore[no-untyped-def]
    """Every total of the period, with the people and meetings that make it."""
    total = november.total
    # P1–P9 (P10 starts in December, P11 closed in October)
    assert total.people_followed == 9
    # started in November: P2, P4, P5, P6, P7, P9
    assert total.new_referrals == 6
    # P3 closed on 12 November
    assert total.closed == 1
    # P1 ×2 (10th, 18th), P3 (20th), P4 (4th), P5 (16th)
    assert total.meetings_held == 5
    # J+2 due: P4 on time; P5 late (held 16 > 14); P6 late (22 passed); P9 cancelled.
    # P7's deadline (24th) is not reached; P8's (31 Oct) is in October.
    assert (total.first_contacts_on_time, total.first_contacts_due) == (1, 4)
    assert total.first_contact_rate == pytest.approx(0.25)
    # planned held: P1 m1 in window, P3 after its window, P4 and P5 in window
    assert (total.planned_in_window, total.planned_held) == (3, 4)
    assert total.in_window_rate == pytest.approx(0.75)
    assert (total.missed, total.cancelled) == (1, 1)
    # 3600 + 1200 + 1800 + 900 + 600 s
    assert (total.timed_calls, total.call_seconds) == (5, 8100)
    assert total.average_call_seconds == pytest.approx(1620)
    # relays: P1 (10th), P4 (4th); P1's October relay is out
    assert total.relays == 2
    # safety net: P3's entry and the coach's own reflection
    assert total.safety_net_flags == 2
    assert total.training_needs == 3
    assert dict(total.needs_by_theme) == {
        "limits": 1,
        "objectives": 1,
        "other": 1,
        "unspecified": 1,
    }


def test_figures_per_track_and_kind(november) -> None:  # type: ignore[no-untyped-def]
    """Three groups, in a stable order; P10's empty group is left out."""
    groups = [(group.track.builtin_key, group.kind) for group in november.groups]
    assert groups == [
        ("first-year-support", "partner"),
        ("first-year-support", "former"),
        ("oral-therapy", "patient"),
    ]
    partners, former, patients = (group.figures for group in november.groups)
    assert partners == Figures(
        people_followed=2,
        new_referrals=1,
        meetings_held=2,
        planned_held=1,
        planned_in_window=1,
        missed=1,
        timed_calls=2,
        call_seconds=4800,
        relays=1,
        training_needs=1,
        needs_by_theme=(("limits", 1), ("objectives", 1)),
    )
    assert former == Figures(
        people_followed=1,
        closed=1,
        meetings_held=1,
        planned_held=1,
        timed_calls=1,
        call_seconds=1800,
        safety_net_flags=1,
        training_needs=1,
        needs_by_theme=(("other", 1),),
    )
    assert former.in_window_rate == 0
    assert patients == Figures(
        people_followed=6,
        new_referrals=5,
        meetings_held=2,
        first_contacts_due=4,
        first_contacts_on_time=1,
        planned_held=2,
        planned_in_window=2,
        cancelled=1,
        timed_calls=2,
        call_seconds=1500,
        relays=1,
        training_needs=1,
        needs_by_theme=(("unspecified", 1),),
    )


def test_monthly_series_covers_six_months_with_october_and_november(november) -> None:  # type: ignore[no-untyped-def]
    """June to November; October has P8's J+2 call, November the five meetings above."""
    months = {point.month: point for point in november.months}
    assert list(months) == [date(2026, month, 1) for month in range(6, 12)]
    assert (months[date(2026, 10, 1)].meetings_held, months[date(2026, 10, 1)].in_window_rate) == (
        1,
        1.0,
    )
    november_point = months[date(2026, 11, 1)]
    assert (november_point.meetings_held, november_point.planned_held) == (5, 4)
    assert november_point.in_window_rate == pytest.approx(0.75)
    assert months[date(2026, 7, 1)].meetings_held == 0
    assert months[date(2026, 7, 1)].in_window_rate is None


def test_a_later_today_makes_p7_due_and_late(new_vault: Vault) -> None:
    """On 30 November P7's deadline (24th) has passed without a call: 1 on time out of 5."""
    build_known_vault(new_vault)
    report = indicator_report(new_vault, *NOVEMBER, date(2026, 11, 30))
    assert (report.total.first_contacts_on_time, report.total.first_contacts_due) == (1, 5)


def test_october_alone(new_vault: Vault) -> None:
    """October: P8's J+2 on time, P11 closed, P1's relay; P1 and P8 referred."""
    build_known_vault(new_vault)
    total = indicator_report(new_vault, date(2026, 10, 1), date(2026, 10, 31), TODAY).total
    assert (total.first_contacts_on_time, total.first_contacts_due) == (1, 1)
    assert total.closed == 1
    assert total.relays == 1
    assert total.new_referrals == 2
    assert total.meetings_held == 1


def test_empty_period_has_no_rates() -> None:
    """With nothing to divide by, rates are None rather than 0 % or an error."""
    figures = figures_of((), (), (), date(2026, 1, 1), date(2026, 1, 31), TODAY)
    assert figures == Figures()
    assert figures.first_contact_rate is None
    assert figures.in_window_rate is None
    assert figures.average_call_seconds is None


def test_a_check_in_without_a_window_is_on_time_only_on_its_planned_day() -> None:
    """No window: held on the planned day is in window, the next day is not."""

    def held(day: int) -> CheckInFact:
        return CheckInFact(
            person_id=1,
            kind="planned",
            step_key="",
            status="done",
            planned=date(2026, 3, 10),
            window_start=None,
            window_end=None,
            held=date(2026, 3, day),
            duration_seconds=None,
            anchor=None,
        )

    facts = IndicatorFacts(date(2026, 3, 1), date(2026, 3, 31), (), (held(10), held(11)), ())
    report = compute_report(facts, date(2026, 3, 1), date(2026, 3, 31), TODAY)
    assert (report.total.planned_in_window, report.total.planned_held) == (1, 2)
    assert report.total.timed_calls == 0


def test_series_start_reaches_back_for_short_periods() -> None:
    """A month shows six months; a year shows itself."""
    assert series_start(date(2026, 11, 1), date(2026, 11, 30)) == date(2026, 6, 1)
    assert series_start(date(2026, 1, 1), date(2026, 12, 31)) == date(2026, 1, 1)
