"""Time faults between two sessions: a coach who travels (Montréal, then Paris), daylight
saving changes, and a computer clock moved backwards. Check-ins keep their local date and
time; nothing in the vault depends on the clock only moving forward."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from benchmarks.fictional_vault import VaultSize, build_vault

from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
from tests.faults.runner import epc

SMALL = VaultSize("temps", people=30, check_ins=240, notes=60, min_words=20, max_words=40)
TODAY = date(2026, 10, 1)
# Europe/Paris leaves summer time on 25 October 2026, America/Montreal on 1 November 2026:
# seen from 1 October, the meetings of those weeks are still planned (and exported).
PERIOD = ("--from", "2026-10-01", "--to", "2027-01-31")
EVENT = re.compile(r"BEGIN:VEVENT.*?END:VEVENT", re.S)


def export_calendar(data_dir: Path, target: Path, zone: str) -> list[str]:
    """Export the calendar with `TZ=zone`; return its events without their creation stamp."""
    result = epc(
        "export",
        "ics",
        str(target),
        *PERIOD,
        "--passphrase-stdin",
        data_dir=data_dir,
        stdin="bench\n",
        env={"TZ": zone},
    )
    assert result.returncode == 0, result.stderr
    events = EVENT.findall(target.read_text(encoding="utf-8"))
    return sorted(re.sub(r"DTSTAMP:[^\r\n]*\r?\n", "", event) for event in events)


def planned_times(data_dir: Path) -> set[str]:
    """`YYYYMMDDTHHMM00` of every check-in with a time, as stored in the vault."""
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    vault.unlock("bench")
    try:
        with vault.connected():
            rows = vault.database.execute_sql(
                "SELECT planned_date, planned_time FROM check_in WHERE planned_time != ''"
            ).fetchall()
    finally:
        vault.release()
    return {f"{day.replace('-', '')}T{clock.replace(':', '')}00" for day, clock in rows}


def test_check_ins_keep_their_local_time_across_time_zones_and_summer_time(
    tmp_path: Path,
) -> None:
    """The same vault exported in Montréal and then in Paris gives the same events, and
    every timed event starts at the check-in's stored local date and time — also for the
    weeks around both daylight-saving changes."""
    data = tmp_path / "coffre voyageur"
    build_vault(data, SMALL, today=TODAY)
    montreal = export_calendar(data, tmp_path / "montréal.ics", "America/Montreal")
    paris = export_calendar(data, tmp_path / "paris.ics", "Europe/Paris")
    assert montreal == paris
    starts = [
        found
        for event in montreal
        for found in re.findall(r"^DTSTART:(\d{8}T\d{6})\r?$", event, re.M)
    ]
    stored = planned_times(data)
    assert starts and set(starts) <= stored
    around_changes = [s for s in starts if "20261018" <= s[:8] <= "20261108"]
    assert around_changes, "the fictional vault should have timed check-ins around the changes"
    assert all(not start.endswith("Z") for start in starts)  # floating local times


def test_a_clock_moved_backwards_changes_nothing(tmp_path: Path) -> None:
    """Notes finalised, meetings held and events logged up to 400 days after today's clock
    (the computer's clock was then put back): the vault opens, `epc check` passes (the
    logbook chain does not need time to move forward), the calendar exports, and the new
    session's audit entry, dated before the latest ones, is simply added."""
    ahead = date.today() + timedelta(days=400)
    data = tmp_path / "horloge reculée"
    build_vault(data, SMALL, today=ahead)
    checked = epc("check", "--passphrase-stdin", data_dir=data, stdin="bench\n")
    assert checked.returncode == 0, checked.stderr
    exported = epc(
        "export",
        "ics",
        str(tmp_path / "agenda.ics"),
        "--from",
        ahead.isoformat(),
        "--to",
        (ahead + timedelta(days=60)).isoformat(),
        "--passphrase-stdin",
        data_dir=data,
        stdin="bench\n",
    )
    assert exported.returncode == 0, exported.stderr
    vault = Vault(VaultPaths(data), kdf=FLOOR)
    vault.unlock("bench")
    try:
        with vault.connected():
            latest_note = vault.database.execute_sql(
                "SELECT max(finalised_at) FROM logbook_entry"
            ).fetchone()[0]
            unlocks = vault.database.execute_sql(
                "SELECT count(*) FROM vault_event WHERE kind = 'unlock'"
            ).fetchone()[0]
        assert vault.check().ok
    finally:
        vault.release()
    assert datetime.fromisoformat(str(latest_note)) > datetime.now()
    assert unlocks >= 3


@pytest.mark.parametrize("zone", ["America/Montreal", "Europe/Paris", "Pacific/Chatham"])
def test_the_vault_opens_and_checks_in_any_time_zone(tmp_path: Path, zone: str) -> None:
    """Opening and checking do not depend on the time zone (including an unusual +12:45)."""
    data = tmp_path / "coffre"
    build_vault(data, SMALL, today=TODAY)
    result = epc("check", "--passphrase-stdin", data_dir=data, stdin="bench\n", env={"TZ": zone})
    assert result.returncode == 0, result.stderr
