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
  `epc check` and the backup file is absent or passes `epc verify`.

Other engineers add scenarios (typing a note, ending a call, restore) with
`register(name, function)`: the function takes a working directory and a `random.Random` and
returns a `RunResult`.

Run: `uv run python benchmarks/fault_runs.py [--runs 20] [--scenario migration]`; the
table printed goes into `docs/reliability.md`. The test suite runs a few of each scenario
(tests/faults/test_kill_runs.py).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import table  # noqa: E402
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


def _version_1_template(notes: int) -> Path:
    """A version-1 vault built once per process and copied for each run."""
    if notes not in _templates:
        directory = Path(tempfile.mkdtemp(prefix="epc-v1-")) / "coffre"
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
        directory = Path(tempfile.mkdtemp(prefix="epc-typical-")) / "coffre"
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


register("passphrase", kill_during_passphrase_change)
register("backup", kill_during_backup)
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
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="epc-kill-") as workdir:
            results.append(SCENARIOS[scenario](Path(workdir), rng))
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
