"""App-wide messages (dataclasses named in the past tense)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class VaultUnlocked(Message):
    """The vault was opened; areas can be installed."""


@dataclass
class SettingsChanged(Message):
    """The coach changed a setting; screens re-read what they show."""
