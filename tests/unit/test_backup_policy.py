"""The automatic-backup rules: when one is due, which are kept, and the low-space guard."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from epc_tui.services.backup_policy import (
    MIB,
    Retention,
    automatic_backup_due,
    backups_to_delete,
    backups_to_keep,
    data_dir_reserve,
    low_space,
)

NOON = datetime(2026, 11, 23, 12, 0)


def test_due_after_changes_at_most_hourly() -> None:
    """Changes 10 minutes after a backup wait for the hour; after the hour they are due."""
    last = NOON - timedelta(minutes=30)
    change = NOON - timedelta(minutes=20)
    assert not automatic_backup_due(NOON, last, change, on_lock=False)
    assert automatic_backup_due(NOON + timedelta(minutes=31), last, change, on_lock=False)


def test_lock_backs_up_any_change_at_once() -> None:
    """On lock, a change since the last backup is enough, whatever the hour."""
    last = NOON - timedelta(minutes=5)
    assert automatic_backup_due(NOON, last, NOON - timedelta(minutes=1), on_lock=True)


def test_nothing_changed_means_no_backup() -> None:
    """No change since the last backup: never due, on lock or after days."""
    last = NOON - timedelta(days=3)
    assert not automatic_backup_due(NOON, last, last - timedelta(hours=1), on_lock=True)
    assert not automatic_backup_due(NOON, last, None, on_lock=False)


def test_first_backup_is_due_at_once() -> None:
    """A vault never backed up gets its first backup straight away."""
    assert automatic_backup_due(NOON, None, NOON - timedelta(minutes=1), on_lock=False)


def test_rotation_keeps_7_daily_4_weekly_12_monthly() -> None:
    """Hourly backups over 400 days: the newest of each of the last 7 days, 4 weeks and
    12 months remain, and the newest of all."""
    moments = [NOON - timedelta(hours=h) for h in range(0, 400 * 24, 1)]
    kept = backups_to_keep(moments, Retention())
    newest_of_day = {
        d: max(m for m in moments if m.date() == d) for d in {m.date() for m in moments}
    }
    days = sorted(newest_of_day, reverse=True)[:7]
    assert {newest_of_day[d] for d in days} <= kept
    months = sorted({(m.year, m.month) for m in moments}, reverse=True)[:12]
    for year, month in months:
        assert max(m for m in moments if (m.year, m.month) == (year, month)) in kept
    assert max(moments) in kept
    assert len(kept) <= 7 + 4 + 12 + 1
    assert len(kept) >= 12
    deleted = backups_to_delete(moments, Retention())
    assert set(deleted) | kept == set(moments) and not set(deleted) & kept


def test_rotation_follows_the_settings() -> None:
    """With 2 daily and nothing else, only the newest of the last two days remain."""
    moments = [NOON - timedelta(hours=h) for h in range(0, 96, 6)]
    kept = backups_to_keep(moments, Retention(daily=2, weekly=0, monthly=0))
    assert kept == {NOON, datetime(2026, 11, 22, 18, 0)}


def test_rotation_of_nothing_keeps_nothing() -> None:
    """An empty folder: nothing to keep, nothing to delete."""
    assert backups_to_keep([], Retention()) == set()
    assert backups_to_delete([], Retention()) == []


@given(st.lists(st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1)), max_size=60))
def test_rotation_always_keeps_the_newest_and_never_more_than_allowed(
    moments: list[datetime],
) -> None:
    """Whatever the history: the newest is kept, at most daily+weekly+monthly+1 remain."""
    kept = backups_to_keep(moments, Retention())
    if moments:
        assert max(moments) in kept
    assert len(kept) <= 7 + 4 + 12 + 1
    assert kept <= set(moments)


def test_low_space_on_the_vault_disk_keeps_a_reserve() -> None:
    """On the laptop's disk, 5 % (at least 512 MiB) stays free; a USB key may fill up."""
    total = 100 * 1024 * MIB
    assert data_dir_reserve(total) == 5 * 1024 * MIB
    assert data_dir_reserve(2 * 1024 * MIB) == 512 * MIB
    free = 6 * 1024 * MIB
    assert not low_space(free, total, 500 * MIB, removable=False)
    assert low_space(free, total, 1500 * MIB, removable=False)
    assert not low_space(600 * MIB, 1024 * MIB, 500 * MIB, removable=True)
    assert low_space(500 * MIB, 1024 * MIB, 500 * MIB, removable=True)
