"""Where a vault lives, and keeping its files private (0700 directory, 0600 files)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "epc"


def default_data_dir() -> Path:
    """`--data-dir`, else `EPC_DATA_DIR`, else the platform's user data directory."""
    configured = os.environ.get("EPC_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class VaultPaths:
    """The files of one vault, all inside one private directory."""

    data_dir: Path

    @property
    def database(self) -> Path:
        """The SQLCipher database."""
        return self.data_dir / "vault.db"

    @property
    def keyfile(self) -> Path:
        """The wrapped data key."""
        return self.data_dir / "vault.key"

    @property
    def lock(self) -> Path:
        """The single-instance lock file."""
        return self.data_dir / "vault.lock"

    @property
    def settings(self) -> Path:
        """Non-personal settings (language, lock delay, theme)."""
        return self.data_dir / "settings.json"

    @property
    def backups(self) -> Path:
        """Automatic backups."""
        return self.data_dir / "backups"

    def exists(self) -> bool:
        """True when a vault (its key file) is present."""
        return self.keyfile.exists()


def make_private_dir(directory: Path) -> None:
    """Create `directory` (and parents) and make it 0700 on POSIX."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(directory, 0o700)


def tighten_permissions(paths: VaultPaths) -> list[Path]:
    """Force 0700 on the directory and 0600 on every file in it; return what was changed."""
    if os.name != "posix" or not paths.data_dir.exists():
        return []
    changed = []
    if stat.S_IMODE(paths.data_dir.stat().st_mode) != 0o700:
        os.chmod(paths.data_dir, 0o700)
        changed.append(paths.data_dir)
    for entry in paths.data_dir.rglob("*"):
        wanted = 0o700 if entry.is_dir() else 0o600
        if entry.is_symlink():
            continue
        if stat.S_IMODE(entry.stat().st_mode) != wanted:
            os.chmod(entry, wanted)
            changed.append(entry)
    return changed
