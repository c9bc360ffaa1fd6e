"""The .ics export parsed back with `icalendar`: codes and steps only, names only when asked."""

from __future__ import annotations

import stat
from datetime import date, datetime, time
from pathlib import Path

import pytest
from icalendar import Calendar

from epc_tui.services.enrolment import enrol
from epc_tui.services.ics_export import default_period, export_calendar
from epc_tui.settings import Settings
from epc_tui.vault import check_ins, people, tracks
from epc_tui.vault.builtin_tracks import FIRST_YEAR, ORAL_THERAPY
from epc_tui.vault.errors import EpcError
from epc_tui.vault.records import PersonDraft
from epc_tui.vault.vault import Vault

NOW = datetime(2026, 11, 23, 9, 0)
PLAIN_DAYS = Settings(skip_weekends=False, skip_holidays=False)
MARKERS = {
    "name": "Zéphirine MARQUEURNOM4411",
    "phone": "514 555-7731",
    "email": "marqueur.courriel.8812@example.org",
    "summary": "MARQUEURNOTE5520 chimio orale difficile",
    "referred_by": "Dr MARQUEURREF6631",
    "tag": "MARQUEURTAG9940",
    "on_request_label": "MARQUEURLABEL3318 après chimio",
}


def a_marked_person(vault: Vault) -> int:
    """A person whose every personal field holds a unique marker, on the oral-therapy track."""
    track = tracks.find_track(tracks.list_tracks(vault), ORAL_THERAPY)
    assert track is not None
    draft = PersonDraft(
        full_name=MARKERS["name"],
        kind="patient",
        track_id=track.id,
        anchor_date=date(2026, 11, 23),
        code="P-ICS01",
        phone=MARKERS["phone"],
        email=MARKERS["email"],
        referred_by=MARKERS["referred_by"],
        criteria=("sideration", "anxiety"),
        tags=(MARKERS["tag"],),
        summary=MARKERS["summary"],
    )
    return enrol(vault, [draft], PLAIN_DAYS, NOW)[0]


def a_partner(vault: Vault) -> int:
    """A new patient partner on the structured first year, trained on 1 November 2026."""
    track = tracks.find_track(tracks.list_tracks(vault), FIRST_YEAR)
    assert track is not None
    draft = PersonDraft("Paul Partenaire", "partner", track.id, date(2026, 11, 1), code="P-ICS02")
    return enrol(vault, [draft], PLAIN_DAYS, NOW)[0]


def exported(vault: Vault, path: Path, with_names: bool = False) -> Calendar:
    """Export the default period and parse the file back."""
    start, end = default_period(NOW.date())
    export_calendar(vault, path, start, end, NOW, with_names=with_names)
    return Calendar.from_ical(path.read_bytes())


def test_no_name_phone_email_notes_or_health_information(new_vault: Vault, tmp_path: Path) -> None:
    """Every marker is absent from the file; summaries are `epc · code · step`."""
    person = a_marked_person(new_vault)
    check_ins.add_check_in(
        new_vault, person, date(2026, 12, 3), NOW, label=MARKERS["on_request_label"]
    )
    path = tmp_path / "rencontres.ics"
    calendar = exported(new_vault, path)
    raw = path.read_bytes()
    for marker in MARKERS.values():
        for needle in (marker, *(word for word in marker.split() if "MARQUEUR" in word.upper())):
            assert needle.encode() not in raw, needle
    for criterion in ("sideration", "anxiety", "sidération", "anxiété"):
        assert criterion.encode() not in raw
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries[0] == "epc · P-ICS01 · Premier appel (J+2)"
    assert "epc · P-ICS01 · Rencontre sur demande" in summaries
    assert all(summary.startswith("epc · P-ICS01 · ") for summary in summaries)
    for event in calendar.walk("VEVENT"):
        assert set(event.keys()) <= {
            "UID",
            "DTSTAMP",
            "SUMMARY",
            "DTSTART",
            "DTEND",
            "TRANSP",
            "STATUS",
            "CLASS",
        }


def test_with_names_adds_the_name_and_nothing_else(new_vault: Vault, tmp_path: Path) -> None:
    """The full name appears; phone, e-mail, notes, referrer, tags and labels still do not."""
    person = a_marked_person(new_vault)
    check_ins.add_check_in(
        new_vault, person, date(2026, 12, 3), NOW, label=MARKERS["on_request_label"]
    )
    path = tmp_path / "avec-noms.ics"
    calendar = exported(new_vault, path, with_names=True)
    first = next(iter(calendar.walk("VEVENT")))
    assert str(first["SUMMARY"]) == f"epc · P-ICS01 · {MARKERS['name']} · Premier appel (J+2)"
    raw = path.read_bytes().decode()
    for key in ("phone", "email", "summary", "referred_by", "tag", "on_request_label"):
        assert MARKERS[key] not in raw, key


def test_uids_are_the_check_ins_own_and_stable(new_vault: Vault, tmp_path: Path) -> None:
    """Exporting twice gives the same UIDs, one per planned check-in, made of its uid."""
    person = a_partner(new_vault)
    planned = [
        item
        for item in check_ins.check_ins_of_person(new_vault, person)
        if item.status == "planned"
        and NOW.date() <= item.planned_date <= default_period(NOW.date())[1]
    ]
    first = [str(e["UID"]) for e in exported(new_vault, tmp_path / "a.ics").walk("VEVENT")]
    second = [str(e["UID"]) for e in exported(new_vault, tmp_path / "b.ics").walk("VEVENT")]
    assert first == second == [f"{item.uid}@epc.local" for item in planned]
    assert len(set(first)) == len(first) > 0


def test_all_day_and_timed_events(new_vault: Vault, tmp_path: Path) -> None:
    """No time: an all-day, free event; a time: a floating local start lasting the duration."""
    person = a_partner(new_vault)
    plan = check_ins.check_ins_of_person(new_vault, person)
    check_ins.reschedule(new_vault, plan[0].id, plan[0].planned_date, NOW, planned_time="14:30")
    events = list(exported(new_vault, tmp_path / "c.ics").walk("VEVENT"))
    timed = events[0]
    start = timed.decoded("DTSTART")
    assert start == datetime.combine(plan[0].planned_date, time(14, 30))
    assert start.tzinfo is None  # floating local time
    assert (timed.decoded("DTEND") - start).total_seconds() == 60 * 60
    all_day = events[1]
    assert all_day.decoded("DTSTART") == plan[1].planned_date
    assert not isinstance(all_day.decoded("DTSTART"), datetime)
    assert str(all_day["TRANSP"]) == "TRANSPARENT"


def test_period_held_and_cancelled_meetings(new_vault: Vault, tmp_path: Path) -> None:
    """Only planned check-ins inside the period; a held meeting is not exported."""
    person = a_partner(new_vault)
    plan = check_ins.check_ins_of_person(new_vault, person)
    check_ins.set_status(new_vault, plan[0].id, "done", NOW)
    path = tmp_path / "periode.ics"
    export_calendar(new_vault, path, date(2026, 11, 1), date(2027, 2, 28), NOW)
    dates = [e.decoded("DTSTART") for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")]
    assert dates == [plan[1].planned_date]  # m1 held; m3 = 1 Feb 2027; m6 after February


def test_file_is_private_and_replaced_atomically(new_vault: Vault, tmp_path: Path) -> None:
    """The file is readable by its owner only, even when an older world-readable one existed."""
    a_partner(new_vault)
    folder = tmp_path / "export"
    folder.mkdir()
    path = folder / "rencontres.ics"
    path.write_text("ancien")
    path.chmod(0o644)
    exported(new_vault, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["rencontres.ics"]


def test_bad_period_and_target_are_refused(new_vault: Vault, tmp_path: Path) -> None:
    """End before start, more than five years, a folder, a missing folder: clear errors."""
    with pytest.raises(EpcError) as inverted:
        export_calendar(new_vault, tmp_path / "x.ics", date(2027, 1, 1), date(2026, 1, 1), NOW)
    assert inverted.value.message_key == "ics.error.bad_period"
    with pytest.raises(EpcError) as long:
        export_calendar(new_vault, tmp_path / "x.ics", date(2026, 1, 1), date(2036, 1, 1), NOW)
    assert long.value.message_key == "ics.error.period_too_long"
    with pytest.raises(EpcError) as folder:
        export_calendar(new_vault, tmp_path, date(2026, 1, 1), date(2026, 2, 1), NOW)
    assert folder.value.message_key == "ics.error.is_directory"
    with pytest.raises(EpcError) as missing:
        export_calendar(
            new_vault, tmp_path / "absent" / "x.ics", date(2026, 1, 1), date(2026, 2, 1), NOW
        )
    assert missing.value.message_key == "ics.error.cannot_write"
    assert people.list_people(new_vault) == []
