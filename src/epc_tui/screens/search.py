"""The search area (F5): every note, every earlier version and every person, as you type.

Each keystroke starts a search in a worker (the previous one is dropped), so typing never
waits for the database; the searches themselves run on one thread whose connection stays
warm (`SearchSession`). Results are ranked, the matching words highlighted; filters
narrow by period, theme and flag, and by person (Ctrl+O on a result). Enter opens the note at the
match, or the person.
"""

from __future__ import annotations

import importlib
import re
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from epc_tui.i18n import t
from epc_tui.i18n.formats import format_day
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.screens.base import VaultScreen
from epc_tui.vault import search as search_store
from epc_tui.vault.search import HIGHLIGHT_END, HIGHLIGHT_START, SearchFilters, SearchHit
from epc_tui.vault.search_session import SearchSession
from epc_tui.widgets.date_field import DateField
from epc_tui.widgets.key_footer import KeyFooter
from epc_tui.widgets.navigation import NavigationBar

TYPING_PAUSE = 0.12
"""Seconds without a key before searching: a fast typist's word is one search, not five."""


def snippet_text(snippet: str) -> Text:
    """A snippet with its matching words highlighted (never interpreted as markup)."""
    text = Text()
    highlighted = False
    for part in snippet.replace(HIGHLIGHT_END, HIGHLIGHT_START).split(HIGHLIGHT_START):
        if part:
            # Line breaks and runs of spaces become one space; the spaces around a
            # highlighted word are kept (`Fatigue importante`, not `Fatigueimportante`).
            text.append(re.sub(r"\s+", " ", part), style="bold reverse" if highlighted else "")
        highlighted = not highlighted
    return text


def hit_prompt(hit: SearchHit) -> Text:
    """One result line: who, when, then the snippet."""
    line = Text()
    if hit.kind == "person":
        line.append("● ", style="bold")
        line.append(hit.person_name or "", style="bold")
        line.append("  " + t("search.person_result"), style="dim")
    else:
        line.append(hit.person_name or t("note.reflection"), style="bold")
        if hit.moment is not None:
            line.append(f"  {format_day(hit.moment.date())}", style="dim")
        if hit.in_earlier_version:
            line.append("  " + t("search.earlier_version"), style="italic")
        if hit.themes:
            line.append("  " + ", ".join(hit.themes), style="dim")
    line.append("\n")
    line.append_text(snippet_text(hit.snippet))
    return line


class SearchScreen(VaultScreen[None]):
    """Search as you type over notes and people."""

    CSS_PATH = [styles_dir() / "search.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("ctrl+o", "filter_person", "search.filter_person"),
        binding("ctrl+x", "clear_filters", "search.clear_filters"),
        binding("escape", "focus_query", "search.focus_query", show=False),
    ]

    def __init__(self, person_id: int | None = None) -> None:
        super().__init__()
        self.person_filter: int | None = person_id
        self.person_filter_name = ""
        self.hits: list[SearchHit] = []
        self._pending: Timer | None = None
        self._session: SearchSession | None = None

    def compose(self) -> ComposeResult:
        """Query, filters, results."""
        yield NavigationBar("search")
        yield Input(placeholder=t("search.placeholder"), id="query")
        with Horizontal(id="search-filters"):
            yield DateField(placeholder=t("search.from"), id="from")
            yield DateField(placeholder=t("search.to"), id="to")
            yield Select[str]([], prompt=t("search.theme_any"), id="theme")
            yield Select[str](
                [(t(f"search.flag.{flag}"), flag) for flag in search_store.FLAGS],
                prompt=t("search.flag_any"),
                id="flag",
            )
        yield Static("", id="search-status")
        yield OptionList(id="results")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Cursor in the query; themes for the filter load in the background."""
        self._session = SearchSession(self.epc.vault)
        self.query_one("#query", Input).focus()
        self._load_themes()
        self._show_status()

    def on_unmount(self) -> None:
        """The search thread's connection closes with the screen."""
        if self._session is not None:
            self._session.close()

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="search-themes",
        description="search-themes",
    )
    def _load_themes(self) -> None:
        themes = search_store.all_themes(self.epc.vault)
        self.app.call_from_thread(self._themes_loaded, themes)

    def _themes_loaded(self, themes: list[str]) -> None:
        self.query_one("#theme", Select).set_options([(theme, theme) for theme in themes])

    # -- searching ------------------------------------------------------------------------

    def filters(self) -> SearchFilters:
        """The filters as set on screen."""
        theme = self.query_one("#theme", Select).value
        flag = self.query_one("#flag", Select).value
        start: date | None = self.query_one("#from", DateField).value
        end: date | None = self.query_one("#to", DateField).value
        return SearchFilters(
            person_id=self.person_filter,
            start=start,
            end=end,
            theme=theme if isinstance(theme, str) else "",
            flag=flag if isinstance(flag, str) else "",
        )

    @on(Input.Changed, "#query")
    @on(Select.Changed)
    @on(DateField.Changed)
    def refresh_results(self) -> None:
        """Search again shortly: keys typed within `TYPING_PAUSE` make one search, run in a
        worker (a newer search replaces an older one)."""
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(TYPING_PAUSE, self._start_search)

    def _start_search(self) -> None:
        self._pending = None
        self._search(self.query_one("#query", Input).value, self.filters())

    @work(thread=True, exclusive=True, exit_on_error=False, group="search", description="search")
    def _search(self, text: str, filters: SearchFilters) -> None:
        session = self._session
        hits = session.search(text, filters) if session and text.strip() else []
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_hits, text, hits)

    def _show_hits(self, text: str, hits: list[SearchHit]) -> None:
        if text != self.query_one("#query", Input).value:
            return
        self.hits = hits
        results = self.query_one("#results", OptionList)
        results.clear_options()
        results.add_options([Option(hit_prompt(hit)) for hit in hits])
        if hits:
            results.highlighted = 0
        self._show_status()

    def _show_status(self) -> None:
        text = self.query_one("#query", Input).value
        status = Text()
        if self.person_filter is not None:
            name = self.person_filter_name or t("search.this_person")
            status.append(t("search.only_person", name=name) + "  ", style="bold")
        if text.strip():
            status.append(t("search.count", count=len(self.hits)))
        else:
            status.append(t("search.hint"), style="dim")
        self.query_one("#search-status", Static).update(status)

    # -- keys -----------------------------------------------------------------------------

    @on(Input.Submitted, "#query")
    def _to_results(self) -> None:
        if self.hits:
            self.query_one("#results", OptionList).focus()

    def key_down(self) -> None:
        """Down from the query goes to the results."""
        if self.focused is self.query_one("#query", Input) and self.hits:
            self.query_one("#results", OptionList).focus()

    @on(OptionList.OptionSelected, "#results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits[event.option_index]
        if hit.kind == "note" and hit.entry_id is not None:
            from epc_tui.screens.note import NoteScreen

            self.app.push_screen(
                NoteScreen(hit.entry_id, find=self.query_one("#query", Input).value)
            )
        elif hit.person_id is not None:
            self._open_person(hit.person_id)

    def _open_person(self, person_id: int) -> None:
        try:
            person_screens: Any = importlib.import_module("epc_tui.screens.person")
        except ImportError:
            self.action_filter_person()
            return
        self.app.push_screen(person_screens.PersonScreen(person_id))

    def action_filter_person(self) -> None:
        """Only search the person of the highlighted result."""
        index = self.query_one("#results", OptionList).highlighted
        if index is None or index >= len(self.hits) or self.hits[index].person_id is None:
            self.notify(t("search.no_person_here"), severity="warning")
            return
        hit = self.hits[index]
        self.person_filter = hit.person_id
        self.person_filter_name = hit.person_name
        self.refresh_results()
        self._show_status()

    def action_clear_filters(self) -> None:
        """Remove every filter."""
        self.person_filter = None
        self.person_filter_name = ""
        self.query_one("#theme", Select).clear()
        self.query_one("#flag", Select).clear()
        self.query_one("#from", DateField).value = None
        self.query_one("#to", DateField).value = None
        self.refresh_results()
        self._show_status()

    def action_focus_query(self) -> None:
        """Back to typing the query."""
        self.query_one("#query", Input).focus()
