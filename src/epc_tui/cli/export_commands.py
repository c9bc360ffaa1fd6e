"""`epc export indicators FILE [--from DATE] [--to DATE]` and `epc export ics FILE`.

`indicators` writes the de-identified programme indicators as CSV: the same figures as the
indicators screen, with no names, codes, free text or dates of individual meetings. Dates are
typed as a coach would (`01/11/2026`, `2026-11-01`, `1 novembre 2026`…); without `--from` the
period starts on the first day of the current month, without `--to` it ends today.

`ics` belongs to the calendar's module (`epc_tui.cli.ics_command`); it is registered only when
that module is present.
"""

from __future__ import annotations

import argparse
import importlib
import os
from datetime import date
from pathlib import Path
from typing import Any

from epc_tui.cli import common
from epc_tui.i18n import current_language, t
from epc_tui.vault.errors import InvalidInput


def register(subparsers: Any) -> None:
    """Add `export` with its sub-commands."""
    export = subparsers.add_parser("export", help=t("cli.export_help"))
    kinds = export.add_subparsers(dest="export_kind", metavar="KIND", required=True)

    indicators = kinds.add_parser("indicators", help=t("cli.export_indicators_help"))
    indicators.add_argument("file", type=Path, metavar="FILE")
    indicators.add_argument("--from", dest="start", metavar="DATE", help=t("cli.export_from_help"))
    indicators.add_argument("--to", dest="end", metavar="DATE", help=t("cli.export_to_help"))
    common.add_common_arguments(indicators)
    indicators.set_defaults(handler=run_export_indicators)

    try:
        ics: Any = importlib.import_module("epc_tui.cli.ics_command")
    except ModuleNotFoundError as error:
        if error.name != "epc_tui.cli.ics_command":
            raise
        return
    calendar = kinds.add_parser("ics", help=t("cli.export_ics_help"))
    ics.add_arguments(calendar)
    common.add_common_arguments(calendar)
    calendar.set_defaults(handler=ics.run)


def _typed_date(text: str | None, default: date, today: date) -> date:
    from epc_tui.services.date_input import parse_user_date

    if text is None:
        return default
    return parse_user_date(text, today, current_language())


def _check_target(path: Path) -> None:
    """Refuse a folder or a missing folder before asking for the passphrase."""
    if path.is_dir():
        raise InvalidInput("cli.export_is_directory")
    if not path.parent.is_dir():
        raise InvalidInput("cli.export_no_folder")


def _write_private(path: Path, text: str) -> None:
    """Write the CSV readable by its owner only, replacing the file in one step."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8-sig", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def run_export_indicators(args: argparse.Namespace) -> int:
    """Compute the indicators over the chosen period and write them as CSV."""
    from epc_tui.clock import Clock
    from epc_tui.services.indicator_table import csv_text
    from epc_tui.services.indicators import indicator_report
    from epc_tui.services.periods import custom

    today = Clock().today()
    start = _typed_date(args.start, today.replace(day=1), today)
    end = _typed_date(args.end, today, today)
    period = custom(start, end)
    _check_target(args.file)
    with common.unlocked(args) as vault:
        report = indicator_report(vault, period.start, period.end, today)
    _write_private(args.file, csv_text(report))
    print(t("cli.export_indicators_done", path=str(args.file), period=period.label()))
    return 0
