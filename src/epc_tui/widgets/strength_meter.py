"""A passphrase strength meter: four segments and a word, never colour alone."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from epc_tui.i18n import t
from epc_tui.services.passphrase import Strength, assess

_LEVEL_KEYS = (
    "strength.level0",
    "strength.level1",
    "strength.level2",
    "strength.level3",
    "strength.level4",
)


class StrengthMeter(Static):
    """Shows how hard a passphrase is to guess, with advice."""

    DEFAULT_CSS = """
    StrengthMeter { height: 2; color: $text-muted; }
    StrengthMeter.-weak { color: $error; }
    StrengthMeter.-strong { color: $success; }
    """

    strength: reactive[Strength] = reactive(Strength(0, "strength.empty"), init=False)
    """The strength of the passphrase being typed."""

    def measure(self, passphrase: str) -> Strength:
        """Assess `passphrase` and show the result."""
        self.strength = assess(passphrase) if passphrase else Strength(0, "strength.empty")
        return self.strength

    def on_mount(self) -> None:
        """Draw the empty state."""
        self.watch_strength(self.strength)

    def watch_strength(self, strength: Strength) -> None:
        """Redraw the bar and the words."""
        filled = "█" * (strength.score * 3) + "░" * ((4 - strength.score) * 3)
        line = Text(f"{filled}  {t(_LEVEL_KEYS[strength.score])}\n{t(strength.advice_key)}")
        self.update(line)
        self.set_class(strength.score < 3, "-weak")
        self.set_class(strength.score >= 3, "-strong")
