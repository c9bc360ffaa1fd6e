"""The date field: typing words or digits shows the date understood, in the coach's language."""

from __future__ import annotations

from datetime import date

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from epc_tui.i18n import set_language
from epc_tui.widgets.date_field import DateField

MONDAY = date(2026, 11, 23)


class FieldApp(App[None]):
    """A bare app holding one date field, recording the Changed messages it posts."""

    def __init__(self, initial: date | None = None) -> None:
        super().__init__()
        self.initial = initial
        self.changes: list[date | None] = []

    def compose(self) -> ComposeResult:
        """One field, today fixed to Monday 23 November 2026."""
        yield DateField(self.initial, today=MONDAY, id="when")

    def on_date_field_changed(self, event: DateField.Changed) -> None:
        """Keep what the field announced."""
        self.changes.append(event.value)


def feedback(app: App[None]) -> str:
    """The line beneath the input."""
    return str(app.query_one(".date-field-feedback", Static).render())


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a user, then let the background reading finish."""
    await pilot.click(".date-field-input")
    await pilot.press(*text)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_words_are_understood_and_shown_in_french() -> None:
    """`jeudi prochain` shows « Compris : jeudi 26 novembre 2026 » and the value is that day."""
    app = FieldApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await type_text(pilot, "jeudi prochain")
        field = app.query_one(DateField)
        assert field.value == date(2026, 11, 26)
        assert feedback(app) == "Compris : jeudi 26 novembre 2026"
        assert app.changes[-1] == date(2026, 11, 26)
        assert not field.has_class("-invalid")


async def test_digits_day_first_and_english_feedback() -> None:
    """In English, 03/04/2026 is still 3 April, shown in English."""
    set_language("en")
    app = FieldApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await type_text(pilot, "03/04/2026")
        assert app.query_one(DateField).value == date(2026, 4, 3)
        assert feedback(app) == "Understood: Friday, April 3, 2026"


async def test_text_that_is_not_a_date_says_why_and_has_no_value() -> None:
    """A month-first date is refused with the day-first hint; the value is None."""
    app = FieldApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await type_text(pilot, "12/25/2026")
        field = app.query_one(DateField)
        assert field.value is None
        assert field.problem == "date.error.day_first"
        assert "Le jour vient en premier" in feedback(app)
        assert field.has_class("-invalid")


async def test_value_is_read_even_before_the_background_reading() -> None:
    """A form saving right after typing gets the right date (synchronous reading)."""
    app = FieldApp()
    async with app.run_test(size=(80, 10)):
        app.query_one(Input).value = "dans 3 mois"
        assert app.query_one(DateField).value == date(2027, 2, 23)


async def test_initial_value_and_setting_a_value() -> None:
    """A field opened with a date shows it; setting another one shows and announces it."""
    app = FieldApp(initial=date(2026, 3, 14))
    async with app.run_test(size=(80, 10)) as pilot:
        field = app.query_one(DateField)
        assert field.value == date(2026, 3, 14)
        assert app.query_one(Input).value == "14 mars 2026"
        assert feedback(app) == "Compris : samedi 14 mars 2026"
        field.value = date(2026, 12, 1)
        await pilot.pause()
        assert feedback(app) == "Compris : mardi 1 décembre 2026"
        assert app.changes == [date(2026, 12, 1)]
        field.value = None
        await pilot.pause()
        assert field.value is None
        assert feedback(app) == ""
        assert app.changes == [date(2026, 12, 1), None]
