"""`epc check` on a fictional vault, split by part as the command announces them, against a
plain copy of the same database file measured in the same run.

Runs the real command (`epc check --progress --passphrase-stdin`) in a subprocess and times
each line it writes on stderr: key file, every encrypted page (`cipher_integrity_check`), the
structure (`integrity_check`), the logbook chain; the last part ends with the process.

    uv run python benchmarks/check_parts.py --runs 3 DIR

DIR is a vault made by `benchmarks/fictional_vault.py` (passphrase `bench`). Prints Markdown
rows for `docs/performance.md`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from benchmarks.common import Samples, table  # noqa: E402
from benchmarks.fictional_vault import DEFAULT_PASSPHRASE  # noqa: E402

from epc_tui.i18n import set_language, t  # noqa: E402

PARTS = ["check.step_keyfile", "check.step_pages", "check.step_structure", "check.step_logbook"]


def one_check(data_dir: Path) -> dict[str, float]:
    """Seconds spent in each part of one `epc check` (and `unlock`: start to first part)."""
    env = dict(os.environ, LANG="fr_CA.UTF-8")
    env.pop("LC_ALL", None)
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "epc_tui", "--data-dir", str(data_dir), "check", "--progress"]
        + ["--passphrase-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write(DEFAULT_PASSPHRASE + "\n")
    process.stdin.close()
    lines = {t(part): part for part in PARTS}
    marks: list[tuple[str, float]] = [("unlock", began)]
    for line in process.stderr:
        part = lines.get(line.strip())
        if part is None:
            raise SystemExit(f"unexpected line from epc check: {line.strip()}")
        marks.append((part, time.perf_counter()))
    if process.wait() != 0:
        raise SystemExit("epc check failed")
    ended = time.perf_counter()
    spans = {}
    for (name, start), (_, stop) in zip(marks, [*marks[1:], ("end", ended)], strict=True):
        spans[name] = stop - start
    spans["total"] = ended - began
    return spans


def copy_reference(database: Path, target: Path) -> float:
    """Seconds to copy the database file and fsync it."""
    began = time.perf_counter()
    shutil.copyfile(database, target)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())
    spent = time.perf_counter() - began
    target.unlink()
    return spent


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    set_language("fr")
    database = args.vault / "vault.db"
    copies: list[float] = []
    runs: list[dict[str, float]] = []
    for run in range(args.runs):
        copies.append(copy_reference(database, args.vault.parent / ".check-bench-copy"))
        runs.append(one_check(args.vault))
        print(f"run {run + 1}: " + ", ".join(f"{k} {v:.1f} s" for k, v in runs[-1].items()))
    copy = Samples(tuple(copies))
    names = ["unlock", *PARTS, "total"]
    rows = [["copy of the database file + fsync (reference)", f"{copy.median:.1f} s", "1.0 ×"]]
    for name in names:
        spent = Samples(tuple(run[name] for run in runs))
        label = name if name in ("unlock", "total") else t(name).rstrip("…")
        rows.append([label, f"{spent.median:.1f} s", f"{spent.median / copy.median:.1f} ×"])
    print()
    print(
        f"database {database.stat().st_size / 1e6:.0f} MB, {args.runs} runs, load average "
        f"{os.getloadavg()[0]:.1f} at the end"
    )
    print(table(["part", "median", "vs copy time"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
