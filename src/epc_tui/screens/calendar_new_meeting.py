"""Plan a meeting on request: choose the person in a list filtered as you type, a date, a time.

People are read in a worker (a large caseload takes a moment) and filtered in memory over
names, codes and tags, accents and case ignored; only the first matches are listed so each
keystroke stays instant. The dialog only asks; the calendar screen writes the meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from epc_tui.context import context_of
from epc_tui.i18n import t
from epc_tui.screens.calendar_reschedule import read_time
from epc_tui.services.date_input import TimeNotUnderstood
from epc_tui.textclean import clean_line, fold
from epc_tui.vault.people import list_people
from epc_tui.vault.records import PersonRecord
from epc_tui.widgets.date_field import DateField

SHOWN_AT_MOST = 100


@dataclass(frozen=True)
class NewMeetingRequest:
    """The meeting to add: who, which day, at what time (`HH:MM` or empty), how."""

    person_id: int
    planned_date: date
    planned_time: str
    mode: str


@dataclass(frozen=True)
class Candidate:
    """A person one can plan a meeting with, ready to filter and show."""

    person_id: int
    shown: str
    folded: str
    mode: str


def candidates(people: list[PersonRecord]) -> list[Candidate]:
    """People still followed (active or paused), with what the filter searches."""
    found = []
    for person in people:
        if person.status == "closed":
            continue
        name = clean_line(person.full_name)
        code = clean_line(person.code)
        shown = f"{name} · {code} · {t(f'kind_short.{person.kind}')}"
        if person.status == "paused":
            shown += f" · {t('status.paused')}"
        folded = fold(" ".join((name, code, *person.tags)))
        found.append(Candidate(person.id, shown, folded, person.preferred_mode))
    return found


def matching(people: list[Candidate], typed: str) -> list[Candidate]:
    """Those whose name, code or tags hold every word typed."""
    words = fold(typed).split()
    return [person for person in people if all(word in person.folded for word in words)]


class NewMeetingDialog(ModalScreen[NewMeetingRequest | None]):
    """Who, when: a filterable list of people, a typed date and an optional time."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "cancel", "")]

    def __init__(self, day: date, today: date) -> None:
        super().__init__()
        self.day = day
        self.today = today
        self._people: list[Candidate] = []

    def compose(self) -> ComposeResult:
        """Filter, list, date, time."""
        with VerticalScroll(), Vertical(classes="dialog", id="new-meeting-dialog"):
            yield Static(t("calendar.new.title"), classes="dialog-title")
            yield Input(placeholder=t("calendar.new.filter_placeholder"), id="person-filter")
            yield OptionList(id="people")
            with Horizontal(id="new-meeting-when"):
                with Vertical(id="new-meeting-day"):
                    yield Static(t("calendar.new.date"), classes="field-label")
                    yield DateField(self.day, today=self.today, id="meeting-date")
                with Vertical(id="new-meeting-time"):
                    yield Static(t("calendar.field.time"), classes="field-label")
                    yield Input(placeholder=t("calendar.field.time_placeholder"), id="meeting-time")
            yield Static("", id="new-meeting-message", classes="error-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("calendar.new.confirm"), id="plan", variant="primary")
                yield Button(t("common.cancel"), id="cancel")

    def on_mount(self) -> None:
        """Cursor in the filter; people load in the background."""
        self.query_one("#person-filter", Input).focus()
        self.load_people()

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="calendar-people",
        description="calendar-people",
    )
    def load_people(self) -> None:
        """Read everyone once (active and paused people are offered)."""
        app = context_of(self)
        found = candidates(list_people(app.vault))
        app.call_from_thread(self._people_loaded, found)

    def _people_loaded(self, people: list[Candidate]) -> None:
        self._people = people
        self._show(self.query_one("#person-filter", Input).value)

    def _show(self, typed: str) -> None:
        found = matching(self._people, typed)
        options = self.query_one("#people", OptionList)
        options.set_options(
            Option(Text(person.shown), id=str(person.person_id)) for person in found[:SHOWN_AT_MOST]
        )
        if found:
            options.highlighted = 0
        if len(found) > SHOWN_AT_MOST:
            options.add_option(
                Option(
                    Text(t("calendar.new.more", count=len(found) - SHOWN_AT_MOST)), disabled=True
                )
            )
        elif not found and self._people:
            options.add_option(Option(Text(t("calendar.new.nobody")), disabled=True))

    @on(Input.Changed, "#person-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#person-filter")
    def _to_list(self) -> None:
        self.query_one("#people", OptionList).focus()

    @on(OptionList.OptionSelected, "#people")
    def _chosen(self) -> None:
        self.query_one(DateField).focus_input()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without planning anything."""
        self.dismiss(None)

    def chosen_person(self) -> Candidate | None:
        """The person highlighted in the list."""
        option = self.query_one("#people", OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        person_id = int(option.id)
        return next((person for person in self._people if person.person_id == person_id), None)

    @on(Input.Submitted, "#meeting-time")
    @on(Input.Submitted, "#meeting-date Input")
    @on(Button.Pressed, "#plan")
    def submit(self) -> None:
        """Check the choice, the date and the time, then hand them to the calendar."""
        message = self.query_one("#new-meeting-message", Static)
        person = self.chosen_person()
        if person is None:
            message.update(t("calendar.new.choose_person"))
            self.query_one("#person-filter", Input).focus()
            return
        field = self.query_one(DateField)
        planned_date = field.value
        if planned_date is None:
            message.update(t(field.problem or "date.error.empty"))
            field.focus_input()
            return
        try:
            planned_time = read_time(self.query_one("#meeting-time", Input).value)
        except TimeNotUnderstood as error:
            message.update(t(error.message_key))
            self.query_one("#meeting-time", Input).focus()
            return
        self.dismiss(NewMeetingRequest(person.person_id, planned_date, planned_time, person.mode))
