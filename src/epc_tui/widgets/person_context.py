"""The person's context beside the note during a call.

Summary, targeting criteria, the last notes, open follow-up actions and the next check-ins:
what the coach glances at while listening. Built from a `PersonContext` record; all text is
shown as Rich `Text` (never markup), so a name cannot inject styles or escape sequences.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from epc_tui.i18n import t
from epc_tui.i18n.formats import format_day
from epc_tui.vault.logbook import PersonContext

_EXCERPT = 160


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1] + "…"


def context_text(context: PersonContext) -> Text:
    """The whole context as one block of text."""
    person = context.person
    text = Text()
    text.append(person.full_name, style="bold")
    text.append(f"  {person.code}\n", style="dim")
    if person.phone:
        text.append(f"{person.phone}\n")
    if person.needs_other_contact:
        text.append(t("context.needs_other_contact") + "\n", style="bold")
    if person.summary:
        text.append(_excerpt(person.summary) + "\n")
    if person.criteria:
        criteria = ", ".join(t(f"criterion.{name}") for name in person.criteria)
        text.append(t("context.criteria") + " ", style="bold")
        text.append(criteria + "\n")
    text.append("\n" + t("context.actions") + "\n", style="bold underline")
    if not context.open_actions:
        text.append(t("context.none") + "\n", style="dim")
    for action in context.open_actions:
        due = format_day(action.due_date) if action.due_date else t("context.no_due")
        text.append(f"• {_excerpt(action.text)} ")
        text.append(f"({due})\n", style="dim")
    text.append("\n" + t("context.next") + "\n", style="bold underline")
    if not context.next_check_ins:
        text.append(t("context.none") + "\n", style="dim")
    for check_in in context.next_check_ins:
        text.append(f"• {format_day(check_in.planned_date)} {check_in.label}\n")
    text.append("\n" + t("context.last_notes") + "\n", style="bold underline")
    if not context.last_notes:
        text.append(t("context.none") + "\n", style="dim")
    for note in context.last_notes:
        text.append(format_day(note.moment.date()), style="italic")
        text.append(f" — {_excerpt(note.body) or t('context.empty_note')}\n")
    return text


class PersonContextPanel(VerticalScroll):
    """A scrollable panel showing a person's context (empty until loaded)."""

    DEFAULT_CSS = """
    PersonContextPanel {
        height: 1fr;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        """One text block, filled by `show`."""
        yield Static(t("context.loading"), id="context-text")

    def show(self, context: PersonContext) -> None:
        """Display a loaded context."""
        self.query_one("#context-text", Static).update(context_text(context))
