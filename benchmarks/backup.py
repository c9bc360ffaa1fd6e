"""Backup and verify of a fictional vault: seconds and MB/s, against two references measured in
the same run — `cryptography`'s AES-256-GCM throughput in memory, and a plain copy (with fsync)
of the same database file.

Also splits the work: the backup-API snapshot alone (the fallback when writers keep the WAL
busy: SQLCipher re-encrypts every page), and authenticating every chunk without checking the
pages, so the figures say where the time goes. A backup normally reads the live file's
already-encrypted pages, held still by a read transaction (`vault/backup_source.py`). Verify
checks every page's HMAC, the header and the row counts in the stream, writing nothing
(`vault/cipher_pages.py`); from `verify_helper.SPLIT_FROM_BYTES` on, a second process checks
the later part of the file (`vault/verify_helper.py`), so verify is measured that way and in
one process, interleaved with the copy reference run by run. `verify --full` and restore
also write the database out and run SQLite's `integrity_check`: the restore figure is a
backup restored into an empty data folder (decrypt and write out, page checks,
`integrity_check`, counts, fsync, rename).

    uv run python benchmarks/backup.py --size large --vault /tmp/epc-backup-bench --runs 3

`--without snapshot restore` leaves out the slow fallback snapshot and restore rows.

The vault directory is built by `benchmarks/fictional_vault.py` when absent (or reused when
its marker matches). Prints Markdown rows for `docs/performance.md`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

# The repository root instead of this folder: a script here named like a standard module
# (calendar.py) would otherwise shadow it for every import.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from benchmarks.common import Samples, measure, ratio, table  # noqa: E402
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

# The application's own modules are imported in `main`: verify's helper is a spawned
# process, which first imports the main script as `__mp_main__`. The application's script
# (`epc`) imports nothing at that level; this one must not either, or every helper start
# would pay for the vault, peewee and the generator here and nowhere else.

MB = 1_000_000


def aes_gcm_throughput(total: int = 256 * 1024 * 1024, chunk: int = 64 * 1024) -> float:
    """Bytes per second of AES-256-GCM over 64 KiB chunks, in memory, one core."""
    aead = AESGCM(os.urandom(32))
    data = os.urandom(chunk)
    aad = os.urandom(1000)
    count = total // chunk
    began = time.perf_counter()
    for n in range(count):
        aead.encrypt(n.to_bytes(12, "big"), data, aad)
    return count * chunk / (time.perf_counter() - began)


def copy_with_fsync(source: Path, target: Path) -> None:
    """What `cp` then `sync` of the database file costs."""
    shutil.copyfile(source, target)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())
    target.unlink()


def throughput(size: int, samples: Samples) -> str:
    """MB/s for a table cell."""
    return f"{size / samples.median / MB:.0f} MB/s"


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    from benchmarks.fictional_vault import DEFAULT_PASSPHRASE, ensure_vault

    from epc_tui.vault import verify_helper
    from epc_tui.vault.backup import (
        authenticate_backup,
        create_backup,
        prepare_restore,
        snapshot,
        swap_in,
        verify_backup,
    )
    from epc_tui.vault.paths import VaultPaths

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="large", choices=["typical", "large"])
    parser.add_argument("--vault", type=Path, default=Path("/tmp/epc-backup-bench"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--restore-runs", type=int, default=None, help="runs of the restore (default: --runs)"
    )
    parser.add_argument(
        "--without", nargs="*", default=[], choices=["snapshot", "restore"], help="rows left out"
    )
    args = parser.parse_args(argv)

    vault = ensure_vault(args.vault, args.size)
    vault.unlock(DEFAULT_PASSPHRASE)
    key = vault.data_key()
    vault.lock()
    paths = VaultPaths(args.vault)
    size = paths.database.stat().st_size
    target = args.vault / "bench.epcbak"
    copy_target = args.vault / ".bench-copy"
    print(f"vault: {args.size}, database {size / MB:.0f} MB, runs {args.runs}", flush=True)

    aes = aes_gcm_throughput()
    copy_with_fsync(paths.database, copy_target)  # the file in the page cache, as for a user

    def take_snapshot() -> None:
        with snapshot(paths, key):
            pass

    snap = None
    if "snapshot" not in args.without:
        snap = measure(take_snapshot, args.runs, warmup=0)
        print(f"snapshot: {snap.median:.2f} s", flush=True)
    backup = measure(lambda: create_backup(paths, key, target), args.runs, warmup=0)
    backup_size = target.stat().st_size
    print(f"backup: {backup.median:.2f} s", flush=True)
    auth = measure(lambda: authenticate_backup(target, key), args.runs, warmup=0)
    threshold = verify_helper.SPLIT_FROM_BYTES

    def verify_in_one() -> None:
        verify_helper.SPLIT_FROM_BYTES = 1 << 62
        try:
            verify_backup(paths, target, key)
        finally:
            verify_helper.SPLIT_FROM_BYTES = threshold

    copies: list[float] = []
    verifies: list[float] = []
    ones: list[float] = []
    cpu: list[float] = []
    for run in range(args.runs):
        copies += measure(lambda: copy_with_fsync(paths.database, copy_target), 1, 0).values
        began = os.times()
        verifies += measure(lambda: verify_backup(paths, target, key), 1, 0).values
        ended = os.times()
        cpu.append(sum(ended[:4]) - sum(began[:4]))
        ones += measure(verify_in_one, 1, 0).values
        print(
            f"run {run + 1}: copy {copies[-1]:.2f} s, verify {verifies[-1]:.2f} s "
            f"(CPU {cpu[-1]:.2f} s, both processes), one process {ones[-1]:.2f} s, "
            f"load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    copy, verify, one = Samples(tuple(copies)), Samples(tuple(verifies)), Samples(tuple(ones))
    restored_dir = args.vault.parent / f".{args.vault.name}-restored"

    def restore() -> None:
        shutil.rmtree(restored_dir, ignore_errors=True)
        fresh = VaultPaths(restored_dir)
        swap_in(fresh, prepare_restore(fresh, target, key, None))

    restore_runs = args.restore_runs or args.runs
    restored = None
    if "restore" not in args.without:
        restored = measure(restore, restore_runs, warmup=0)
        shutil.rmtree(restored_dir, ignore_errors=True)
        print(f"restore: {restored.median:.2f} s", flush=True)
    target.unlink()
    vault.release()

    copy_rate = size / copy.median
    rows = [
        ["AES-256-GCM in memory (`cryptography`, 64 KiB chunks)", "", f"{aes / MB:.0f} MB/s", ""],
        [
            "copy of the database file + fsync (reference)",
            f"{copy.median:.2f} s",
            throughput(size, copy),
            "1.00 ×",
        ],
        [
            "fallback snapshot (backup API, SQLCipher re-encrypts each page)",
            f"{snap.median:.2f} s" if snap else "not run",
            throughput(size, snap) if snap else "",
            ratio(size / snap.median, copy_rate) if snap else "",
        ],
        [
            "**backup** (live file's encrypted pages held still + seal + fsync)",
            f"{backup.median:.2f} s",
            throughput(size, backup),
            ratio(size / backup.median, copy_rate),
        ],
        [
            "authenticate every chunk only",
            f"{auth.median:.2f} s",
            throughput(backup_size, auth),
            ratio(backup_size / auth.median, copy_rate),
        ],
        [
            "**verify** (authenticate, every page's HMAC, header, counts; nothing written; "
            "two processes)",
            f"{verify.median:.2f} s",
            throughput(size, verify),
            ratio(size / verify.median, copy_rate),
        ],
        [
            "verify in one process (as before the helper)",
            f"{one.median:.2f} s",
            throughput(size, one),
            ratio(size / one.median, copy_rate),
        ],
        [
            "**restore** into an empty folder (write out, `integrity_check`"
            + (f"; {restore_runs} runs)" if restored else ")"),
            f"{restored.median:.2f} s" if restored else "not run",
            throughput(size, restored) if restored else "",
            ratio(size / restored.median, copy_rate) if restored else "",
        ],
    ]
    print()
    print(table(["measure", "median", "throughput", "vs copy"], rows))
    print()
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"verify CPU time (both processes), median: {Samples(tuple(cpu)).median:.2f} s")
    print(
        f"backup file {backup_size / MB:.0f} MB; backup throughput is "
        f"{ratio(size / backup.median, aes)} of AES-GCM in memory"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
