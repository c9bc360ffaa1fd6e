"""Helpers shared by the commands: arguments, passphrases, errors, process hardening."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import resource
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType

from epc_tui.crash import safe_crash_report
from epc_tui.i18n import set_language, t
from epc_tui.settings import load_settings
from epc_tui.vault.errors import EpcError, InvalidInput
from epc_tui.vault.kdf import params_for_rewrap
from epc_tui.vault.paths import VaultPaths, default_data_dir
from epc_tui.vault.vault import Vault

__all__ = ["EpcError"]


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """`--data-dir` and `--passphrase-stdin`, accepted by every command."""
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help=t("cli.data_dir_help"),
    )
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        default=argparse.SUPPRESS,
        help=t("cli.passphrase_stdin_help"),
    )


def data_dir(args: argparse.Namespace) -> Path:
    """The data directory chosen on the command line, in the environment, or by default."""
    chosen = getattr(args, "data_dir", None)
    return Path(chosen).expanduser() if chosen else default_data_dir()


def open_vault(args: argparse.Namespace) -> Vault:
    """The vault of the chosen data directory, its single-instance lock taken."""
    vault = Vault(VaultPaths(data_dir(args)), kdf=params_for_rewrap())
    vault.acquire()
    return vault


_stdin_lines: list[str] = []


def read_secret(args: argparse.Namespace, prompt_key: str) -> str:
    """One secret: a line of standard input with `--passphrase-stdin`, else a hidden prompt."""
    if getattr(args, "passphrase_stdin", False):
        if not _stdin_lines:
            _stdin_lines.extend(line.rstrip("\r\n") for line in sys.stdin.readlines())
        if not _stdin_lines:
            raise InvalidInput("error.stdin_empty")
        return _stdin_lines.pop(0)
    if not sys.stdin.isatty():
        raise InvalidInput("error.no_terminal_for_passphrase")
    return getpass.getpass(t(prompt_key) + " ")


def print_error(error: EpcError) -> None:
    """One translated sentence on standard error."""
    print(f"epc: {t(error.message_key, **error.params)}", file=sys.stderr)


def harden_process() -> None:
    """No core dumps (they would hold the key and notes), and no tracebacks with data.

    An unexpected error prints its type and where it happened, never its message or local
    variables, which could hold personal data.
    """
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.excepthook = _quiet_excepthook


def _quiet_excepthook(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    print(safe_crash_report(kind, tb), file=sys.stderr)


def apply_language_from_settings(argv: Sequence[str]) -> None:
    """Choose the language before parsing, so that `--help` is translated too."""
    from epc_tui.i18n import detect_language

    directory: Path | None = None
    for index, value in enumerate(argv):
        if value == "--data-dir" and index + 1 < len(argv):
            directory = Path(argv[index + 1])
        elif value.startswith("--data-dir="):
            directory = Path(value.split("=", 1)[1])
    paths = VaultPaths(directory or default_data_dir())
    settings = load_settings(paths.settings)
    set_language(settings.language or detect_language())


@contextlib.contextmanager
def unlocked(args: argparse.Namespace) -> Iterator[Vault]:
    """The vault opened with the passphrase, locked again afterwards."""
    vault = open_vault(args)
    try:
        vault.unlock(read_secret(args, "cli.prompt_passphrase"))
        yield vault
    finally:
        vault.release()
