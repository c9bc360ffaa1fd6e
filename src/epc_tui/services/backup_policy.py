"""When to make an automatic backup, which ones to keep, and when the disk is too full.

Pure functions of plain values (no files, no clock), so each rule is tested on its own:

- **due**: after changes, at most once per hour — and on lock as soon as anything changed since
  the last backup;
- **rotation**: the newest backup of each of the last 7 days, 4 weeks and 12 months that have
  backups (the counts are settings), plus always the newest of all (restic's `--keep-*`);
- **space**: never fill the disk — refuse to start when what would remain free after writing
  falls under a reserve.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

MIN_INTERVAL = timedelta(hours=1)
MIB = 1024 * 1024
DATA_DIR_RESERVE_MIN = 512 * MIB
DATA_DIR_RESERVE_MAX = 5 * 1024 * MIB
REMOVABLE_MARGIN = 1 * MIB


@dataclass(frozen=True)
class Retention:
    """How many daily, weekly and monthly automatic backups to keep."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12


def automatic_backup_due(
    now: datetime,
    last_backup: datetime | None,
    last_change: datetime | None,
    on_lock: bool,
    min_interval: timedelta = MIN_INTERVAL,
) -> bool:
    """True when an automatic backup should start now.

    Nothing changed since the last backup: never. Never backed up: yes. On lock: yes as soon
    as something changed. Otherwise: only once `min_interval` has passed since the last one.
    """
    if last_backup is None:
        return last_change is not None
    if last_change is None or last_change <= last_backup:
        return False
    return on_lock or now - last_backup >= min_interval


def _newest_per_period(
    moments: list[datetime], period: Callable[[datetime], Hashable], count: int
) -> set[datetime]:
    kept: set[datetime] = set()
    seen: set[Hashable] = set()
    for moment in moments:
        key = period(moment)
        if key in seen:
            continue
        if len(seen) >= count:
            break
        seen.add(key)
        kept.add(moment)
    return kept


def backups_to_keep(moments: Iterable[datetime], retention: Retention) -> set[datetime]:
    """The backup times kept by the rotation (the newest is always kept)."""
    ordered = sorted(set(moments), reverse=True)
    if not ordered:
        return set()
    kept = {ordered[0]}
    kept |= _newest_per_period(ordered, lambda m: m.date(), max(0, retention.daily))
    kept |= _newest_per_period(
        ordered, lambda m: tuple(m.isocalendar())[:2], max(0, retention.weekly)
    )
    kept |= _newest_per_period(ordered, lambda m: (m.year, m.month), max(0, retention.monthly))
    return kept


def backups_to_delete(moments: Iterable[datetime], retention: Retention) -> list[datetime]:
    """The backup times the rotation removes, oldest first."""
    all_moments = set(moments)
    return sorted(all_moments - backups_to_keep(all_moments, retention))


def data_dir_reserve(total_bytes: int) -> int:
    """Space always left free on the vault's disk: 5 % of it, between 512 MiB and 5 GiB."""
    return min(max(DATA_DIR_RESERVE_MIN, total_bytes // 20), DATA_DIR_RESERVE_MAX)


def low_space(free_bytes: int, total_bytes: int, needed_bytes: int, removable: bool) -> bool:
    """True when writing `needed_bytes` would leave too little free space.

    On the vault's own disk the reserve keeps the laptop (and the vault's own writes) working;
    on a USB key the coach chose, only a small margin is kept.
    """
    reserve = REMOVABLE_MARGIN if removable else data_dir_reserve(total_bytes)
    return free_bytes - needed_bytes < reserve
