"""Verify split between two processes (`vault/verify_helper.py`): the same verdicts as one
process on intact and damaged backups, a killed or failing helper is an error and never a
"verified", cancelling stops it, progress reaches the end, and the keys never appear in the
helper's arguments or environment. The split is forced on a small hand-made vault by
lowering the size threshold."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from epc_tui.vault import backup, verify_helper
from epc_tui.vault.backup import VerifiedBackup, create_backup, verify_backup
from epc_tui.vault.backup_format import TAG_SIZE, WorkCancelled, read_header
from epc_tui.vault.cipher_pages import PAGE_SIZE
from epc_tui.vault.models import LogbookEntry, Person
from epc_tui.vault.vault import Vault
from epc_tui.vault.verify_helper import VerifyHelperFailed
from tests.unit.backup_helpers import add_person_with_note

MOMENT = datetime(2026, 11, 23, 16, 30).astimezone()


@pytest.fixture
def notes_vault(new_vault: Vault) -> Vault:
    """A vault of a few hundred pages (so the backup has a couple of dozen chunks)."""
    add_person_with_note(new_vault, "PP-001", "ALPHA")
    with new_vault.writing():
        person = Person.get(Person.code == "PP-001")
        for n in range(300):
            LogbookEntry.create(person=person, body=f"Note {n} : fatigue, sommeil. " * 60)
    return new_vault


@pytest.fixture
def helpers_started(monkeypatch: pytest.MonkeyPatch) -> list[verify_helper.HelperProcess]:
    """Every helper process started during the test (the class wrapped, not changed)."""
    started: list[verify_helper.HelperProcess] = []
    real = verify_helper.HelperProcess

    def counting() -> verify_helper.HelperProcess:
        helper = real()
        started.append(helper)
        return helper

    monkeypatch.setattr(verify_helper, "HelperProcess", counting)
    return started


def split_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any backup is verified by two processes."""
    monkeypatch.setattr(verify_helper, "SPLIT_FROM_BYTES", 0)


def split_never(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any backup is verified in this process."""
    monkeypatch.setattr(verify_helper, "SPLIT_FROM_BYTES", 1 << 62)


def verdict(vault: Vault, file: Path) -> tuple[str, Any]:
    """What verify says of `file`: the verified content, or the error's kind and message."""
    try:
        verified = verify_backup(vault.paths, file, vault.data_key())
    except backup.EpcError as error:
        return type(error).__name__, error.message_key
    assert isinstance(verified, VerifiedBackup)
    return "verified", (verified.schema_version, verified.row_counts)


def layout(file: Path) -> tuple[int, int, int]:
    """The header's length, a chunk record's size and the split chunk the code will choose."""
    with open(file, "rb") as handle:
        header = read_header(handle, backup.MAGIC)
    opened = backup._Opened(
        header=header,
        info=backup.read_backup_info(file),
        keyfile=None,  # type: ignore[arg-type]
    )
    split = backup._helper_split(opened)
    assert split is not None
    return len(header.raw), header.chunk_size + TAG_SIZE, split


def flipped(data: bytes, position: int) -> bytes:
    """`data` with one bit of the byte at `position` flipped."""
    changed = bytearray(data)
    changed[position] ^= 0x04
    return bytes(changed)


def test_two_processes_give_the_same_verdicts_as_one(
    notes_vault: Vault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    helpers_started: list[verify_helper.HelperProcess],
) -> None:
    """Intact, a byte flipped in the first half, the second half, the split chunk (its head
    and its tail), the last chunk; the file cut inside a chunk and at a chunk boundary; a byte
    and a whole chunk appended: one process and two processes say the same thing, and only
    the intact backup is verified."""
    file = tmp_path / "b.epcbak"
    create_backup(notes_vault.paths, notes_vault.data_key(), file, now=MOMENT)
    data = file.read_bytes()
    split_always(monkeypatch)
    header, record, split = layout(file)
    assert 3 <= split < (len(data) - header) // record - 1
    at_split = header + split * record
    variants = {
        "intact": data,
        "first half": flipped(data, header + 2 * record + 777),
        "second half": flipped(data, at_split + 3 * record + 5000),
        "split chunk, head": flipped(data, at_split + 10),
        "split chunk, tail": flipped(data, at_split + record - 30),
        "last chunk": flipped(data, len(data) - 20),
        "last tag": flipped(data, len(data) - 1),
        "cut inside a chunk": data[: at_split + 2 * record + 100],
        "cut at a chunk boundary": data[: at_split + 2 * record],
        "one byte appended": data + b"\0",
        "a chunk appended": data + data[at_split : at_split + record],
    }
    damaged = tmp_path / "variant.epcbak"
    for name, content in variants.items():
        damaged.write_bytes(content)
        started_before = len(helpers_started)
        split_never(monkeypatch)
        one = verdict(notes_vault, damaged)
        assert len(helpers_started) == started_before, name
        split_always(monkeypatch)
        two = verdict(notes_vault, damaged)
        assert len(helpers_started) == started_before + 1, name
        assert one == two, name
        if name == "intact":
            assert one[0] == "verified"
            assert dict(one[1][1])["logbook_entry"] == 301
        else:
            assert one == ("BackupDamaged", "error.backup_damaged"), name
    assert multiprocessing.active_children() == []


def test_damaged_pages_on_either_side_of_the_split_are_found(
    notes_vault: Vault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    helpers_started: list[verify_helper.HelperProcess],
) -> None:
    """Backups whose chunks authenticate but one database page was altered before sealing —
    early, around the split chunk, late — are refused as a damaged database by both paths
    (the helper's HMAC checks and the joining of its pages count)."""
    key = notes_vault.data_key()
    sample = tmp_path / "sample.epcbak"
    create_backup(notes_vault.paths, key, sample, now=MOMENT)
    split_always(monkeypatch)
    header, record, split = layout(sample)
    pages = backup.read_backup_info(sample).payload_bytes // PAGE_SIZE
    split_page = split * (record - TAG_SIZE) // PAGE_SIZE
    real_pieces = backup._file_pieces
    for page in (3, split_page - 1, split_page, split_page + 1, split_page + 2, pages - 2):

        def corrupting(path: Path, size: int, page: int = page) -> Iterator[bytes]:
            content = bytearray(b"".join(real_pieces(path, size)))
            content[page * PAGE_SIZE + 99] ^= 0x10
            yield bytes(content)

        monkeypatch.setattr(backup, "_file_pieces", corrupting)
        file = tmp_path / f"page-{page}.epcbak"
        create_backup(notes_vault.paths, key, file, now=MOMENT)
        monkeypatch.setattr(backup, "_file_pieces", real_pieces)
        split_never(monkeypatch)
        one = verdict(notes_vault, file)
        split_always(monkeypatch)
        two = verdict(notes_vault, file)
        assert one == two == ("BackupDamaged", "error.backup_database_damaged"), page
    assert len(helpers_started) == 6


def kill_helper_once() -> Callable[[int], None]:
    """A progress callback that kills the helper process the first time it is called."""
    killed: list[int] = []

    def progress(done: int) -> None:
        if killed:
            return
        for child in multiprocessing.active_children():
            if child.name == "epc-verify-helper" and child.pid is not None:
                os.kill(child.pid, signal.SIGKILL)
                killed.append(child.pid)

    return progress


def test_a_killed_helper_is_an_error_never_verified(
    notes_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper killed (kill -9) while the first half is read: verify raises
    `VerifyHelperFailed`, with a sentence for the coach, and no process is left."""
    file = tmp_path / "b.epcbak"
    create_backup(notes_vault.paths, notes_vault.data_key(), file, now=MOMENT)
    split_always(monkeypatch)
    with pytest.raises(VerifyHelperFailed) as raised:
        verify_backup(notes_vault.paths, file, notes_vault.data_key(), progress=kill_helper_once())
    assert raised.value.message_key == "error.verify_helper_failed"
    assert multiprocessing.active_children() == []
    assert verdict(notes_vault, file)[0] == "verified"


def test_a_failing_helper_is_an_error_never_verified(
    notes_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A helper whose work fails for an unexpected reason (here it is handed a key AES
    refuses) answers "failed": verify raises `VerifyHelperFailed`."""
    file = tmp_path / "b.epcbak"
    create_backup(notes_vault.paths, notes_vault.data_key(), file, now=MOMENT)
    split_always(monkeypatch)
    real_give = verify_helper.HelperProcess.give

    def broken_give(self: verify_helper.HelperProcess, fd: int, job: Any) -> None:
        real_give(self, fd, dataclasses.replace(job, data_key=b"too short"))

    monkeypatch.setattr(verify_helper.HelperProcess, "give", broken_give)
    with pytest.raises(VerifyHelperFailed):
        verify_backup(notes_vault.paths, file, notes_vault.data_key())
    assert multiprocessing.active_children() == []


def test_cancelling_stops_and_reaps_the_helper(
    notes_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelled after a few chunks (as Escape or locking does): `WorkCancelled`, and the
    helper is gone when verify returns."""
    file = tmp_path / "b.epcbak"
    create_backup(notes_vault.paths, notes_vault.data_key(), file, now=MOMENT)
    split_always(monkeypatch)
    asked = [0]

    def cancelled() -> bool:
        asked[0] += 1
        return asked[0] > 3

    with pytest.raises(WorkCancelled):
        verify_backup(notes_vault.paths, file, notes_vault.data_key(), cancelled=cancelled)
    assert multiprocessing.active_children() == []


def test_progress_reaches_the_end_and_the_keys_stay_out_of_argv_and_environment(
    notes_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Progress never goes back and ends at the payload's size; while the helper runs, its
    command line and environment hold neither the data key nor the payload key (raw or in
    hexadecimal), and core dumps are off in it once it holds them."""
    key = notes_vault.data_key()
    file = tmp_path / "b.epcbak"
    create_backup(notes_vault.paths, key, file, now=MOMENT)
    split_always(monkeypatch)
    with open(file, "rb") as handle:
        opened = backup._parse(handle, file)
    payload_key = backup.derive_payload_key(
        key, backup._unb64(opened.header.fields["salt"]), backup.PAYLOAD_PURPOSE
    )
    secrets = [key, key.hex().encode(), payload_key, payload_key.hex().encode()]
    seen: list[int] = []
    exposed: list[bytes] = []
    core_limits: list[str] = []
    sent: list[bool] = []
    real_send = verify_helper.HelperProcess._send_when_ready

    def sending(self: verify_helper.HelperProcess) -> None:
        before = self._job is not None
        real_send(self)
        if before and self._job is None:
            sent.append(True)

    monkeypatch.setattr(verify_helper.HelperProcess, "_send_when_ready", sending)

    def progress(done: int) -> None:
        seen.append(done)
        for child in multiprocessing.active_children():
            try:
                exposed.append(Path(f"/proc/{child.pid}/cmdline").read_bytes())
                exposed.append(Path(f"/proc/{child.pid}/environ").read_bytes())
                if sent:
                    limits = Path(f"/proc/{child.pid}/limits").read_text()
                    core_limits.extend(line for line in limits.splitlines() if "core" in line)
            except (FileNotFoundError, ProcessLookupError):
                continue

    verified = verify_backup(notes_vault.paths, file, key, progress=progress)
    assert verified.info.payload_bytes == seen[-1]
    assert seen == sorted(seen)
    assert exposed and core_limits
    assert not [blob for blob in exposed for secret in secrets if secret in blob]
    assert all(line.split()[-3:-1] == ["0", "0"] for line in core_limits), core_limits


def test_a_helper_that_cannot_start_leaves_the_work_to_this_process(
    notes_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no process can be created (the start itself fails, before anything is read),
    verify checks the whole file in this process and still gives its verdicts."""
    file = tmp_path / "b.epcbak"
    create_backup(notes_vault.paths, notes_vault.data_key(), file, now=MOMENT)
    split_always(monkeypatch)
    attempts: list[int] = []

    def refused(self: Any) -> None:
        attempts.append(1)
        raise OSError("no process allowed here")

    monkeypatch.setattr(multiprocessing.get_context("spawn").Process, "start", refused)
    assert verdict(notes_vault, file)[0] == "verified"
    damaged = tmp_path / "d.epcbak"
    damaged.write_bytes(flipped(file.read_bytes(), file.stat().st_size - 100))
    assert verdict(notes_vault, damaged) == ("BackupDamaged", "error.backup_damaged")
    assert attempts == [1, 1]


CALLER = """
import sys, time
from pathlib import Path
from epc_tui.vault import verify_helper
from epc_tui.vault.backup import verify_backup
from epc_tui.vault.paths import VaultPaths

def held(self, cancelled, progress):
    print(self.pid, flush=True)
    time.sleep(60)

if __name__ == "__main__":
    key = bytes.fromhex(sys.stdin.readline().strip())
    verify_helper.SPLIT_FROM_BYTES = 0
    verify_helper.HelperProcess.give = lambda self, fd, job: None
    verify_helper.HelperProcess.wait = held
    verify_backup(VaultPaths(Path(sys.argv[1])), Path(sys.argv[2]), key)
"""


def test_a_helper_does_not_outlive_a_killed_caller(notes_vault: Vault, tmp_path: Path) -> None:
    """The caller killed with SIGKILL while its helper waits for the job (nothing can tell
    the helper but the pipe closing): the helper exits by itself within seconds."""
    import subprocess
    import sys
    import time

    file = tmp_path / "b.epcbak"
    create_backup(notes_vault.paths, notes_vault.data_key(), file, now=MOMENT)
    script = tmp_path / "caller.py"
    script.write_text(CALLER)
    caller = subprocess.Popen(
        [sys.executable, str(script), str(notes_vault.paths.data_dir), str(file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert caller.stdin is not None and caller.stdout is not None
    caller.stdin.write(notes_vault.data_key().hex() + "\n")
    caller.stdin.flush()
    helper_pid = int(caller.stdout.readline())
    assert Path(f"/proc/{helper_pid}").exists()
    caller.kill()
    caller.wait()
    deadline = time.monotonic() + 15
    while Path(f"/proc/{helper_pid}").exists() and time.monotonic() < deadline:
        status = Path(f"/proc/{helper_pid}/status").read_text(errors="replace")
        if "State:\tZ" in status:
            break  # exited; only its (killed) parent could have reaped it
        time.sleep(0.05)
    gone = not Path(f"/proc/{helper_pid}").exists()
    assert gone or "State:\tZ" in Path(f"/proc/{helper_pid}/status").read_text()
