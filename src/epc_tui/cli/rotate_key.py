"""`epc passwd --rotate-key`: re-encrypt the vault under a new data key, print the new code.

Called by the `passwd` command of `vault_commands` once the vault is unlocked with the
passphrase. Progress goes to standard error (rewritten in place at a terminal, one line per
tenth otherwise); the new recovery code is printed on standard output the way `epc init`
prints the first one, then acknowledged so it is not offered again.
"""

from __future__ import annotations

import sys
from typing import TextIO

from epc_tui.i18n import t
from epc_tui.i18n.formats import format_number
from epc_tui.vault.rotation import acknowledge_recovery_code, rotate_data_key
from epc_tui.vault.vault import Vault


class _ProgressLine:
    """Prints the rotation's progress without flooding a log: whole tenths only off a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._live = stream.isatty()
        self._last: tuple[str, int] | None = None

    def __call__(self, phase: str, done: float) -> None:
        step = int(done * 100) if self._live else int(done * 10) * 10
        if (phase, step) == self._last:
            return
        if phase == "finishing" and self._last is not None and self._last[0] == "finishing":
            return
        self._last = (phase, step)
        if phase == "finishing":
            text = t("cli.rotate_finishing")
        else:
            text = t("cli.rotate_progress", percent=format_number(step))
        if self._live:
            self._stream.write("\r\x1b[K" + text)
        else:
            self._stream.write(text + "\n")
        self._stream.flush()

    def close(self) -> None:
        """End the line rewritten in place."""
        if self._live and self._last is not None:
            self._stream.write("\n")
            self._stream.flush()


def print_recovery_code(code: str) -> None:
    """The recovery code, framed as `epc init` prints it, flushed before it counts as shown
    (a pipe is block-buffered: a kill right after would otherwise lose it)."""
    print(t("cli.recovery_code_intro"))
    print(f"\n    {code}\n")
    print(t("cli.recovery_code_warning"), flush=True)


def offer_unseen_code(vault: Vault) -> None:
    """If unlocking finished a rotation cut short, print its recovery code (once)."""
    code = vault.unseen_recovery_code
    if not code:
        return
    print(t("cli.rotate_unseen_code"))
    print_recovery_code(code)
    acknowledge_recovery_code(vault.paths)
    vault.unseen_recovery_code = None


def run_rotate_key(vault: Vault, passphrase: str) -> int:
    """Rotate the data key of the unlocked `vault` and print the new recovery code."""
    progress = _ProgressLine(sys.stderr)
    try:
        code = rotate_data_key(vault, passphrase, progress)
    finally:
        progress.close()
    print(t("cli.rotate_done"))
    print_recovery_code(code)
    acknowledge_recovery_code(vault.paths)
    return 0
