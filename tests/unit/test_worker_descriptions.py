"""No worker keeps its arguments' text: Textual describes a worker by repr() of its arguments
unless given a description, so a worker taking a passphrase, a recovery code or a note would
keep that text in memory (and show it in a crash report or the worker list)."""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "epc_tui"
DECORATOR = re.compile(r"@work\((?P<arguments>[^()]*)\)")


def test_every_worker_has_a_fixed_description() -> None:
    """Each `@work(...)` of the application names a fixed description."""
    workers = 0
    missing: list[str] = []
    for path in sorted(SOURCE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "@work\n" not in text and "@work()" not in text, path
        for match in DECORATOR.finditer(text):
            workers += 1
            if "description=" not in match.group("arguments"):
                line = text.count("\n", 0, match.start()) + 1
                missing.append(f"{path.relative_to(SOURCE)}:{line}")
    assert workers > 20
    assert missing == []
