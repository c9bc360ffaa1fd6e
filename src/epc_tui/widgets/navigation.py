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

    def on_resize(self) -> None:
        """Narrow terminal: fall back to keys only for the other areas."""
        self.refresh_labels()

    def refresh_labels(self) -> None:
        """Redraw (after a language change or a resize): every area with its key and name,
        or — when that does not fit — the other areas by their key only, so none is cut off."""
        full = self._line(short=False)
        width = self.size.width
        self.update(full if not width or full.cell_len <= width else self._line(short=True))

    def _line(self, short: bool) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        for area in AREAS:
            key = area.key.upper()
            if area.mode == self.current:
                line.append(f"▸ {key} {t(area.label_key)} ", style="reverse bold")
            elif short:
                line.append(f" {key} ")
            else:
                line.append(f" {key} {t(area.label_key)} ")
        return line
