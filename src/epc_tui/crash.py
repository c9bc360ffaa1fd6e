"""Crash reports that never carry personal data.

Exception messages and local variables can hold note text, names or key material, so a
report gives the exception type and the code locations only.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from types import TracebackType

from epc_tui.i18n import t


def safe_crash_report(kind: type[BaseException], tb: TracebackType | None) -> str:
    """The exception type and the last code locations, nothing else."""
    frames = traceback.extract_tb(tb)[-6:]
    where = "\n".join(f"  {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames)
    return f"{t('error.unexpected', kind=kind.__name__)}\n{where}"
