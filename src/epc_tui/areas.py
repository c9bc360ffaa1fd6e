"""The areas of the application reachable from the navigation bar, in order.

An area is a Textual mode with its own screen stack. Only areas that exist are listed: no
placeholder screens. Each entry names the module and class so that screens are imported only
when first opened (start-up stays fast).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class Area:
    """One navigation entry: mode name, label key, key binding, screen class location."""

    mode: str
    label_key: str
    key: str
    module: str
    class_name: str

    def factory(self) -> Callable[[], Screen[None]]:
        """A callable building the area's base screen (imports its module on first use)."""

        def build() -> Screen[None]:
            module = importlib.import_module(self.module)
            screen: Screen[None] = getattr(module, self.class_name)()
            return screen

        return build


AREAS: tuple[Area, ...] = (
    Area("today", "area.today", "f2", "epc_tui.screens.today", "TodayScreen"),
    Area("caseload", "area.caseload", "f3", "epc_tui.screens.caseload", "CaseloadScreen"),
    Area("calendar", "area.calendar", "f4", "epc_tui.screens.calendar", "CalendarScreen"),
    Area("search", "area.search", "f5", "epc_tui.screens.search", "SearchScreen"),
    Area("backups", "area.backups", "f6", "epc_tui.screens.backups", "BackupsScreen"),
    Area("indicators", "area.indicators", "f7", "epc_tui.screens.indicators", "IndicatorsScreen"),
    Area("settings", "area.settings", "f9", "epc_tui.screens.settings", "SettingsScreen"),
)


def area_for(mode: str) -> Area | None:
    """The area of a mode name, if any."""
    return next((area for area in AREAS if area.mode == mode), None)


def home_area() -> Area:
    """Where the coach lands after unlocking the first time."""
    return AREAS[0]
