"""Kill -9 at random moments, many times: afterwards the vault opens and `epc check` passes.

Each scenario starts a real process doing one operation on a real vault, kills it with SIGKILL
after a random delay, then checks the vault as a coach would find it: it opens (with the old
or the new passphrase for a passphrase change), the recovery code still works, the real
`epc check` command passes, and no half-written file is left behind.

Scenarios:

- `passphrase`: a process changing the passphrase back and forth in a loop;
- `migration`: a version-1 vault holding notes, opened by a process that migrates it to the
  latest schema (the search index backfill is the long part), killed before it finishes in
  most runs; afterwards the migration completes and every note is in the search index;
- `backup`: `epc backup FILE` on the typical fictional vault; afterwards the vault passes
  `epc check` and the backup file is absent or passes `epc verify`;
- `typing`: the real application under a pseudo-terminal, a note typed steadily in a call;
  afterwards the recovered draft is what was typed minus at most the last 2 seconds;
- `end_call`: the same, then Ctrl+E and Enter (accept the next check-in), killed at a random
  moment or exactly after one write inside the end-of-call transaction; afterwards the call
  is either still open with its draft or ended whole (check-in done, note final, next
  check-in planned) — never half;
- `restore`: `epc restore FILE --yes` on the typical vault; afterwards it holds exactly the
  vault before or exactly the backup.

More scenarios are added with `register(name, function)`: the function takes a working
directory and a `random.Random` and returns a `RunResult`.

Run: `uv run python benchmarks/fault_runs.py [--runs 20] [--scenario migration]`; the
table printed goes into `docs/reliability.md`. The test suite runs a few of each scenario
(tests/faults/test_kill_runs.py).
"""

from __future__ import annotations

import argparse
import atexit
import fcntl
import os
import pty
import random
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import table  # noqa: E402
from benchmarks.fault_rotation import kill_during_key_rotation  # noqa: E402
from benchmarks.fictional_vault import NoteWriter, build_vault  # noqa: E402

from epc_tui.vault import keyfile as keyfiles  # noqa: E402
from epc_tui.vault.errors import UnlockFailed  # noqa: E402
from epc_tui.vault.kdf import FLOOR  # noqa: E402
from epc_tui.vault.logbook_chain import GENESIS, revision_hash  # noqa: E402
from epc_tui.vault.migrations import LATEST_VERSION, current_version, migrate_to  # noqa: E402
from epc_tui.vault.paths import VaultPaths  # noqa: E402
from epc_tui.vault.recovery import new_recovery_code  # noqa: E402
from epc_tui.vault.vault import Vault  # noqa: E402

PASSPHRASE = "cheval agrafe batterie correcte"
OTHER = "girafe parapluie dimanche violon"
ENV = {**os.environ, "EPC_KDF": "floor", "LANG": "fr_CA.UTF-8"}
ENV.pop("LC_ALL", None)


@dataclass(frozen=True)
class RunResult:
    """One kill and what was found afterwards."""

    scenario: str
    killed_after: float  # seconds after the operation started
    interrupted: bool  # True when the kill landed before the operation finished
    opened: bool
    check_passed: bool
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Nothing lost: the vault opened and `epc check` passed."""
        return self.opened and self.check_passed


Scenario = Callable[[Path, random.Random], RunResult]
SCENARIOS: dict[str, Scenario] = {}


def register(name: str, scenario: Scenario) -> None:
    """Add a kill scenario (typing, ending a call, backup, restore…) to the runs."""
    SCENARIOS[name] = scenario


def epc_check(data_dir: Path, passphrase: str) -> bool:
    """True when the real `epc check` command passes on `data_dir`."""
    result = subprocess.run(
        [sys.executable, "-m", "epc_tui", "--data-dir", str(data_dir), "check"]
        + ["--passphrase-stdin"],
        input=passphrase + "\n",
        capture_output=True,
        text=True,
        env=ENV,
        timeout=600,
    )
    return result.returncode == 0


def leftovers(data_dir: Path) -> list[str]:
    """Half-written replacement files still present (the next start must remove them)."""
    return [path.name for path in data_dir.iterdir() if path.name.endswith(".tmp")]


def kill_after(process: subprocess.Popen[str], delay: float) -> bool:
    """SIGKILL `process` after `delay` seconds; True if it was still running then."""
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


# -- passphrase change -----------------------------------------------------------------------

CHANGER = """
import sys
from pathlib import Path
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
vault = Vault(VaultPaths(Path(sys.argv[1])), kdf=FLOOR)
vault.unlock(sys.argv[2])
print("ready", flush=True)
secrets = [sys.argv[3], sys.argv[2]]
i = 0
while True:
    vault.change_passphrase(secrets[i % 2])
    i += 1
"""


def _opens_with(paths: VaultPaths) -> str | None:
    for candidate in (PASSPHRASE, OTHER):
        vault = Vault(paths, kdf=FLOOR)
        try:
            vault.unlock(candidate)
            return candidate
        except UnlockFailed:
            continue
        finally:
            vault.release()
    return None


def kill_during_passphrase_change(workdir: Path, rng: random.Random) -> RunResult:
    """Kill a process changing the passphrase in a loop; the vault must open afterwards."""
    paths = VaultPaths(workdir / "coffre")
    vault = Vault(paths, kdf=FLOOR)
    code = vault.create(PASSPHRASE)
    vault.release()
    process = subprocess.Popen(
        [sys.executable, "-c", CHANGER, str(paths.data_dir), PASSPHRASE, OTHER],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        process.wait()
        raise RuntimeError("the passphrase-changing process stopped before starting")
    delay = rng.uniform(0.02, 1.5)
    interrupted = kill_after(process, delay)
    process.stdout.close()
    current = _opens_with(paths)
    if current is None:
        return RunResult("passphrase", delay, interrupted, False, False, "neither passphrase")
    vault = Vault(paths, kdf=FLOOR)
    try:
        vault.unlock_with_recovery_code(code)
    except UnlockFailed:
        return RunResult("passphrase", delay, interrupted, False, False, "recovery code refused")
    finally:
        vault.release()
    left = leftovers(paths.data_dir)
    passed = epc_check(paths.data_dir, current) and not left
    return RunResult("passphrase", delay, interrupted, True, passed, ", ".join(left))


# -- migration -------------------------------------------------------------------------------

MIGRATOR = """
import sys, time
from pathlib import Path
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault
import epc_tui.vault.migrations as migrations  # the vault imports migrate_to when unlocking
real_migrate_to = migrations.migrate_to
def migrate_to(*args, **kwargs):
    print("migrating", flush=True)  # the key is derived: the migration starts now
    return real_migrate_to(*args, **kwargs)
migrations.migrate_to = migrate_to
vault = Vault(VaultPaths(Path(sys.argv[1])), kdf=FLOOR)
vault.unlock(sys.argv[2])
print("done", flush=True)
vault.release()
"""

V1_PERSON = (
    "INSERT INTO person (id, uid, code, full_name, kind, status, status_reason, cadence, phone, "
    "email, preferred_mode, preferred_time, referred_by, referral_role, criteria, profiles, "
    "tags, summary, created_at, updated_at) VALUES (?, ?, ?, ?, 'partner', 'active', '', '', "
    "'', '', 'phone', '', '', '', '[]', '[]', '[]', 'anxiété', ?, ?)"
)
V1_ENTRY = (
    "INSERT INTO logbook_entry (id, uid, person_id, kind, status, body, cursor_row, "
    "cursor_column, themes, safety_net, training_needs, relay, relay_text, created_at, "
    "updated_at, finalised_at) VALUES (?, ?, ?, 'call', 'final', ?, 0, 0, '[]', 0, '', 0, '', "
    "?, ?, ?)"
)
V1_REVISION = (
    "INSERT INTO logbook_revision (id, entry_id, number, at, body, reason, previous_hash, "
    "chain_hash) VALUES (?, ?, 0, ?, ?, '', ?, ?)"
)


def make_version_1_vault(data_dir: Path, notes: int, seed: int = 1) -> None:
    """A vault at schema version 1 holding `notes` finalised notes with their chained
    revisions, openable with `PASSPHRASE` (the next unlock migrates it)."""
    rng = random.Random(seed)
    writer = NoteWriter(rng)
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    vault.acquire()
    data_key = os.urandom(keyfiles.DATA_KEY_LENGTH)
    built = keyfiles.build_keyfile(data_key, PASSPHRASE, new_recovery_code(), FLOOR)
    vault._open_database(data_key)
    try:
        migrate_to(vault.database, 1)
        start = datetime(2025, 1, 6, 9, 0)
        people = max(1, notes // 20)
        chain = GENESIS
        with vault.database.atomic():
            for person in range(1, people + 1):
                vault.database.execute_sql(
                    V1_PERSON, (person, f"p{person}", f"V1-{person:04d}", f"Personne {person}",
                                start, start)
                )  # fmt: skip
            for number in range(1, notes + 1):
                at = start + timedelta(hours=number)
                uid = f"{number:032x}"
                body = writer.note("Sylvie", True, rng.randint(100, 300))
                chain_next = revision_hash(chain, uid, 0, at, body, "")
                person = 1 + number % people
                vault.database.execute_sql(V1_ENTRY, (number, uid, person, body, at, at, at))
                vault.database.execute_sql(V1_REVISION, (number, number, at, body, chain,
                                                         chain_next))  # fmt: skip
                chain = chain_next
    finally:
        vault.database.close()
        keyfiles.write_keyfile(vault.paths.keyfile, built)
        vault.release()


def migrated_and_indexed(paths: VaultPaths, notes: int) -> tuple[bool, str]:
    """Open the vault (finishing the migration) and check version and search index."""
    vault = Vault(paths, kdf=FLOOR)
    try:
        vault.unlock(PASSPHRASE)
        with vault.connected():
            version = current_version(vault.database)
            indexed = vault.database.execute_sql(
                "SELECT count(*) FROM search_index WHERE kind IN ('entry', 'revision')"
            ).fetchone()[0]
    finally:
        vault.release()
    if version != LATEST_VERSION:
        return False, f"schema {version}"
    if indexed != 2 * notes:
        return False, f"{indexed} of {2 * notes} rows indexed"
    return True, ""


_templates: dict[int, Path] = {}


def _scratch_directory(prefix: str) -> Path:
    """A temporary directory for this process's templates, removed when the process ends
    (test runs left a 30 MB vault in /tmp for each template otherwise)."""
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return directory


def _version_1_template(notes: int) -> Path:
    """A version-1 vault built once per process and copied for each run."""
    if notes not in _templates:
        directory = _scratch_directory("epc-v1-") / "coffre"
        make_version_1_vault(directory, notes)
        _templates[notes] = directory
    return _templates[notes]


def _start_migration(paths: VaultPaths) -> tuple[subprocess.Popen[str], float]:
    """Start the migrating process; return it once the migration has begun, and when."""
    process = subprocess.Popen(
        [sys.executable, "-c", MIGRATOR, str(paths.data_dir), PASSPHRASE],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert process.stdout is not None
    # "migrating": the unlock derived the key, the migration begins.
    if process.stdout.readline().strip() != "migrating":
        process.wait()
        raise RuntimeError("the migrating process stopped before migrating")
    return process, time.perf_counter()


def migration_seconds(notes: int = 3000) -> float:
    """How long migrating the version-1 template takes here, uninterrupted."""
    with tempfile.TemporaryDirectory(prefix="epc-kill-") as workdir:
        paths = VaultPaths(Path(workdir) / "coffre")
        shutil.copytree(_version_1_template(notes), paths.data_dir)
        process, began = _start_migration(paths)
        process.wait()
        assert process.stdout is not None
        process.stdout.close()
        return time.perf_counter() - began


def kill_during_migration(
    workdir: Path, rng: random.Random, notes: int = 3000, window: float | None = None
) -> RunResult:
    """Kill a process migrating a version-1 vault at a random moment of the migration
    (within `window` seconds of its start, by default 1.2 × its uninterrupted duration);
    the next start must finish it, with every note in the search index."""
    if window is None:
        window = 1.2 * migration_seconds(notes)
    paths = VaultPaths(workdir / "ancien coffre")
    shutil.copytree(_version_1_template(notes), paths.data_dir)
    process, _ = _start_migration(paths)
    delay = rng.uniform(0.0, window)
    interrupted = kill_after(process, delay)
    assert process.stdout is not None
    process.stdout.close()
    try:
        opened, detail = migrated_and_indexed(paths, notes)
    except Exception as error:  # noqa: BLE001 - the result table says what happened
        return RunResult("migration", delay, interrupted, False, False, type(error).__name__)
    passed = opened and epc_check(paths.data_dir, PASSPHRASE)
    return RunResult("migration", delay, interrupted, opened, passed, detail)


# -- backup ----------------------------------------------------------------------------------

_backup_template: dict[str, Path] = {}


def _typical_vault() -> Path:
    """The typical fictional vault (passphrase `bench`), generated once per process."""
    if "typical" not in _backup_template:
        directory = _scratch_directory("epc-typical-") / "coffre"
        build_vault(directory, "typical")
        _backup_template["typical"] = directory
    return _backup_template["typical"]


def kill_during_backup(workdir: Path, rng: random.Random) -> RunResult:
    """Kill `epc backup FILE` at a random moment (whole process, 0.3–5 s) on the typical
    vault: the vault opens and passes `epc check`, and the backup file is either absent or
    passes `epc verify` (a half-written backup is never left under the chosen name)."""
    data = workdir / "coffre"
    shutil.copytree(_typical_vault(), data)
    target = workdir / "sauvegarde.epcbak"
    process = subprocess.Popen(
        [sys.executable, "-m", "epc_tui", "--data-dir", str(data), "backup", str(target)]
        + ["--passphrase-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        env=ENV,
    )
    assert process.stdin is not None
    process.stdin.write("bench\n")
    process.stdin.close()
    delay = rng.uniform(0.3, 5.0)
    interrupted = kill_after(process, delay)
    opened = passed = epc_check(data, "bench")  # the check opens the vault first
    detail = ""
    if target.exists():
        verified = subprocess.run(
            [sys.executable, "-m", "epc_tui", "--data-dir", str(data), "verify", str(target)]
            + ["--passphrase-stdin"],
            input="bench\n",
            capture_output=True,
            text=True,
            env=ENV,
            timeout=600,
        )
        if verified.returncode != 0:
            passed, detail = False, "backup file left under its name fails verify"
        else:
            detail = "backup complete"
    return RunResult("backup", delay, interrupted, opened, passed, detail)


# -- the application under a pseudo-terminal: typing a note, ending a call ------------------

REPO = Path(__file__).resolve().parents[1]
TYPING_PACE = 0.05
"""Seconds between two key presses: a steady 20 characters a second."""
LOST_AT_MOST = 2.0
"""Seconds of typing a kill may cost (the autosave's promise)."""
NOTE_WORDS = (
    "Denise raconte une semaine difficile, fatigue apres la chimio, sommeil coupe, "
    "elle a pu parler a sa fille et se sent moins seule, on revoit les ressources du "
    "filet de securite et le prochain bilan avec l'oncologue "
)


class AppUnderPty:
    """`python -m epc_tui` in a pseudo-terminal of 120 × 40 whose output is drained in a
    thread, driven by key presses as a coach's terminal would send them.

    `kill_inside` names a step of the end of a call (`module.function` of `epc_tui.vault`):
    the process then kills itself with SIGKILL just after that step returns inside the
    end-of-call transaction, before the commit (the only way to land exactly there).
    """

    def __init__(self, data_dir: Path, kill_inside: str = "") -> None:
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "LANG": "fr_CA.UTF-8",
            "PYTHONPATH": str(REPO / "src"),
            "EPC_KILL_INSIDE": kill_inside,
        }
        env.pop("LC_ALL", None)
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the application
            arguments = ["-c", KILL_INSIDE_WRAPPER] if kill_inside else ["-m", "epc_tui"]
            os.execvpe(
                sys.executable,
                [sys.executable, *arguments, "--data-dir", str(data_dir)],
                env,
            )
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.output = bytearray()
        self._stop = False
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        self.killed_itself = False

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

    def wait_for(self, text: str, since: int = 0, timeout: float = 30.0) -> bool:
        """Wait until `text` has been drawn (after output position `since`)."""
        wanted = text.encode()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if wanted in self.output[since:]:
                return True
            if self.exited():
                return wanted in self.output[since:]
            time.sleep(0.05)
        return False

    def exited(self) -> bool:
        """True once the process has ended (killed itself, say)."""
        if self.killed_itself:
            return True
        finished, status = os.waitpid(self.pid, os.WNOHANG)
        if finished:
            self.killed_itself = os.WIFSIGNALED(status)
            return True
        return False

    def kill(self) -> bool:
        """SIGKILL: no handler runs, nothing is saved on the way out. True if it was alive."""
        alive = not self.exited()
        if alive:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        self._stop = True
        self._reader.join(timeout=2)
        os.close(self.fd)
        return alive

    def open_first_call(self, passphrase: str) -> None:
        """Unlock, then start the call on the first line of the today view."""
        for marker, keys, timeout in (
            ("Phrase de passe", passphrase + "\r", 60.0),
            ("Denise Appel", "c", 60.0),
        ):
            if not self.wait_for(marker, timeout=timeout):
                raise HarnessError(f"the application never showed {marker!r}")
            time.sleep(0.3)
            since = len(self.output)
            self.type(keys)
        if not self.wait_for("Thèmes", since, timeout=60.0):
            raise HarnessError("the call screen never opened")
        time.sleep(0.3)


class HarnessError(RuntimeError):
    """The terminal never showed what the script waits for (a loaded machine): the run
    says nothing about the vault and is made again."""


KILL_INSIDE_WRAPPER = """
import os, signal, sys
import epc_tui.vault.attempts, epc_tui.vault.check_ins, epc_tui.vault.logbook
module_name, function_name = os.environ["EPC_KILL_INSIDE"].split(".")
module = getattr(epc_tui.vault, module_name)
real = getattr(module, function_name)
def step(*args, **kwargs):
    result = real(*args, **kwargs)
    if sys._getframe(1).f_code.co_name in ("finish_call", "_plan_next"):
        os.kill(os.getpid(), signal.SIGKILL)  # inside the end-of-call transaction
    return result
setattr(module, function_name, step)
from epc_tui.cli import run
sys.exit(run(sys.argv[1:]))
"""

END_OF_CALL_STEPS = (
    "logbook.save_text",
    "logbook.save_fields",
    "check_ins.set_status",
    "logbook.record_call_times",
    "attempts.record_connected_call",
    "check_ins.add_check_in",
    "logbook.finalise",
)
"""Every write of the end of a call, in the order `services.call_flow.finish_call` does them."""


@dataclass(frozen=True)
class CallVault:
    """A vault with one person (weekly cadence) and one check-in planned today."""

    paths: VaultPaths
    person_id: int
    check_in_id: int


def call_vault(workdir: Path) -> CallVault:
    """Create the vault a coach opens to call Denise today."""
    from epc_tui.vault import check_ins, people
    from epc_tui.vault.records import PersonDraft

    paths = VaultPaths(workdir / "coffre")
    vault = Vault(paths, kdf=FLOOR)
    vault.create(PASSPHRASE)
    try:
        draft = PersonDraft(
            full_name="Denise Appel",
            kind="patient",
            track_id=None,
            anchor_date=None,
            cadence="weekly",
        )
        person_id = people.add_person(vault, draft, [], datetime.now())
        check_in_id = check_ins.add_check_in(vault, person_id, date.today(), at=datetime.now())
    finally:
        vault.release()
    return CallVault(paths, person_id, check_in_id)


@dataclass(frozen=True)
class CallState:
    """What the vault holds about the call after the kill."""

    status: str  # the check-in's status
    duration: int | None
    note_status: str  # "none", "draft" or "final"
    body: str
    revisions: int
    call_ended: bool
    next_planned: int  # check-ins planned after today


def call_state(paths: VaultPaths, call: CallVault) -> CallState:
    """Open the vault (it must open) and read the call's check-in, note and next check-in."""
    from epc_tui.vault import check_ins, logbook

    vault = Vault(paths, kdf=FLOOR)
    vault.unlock(PASSPHRASE)
    try:
        held = check_ins.get_check_in(vault, call.check_in_id)
        later = [
            c
            for c in check_ins.check_ins_of_person(vault, call.person_id)
            if c.id != call.check_in_id and c.status == "planned"
        ]
        notes = logbook.notes_of_person(vault, call.person_id)
        if not notes:
            return CallState(held.status, held.duration_seconds, "none", "", 0, False, len(later))
        note = notes[0]
        revisions = len(logbook.history(vault, note.id))
        return CallState(
            held.status,
            held.duration_seconds,
            note.status,
            note.body,
            revisions,
            note.call_ended_at is not None,
            len(later),
        )
    finally:
        vault.release()


def typing_loss(typed: str, kept: str) -> str:
    """Empty when `kept` is what was typed minus at most the last 2 s; else what is wrong."""
    if not typed.startswith(kept):
        return "the draft is not what was typed"
    lost = len(typed) - len(kept)
    if lost > LOST_AT_MOST / TYPING_PACE:
        return f"{lost} characters lost (more than {LOST_AT_MOST:.0f} s of typing)"
    return ""


def whole_or_untouched(state: CallState, typed: str) -> str:
    """Empty when the end of the call is either not recorded at all or recorded whole."""
    if state.status == "planned":
        if state.note_status == "final" or state.revisions or state.call_ended:
            return f"check-in open but note {state.note_status}, call ended {state.call_ended}"
        if state.next_planned:
            return "check-in open but the next one already planned"
        return typing_loss(typed, state.body)
    if state.status == "done":
        if state.note_status != "final" or state.revisions != 1 or state.body != typed:
            return f"check-in done but note {state.note_status} ({state.revisions} revisions)"
        if state.duration is None or not state.call_ended or state.next_planned != 1:
            return "check-in done but duration, call end or next check-in missing"
        return ""
    return f"check-in {state.status}"


def kill_while_typing(workdir: Path, rng: random.Random) -> RunResult:
    """Kill the application at a random moment while a note is typed steadily (with one
    pause of random length): the vault opens, `epc check` passes, and the recovered draft
    is what was typed minus at most the last 2 s."""
    call = call_vault(workdir)
    app = AppUnderPty(call.paths.data_dir)
    typed, typing_for = "", 0.0
    try:
        app.open_first_call(PASSPHRASE)
        first = NOTE_WORDS[: rng.randint(5, 60)]
        app.type(first, pause=TYPING_PACE)
        time.sleep(rng.uniform(0.0, 2.5))
        typing_for = rng.uniform(0.2, 5.0)
        second = (NOTE_WORDS * 2)[len(first) :][: int(typing_for / TYPING_PACE)]
        typed = first + second
        app.type(second, pause=TYPING_PACE)
    finally:
        alive = app.kill()
    try:
        state = call_state(call.paths, call)
    except Exception as error:  # noqa: BLE001 - the result table says what happened
        return RunResult("typing", typing_for, alive, False, False, type(error).__name__)
    detail = typing_loss(typed, state.body) or whole_or_untouched(state, typed)
    passed = epc_check(call.paths.data_dir, PASSPHRASE) and not detail
    return RunResult("typing", typing_for, alive, True, passed, detail)


def kill_while_ending_call(workdir: Path, rng: random.Random) -> RunResult:
    """Type a note, press Ctrl+E, accept the proposed next check-in, and kill: half the runs
    at a random moment from Ctrl+E to just after the end is recorded, half exactly after
    one randomly chosen write inside the end-of-call transaction. Afterwards the vault opens,
    `epc check` passes, and the call is either still open with its draft (at most 2 s of
    typing missing) or ended whole: check-in done with its duration, note final with its
    revision, next check-in planned."""
    inside = rng.choice(END_OF_CALL_STEPS) if rng.random() < 0.5 else ""
    return end_call_killed(workdir, rng.randint(20, 120), inside, rng.uniform(0.0, 0.9))


def end_call_killed(workdir: Path, letters: int, inside: str, delay: float) -> RunResult:
    """One end of a call after typing `letters` characters, killed just after the write
    `inside` names (one of `END_OF_CALL_STEPS`) or, when empty, `delay` seconds after Ctrl+E."""
    call = call_vault(workdir)
    app = AppUnderPty(call.paths.data_dir, kill_inside=inside)
    typed = NOTE_WORDS[:letters]
    try:
        app.open_first_call(PASSPHRASE)
        app.type(typed, pause=TYPING_PACE)
        time.sleep(0.3)
        since = len(app.output)
        app.type("\x05")  # Ctrl+E: end the call
        began = time.monotonic()
        if not app.wait_for("Fin de l'appel", since, timeout=30):
            raise HarnessError("the end-of-call dialog never opened")
        app.type("\r")  # accept the proposed next check-in (the focused button)
        if inside:
            app.wait_for("Appel terminé", since, timeout=60)
        else:
            time.sleep(max(0.0, began + delay - time.monotonic()))
        delay = time.monotonic() - began
    finally:
        alive = app.kill()
    killed_itself = app.killed_itself
    if inside and not killed_itself:
        return RunResult("end_call", delay, alive, False, False, f"{inside} never ran")
    try:
        state = call_state(call.paths, call)
    except Exception as error:  # noqa: BLE001 - the result table says what happened
        return RunResult("end_call", delay, alive, False, False, type(error).__name__)
    problem = whole_or_untouched(state, typed)
    where = f"inside, after {inside}" if inside else "at a random moment"
    detail = f"{where}: {problem or state.status}"
    passed = epc_check(call.paths.data_dir, PASSPHRASE) and not problem
    return RunResult("end_call", delay, alive or killed_itself, True, passed, detail)


# -- restore ---------------------------------------------------------------------------------

_restore_template: dict[str, tuple[Path, Path]] = {}


def _restore_pair() -> tuple[Path, Path]:
    """The typical vault with one extra person, and a backup taken before that person."""
    if "pair" not in _restore_template:
        from epc_tui.vault.people import add_person
        from epc_tui.vault.records import PersonDraft

        root = _scratch_directory("epc-restore-")
        data = root / "coffre"
        shutil.copytree(_typical_vault(), data)
        backup = root / "avant.epcbak"
        made = subprocess.run(
            [sys.executable, "-m", "epc_tui", "--data-dir", str(data), "backup", str(backup)]
            + ["--passphrase-stdin"],
            input="bench\n",
            capture_output=True,
            text=True,
            env=ENV,
            timeout=600,
        )
        if made.returncode != 0:
            raise RuntimeError("the backup to restore could not be made")
        vault = Vault(VaultPaths(data), kdf=FLOOR)
        vault.unlock("bench")
        draft = PersonDraft(full_name="Après la sauvegarde", kind="partner", track_id=None,
                            anchor_date=None, code="APRES-1")  # fmt: skip
        add_person(vault, draft, [], datetime.now())
        vault.release()
        _restore_template["pair"] = (data, backup)
    return _restore_template["pair"]


def _people_codes(data: Path) -> set[str] | None:
    """The people's codes in the vault at `data`, or None when it does not open."""
    from epc_tui.vault.models import Person

    vault = Vault(VaultPaths(data), kdf=FLOOR)
    try:
        vault.unlock("bench")
        with vault.connected():
            return {str(code) for (code,) in Person.select(Person.code).tuples()}
    except Exception:  # noqa: BLE001 - "does not open" is the finding
        return None
    finally:
        vault.release()


def _start_restore(data: Path, backup: Path) -> subprocess.Popen[str]:
    """`epc restore BACKUP --yes` started on the vault at `data`."""
    process = subprocess.Popen(
        [sys.executable, "-m", "epc_tui", "--data-dir", str(data), "restore", str(backup)]
        + ["--yes", "--passphrase-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        env=ENV,
    )
    assert process.stdin is not None
    process.stdin.write("bench\n")
    process.stdin.close()
    return process


def restore_seconds() -> float:
    """How long `epc restore` of the typical vault takes here, uninterrupted (whole process)."""
    if "restore" not in _measured:
        source, backup = _restore_pair()
        with tempfile.TemporaryDirectory(prefix="epc-kill-") as workdir:
            data = Path(workdir) / "coffre"
            shutil.copytree(source, data)
            began = time.perf_counter()
            _start_restore(data, backup).wait()
            _measured["restore"] = time.perf_counter() - began
    return _measured["restore"]


def kill_during_restore(workdir: Path, rng: random.Random) -> RunResult:
    """Kill `epc restore FILE --yes` at a random moment within 1.1 × its uninterrupted
    duration (whole process, measured once): the vault opens, passes `epc check`, and holds
    exactly the vault before (with the person added after the backup) or exactly the backup
    (without)."""
    source, backup = _restore_pair()
    window = 1.1 * restore_seconds()
    data = workdir / "coffre"
    shutil.copytree(source, data)
    process = _start_restore(data, backup)
    delay = rng.uniform(0.2, window)
    interrupted = kill_after(process, delay)
    codes = _people_codes(data)
    if codes is None:
        return RunResult("restore", delay, interrupted, False, False, "does not open")
    detail = "old vault" if "APRES-1" in codes else "restored backup"
    passed = epc_check(data, "bench")
    return RunResult("restore", delay, interrupted, True, passed, detail)


register("typing", kill_while_typing)
register("end_call", kill_while_ending_call)
register("restore", kill_during_restore)
register("passphrase", kill_during_passphrase_change)
register("backup", kill_during_backup)
register("key_rotation", kill_during_key_rotation)
register(
    "migration",
    lambda workdir, rng: kill_during_migration(workdir, rng, window=_migration_window()),
)


def _migration_window() -> float:
    """1.2 × the migration's uninterrupted duration, measured once per process."""
    if "window" not in _measured:
        _measured["window"] = 1.2 * migration_seconds()
    return _measured["window"]


_measured: dict[str, float] = {}


def run(scenario: str, runs: int, seed: int) -> list[RunResult]:
    """`runs` kills of `scenario`, each in a fresh temporary directory."""
    rng = random.Random(seed)
    results = []
    while len(results) < runs:
        with tempfile.TemporaryDirectory(prefix="epc-kill-") as workdir:
            try:
                results.append(SCENARIOS[scenario](Path(workdir), rng))
            except HarnessError as error:
                print(f"{scenario}: run made again ({error})", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    """Repeat the kill scenarios and print a Markdown table of the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), action="append")
    args = parser.parse_args(argv)
    rows = []
    failures = []
    began = time.perf_counter()
    for scenario in args.scenario or sorted(SCENARIOS):
        results = run(scenario, args.runs, args.seed)
        delays = [result.killed_after for result in results]
        rows.append(
            (
                scenario,
                len(results),
                f"{min(delays):.2f}–{max(delays):.2f} s",
                sum(result.interrupted for result in results),
                sum(result.opened for result in results),
                sum(result.check_passed for result in results),
                sum(not result.ok for result in results),
            )
        )
        failures += [result for result in results if not result.ok]
        outcomes = Counter(result.detail for result in results if result.detail)
        if outcomes:
            found = "; ".join(f"{count} × {detail}" for detail, count in sorted(outcomes.items()))
            print(f"{scenario}: {found}")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, seed {args.seed}")
    print(
        table(
            (
                "scenario",
                "runs",
                "killed after",
                "killed mid-operation",
                "vault opened",
                "epc check passed",
                "failures",
            ),
            rows,
        )
    )
    for failure in failures:
        print(f"FAILED {failure.scenario} after {failure.killed_after:.2f} s: {failure.detail}")
    print(f"total time: {time.perf_counter() - began:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
