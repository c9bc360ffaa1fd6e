"""Disk full while a note autosaves: a clear sentence under the note, the words kept in memory
and retried until space is back, then saved; the vault is never damaged.

Two ways of making the disk full, both making SQLite itself fail with its own "database or
disk is full" error:

- in the application (Pilot), SQLite is told the disk holds no more pages than the database
  has now (`PRAGMA max_page_count`, set on every connection, the UI's and the workers'): any
  write that needs a new page fails exactly as on a full disk, and space comes back by
  raising the limit;
- at the storage layer, a real 2 MB tmpfs filled to its last block (in a private user and
  mount namespace, as in test_storage_faults.py), then the filler removed.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual import events

from epc_tui.clock import FixedClock
from epc_tui.i18n import t
from epc_tui.screens.call import CallScreen, EndCallScreen
from epc_tui.screens.note import NoteScreen
from epc_tui.screens.unlock import UnlockScreen
from epc_tui.services.autosave import write_note
from epc_tui.vault import database, logbook
from epc_tui.vault.storage_errors import StorageFull
from epc_tui.vault.vault import Vault
from epc_tui.widgets.note_editor import NoteEditor, SaveStatus
from tests.conftest import PASSPHRASE
from tests.faults.test_storage_faults import in_namespace, needs_namespaces
from tests.ui.test_call import a_coach_app, settle, type_text
from tests.ui.test_shell import closed_vault, unlock
from tests.unit.test_logbook import a_partner_with_a_plan

PASTED = "Elle raconte sa semaine, la fatigue, le sommeil, sa fille. " * 400  # 24 KB
NO_LIMIT = 1073741823


class FullDisk:
    """SQLite's page limit held at the database's current size on every connection: those
    opened later and those already open (the UI's, the autosave thread's kept warm)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, vault: Vault) -> None:
        self.vault = vault
        self.pages: int | None = None
        self.connections: list[Any] = []
        real: Callable[[Any], None] = database.configure_connection

        def configure(conn: Any) -> None:
            real(conn)
            self.connections.append(conn)
            if self.pages is not None:
                conn.execute(f"PRAGMA max_page_count = {self.pages}")

        monkeypatch.setattr(database, "configure_connection", configure)

    def _limit_all(self, pages: int) -> None:
        for conn in self.connections:
            with contextlib.suppress(Exception):  # closed since
                conn.execute(f"PRAGMA max_page_count = {pages}")

    def fill(self) -> None:
        """No page more than now, for the connections open here and every new one."""
        self.pages = int(self.vault.database.execute_sql("PRAGMA page_count").fetchone()[0])
        self.vault.database.execute_sql(f"PRAGMA max_page_count = {self.pages}")
        self._limit_all(self.pages)

    def free(self) -> None:
        """Space is back."""
        self.pages = None
        self.vault.database.execute_sql(f"PRAGMA max_page_count = {NO_LIMIT}")
        self._limit_all(NO_LIMIT)


@pytest.fixture
def coach(new_vault: Vault) -> Iterator[tuple[Vault, int, int]]:
    """A closed vault holding a partner with a plan: (vault, person, first check-in)."""
    person_id, check_in_id = a_partner_with_a_plan(new_vault)
    vault = closed_vault(new_vault)
    yield vault, person_id, check_in_id
    vault.release()


def status_of(app: Any) -> SaveStatus:
    """The status line under the note of the current screen."""
    return app.screen.query_one(SaveStatus)


async def test_call_note_kept_in_memory_while_the_disk_is_full(
    coach: tuple[Vault, int, int], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing on a full disk: the status line says "Disque plein : la note est gardée en
    mémoire…", the text stays in the editor, ending the call and leaving are refused (the
    note exists only there), the vault keeps the last saved words; once space is back the
    retry writes everything, the line disappears, and the vault passes its check."""
    vault, person_id, check_in_id = coach
    disk = FullDisk(monkeypatch, vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, check_in_id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CallScreen)
        await type_text(pilot, "Elle va mieux. ")
        await pilot.pause(0.6)
        await settle(pilot)
        assert logbook.get_entry(vault, screen.entry_id).body == "Elle va mieux. "
        assert not status_of(app).display
        disk.fill()
        screen.editor.post_message(events.Paste(PASTED))
        await pilot.pause(0.6)
        await settle(pilot)
        status = status_of(app)
        assert status.display
        assert str(status.render()) == t("note.disk_full_kept")
        assert str(status.render()).startswith("Disque plein : la note est gardée en mémoire")
        assert screen.editor.text == "Elle va mieux. " + PASTED
        assert logbook.get_entry(vault, screen.entry_id).body == "Elle va mieux. "
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.screen is screen, "the call ended while its note could not be written"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen, "the note was left while it existed only on screen"
        await type_text(pilot, "Suite.")
        await pilot.pause(0.6)
        await settle(pilot)
        assert status_of(app).display
        disk.free()
        await pilot.pause(2.5)  # the next retry
        await settle(pilot)
        assert not status_of(app).display
        expected = "Elle va mieux. " + PASTED + "Suite."
        assert logbook.get_entry(vault, screen.entry_id).body == expected
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, EndCallScreen)
    assert vault.check().ok


async def test_locking_on_a_full_disk_costs_no_word(
    coach: tuple[Vault, int, int], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+L while the disk refuses the note: the vault locks (security first) and the
    words are held in memory only; after space is freed and the vault unlocked, the call
    comes back with every word and the cursor, and they are written."""
    vault, person_id, check_in_id = coach
    disk = FullDisk(monkeypatch, vault)
    app = a_coach_app(vault, clock, autosave_seconds=60.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(CallScreen(person_id, check_in_id))
        await settle(pilot)
        entry_id = app.screen.entry_id
        disk.fill()
        app.screen.query_one(NoteEditor).post_message(events.Paste(PASTED))
        await pilot.pause()
        await type_text(pilot, "Fin")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not vault.is_unlocked
        assert isinstance(app.screen, UnlockScreen)
        disk.pages = None
        await unlock(pilot)
        await pilot.pause(0.6)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CallScreen)
        assert screen.editor.text == PASTED + "Fin"
        assert screen.editor.cursor_position == screen.editor.document.end
        assert not status_of(app).display
        assert logbook.get_entry(vault, entry_id).body == PASTED + "Fin"
    assert vault.check().ok


async def test_note_screen_keeps_a_draft_in_memory_until_space_is_back(
    coach: tuple[Vault, int, int], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside a call (a person's note): same sentence under the note, finalising and leaving
    refused while the disk is full; after space is back the draft is written and finalising
    works."""
    vault, person_id, _ = coach
    disk = FullDisk(monkeypatch, vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(NoteScreen(None, person_id=person_id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NoteScreen)
        entry_id = screen.entry_id
        disk.fill()
        screen.editor.post_message(events.Paste(PASTED))
        await pilot.pause(0.6)
        await settle(pilot)
        assert str(status_of(app).render()) == t("note.disk_full_kept")
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert not logbook.get_entry(vault, entry_id).is_final
        disk.free()
        await pilot.pause(2.5)
        await settle(pilot)
        assert not status_of(app).display
        await pilot.press("ctrl+f")
        await settle(pilot)
        entry = logbook.get_entry(vault, entry_id)
        assert entry.is_final and entry.body == PASTED
    assert vault.check().ok


async def test_finalising_on_a_full_disk_says_so_and_keeps_the_draft(
    coach: tuple[Vault, int, int], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft was saved, then the disk filled up: Ctrl+F (its first version needs new
    pages) gives the full-disk sentence, the note stays an editable draft, the application
    runs on; with space back, Ctrl+F finalises it."""
    vault, person_id, _ = coach
    disk = FullDisk(monkeypatch, vault)
    app = a_coach_app(vault, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await app.push_screen(NoteScreen(None, person_id=person_id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NoteScreen)
        entry_id = screen.entry_id
        screen.editor.post_message(events.Paste(PASTED))
        await pilot.pause(0.6)
        await settle(pilot)
        assert logbook.get_entry(vault, entry_id).body == PASTED
        disk.fill()
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert app.screen is screen and screen.editor.display
        assert not logbook.get_entry(vault, entry_id).is_final
        assert t("error.storage_full") in [n.message for n in app._notifications]
        disk.free()
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert logbook.get_entry(vault, entry_id).is_final
    assert vault.check().ok


STORAGE_LAYER = """
import json, os, subprocess, sys, threading
from datetime import datetime
from pathlib import Path
from epc_tui.services.autosave import write_note
from epc_tui.vault import logbook
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
mount, passphrase = Path(sys.argv[1]), sys.argv[2]
vault = Vault(VaultPaths(mount / "coffre"), kdf=FLOOR)
vault.unlock(passphrase)
vault.database.connect()  # as the application's UI thread keeps its connection open
at = datetime(2026, 11, 23, 9, 0)
entry = logbook.open_draft(vault, person_id=None, check_in_id=None, at=at)
write_note(vault, entry, "Avant le disque plein.", (0, 22), None, at)
subprocess.run(["dd", "if=/dev/zero", f"of={mount}/filler", "bs=4096"], capture_output=True)
found = {}
def autosave(text, key):  # in a thread with its own connection, as the autosave worker
    try:
        write_note(vault, entry, text, (0, 0), None, at)
        found[key] = "written"
    except Exception as error:
        found[key] = type(error).__name__
for key in ("full", "full_again"):
    worker = threading.Thread(target=autosave, args=("Pendant. " * 20000, key))
    worker.start()
    worker.join()
found["kept"] = logbook.get_entry(vault, entry).body
os.unlink(mount / "filler")
worker = threading.Thread(target=autosave, args=("Après. " * 20000, "freed"))
worker.start()
worker.join()
found["after"] = logbook.get_entry(vault, entry).body == "Après. " * 20000
found["check"] = vault.check().ok
vault.release()
reopened = Vault(VaultPaths(mount / "coffre"), kdf=FLOOR)
reopened.unlock(passphrase)
found["reopened"] = logbook.get_entry(reopened, entry).body == "Après. " * 20000
found["check_again"] = reopened.check().ok
reopened.release()
print(json.dumps(found))
"""

ON_TMPFS = """
set -e
mount -t tmpfs -o size=2m tmpfs "$1"
cp -a "$2" "$1/coffre"
exec "$3" -c "$4" "$1" "$5"
"""


@needs_namespaces
def test_storage_layer_on_a_real_full_tmpfs(new_vault: Vault, tmp_path: Path) -> None:
    """On a real tmpfs filled to the last block, writing a note raises `StorageFull` (not a
    database error, not "damaged") and keeps the last saved text; once the filler is removed
    the same write succeeds, and the vault passes its check before and after reopening."""
    new_vault.release()
    mount = tmp_path / "petit disque"
    mount.mkdir()
    result = in_namespace(
        ON_TMPFS, str(mount), str(new_vault.paths.data_dir), sys.executable, STORAGE_LAYER,
        PASSPHRASE,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {
        "full": StorageFull.__name__,
        "full_again": StorageFull.__name__,
        "freed": "written",
        "kept": "Avant le disque plein.",
        "after": True,
        "check": True,
        "reopened": True,
        "check_again": True,
    }


def test_write_note_turns_sqlite_full_into_storage_full(
    new_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In process, SQLite's own SQLITE_FULL (page limit) becomes `StorageFull` with the
    coach's sentence, the transaction is rolled back, and the vault stays whole."""
    entry = logbook.open_draft(new_vault, person_id=None, check_in_id=None, at=clock_now())
    write_note(new_vault, entry, "Avant.", (0, 6), None, clock_now())
    disk = FullDisk(monkeypatch, new_vault)
    new_vault.database.connect(reuse_if_open=True)
    disk.fill()
    with pytest.raises(StorageFull) as raised:
        write_note(new_vault, entry, PASTED, (0, 0), None, clock_now())
    assert raised.value.message_key == "error.storage_full"
    assert logbook.get_entry(new_vault, entry).body == "Avant."
    disk.free()
    write_note(new_vault, entry, PASTED, (0, 0), None, clock_now())
    assert logbook.get_entry(new_vault, entry).body == PASTED
    assert new_vault.check().ok


def clock_now() -> Any:
    """The fixed moment of these notes."""
    from tests.conftest import TODAY

    return TODAY


def test_refused_saves_are_retried_every_two_seconds_until_written() -> None:
    """The schedule's side of a full disk: a first failure is retried at once (a passing
    hiccup), the next ones every `retry_after` seconds even without new edits, a success
    ends it; a refused synchronous save (before a lock) is retried the same way."""
    from epc_tui.services.autosave import AutosaveSchedule

    schedule = AutosaveSchedule(delay=1.0, max_wait=1.5, retry_after=2.0)
    schedule.edited(0.0)
    schedule.finished(schedule.started(), ok=False, now=1.0)
    assert schedule.failing and schedule.due(1.0)
    schedule.finished(schedule.started(), ok=False, now=1.2)
    assert schedule.failing and not schedule.due(3.1) and schedule.due(3.2)
    schedule.finished(schedule.started(), ok=True, now=3.3)
    assert not schedule.failing and not schedule.dirty and not schedule.due(100.0)
    schedule.refused_now(10.0)
    assert schedule.dirty and not schedule.due(11.9) and schedule.due(12.0)
