"""The command line: parse arguments, open the vault, run a command or start the application.

Each group of commands lives in its own module with a `register(subparsers)` function.
User mistakes end with one translated sentence on standard error and exit status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from epc_tui import __version__
from epc_tui.cli import common, vault_commands


def _modules() -> list[object]:
    """Command modules; optional ones register only when present."""
    modules: list[object] = [vault_commands]
    for name in ("backup_commands", "people_commands", "export_commands"):
        try:
            modules.append(__import__(f"epc_tui.cli.{name}", fromlist=["register"]))
        except ModuleNotFoundError as error:
            if error.name != f"epc_tui.cli.{name}":
                raise
    return modules


def starts_application(argv: Sequence[str]) -> bool:
    """True when `argv` names no command (plain `epc`): the application starts, and the
    other command modules — some import the database layer — need not be loaded first."""
    takes_value = False
    for token in argv:
        if takes_value:
            takes_value = False
        elif token == "--data-dir":
            takes_value = True
        elif token in ("-h", "--help") or not token.startswith("-"):
            return False
    return True


def build_parser(application_only: bool = False) -> argparse.ArgumentParser:
    """The argument parser for `epc` and its commands (only the core ones when
    `application_only`, to start the full-screen application sooner)."""
    from epc_tui.i18n import t

    parser = argparse.ArgumentParser(prog="epc", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"epc {__version__}")
    common.add_common_arguments(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in [vault_commands] if application_only else _modules():
        module.register(subparsers)  # type: ignore[attr-defined]
    parser.set_defaults(handler=vault_commands.run_app)
    return parser


def run(argv: Sequence[str]) -> int:
    """Run `epc` with `argv`; return the exit status."""
    if argv and argv[0] == "--version":  # fast path: no i18n, no crypto imports
        print(f"epc {__version__}")
        return 0
    common.harden_process()
    common.apply_language_from_settings(argv)
    parser = build_parser(application_only=starts_application(argv))
    args = parser.parse_args(argv)
    os.umask(0o077)
    try:
        return int(args.handler(args) or 0)
    except common.EpcError as error:
        common.print_error(error)
        return 1
    except OSError as error:  # a full disk, a read-only or forbidden data folder
        from epc_tui.vault.storage_errors import from_os_error

        common.print_error(from_os_error(error))
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
