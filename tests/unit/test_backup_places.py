"""Where backups go: detected USB drives, path completion, and the space check before writing."""

from __future__ import annotations

from collections import namedtuple
from pathlib import Path

import pytest

from epc_tui.services import backup_places
from epc_tui.services.backup_places import (
    check_space,
    complete_path,
    drive_roots,
    removable_drives,
)
from epc_tui.vault.backup import NotEnoughSpace
from epc_tui.vault.vault import Vault

Usage = namedtuple("Usage", "total used free")
GIB = 1024**3


def test_drives_are_found_under_the_usual_roots(tmp_path: Path) -> None:
    """Folders under /media/$USER-like roots are drives; hidden entries and files are not."""
    media = tmp_path / "media" / "coach"
    (media / "KINGSTON").mkdir(parents=True)
    (media / "clé verte").mkdir()
    (media / ".trash").mkdir()
    (media / "fichier").write_text("x")
    volumes = tmp_path / "Volumes"
    (volumes / "Macintosh HD").mkdir(parents=True)
    (volumes / "USB").mkdir()
    found = removable_drives([media, tmp_path / "absent", volumes])
    assert [p.name for p in found] == ["clé verte", "KINGSTON", "USB"]


def test_the_roots_follow_the_user() -> None:
    """Linux desktops mount under /media/<user> and /run/media/<user>; macOS under /Volumes."""
    assert drive_roots("josee") == [
        Path("/media/josee"),
        Path("/run/media/josee"),
        Path("/Volumes"),
    ]


def test_completion_of_folders_and_backup_files(tmp_path: Path) -> None:
    """Folders complete with a trailing slash, case aside; backup files too; others not."""
    (tmp_path / "KINGSTON").mkdir()
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "epc-2026.epcbak").write_bytes(b"x")
    assert complete_path(f"{tmp_path}/kin") == f"{tmp_path}/KINGSTON/"
    assert complete_path(f"{tmp_path}/no") is None
    assert complete_path(f"{tmp_path}/epc") == f"{tmp_path}/epc-2026.epcbak"
    assert complete_path(f"{tmp_path}/absent/x") is None
    assert complete_path("") is None


def test_completion_keeps_the_tilde(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`~/Doc` completes to `~/Documents/` (the home folder is not spelled out)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Documents").mkdir()
    assert complete_path("~/Doc") == "~/Documents/"


def test_space_check_refuses_a_full_disk(
    new_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A nearly full laptop disk or USB key stops the backup before anything is written."""
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(backup_places.shutil, "disk_usage", lambda _: Usage(100 * GIB, 0, 50 * GIB))
    check_space(new_vault.paths, usb / "b.epcbak")
    monkeypatch.setattr(
        backup_places.shutil, "disk_usage", lambda _: Usage(100 * GIB, 0, 100 * 1024 * 1024)
    )
    with pytest.raises(NotEnoughSpace):
        check_space(new_vault.paths, usb / "b.epcbak")
