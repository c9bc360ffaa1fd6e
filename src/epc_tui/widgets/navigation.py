"""The navigation bar at the top of every area: each area with its key, the current one marked."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from epc_tui.areas import AREAS
from epc_tui.i18n import t


class NavigationBar(Static):
    """`F2 Aujourd'hui  F3 Personnes …`, with the current area reversed and marked ▸."""

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def on_mount(self) -> None:
        """Draw the bar."""
        self.refresh_labels()

    def refresh_labels(self) -> None:
        """Redraw (after a language change)."""
        line = Text(no_wrap=True, overflow="ellipsis")
        for area in AREAS:
            label = f" {area.key.upper()} {t(area.label_key)} "
            if area.mode == self.current:
                line.append("▸" + label, style="reverse bold")
            else:
                line.append(" " + label)
        self.update(line)
