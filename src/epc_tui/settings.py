"""Settings kept outside the vault: only what is not personal (language, lock delay, theme).

Stored as JSON in the data directory. A missing or damaged file falls back to the defaults
(and is rewritten on the next save) rather than stopping the coach from working.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from epc_tui.vault.atomic import write_atomically

MAX_SETTINGS_SIZE = 64 * 1024


@dataclass(frozen=True)
class Settings:
    """The coach's preferences."""

    language: str = ""  # "" means: from the system locale
    region: str = "CA"  # CA (Québec and other provinces) or FR; dates and holidays
    holiday_subdivision: str = "QC"  # province for Canadian holidays
    lock_after_minutes: float = 5.0
    theme: str = "textual-dark"
    skip_weekends: bool = True
    skip_holidays: bool = True
    failed_attempts_before_flag: int = 3
    autosave_seconds: float = 1.0
    backup_keep_daily: int = 7
    backup_keep_weekly: int = 4
    backup_keep_monthly: int = 12

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with some values changed."""
        return replace(self, **changes)


BOUNDS: tuple[tuple[str, float, float], ...] = (
    ("autosave_seconds", 0.1, 10.0),
    ("failed_attempts_before_flag", 1, 20),
    ("backup_keep_daily", 1, 366),
    ("backup_keep_weekly", 0, 260),
    ("backup_keep_monthly", 0, 240),
)


def _coerce(raw: dict[str, Any]) -> Settings:
    defaults = Settings()
    values: dict[str, Any] = {}
    for field in fields(Settings):
        value = raw.get(field.name, getattr(defaults, field.name))
        expected = type(getattr(defaults, field.name))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            value = getattr(defaults, field.name)
        values[field.name] = value
    settings = Settings(**values)
    if settings.language not in ("", "fr", "en"):
        settings = settings.with_changes(language="")
    if not 0.05 <= settings.lock_after_minutes <= 240:
        settings = settings.with_changes(lock_after_minutes=defaults.lock_after_minutes)
    if settings.region not in ("CA", "FR"):
        settings = settings.with_changes(region="CA")
    for name, low, high in BOUNDS:
        value = getattr(settings, name)
        if not low <= value <= high:  # also refuses NaN and infinities
            settings = settings.with_changes(**{name: getattr(defaults, name)})
    return settings


def load_settings(path: Path) -> Settings:
    """Settings from `path`; defaults for anything missing, unreadable or out of range."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_SETTINGS_SIZE + 1)
        if len(raw) > MAX_SETTINGS_SIZE:
            return Settings()
        document = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return Settings()
    if not isinstance(document, dict):
        return Settings()
    return _coerce(document)


def save_settings(path: Path, settings: Settings) -> None:
    """Write settings atomically (0600)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomically(path, json.dumps(asdict(settings), indent=2).encode("utf-8"))
