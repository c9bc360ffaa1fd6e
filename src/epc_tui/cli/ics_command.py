"""`epc export ics FILE [--from DATE] [--to DATE] [--with-names]`: the calendar as .ics.

Registered by `cli/export_commands.py` under `epc export`. Dates are typed as a coach would
(`2026-12-01`, `01/12/2026`, `1 décembre 2026`, `dans 3 mois`); by default the export covers
six months from today. With `--with-names` a warning goes to standard error.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from epc_tui.cli import common
from epc_tui.clock import Clock
from epc_tui.i18n import current_language, t
from epc_tui.i18n.formats import format_day
from epc_tui.services.date_input import parse_user_date
from epc_tui.services.ics_export import check_period, default_period, export_calendar
from epc_tui.vault.errors import InvalidInput


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE, `--from`, `--to`, `--with-names`."""
    parser.add_argument("file", type=Path, metavar="FILE", help=t("cli.export_ics_file_help"))
    parser.add_argument("--from", dest="start", metavar="DATE", help=t("cli.export_ics_from_help"))
    parser.add_argument("--to", dest="end", metavar="DATE", help=t("cli.export_ics_to_help"))
    parser.add_argument("--with-names", action="store_true", help=t("cli.export_ics_names_help"))


def _typed(text: str | None, default: date, today: date) -> date:
    return default if text is None else parse_user_date(text, today, current_language())


def run(args: argparse.Namespace) -> int:
    """Check the period and the target, unlock, write the file, say what was written."""
    now = Clock().now()
    today = now.date()
    start = _typed(args.start, today, today)
    end = _typed(args.end, default_period(start)[1], today)
    check_period(start, end)
    target: Path = args.file.expanduser()
    if target.is_dir():
        raise InvalidInput("ics.error.is_directory")
    if not target.parent.is_dir():
        raise InvalidInput("ics.error.cannot_write")
    if args.with_names:
        print(f"epc: {t('ics.with_names_warning')}", file=sys.stderr)
    with common.unlocked(args) as vault:
        done = export_calendar(vault, target, start, end, now, with_names=args.with_names)
    print(
        t(
            "cli.export_ics_done",
            count=done.count,
            start=format_day(done.start),
            end=format_day(done.end),
            path=str(done.path),
        )
    )
    return 0
