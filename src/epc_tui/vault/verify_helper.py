"""A second process for verifying a large backup: it checks the later part of the file while
the caller checks the earlier part, so the two cores share the work.

Most of a verification's time is SHA-512 over every database page (its SQLCipher HMAC), done
one page at a time from Python: a thread does not help (each page's hash releases the GIL
for only a few microseconds), a second process does. The backup's chunks can be decrypted
independently given their number, so the file is cut at chunk `split`: the caller
authenticates chunks 0 to `split` (none of them final), the helper chunks `split` to the end
(the final flag, and nothing after it). Both read the split chunk; the caller checks the
pages that begin before the first page boundary in it, the helper those from there on, and
its `PagesPart` is joined to the caller's checker, which must then account for every page.

Safety rules of the helper:

- it is started with the *spawn* method (a fresh interpreter: never a fork of a process
  running Textual's threads), only for files of at least `SPLIT_FROM_BYTES` (starting it
  costs a few tenths of a second);
- it forbids core dumps, then says it is ready; only then are the keys sent, over the
  control pipe (never in its arguments, environment or a file); the backup's open file
  descriptor is passed the same way, so it reads the very file the caller opened (with
  `pread`, leaving the shared offset alone);
- it writes nothing, and what it sends back is page numbers, page types and cell counts (no
  page content);
- it stops when the caller says so or disappears (it polls the pipe between chunks), and
  the caller kills and joins it on cancel, on error and when done (`HelperProcess.close`);
  a helper that dies or fails is `VerifyHelperFailed`, never a verified backup.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import reduction, resource_tracker
from multiprocessing.connection import Connection
from typing import Any

from epc_tui.vault.backup_format import (
    TAG_SIZE,
    BackupDamaged,
    SealedHeader,
    WorkCancelled,
    unseal,
)
from epc_tui.vault.cipher_pages import PageChecker, PagesPart
from epc_tui.vault.errors import EpcError

SPLIT_FROM_BYTES = 256 * 1024 * 1024
"""Backups from this size on are verified by two processes (the tests lower it). Starting
the helper costs about 0.2 s of wall time and halving the work saves about 0.8 s per GB (one
process checks ~650 MB/s): below ~250 MB the helper would not pay for itself. A typical
vault (30 MB) never starts one."""

HELPER_SHARE = 0.47
"""The helper's share of the chunks: a little under half, as it starts a moment later."""

POLL_EVERY = 8
"""Chunks between two looks at the control pipe in the helper (stop, or caller gone)."""

PROGRESS_EVERY = 64
"""Chunks between two progress messages from the helper (4 MiB of 64 KiB chunks)."""

JOIN_SECONDS = 5.0


class VerifyHelperFailed(EpcError):
    """The second verification process stopped without an answer: nothing was proved."""

    message_key = "error.verify_helper_failed"


@dataclass(frozen=True)
class HelperJob:
    """What the helper needs, sent over the control pipe (never as an argument); the keys
    are left out of its `repr` (an error report or a test failure must not print them)."""

    payload_key: bytes = field(repr=False)
    data_key: bytes = field(repr=False)
    salt: bytes
    header_raw: bytes
    chunk_size: int
    first_chunk: int
    skip: int
    first_pgno: int


@dataclass(frozen=True)
class HelperResult:
    """The helper's answer: the payload bytes of its chunks and what its pages showed."""

    payload_bytes: int
    pages: PagesPart


class _PositionedReader:
    """A file read with `pread` from its own position: the descriptor's shared offset, used
    by the caller's reads of the same open file, is never moved."""

    def __init__(self, fd: int, position: int) -> None:
        self._fd = fd
        self._position = position

    def read(self, count: int) -> bytes:
        data = os.pread(self._fd, count, self._position)
        self._position += len(data)
        return data


class _Stopped(Exception):
    """The caller asked the helper to stop, or went away."""


def _check_chunks(control: Connection, fd: int, job: HelperJob) -> HelperResult:
    """Authenticate the chunks from `job.first_chunk` to the end and check their pages."""
    header = SealedHeader(raw=job.header_raw, fields={}, chunk_size=job.chunk_size)
    record_size = job.chunk_size + TAG_SIZE
    stream = _PositionedReader(fd, len(job.header_raw) + job.first_chunk * record_size)
    checker = PageChecker(job.data_key, first_pgno=job.first_pgno, salt=job.salt)
    seen = [0]

    def stop_asked() -> bool:
        seen[0] += 1
        return seen[0] % POLL_EVERY == 0 and control.poll()

    total = 0
    chunks = 0
    try:
        for plain in unseal(stream, header, job.payload_key, stop_asked, first=job.first_chunk):
            checker.feed(memoryview(plain)[job.skip :] if chunks == 0 else plain)
            total += len(plain)
            chunks += 1
            if chunks % PROGRESS_EVERY == 0:
                control.send(("progress", total))
    except WorkCancelled:
        raise _Stopped() from None
    return HelperResult(payload_bytes=total, pages=checker.part())


def _quiet_output() -> None:
    """Standard output and error to /dev/null: the helper inherits the terminal the
    application draws on, and nothing of it may ever appear there."""
    with contextlib.suppress(OSError):
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        os.close(quiet)


def helper_main(control: Connection) -> None:
    """The helper process's whole life: no core dumps, say "ready", receive the file and the
    job, check, answer once ("done", "damaged" or "failed"), exit. Never prints anything."""
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _quiet_output()
    fd = -1
    answer: tuple[Any, ...]
    try:
        control.send(("ready",))
        fd = reduction.recv_handle(control)
        job = control.recv()
        if not isinstance(job, HelperJob):
            raise TypeError("not a job")
        answer = ("done", _check_chunks(control, fd, job))
    except _Stopped:
        return
    except BackupDamaged:
        answer = ("damaged",)
    except BaseException:  # noqa: BLE001 - anything else is reported as a failure, quietly
        answer = ("failed",)
    finally:
        if fd >= 0:
            os.close(fd)
    with contextlib.suppress(OSError, ValueError):
        control.send(answer)


_TRACKER_LOCK = threading.Lock()


def _start_resource_tracker_quietly() -> None:
    """Start multiprocessing's resource tracker with its standard error on /dev/null.

    Spawning starts that tracker process first (once per process), handing it the
    descriptor of `sys.stderr`; inside Textual, `sys.stderr` is a capture whose `fileno()` is
    -1, and the start fails. The tracker only ever warns about leaked semaphores or shared
    memory, which verify does not create: /dev/null also keeps it off the coach's screen.
    """
    with _TRACKER_LOCK, open(os.devnull, "w") as quiet:
        saved = sys.stderr
        sys.stderr = quiet
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


class HelperProcess:
    """The caller's side of one helper: start, hand the job over, follow, and always close."""

    def __init__(self) -> None:
        _start_resource_tracker_quietly()
        context = multiprocessing.get_context("spawn")
        self._control, child_end = context.Pipe(duplex=True)
        self._process = context.Process(
            target=helper_main, args=(child_end,), daemon=True, name="epc-verify-helper"
        )
        try:
            self._process.start()
        except BaseException:
            self._control.close()
            raise
        finally:
            child_end.close()
        self.done_bytes = 0
        self._ready = False
        self._job: tuple[int, HelperJob] | None = None
        self._result: HelperResult | None = None

    @property
    def pid(self) -> int | None:
        """The helper's process id (for tests that kill it)."""
        return self._process.pid

    def give(self, fd: int, job: HelperJob) -> None:
        """Hand the open backup file and the job (keys included) to the helper, by the pipe,
        as soon as it has said it is ready (core dumps off): now, or at a later `poll`."""
        self._job = (fd, job)
        self._send_when_ready()

    def _send_when_ready(self) -> None:
        pid = self._process.pid
        if self._job is None or not self._ready or pid is None:
            return
        fd, job = self._job
        self._job = None
        try:
            reduction.send_handle(self._control, fd, pid)
            self._control.send(job)
        except OSError:
            raise VerifyHelperFailed() from None

    def _take(self, message: Any) -> None:
        kind = message[0] if isinstance(message, tuple) and message else None
        if kind == "ready":
            self._ready = True
        elif kind == "progress":
            self.done_bytes = int(message[1])
        elif kind == "done" and isinstance(message[1], HelperResult):
            self._result = message[1]
            self.done_bytes = self._result.payload_bytes
        elif kind == "damaged":
            raise BackupDamaged()
        else:
            raise VerifyHelperFailed()

    def poll(self) -> None:
        """Take the messages already there (progress, or the answer); never waits.

        `BackupDamaged` when the helper found a damaged chunk, `VerifyHelperFailed` when it
        failed or died.
        """
        try:
            while self._result is None and self._control.poll():
                self._take(self._control.recv())
        except (EOFError, OSError):
            raise VerifyHelperFailed() from None
        self._send_when_ready()

    def wait(
        self, cancelled: Callable[[], bool] | None, progress: Callable[[int], None]
    ) -> HelperResult:
        """Wait for the answer, telling `progress` the helper's bytes and checking `cancelled`
        a few times a second (`WorkCancelled`)."""
        while True:
            self.poll()
            if self._result is not None:
                progress(self._result.payload_bytes)
                return self._result
            progress(self.done_bytes)
            if cancelled is not None and cancelled():
                raise WorkCancelled()
            try:
                ready = self._control.poll(0.05)
            except (EOFError, OSError):
                raise VerifyHelperFailed() from None
            if not ready and not self._process.is_alive():
                self.poll()
                if self._result is None:
                    raise VerifyHelperFailed()

    def close(self) -> None:
        """Stop the helper (if still running), reap it, and close the pipe."""
        with contextlib.suppress(OSError, ValueError):
            self._control.send(("stop",))
        if self._result is None and self._process.is_alive():
            self._process.kill()
        self._process.join(JOIN_SECONDS)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._control.close()
        with contextlib.suppress(ValueError):
            self._process.close()

    def __enter__(self) -> HelperProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
