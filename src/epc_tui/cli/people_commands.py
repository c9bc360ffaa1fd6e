"""`epc import FILE.csv [--dry-run] [--skip-bad]`: people from a coordinator's spreadsheet.

The file is read and checked before the passphrase is asked (a wrong encoding or a missing
file is said at once). Every problem goes to standard error, one per line, with the
spreadsheet's row number; the summary goes to standard output. Nothing is imported while a
row is wrong, unless `--skip-bad`; `--dry-run` writes nothing at all.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from epc_tui.cli import common
from epc_tui.clock import Clock
from epc_tui.i18n import t
from epc_tui.services.csv_import import import_people, parse_people, read_spreadsheet
from epc_tui.settings import load_settings
from epc_tui.vault import people as people_store
from epc_tui.vault import tracks as track_store
from epc_tui.vault.paths import VaultPaths


def register(subparsers: Any) -> None:
    """Add `import`."""
    command = subparsers.add_parser("import", help=t("cli.import_help"))
    command.add_argument("file", type=Path, metavar="FILE.csv", help=t("cli.import_file_help"))
    command.add_argument("--dry-run", action="store_true", help=t("cli.import_dry_run_help"))
    command.add_argument("--skip-bad", action="store_true", help=t("cli.import_skip_bad_help"))
    common.add_common_arguments(command)
    command.set_defaults(handler=run_import)


def _progress_printer() -> Callable[[int, int], None] | None:
    """Progress of a long import on the terminal (nothing when stderr is a file or a pipe)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{t('import.importing', done=done, total=total)}", end=end, file=sys.stderr)

    return show


def run_import(args: argparse.Namespace) -> int:
    """Check the file, then import it (or only report, with `--dry-run`)."""
    text = read_spreadsheet(args.file)
    settings = load_settings(VaultPaths(common.data_dir(args)).settings)
    now = Clock().now()
    with common.unlocked(args) as vault:
        tracks = track_store.list_tracks(vault, include_archived=True)
        taken = {person.code for person in people_store.list_people(vault)}
        plan = parse_people(text, tracks, taken, now.date())
        for warning in plan.warnings:
            print(f"epc: {t('cli.warning', message=warning.message())}", file=sys.stderr)
        for error in plan.errors:
            print(f"epc: {error.message()}", file=sys.stderr)
        if not plan.importable(args.skip_bad):
            print(t("cli.import_nothing"), file=sys.stderr)
            return 1
        if args.skip_bad and plan.bad_lines:
            print(t("cli.import_skipped", count=len(plan.bad_lines)))
        if args.dry_run:
            print(t("cli.import_would_create", count=len(plan.rows)))
            return 0
        created = import_people(
            vault, plan, settings, now, skip_bad=args.skip_bad, progress=_progress_printer()
        )
        vault.record_event("import", str(len(created)))
    print(t("cli.import_created", count=len(created)))
    return 0
