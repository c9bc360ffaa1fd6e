"""Commands about the vault itself: the application, demo, init, passwd, check."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from epc_tui.cli import common
from epc_tui.i18n import t
from epc_tui.services.passphrase import require_strong
from epc_tui.vault.errors import InvalidInput, UnlockFailed
from epc_tui.vault.kdf import params_for_new_vault, params_for_rewrap
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.recovery import looks_like_recovery_code
from epc_tui.vault.vault import Vault


def register(subparsers: Any) -> None:
    """Add `demo`, `init`, `passwd` and `check`."""
    demo = subparsers.add_parser("demo", help=t("cli.demo_help"))
    demo.add_argument("--no-open", action="store_true", help=t("cli.demo_no_open_help"))
    common.add_common_arguments(demo)
    demo.set_defaults(handler=run_demo)

    init = subparsers.add_parser("init", help=t("cli.init_help"))
    common.add_common_arguments(init)
    init.set_defaults(handler=run_init)

    passwd = subparsers.add_parser("passwd", help=t("cli.passwd_help"))
    passwd.add_argument("--recovery-code", action="store_true", help=t("cli.passwd_recovery_help"))
    passwd.add_argument(
        "--new-recovery-code", action="store_true", help=t("cli.passwd_new_recovery_help")
    )
    passwd.add_argument("--rotate-key", action="store_true", help=t("cli.passwd_rotate_help"))
    common.add_common_arguments(passwd)
    passwd.set_defaults(handler=run_passwd)

    check = subparsers.add_parser("check", help=t("cli.check_help"))
    check.add_argument("--progress", action="store_true", help=t("cli.check_progress_help"))
    common.add_common_arguments(check)
    check.set_defaults(handler=run_check)


def read_new_passphrase(args: argparse.Namespace) -> str:
    """A new passphrase, typed twice when at a terminal, and strong enough."""
    first = common.read_secret(args, "cli.prompt_new_passphrase")
    if not getattr(args, "passphrase_stdin", False):
        second = common.read_secret(args, "cli.prompt_repeat_passphrase")
        if first != second:
            raise InvalidInput("error.passphrases_differ")
    require_strong(first)
    return first


def run_init(args: argparse.Namespace) -> int:
    """Create a vault and print the recovery code once."""
    paths = VaultPaths(common.data_dir(args))
    vault = Vault(paths, kdf=params_for_new_vault())
    vault.acquire()
    try:
        if vault.exists():
            from epc_tui.vault.errors import VaultExists

            raise VaultExists()
        passphrase = read_new_passphrase(args)
        code = vault.create(passphrase)
    finally:
        vault.release()
    print(t("cli.init_done", path=str(paths.data_dir)))
    print(t("cli.recovery_code_intro"))
    print(f"\n    {code}\n")
    print(t("cli.recovery_code_warning"))
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    """Change the passphrase, reset it with the recovery code, or renew the recovery code."""
    from epc_tui.cli.rotate_key import offer_unseen_code, run_rotate_key

    if args.rotate_key and (args.recovery_code or args.new_recovery_code):
        raise InvalidInput("error.rotate_key_alone")
    vault = common.open_vault(args)
    try:
        if args.recovery_code:
            code = common.read_secret(args, "cli.prompt_recovery_code")
            if not looks_like_recovery_code(code):
                raise UnlockFailed()
            vault.unlock_with_recovery_code(code)
            vault.change_passphrase(read_new_passphrase(args))
            print(t("cli.passwd_done"))
            return 0
        current = common.read_secret(args, "cli.prompt_passphrase")
        vault.unlock(current)
        offer_unseen_code(vault)
        if args.rotate_key:
            return run_rotate_key(vault, current)
        if args.new_recovery_code:
            code = vault.regenerate_recovery_code(current)
            print(t("cli.recovery_code_intro"))
            print(f"\n    {code}\n")
            print(t("cli.recovery_code_warning"))
            return 0
        vault.change_passphrase(read_new_passphrase(args))
        print(t("cli.passwd_done"))
        return 0
    finally:
        vault.release()


def run_check(args: argparse.Namespace) -> int:
    """Verify the key file, the cipher and the database integrity.

    Each part is announced on stderr as it starts when stderr is a terminal (or with
    `--progress`): on a large vault the whole takes minutes, and silence looks like a hang.
    """
    announce = args.progress or sys.stderr.isatty()

    def progress(step: str) -> None:
        print(t(step), file=sys.stderr, flush=True)

    with common.unlocked(args) as vault:
        report = vault.check(progress if announce else None)
    if report.ok:
        print(t("cli.check_ok", version=report.schema_version))
        return 0
    for problem in report.problems:
        print(f"epc: {t(problem)}", file=sys.stderr)
    print(t("cli.check_restore_hint"), file=sys.stderr)
    return 1


def run_demo(args: argparse.Namespace) -> int:
    """Create (afresh) the demo vault of fictional people, and open it unless `--no-open`."""
    from epc_tui.services.demo import DEMO_PASSPHRASE, create_demo_vault

    paths = VaultPaths(common.data_dir(args) / "demo")
    create_demo_vault(paths)
    if args.no_open:
        print(t("cli.demo_created", path=str(paths.data_dir), passphrase=DEMO_PASSPHRASE))
        return 0
    return _launch(paths)


def run_app(args: argparse.Namespace) -> int:
    """Start the full-screen application on the chosen vault."""
    return _launch(VaultPaths(common.data_dir(args)))


def _launch(paths: VaultPaths) -> int:
    from epc_tui.app import EpcApp
    from epc_tui.settings import load_settings

    vault = Vault(paths, kdf=params_for_rewrap())
    vault.acquire()
    try:
        app = EpcApp(vault=vault, settings=load_settings(paths.settings))
        app.run()
        return int(app.return_code or 0)
    finally:
        vault.release()
