"""A date field that takes what the coach types and shows the date it understood, before saving.

`14/03/2026`, `demain`, `jeudi prochain`, `dans 3 mois`… are read by
`services.date_input.parse_user_date`; the line beneath the input says
« Compris : jeudi 26 novembre 2026 » in the coach's language, or why the text is not a date.
Words may need `dateparser` (slow to load the first time), so reading happens in a worker
thread while typing; `value` reads synchronously when asked before the worker has answered.
"""

from __future__ import annotations

from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from epc_tui.i18n import current_language, t
from epc_tui.i18n.formats import format_day
from epc_tui.services.date_input import DateNotUnderstood, parse_user_date

_Reading = tuple[date | None, str | None]


class DateField(Vertical):
    """An input plus a one-line « Compris : … » or error message; `value` is a date or None."""

    DEFAULT_CSS = """
    DateField { height: auto; }
    DateField > .date-field-feedback { height: 1; color: $text-muted; padding: 0 1; }
    DateField > .date-field-feedback.-understood { color: $text-success; }
    DateField > .date-field-feedback.-error { color: $text-error; text-style: bold; }
    DateField.-invalid > Input { border: tall $error; }
    """

    class Changed(Message):
        """The date understood changed (a new date, or None: empty or not understood)."""

        def __init__(self, date_field: DateField, value: date | None) -> None:
            super().__init__()
            self.date_field = date_field
            self.value = value

        @property
        def control(self) -> DateField:
            """The field, so `@on(DateField.Changed, "#id")` works."""
            return self.date_field

    def __init__(
        self,
        value: date | None = None,
        *,
        today: date | None = None,
        placeholder: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._initial = value
        self._today = today
        self._placeholder = placeholder
        self._readings: dict[str, _Reading] = {}
        self._announced: date | None = value

    def compose(self) -> ComposeResult:
        """The input and the feedback line."""
        text = format_day(self._initial, "long") if self._initial else ""
        if self._initial is not None:
            self._readings[text] = (self._initial, None)
        yield Input(
            value=text,
            placeholder=self._placeholder or t("date_field.placeholder"),
            classes="date-field-input",
        )
        yield Static("", classes="date-field-feedback")

    def on_mount(self) -> None:
        """Show what the initial text means."""
        self._show(self.text, self._read(self.text))

    # -- public -----------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """What is typed."""
        return self.query_one(Input).value

    @property
    def value(self) -> date | None:
        """The date understood, or None when the field is empty or not understood."""
        return self._read(self.text)[0]

    @value.setter
    def value(self, day: date | None) -> None:
        text = format_day(day, "long") if day else ""
        self._readings[text] = (day, None)
        self.query_one(Input).value = text

    @property
    def problem(self) -> str | None:
        """The message key explaining why the text is not a date, or None."""
        return self._read(self.text)[1]

    def today(self) -> date:
        """The day relative words count from: the given one, or the application's clock."""
        if self._today is not None:
            return self._today
        clock = getattr(self.app, "clock", None)
        if clock is not None:
            day: date = clock.today()
            return day
        return date.today()

    def focus_input(self) -> None:
        """Put the cursor in the field."""
        self.query_one(Input).focus()

    # -- reading ------------------------------------------------------------------------------

    def _parse(self, text: str, today: date, language: str) -> _Reading:
        if not text.strip():
            return (None, None)
        try:
            return (parse_user_date(text, today, language), None)
        except DateNotUnderstood as error:
            return (None, error.message_key)

    def _read(self, text: str) -> _Reading:
        reading = self._readings.get(text)
        if reading is None:
            reading = self._parse(text, self.today(), current_language())
            self._remember(text, reading)
        return reading

    def _remember(self, text: str, reading: _Reading) -> None:
        if len(self._readings) > 64:
            self._readings.clear()
        self._readings[text] = reading

    @on(Input.Changed, ".date-field-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        reading = self._readings.get(event.value)
        if reading is not None:
            self._show(event.value, reading)
        else:
            self._read_in_background(event.value, self.today(), current_language())

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="date-field",
        description="date-field",
    )
    def _read_in_background(self, text: str, today: date, language: str) -> None:
        reading = self._parse(text, today, language)
        self.app.call_from_thread(self._arrived, text, reading)

    def _arrived(self, text: str, reading: _Reading) -> None:
        self._remember(text, reading)
        if self.is_mounted and text == self.text:
            self._show(text, reading)

    def _show(self, text: str, reading: _Reading) -> None:
        day, problem = reading
        feedback = self.query_one(".date-field-feedback", Static)
        feedback.set_class(day is not None, "-understood")
        feedback.set_class(problem is not None, "-error")
        self.set_class(problem is not None, "-invalid")
        if day is not None:
            feedback.update(t("date_field.understood", date=format_day(day, "full")))
        elif problem is not None:
            feedback.update(t(problem))
        else:
            feedback.update("")
        if day != self._announced:
            self._announced = day
            self.post_message(self.Changed(self, day))
