"""Commands for encrypted backups and handover: backup, verify, restore, handover export/import.

Secrets are read one per line with `--passphrase-stdin`, in this order:
`backup` — the vault's passphrase; `verify` — the backup's passphrase or recovery code;
`restore` — the backup's passphrase or recovery code, then (only when the backup comes from
another vault) the current vault's passphrase; `handover export` — the vault's passphrase,
then the handover passphrase; `handover import` — the vault's passphrase, then the handover
passphrase.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from epc_tui.cli import common
from epc_tui.i18n import t
from epc_tui.i18n.formats import format_moment, format_number
from epc_tui.services.backup_places import check_space, size_text
from epc_tui.vault.backup import (
    SUFFIX,
    BackupInfo,
    BackupUnreadable,
    CurrentVaultNeeded,
    create_backup,
    discard_previous_vault,
    prepare_restore,
    read_backup_info,
    remove_interrupted_work,
    swap_in,
    target_key_for,
    unlock_backup,
    verify_backup,
)
from epc_tui.vault.errors import InvalidInput
from epc_tui.vault.paths import VaultPaths


def register(subparsers: Any) -> None:
    """Add `backup`, `verify`, `restore` and `handover`."""
    backup = subparsers.add_parser("backup", help=t("cli.backup_help"))
    backup.add_argument("file", type=Path, metavar="FILE", help=t("cli.backup_file_help"))
    backup.add_argument("--force", action="store_true", help=t("cli.backup_force_help"))
    common.add_common_arguments(backup)
    backup.set_defaults(handler=run_backup)

    verify = subparsers.add_parser(
        "verify", help=t("cli.verify_help"), description=t("cli.verify_description")
    )
    verify.add_argument("file", type=Path, metavar="FILE")
    verify.add_argument("--full", action="store_true", help=t("cli.verify_full_help"))
    common.add_common_arguments(verify)
    verify.set_defaults(handler=run_verify)

    restore = subparsers.add_parser("restore", help=t("cli.restore_help"))
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--yes", action="store_true", help=t("cli.restore_yes_help"))
    restore.add_argument("--progress", action="store_true", help=t("cli.restore_progress_help"))
    common.add_common_arguments(restore)
    restore.set_defaults(handler=run_restore)

    handover = subparsers.add_parser("handover", help=t("cli.handover_help"))
    actions = handover.add_subparsers(dest="handover_action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help=t("cli.handover_export_help"))
    export.add_argument("file", type=Path, metavar="FILE")
    export.add_argument("--people", required=True, metavar="CODE[,CODE…]")
    common.add_common_arguments(export)
    export.set_defaults(handler=run_handover_export)
    imported = actions.add_parser("import", help=t("cli.handover_import_help"))
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.add_argument("--dry-run", action="store_true", help=t("cli.handover_dry_run_help"))
    common.add_common_arguments(imported)
    imported.set_defaults(handler=run_handover_import)


def _destination(file: Path, force: bool) -> Path:
    """FILE, or a dated name inside FILE when it is a folder (a USB key's root, say)."""
    file = file.expanduser()
    if file.is_dir():
        file = file / f"epc-{datetime.now():%Y-%m-%d-%H%M}{SUFFIX}"
    if not file.parent.is_dir():
        raise BackupUnreadable()
    if file.exists() and not force:
        raise InvalidInput("error.backup_exists")
    return file


def run_backup(args: argparse.Namespace) -> int:
    """Back up the vault to FILE, then verify what was written."""
    destination = _destination(args.file, args.force)
    vault = common.open_vault(args)
    try:
        passphrase = common.read_secret(args, "cli.prompt_passphrase")
        vault.unlock(passphrase)
        discard_previous_vault(vault.paths)
        remove_interrupted_work(vault.paths)
        check_space(vault.paths, destination)
        key = vault.data_key()
        create_backup(vault.paths, key, destination, passphrase=passphrase)
        verified = verify_backup(vault.paths, destination, key)
        vault.record_event("backup")
    finally:
        vault.release()
    print(
        t(
            "cli.backup_done",
            path=str(destination),
            size=size_text(verified.info.file_bytes),
        )
    )
    return 0


def _describe(counts: dict[str, int]) -> str:
    return t(
        "cli.backup_contents",
        people=format_number(counts.get("person", 0)),
        notes=format_number(counts.get("logbook_entry", 0)),
        check_ins=format_number(counts.get("check_in", 0)),
    )


def run_verify(args: argparse.Namespace) -> int:
    """Authenticate every byte of FILE and check every database page inside (with `--full`,
    the database's structure too); change nothing."""
    info = read_backup_info(args.file)
    secret = common.read_secret(args, "cli.prompt_backup_secret")
    key = unlock_backup(args.file, secret)
    paths = VaultPaths(common.data_dir(args))
    verified = verify_backup(paths, args.file, key, full=args.full)
    when = format_moment(info.created_at.astimezone().replace(tzinfo=None))
    done = "cli.verify_ok_full" if args.full else "cli.verify_ok"
    print(t(done, date=when) + " " + _describe(dict(verified.row_counts)))
    return 0


class RestoreProgress:
    """A line on standard error for each part of a restore, and every tenth of the first.

    A restore of a large vault takes a minute or more, most of it SQLite's structural check,
    which has no progress of its own: each part says what is happening and that it is long.
    Shown at a terminal or with `--progress` (as `epc check` does), so a script's standard
    error keeps one sentence per mistake.
    """

    def __init__(self, info: BackupInfo) -> None:
        self._total = max(info.payload_bytes, 1)
        self._tenths = 0

    def stage(self, name: str) -> None:
        """A part begins (`backup.STAGE_*`, or "swap" for putting the database in place)."""
        print(t(f"cli.restore_stage_{name}"), file=sys.stderr, flush=True)

    def __call__(self, done: int) -> None:
        tenths = min(10, 10 * done // self._total)
        if tenths > self._tenths:
            self._tenths = tenths
            percent = format_number(10 * tenths)
            print(t("cli.restore_read_percent", percent=percent), file=sys.stderr, flush=True)


def _confirm(args: argparse.Namespace) -> None:
    if args.yes:
        return
    if not sys.stdin.isatty() or getattr(args, "passphrase_stdin", False):
        raise InvalidInput("error.restore_confirm")
    answer = input(t("cli.restore_confirm") + " ")
    if answer.strip().lower() not in ("o", "oui", "y", "yes"):
        raise InvalidInput("error.restore_not_confirmed")


def run_restore(args: argparse.Namespace) -> int:
    """Verify FILE completely, keep the current vault beside it, and swap atomically."""
    info = read_backup_info(args.file)
    secret = common.read_secret(args, "cli.prompt_backup_secret")
    backup_key = unlock_backup(args.file, secret)
    vault = common.open_vault(args)
    try:
        paths = vault.paths
        remove_interrupted_work(paths)
        try:
            target_key = target_key_for(paths, backup_key)
        except CurrentVaultNeeded:
            current = common.read_secret(args, "cli.prompt_current_passphrase")
            vault.unlock(current)
            target_key = vault.data_key()
            vault.lock()
        if vault.exists():
            _confirm(args)
        report = RestoreProgress(info) if args.progress or sys.stderr.isatty() else None
        prepared = prepare_restore(
            paths,
            args.file,
            backup_key,
            target_key,
            progress=report,
            stage=None if report is None else report.stage,
        )
        if report is not None:
            report.stage("swap")
        result = swap_in(paths, prepared)
    finally:
        vault.release()
    when = format_moment(info.created_at.astimezone().replace(tzinfo=None))
    print(t("cli.restore_done", date=when))
    if result.previous_dir is not None:
        print(t("cli.restore_previous_kept", path=str(result.previous_dir)))
    if result.rekeyed:
        print(t("cli.restore_rekeyed"))
    elif result.keyfile_written:
        print(t("cli.restore_keyfile_written"))
    return 0


def run_handover_export(args: argparse.Namespace) -> int:
    """Write the chosen people to an encrypted handover file."""
    from epc_tui.services.passphrase import require_strong
    from epc_tui.vault.handover import export_handover

    destination = args.file.expanduser()
    if not destination.parent.is_dir():
        raise BackupUnreadable()
    if destination.exists():
        raise InvalidInput("error.backup_exists")
    codes = [code for code in args.people.split(",") if code.strip()]
    with common.unlocked(args) as vault:
        secret = common.read_secret(args, "cli.prompt_handover_new")
        typed_twice = not getattr(args, "passphrase_stdin", False)
        if typed_twice and secret != common.read_secret(args, "cli.prompt_repeat_passphrase"):
            raise InvalidInput("error.passphrases_differ")
        require_strong(secret)
        summary = export_handover(vault, codes, destination, secret, datetime.now())
        vault.record_event("handover_export", detail=str(summary.people))
    print(
        t(
            "cli.handover_exported",
            path=str(summary.path),
            people=format_number(summary.people),
            notes=format_number(summary.notes),
        )
    )
    return 0


def run_handover_import(args: argparse.Namespace) -> int:
    """Merge a handover file into the vault; print what was added and every conflict."""
    from epc_tui.vault.handover import import_handover, read_handover

    with common.unlocked(args) as vault:
        secret = common.read_secret(args, "cli.prompt_handover_secret")
        people = read_handover(args.file.expanduser(), secret)
        report = import_handover(vault, people, dry_run=args.dry_run)
        if not args.dry_run:
            vault.record_event("handover_import", detail=str(report.people_added))
    key = "cli.handover_dry_run" if report.dry_run else "cli.handover_imported"
    print(
        t(
            key,
            added=format_number(report.people_added),
            known=format_number(report.people_already_there),
            notes=format_number(report.notes_added),
            check_ins=format_number(report.check_ins_added),
            actions=format_number(report.actions_added),
        )
    )
    if report.conflicts:
        print(t("cli.handover_conflicts", count=format_number(len(report.conflicts))))
        for conflict in report.conflicts:
            print(
                "  "
                + t(
                    "cli.handover_conflict_line",
                    code=conflict.person_code,
                    record=t(f"handover.record.{conflict.record}"),
                    detail=conflict.detail,
                )
            )
    return 0
