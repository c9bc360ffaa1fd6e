"""Where a coach may put a backup: mounted removable drives, and completion of a typed path.

Plain file-system look-ups (no Textual), so the backups screen stays a thin view and the
rules are tested on their own.
"""

from __future__ import annotations

import getpass
import os
import shutil
from pathlib import Path

from epc_tui.i18n import t
from epc_tui.i18n.formats import format_number
from epc_tui.services.backup_policy import low_space
from epc_tui.vault.backup import NotEnoughSpace, estimated_size
from epc_tui.vault.paths import VaultPaths

BACKUP_SUFFIX = ".epcbak"
HANDOVER_SUFFIX = ".epchand"


def size_text(count: int) -> str:
    """A file size for the coach: `840 Kio`, `12,5 Mio`."""
    if count < 1024 * 1024:
        return t("backup.size_kib", size=format_number(max(1, count // 1024)))
    return t("backup.size_mib", size=format_number(count / (1024 * 1024), 1))


def check_space(paths: VaultPaths, destination: Path) -> None:
    """Refuse to start a backup when the vault's disk or the destination is too full.

    The snapshot is written beside the vault first, so the vault's disk keeps its reserve;
    a destination on another disk (a USB key) only needs room for the file.
    """
    needed = estimated_size(paths)
    vault_disk = shutil.disk_usage(paths.data_dir)
    if low_space(vault_disk.free, vault_disk.total, needed, removable=False):
        raise NotEnoughSpace()
    target = shutil.disk_usage(destination.parent)
    same_disk = destination.parent.stat().st_dev == paths.data_dir.stat().st_dev
    if low_space(target.free, target.total, 2 * needed if same_disk else needed, not same_disk):
        raise NotEnoughSpace()


def drive_roots(user: str | None = None) -> list[Path]:
    """Folders where desktops mount USB keys: /media/$USER, /run/media/$USER, /Volumes."""
    if user is None:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = os.environ.get("USER", "")
    roots = [Path("/Volumes")]
    if user:
        roots = [Path("/media") / user, Path("/run/media") / user, *roots]
    return roots


def removable_drives(roots: list[Path] | None = None) -> list[Path]:
    """Mounted drives found under the usual roots, sorted by name (macOS's system disk left
    out)."""
    found: list[Path] = []
    for root in roots if roots is not None else drive_roots():
        try:
            entries = sorted(root.iterdir(), key=lambda p: p.name.lower())
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name == "Macintosh HD":
                continue
            try:
                if entry.is_dir() and os.access(entry, os.W_OK):
                    found.append(entry)
            except OSError:
                continue
    return found


def complete_path(typed: str) -> str | None:
    """The first folder (or backup or handover file) whose path starts with `typed`, or None.

    `~` is understood; folders end with `/` so the coach can keep typing; matching ignores
    case because drive names are often typed in lower case.
    """
    if not typed:
        return None
    expanded = os.path.expanduser(typed)
    directory, partial = os.path.split(expanded)
    try:
        entries = sorted(os.scandir(directory or "."), key=lambda e: e.name.lower())
    except OSError:
        return None
    for entry in entries:
        if entry.name.startswith(".") and not partial.startswith("."):
            continue
        if not entry.name.lower().startswith(partial.lower()) or entry.name == partial:
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if not is_dir and not entry.name.endswith((BACKUP_SUFFIX, HANDOVER_SUFFIX)):
            continue
        completed = os.path.join(directory, entry.name) + ("/" if is_dir else "")
        home = os.path.expanduser("~")
        if typed.startswith("~") and completed.startswith(home):
            completed = "~" + completed[len(home) :]
        return completed
    return None
