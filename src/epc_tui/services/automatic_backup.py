"""Automatic backups in the data directory: after changes (at most hourly) and on lock.

The application calls `tick` every minute and `on_lock` just before forgetting the key; both
return at once and never raise. A backup runs in one background thread at a time, with its
own connection and a copy of the data key that lives only as long as that backup (seconds).
Each automatic backup is verified before it takes its final name, then the rotation of
`backup_policy` removes the ones no longer kept. When the disk is low, nothing is written and
a warning is returned to the application once.

The folder also holds `verified.json` (file names and times of the last verification: nothing
personal), so the backups screen can say when each file was last checked.

A backup's name comes from the `now` its caller gives and its verification time from a
`Clock`, so both can be fixed in tests and screenshots. The runner always uses the real clock:
deciding that a backup is due compares the newest name with real file times.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from epc_tui.clock import Clock
from epc_tui.services.backup_policy import (
    Retention,
    automatic_backup_due,
    backups_to_delete,
    low_space,
)
from epc_tui.settings import Settings
from epc_tui.vault.atomic import write_atomically
from epc_tui.vault.backup import (
    SUFFIX,
    NotEnoughSpace,
    create_backup,
    discard_previous_vault,
    estimated_size,
    remove_interrupted_work,
    verify_backup,
)
from epc_tui.vault.paths import VaultPaths, make_private_dir
from epc_tui.vault.vault import Vault

NAME_FORMAT = "epc-%Y%m%d-%H%M%S"
VERIFIED_FILE = "verified.json"


@dataclass(frozen=True)
class AutomaticBackup:
    """One file of the automatic-backup folder, as the backups screen lists it."""

    path: Path
    made_at: datetime
    size: int
    verified_at: datetime | None


def retention_of(settings: Settings) -> Retention:
    """The rotation counts chosen in the settings."""
    return Retention(
        daily=settings.backup_keep_daily,
        weekly=settings.backup_keep_weekly,
        monthly=settings.backup_keep_monthly,
    )


def _made_at(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.name.removesuffix(SUFFIX), NAME_FORMAT)
    except ValueError:
        return None


def read_verified(paths: VaultPaths) -> dict[str, str]:
    """File name → ISO time of its last successful verification."""
    try:
        document = json.loads((paths.backups / VERIFIED_FILE).read_text("ascii"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(document, dict):
        return {}
    return {str(k): str(v) for k, v in document.items() if isinstance(v, str)}


def record_verified(paths: VaultPaths, backup: Path, at: datetime) -> None:
    """Remember that `backup` (in the automatic folder) verified at `at`."""
    if backup.parent.resolve() != paths.backups.resolve():
        return
    document = read_verified(paths)
    document[backup.name] = at.replace(microsecond=0).isoformat()
    present = {p.name for p in paths.backups.glob(f"*{SUFFIX}")}
    document = {name: when for name, when in document.items() if name in present}
    write_atomically(paths.backups / VERIFIED_FILE, json.dumps(document, indent=1).encode())


def list_automatic_backups(paths: VaultPaths) -> list[AutomaticBackup]:
    """The automatic backups, newest first."""
    if not paths.backups.is_dir():
        return []
    verified = read_verified(paths)
    found = []
    for path in paths.backups.glob(f"*{SUFFIX}"):
        made_at = _made_at(path)
        if made_at is None:
            continue
        with contextlib.suppress(OSError):
            when = verified.get(path.name)
            found.append(
                AutomaticBackup(
                    path=path,
                    made_at=made_at,
                    size=path.stat().st_size,
                    verified_at=datetime.fromisoformat(when) if when else None,
                )
            )
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def last_change(paths: VaultPaths) -> datetime | None:
    """When the database (or its write-ahead log) was last written."""
    times = []
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            times.append(os.stat(f"{paths.database}{suffix}").st_mtime)
    return datetime.fromtimestamp(max(times)) if times else None


def rotate(paths: VaultPaths, retention: Retention) -> list[Path]:
    """Delete the automatic backups the rotation no longer keeps; return them."""
    by_time = {b.made_at: b.path for b in list_automatic_backups(paths)}
    removed = []
    for moment in backups_to_delete(by_time, retention):
        with contextlib.suppress(FileNotFoundError):
            by_time[moment].unlink()
            removed.append(by_time[moment])
    return removed


def make_automatic_backup(
    paths: VaultPaths,
    data_key: bytes,
    retention: Retention,
    now: datetime,
    clock: Clock | None = None,
) -> Path:
    """Write, verify and rotate one automatic backup named after `now` (synchronously).

    The verification time recorded is `clock.now()` once verified (the real clock unless
    given). Raises `NotEnoughSpace` without writing when the disk is low.
    """
    make_private_dir(paths.backups)
    usage = shutil.disk_usage(paths.data_dir)
    if low_space(usage.free, usage.total, 2 * estimated_size(paths), removable=False):
        raise NotEnoughSpace()
    destination = paths.backups / f"{now.strftime(NAME_FORMAT)}{SUFFIX}"
    staged = paths.backups / f".{destination.name}.staged"
    try:
        create_backup(paths, data_key, staged, now=now.astimezone())
        verify_backup(paths, staged, data_key)
        os.replace(staged, destination)
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
    record_verified(paths, destination, (clock or Clock()).now())
    rotate(paths, retention)
    return destination


def backup_if_changed(paths: VaultPaths, data_key: bytes, retention: Retention) -> Path | None:
    """An automatic backup now if anything changed since the newest one (before a restore)."""
    if not automatic_backup_due(datetime.now(), _newest(paths), last_change(paths), True):
        return None
    return make_automatic_backup(paths, data_key, retention, datetime.now())


class _Runner:
    """At most one automatic backup at a time for one data directory."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.warning: str | None = None
        self.swept = False
        self.suspended = 0
        self.lock = threading.Lock()

    def busy(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self, paths: VaultPaths, data_key: bytes, retention: Retention) -> None:
        def work() -> None:
            try:
                make_automatic_backup(paths, data_key, retention, datetime.now())
            except NotEnoughSpace:
                self.warning = "backup.auto_low_space"
            except Exception:
                self.warning = "backup.auto_failed"

        self.thread = threading.Thread(target=work, name="epc-automatic-backup", daemon=False)
        self.thread.start()


_runners: dict[Path, _Runner] = {}


def _runner(paths: VaultPaths) -> _Runner:
    return _runners.setdefault(paths.data_dir.resolve(), _Runner())


def _newest(paths: VaultPaths) -> datetime | None:
    backups = list_automatic_backups(paths)
    return backups[0].made_at if backups else None


@contextlib.contextmanager
def suspended(paths: VaultPaths) -> Iterator[None]:
    """No automatic backup starts inside this block (a restore is swapping files)."""
    runner = _runner(paths)
    runner.suspended += 1
    try:
        yield
    finally:
        runner.suspended -= 1


def _maybe_start(vault: Vault, settings: Settings, on_lock: bool) -> None:
    runner = _runner(vault.paths)
    with runner.lock:
        if runner.busy() or runner.suspended or not vault.is_unlocked:
            return
        if not runner.swept:
            remove_interrupted_work(vault.paths)
            runner.swept = True
        if not automatic_backup_due(
            datetime.now(), _newest(vault.paths), last_change(vault.paths), on_lock
        ):
            return
        runner.start(vault.paths, vault.data_key(), retention_of(settings))


def tick(vault: Vault, settings: Settings) -> str | None:
    """Called every minute: start a backup if one is due; return a warning key once, if any.

    Also, the vault being open again after a restore, the database kept before it is deleted.
    """
    try:
        if vault.is_unlocked:
            discard_previous_vault(vault.paths)
            _maybe_start(vault, settings, on_lock=False)
        return take_warning(vault.paths)
    except Exception:
        return "backup.auto_failed"


def take_warning(paths: VaultPaths) -> str | None:
    """The warning of the last finished automatic backup, if any, given only once."""
    runner = _runner(paths)
    with runner.lock:
        warning, runner.warning = runner.warning, None
    return warning


def on_lock(vault: Vault, settings: Settings) -> None:
    """Called just before the key is forgotten: start a backup if anything changed."""
    with contextlib.suppress(Exception):
        _maybe_start(vault, settings, on_lock=True)


def is_running(paths: VaultPaths) -> bool:
    """True while an automatic backup of this data directory is being written."""
    return _runner(paths).busy()


def wait_for_automatic_backup(paths: VaultPaths, timeout: float | None = None) -> None:
    """Block until the running automatic backup (if any) ends (tests, quitting)."""
    thread = _runner(paths).thread
    if thread is not None:
        thread.join(timeout)
