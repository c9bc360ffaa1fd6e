"""The real application under a pseudo-terminal, killed with SIGKILL while a note is typed:
the draft holds everything typed up to about two seconds before the kill, and is offered again.

No test double: `python -m epc_tui` is started on a real vault, the passphrase and the note are
typed as key presses into the terminal, then the process is killed without any chance to save.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import threading
import time
from datetime import date, datetime
from pathlib import Path

from epc_tui.vault import check_ins, logbook, people
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.records import PersonDraft
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE

REPO = Path(__file__).resolve().parents[2]


class RunningApp:
    """`python -m epc_tui` in a pseudo-terminal whose output is drained in a thread."""

    def __init__(self, data_dir: Path) -> None:
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "LANG": "fr_CA.UTF-8",
            "PYTHONPATH": str(REPO / "src"),
        }
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the application
            os.execvpe(
                sys.executable,
                [sys.executable, "-m", "epc_tui", "--data-dir", str(data_dir)],
                env,
            )
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.output = bytearray()
        self._stop = False
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while not self._stop:
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.output += chunk

    def type(self, text: str, pause: float = 0.0) -> None:
        """Send key presses (one at a time when `pause` is given)."""
        if not pause:
            os.write(self.fd, text.encode())
            return
        for char in text:
            os.write(self.fd, char.encode())
            time.sleep(pause)

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is saved on the way out."""
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self._stop = True
        self._reader.join(timeout=2)
        os.close(self.fd)


def a_person_to_call_today(vault: Vault) -> int:
    """One person with a single check-in planned today (first line of the today view)."""
    draft = PersonDraft(full_name="Denise Appel", kind="patient", track_id=None, anchor_date=None)
    person_id = people.add_person(vault, draft, [], datetime.now())
    check_ins.add_check_in(vault, person_id, date.today(), at=datetime.now())
    return person_id


def wait_for(predicate: object, timeout: float) -> bool:
    """Poll `predicate` until true or `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def test_kill_9_while_typing_loses_at_most_two_seconds(new_vault: Vault) -> None:
    """Typed, paused, typed again, killed: every word before the last pause is in the draft;
    then typing steadily and killed mid-word: what is lost is at most the last ~2 s."""
    person_id = a_person_to_call_today(new_vault)
    paths = new_vault.paths
    new_vault.release()
    app = RunningApp(paths.data_dir)
    try:
        assert wait_for(lambda: b"\x1b[" in app.output, 20), bytes(app.output[-2000:])
        time.sleep(1.5)
        app.type(PASSPHRASE + "\r")
        time.sleep(3.0)
        app.type("c")  # call the first person of the today view
        time.sleep(2.0)
        app.type("Premier passage. ", pause=0.03)
        time.sleep(2.5)  # a pause: autosave writes
        steady = "deuxieme passage tape sans arret jusqu'a la coupure"
        app.type(steady, pause=0.05)  # about 2.5 s of typing, then the kill at once
    finally:
        app.kill()
    vault = Vault(paths, kdf=FLOOR)
    vault.unlock(PASSPHRASE)
    try:
        drafts = logbook.recovered_drafts(vault)
        assert [d.person_id for d in drafts] == [person_id], "the draft is not offered"
        body = drafts[0].body
        typed = "Premier passage. " + steady
        assert body.startswith("Premier passage. "), "words typed before a pause were lost"
        assert typed.startswith(body), "the draft is not what was typed"
        lost = len(typed) - len(body)
        assert lost <= 2.0 / 0.05, f"{lost} characters lost (more than about 2 s of typing)"
    finally:
        vault.release()
