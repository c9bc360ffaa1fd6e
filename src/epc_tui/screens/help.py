"""F1 help: the keys of the screen the coach was on, and a short guide to the day."""

from __future__ import annotations

from importlib import resources
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

from epc_tui.i18n import current_language, t
from epc_tui.keys import binding


def guide_text() -> str:
    """The packaged guide in the current language."""
    name = f"guide_{current_language()}.md"
    return resources.files("epc_tui.help").joinpath(name).read_text(encoding="utf-8")


def keys_table(screen: Screen[Any]) -> str:
    """A Markdown table of the bindings active on `screen`."""
    rows = [f"| {t('help.key')} | {t('help.action')} |", "| --- | --- |"]
    seen: set[str] = set()
    for key, active in screen.active_bindings.items():
        description = active.binding.description
        if not description or key in seen:
            continue
        seen.add(key)
        display = active.binding.key_display or key
        rows.append(f"| `{display}` | {description} |")
    return "\n".join(rows)


class HelpScreen(ModalScreen[None]):
    """Keys of the current screen, then the guide."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("escape", "close", "help.close"),
        binding("f1", "close", "help.close", show=False),
    ]

    def __init__(self, origin: Screen[Any]) -> None:
        super().__init__()
        self._keys = keys_table(origin)

    def compose(self) -> ComposeResult:
        """Keys and guide as Markdown."""
        with Vertical(id="help-box", classes="dialog"), VerticalScroll():
            yield Markdown(f"## {t('help.keys_here')}\n\n{self._keys}\n\n{guide_text()}")

    def action_close(self) -> None:
        """Back to where the coach was."""
        self.dismiss(None)
