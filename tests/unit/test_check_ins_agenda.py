"""The calendar's agenda query (`agenda_between`): what each line shows, in day, time and name
order, read from the covering index without the check-in rows, and the same facts as the full
records the today view reads."""

from __future__ import annotations

import threading
from datetime import date, datetime

from epc_tui.vault import attempts, check_ins, logbook, people
from epc_tui.vault.migrations import LATEST_VERSION, migrate_to
from epc_tui.vault.migrations.v0006_calendar_indexes import AGENDA_INDEX
from epc_tui.vault.migrations.v0007_agenda_lines_index import AGENDA_LINES_INDEX
from epc_tui.vault.records import PersonDraft
from epc_tui.vault.vault import Vault
from epc_tui.vault.warm_connection import WarmConnection

NOW = datetime(2026, 11, 23, 9, 0)
MONDAY = date(2026, 11, 23)


def someone(vault: Vault, name: str, code: str) -> int:
    """A person without a track (their meetings are added one by one)."""
    draft = PersonDraft(full_name=name, kind="patient", track_id=None, anchor_date=None, code=code)
    return people.add_person(vault, draft, [], NOW)


def test_a_day_lists_its_meetings_by_time_then_name_with_attempts_and_notes(
    new_vault: Vault,
) -> None:
    """Meetings of one day come by time (no time first), then by name; each line carries the
    person's name and code, the step, the number of call attempts and the note's state
    (none, draft, finalised); other days are left out."""
    zoe = someone(new_vault, "Zoé Bouchard", "A-ZOBO")
    anne = someone(new_vault, "Anne Lavoie", "A-ANLA")
    late = check_ins.add_check_in(new_vault, anne, MONDAY, NOW, planned_time="14:30")
    zoe_early = check_ins.add_check_in(new_vault, zoe, MONDAY, NOW, planned_time="09:00")
    anne_early = check_ins.add_check_in(new_vault, anne, MONDAY, NOW, planned_time="09:00")
    untimed = check_ins.add_check_in(new_vault, zoe, MONDAY, NOW, label="Suivi")
    check_ins.add_check_in(new_vault, zoe, date(2026, 11, 24), NOW)
    check_ins.add_check_in(new_vault, anne, date(2026, 11, 22), NOW)
    for outcome in ("no_answer", "voicemail"):
        attempts.record_attempt(new_vault, late, anne, outcome, NOW)
    draft = logbook.open_draft(new_vault, person_id=zoe, check_in_id=zoe_early, at=NOW)
    logbook.save_text(new_vault, draft, "Rappeler jeudi.", (0, 0), NOW)
    written = logbook.open_draft(new_vault, person_id=anne, check_in_id=anne_early, at=NOW)
    logbook.save_text(new_vault, written, "Bilan fait ensemble.", (0, 0), NOW)
    logbook.finalise(new_vault, written, NOW)

    lines = check_ins.agenda_between(new_vault, MONDAY, MONDAY)

    assert [line.id for line in lines] == [untimed, anne_early, zoe_early, late]
    assert {line.planned_date for line in lines} == {MONDAY}
    assert [line.note_status for line in lines] == ["none", "final", "draft", "none"]
    assert [line.attempts for line in lines] == [0, 0, 0, 2]
    assert (lines[1].person_name, lines[1].person_code) == ("Anne Lavoie", "A-ANLA")
    assert lines[0].label == "Suivi" and lines[0].step_key == "on_request"
    assert all(line.status == "planned" and line.is_open for line in lines)


def test_agenda_lines_say_what_the_full_records_say(new_vault: Vault) -> None:
    """For a week, the agenda's lines and `check_ins_between`'s records agree on every field
    the agenda keeps, held and cancelled meetings included."""
    anne = someone(new_vault, "Anne Lavoie", "A-ANLA")
    bruno = someone(new_vault, "Bruno Gagnon", "A-BRGA")
    held = check_ins.add_check_in(new_vault, anne, date(2026, 11, 20), NOW, planned_time="10:00")
    check_ins.set_status(new_vault, held, "done", datetime(2026, 11, 20, 10, 30), 1800)
    cancelled = check_ins.add_check_in(new_vault, bruno, date(2026, 11, 21), NOW)
    check_ins.set_status(new_vault, cancelled, "cancelled", NOW, reason="Hospitalisé")
    check_ins.add_check_in(new_vault, bruno, MONDAY, NOW, mode="video")
    start, end = date(2026, 11, 16), date(2026, 11, 22)

    lines = check_ins.agenda_between(new_vault, start, end)
    records = check_ins.check_ins_between(new_vault, start, end)

    fields = (
        "id", "person_id", "person_name", "person_code", "step_key", "label", "kind",
        "planned_date", "planned_time", "status", "attempts", "note_status",
    )  # fmt: skip
    assert len(lines) == 2
    assert [tuple(getattr(line, name) for name in fields) for line in lines] == [
        tuple(getattr(record, name) for name in fields) for record in records
    ]
    assert [line.status for line in lines] == ["done", "cancelled"]


def agenda_plan(vault: Vault) -> list[str]:
    """The outer steps SQLite plans for the agenda's query."""
    with vault.connected():
        plan = vault.database.execute_sql(
            "EXPLAIN QUERY PLAN " + check_ins.AGENDA_SQL, (MONDAY.isoformat(), MONDAY.isoformat())
        ).fetchall()
    return [str(detail) for _id, parent, _unused, detail in plan if parent == 0]


def test_the_agenda_reads_the_narrow_day_index_only(new_vault: Vault) -> None:
    """The agenda's query takes the check-ins of the days from the narrow covering index of
    migration 7, in its order: no check-in row read, no sort of the rows by SQLite."""
    anne = someone(new_vault, "Anne Lavoie", "A-ANLA")
    check_ins.add_check_in(new_vault, anne, MONDAY, NOW)
    outer = agenda_plan(new_vault)
    assert f"COVERING INDEX {AGENDA_LINES_INDEX}" in outer[0]
    assert not [step for step in outer if "TEMP B-TREE" in step]
    assert not [step for step in outer if "SCAN" in step]


def test_migration_7_adds_the_agenda_index_to_a_vault_with_meetings(new_vault: Vault) -> None:
    """A version-6 vault holding meetings (the index removed, as before migration 7) is
    upgraded to version 7: the index is built over the existing check-ins, the agenda then
    reads it, lists the same meetings, and the full records keep version 6's index."""
    anne = someone(new_vault, "Anne Lavoie", "A-ANLA")
    kept = [
        check_ins.add_check_in(new_vault, anne, MONDAY, NOW, planned_time=f"{hour:02}:00")
        for hour in (9, 11, 15)
    ]
    with new_vault.writing():
        database = new_vault.database
        database.execute_sql(f"DROP INDEX {AGENDA_LINES_INDEX}")
        database.execute_sql("DELETE FROM schema_version WHERE version >= 7")
    assert f"COVERING INDEX {AGENDA_LINES_INDEX}" not in agenda_plan(new_vault)[0]
    with new_vault.connected():
        assert migrate_to(new_vault.database) == list(range(7, LATEST_VERSION + 1))
        indexes = {
            name
            for (name,) in new_vault.database.execute_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'check_in'"
            ).fetchall()
        }
    assert {AGENDA_LINES_INDEX, AGENDA_INDEX} <= indexes
    assert f"COVERING INDEX {AGENDA_LINES_INDEX}" in agenda_plan(new_vault)[0]
    assert [line.id for line in check_ins.agenda_between(new_vault, MONDAY, MONDAY)] == kept
    with new_vault.connected():
        query = check_ins._between_query(MONDAY, MONDAY, None)
        sql, params = query.sql()
        full = new_vault.database.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    assert f"COVERING INDEX {AGENDA_INDEX}" in str(full[0][3])


def test_the_change_watch_sees_writes_made_on_other_connections(new_vault: Vault) -> None:
    """On a reading thread's own connection (as the calendar's): the first look says
    "changed", a second with nothing written says not, a meeting added on another thread's
    connection (as every write of the application) says changed once, and a new connection
    on the same thread (after a lock or a key renewal) counts as a change."""
    someone_id = someone(new_vault, "Anne Lavoie", "A-ANLA")
    watch = check_ins.ChangeWatch()
    reader = WarmConnection(new_vault, "test-watch")
    try:
        assert reader.run(lambda: watch.changed(new_vault))
        assert not reader.run(lambda: watch.changed(new_vault))
        writer = threading.Thread(
            target=check_ins.add_check_in, args=(new_vault, someone_id, MONDAY, NOW)
        )
        writer.start()
        writer.join()
        assert reader.run(lambda: watch.changed(new_vault))
        assert not reader.run(lambda: watch.changed(new_vault))
        reader.drop_connection()
        assert reader.run(lambda: watch.changed(new_vault))
        assert not reader.run(lambda: watch.changed(new_vault))
    finally:
        reader.close()
