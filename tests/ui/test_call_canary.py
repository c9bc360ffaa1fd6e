"""The canary scan of security.md over the logbook: unique markers typed into a call's note,
its fields, a follow-up action, an attempt, a pasted text, a draft and an amendment (text and
reason) appear in no file under the data directory or the temporary directory, in UTF-8 or
UTF-16 — while the vault is locked with its -wal and -shm files present, and after closing."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input

from epc_tui.clock import FixedClock
from epc_tui.screens.call import CallScreen
from epc_tui.screens.note import NoteScreen, ReasonScreen, new_note_screen
from epc_tui.vault import logbook
from epc_tui.vault.vault import Vault
from epc_tui.widgets.note_editor import NoteEditor
from tests.ui.test_call import a_coach_app, settle, type_text
from tests.ui.test_shell import closed_vault, unlock
from tests.unit.test_logbook import a_partner_with_a_plan

MARKERS = {
    "note": "CANARYNOTE4J7Q",
    "theme": "CANARYTHEME8W2",
    "relay": "CANARYRELAY3K9",
    "action": "CANARYACTION6P",
    "paste": "CANARYPASTE5Z1",
    "draft": "CANARYDRAFT2M8",
    "amendment": "CANARYAMEND9R4",
    "reason": "CANARYREASON7V",
}


def scan(files: list[Path]) -> list[tuple[str, str]]:
    """(file name, marker) for every marker found in any of `files`."""
    found = []
    for path in files:
        try:
            content = path.read_bytes()
        except OSError:
            continue
        for marker in MARKERS.values():
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                if marker.encode(encoding) in content:
                    found.append((path.name, marker))
    return found


def test_the_scan_finds_a_marker_written_in_clear(tmp_path: Path) -> None:
    """Negative control: the scan is not blind (UTF-16 too)."""
    leak = tmp_path / "leak.bin"
    leak.write_bytes(b"xx" + MARKERS["amendment"].encode("utf-16-le") + b"yy")
    assert scan([leak]) == [("leak.bin", MARKERS["amendment"])]


async def test_no_marker_from_notes_drafts_or_amendments_in_any_file(
    new_vault: Vault, clock: FixedClock, private_temp_dir: Path
) -> None:
    """Write everything a coach writes, through the screens; no marker reaches the disk
    (the data directory, and the temporary directory the application uses)."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    vault = closed_vault(new_vault)
    data_dir = vault.paths.data_dir
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, check_in_id))
        await settle(pilot)
        call = app.screen
        await type_text(pilot, f"Appel {MARKERS['note']} ")
        call.query_one(NoteEditor).post_message(events.Paste(f"colle {MARKERS['paste']}"))
        call.query_one("#themes", Input).value = MARKERS["theme"]
        call.query_one("#relay-text", Input).value = MARKERS["relay"]
        call.query_one("#action-text", Input).value = MARKERS["action"]
        await pilot.click("#action-add")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.click("#none")
        await settle(pilot)
        entry_id = logbook.note_status_by_check_in(vault, [check_in_id])
        assert entry_id == {check_in_id: "final"}
        await app.push_screen(new_note_screen(None, None))
        await settle(pilot)
        await type_text(pilot, MARKERS["draft"])
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        note_id = logbook.notes_of_person(vault, person_id)[0].id
        await app.push_screen(NoteScreen(note_id))
        await settle(pilot)
        await pilot.press("a")
        await type_text(pilot, f" {MARKERS['amendment']}")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        app.screen.query_one("#reason", Input).value = MARKERS["reason"]
        await pilot.press("enter")
        await settle(pilot)
        history = logbook.history(vault, note_id)
        assert MARKERS["amendment"] in history[-1].body
        assert history[-1].reason == MARKERS["reason"]
        assert any(MARKERS["draft"] in d.body for d in logbook.recovered_drafts(vault))
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not vault.is_unlocked
        files = [p for p in data_dir.rglob("*") if p.is_file()]
        assert any(p.name.endswith("-wal") for p in files) or any(
            p.name == "vault.db" for p in files
        )
        assert scan(files) == []
    vault.release()
    files = [p for p in (*data_dir.rglob("*"), *private_temp_dir.rglob("*")) if p.is_file()]
    assert any(p.name == "vault.db" for p in files)
    assert scan(files) == []
