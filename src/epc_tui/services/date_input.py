"""Dates and times as a French- or English-speaking coach types them.

`parse_user_date` understands `14/03/2026`, `2026-03-14`, `14 mars 2026`, `demain`,
`aujourd'hui`, `jeudi prochain`, `dans 3 mois`, `next Thursday`, `in 3 months`… Rules:

- slashed (or dotted) dates are always read **day first** (`03/04/2026` is 3 April), as French
  and Canadian coaches write them; `12/25/2026` is refused rather than silently swapped;
- a day and month without a year (`14/03`, `14 mars`) fall in the year of `today`;
- a weekday name alone or with `prochain` / `next` is the first such day strictly after `today`
  (on Monday 23 November, `jeudi prochain` is Thursday 26 November);
- `dans N jours|semaines|mois|ans` / `in N days|weeks|months|years` count from `today`, with
  calendar months (31 January + 1 month = 28 or 29 February);
- everything else goes to `dateparser`, restricted to French and English, with `today` as its
  relative base (never the system clock) and day-first order.

`dateparser` takes about 0.1 s to import (0.12 s measured, plus its first parse compiles
language data, about 0.1 s more), so it is imported inside the function, only when the quick
rules above have not already understood the text: start-up does not pay for it.

`parse_user_time` reads `14 h 30`, `14h30`, `14:30`, `9 h`, `2 pm`, `2:30 PM`, `midi`, `noon`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from epc_tui.vault.errors import InvalidInput

__all__ = [
    "DateNotUnderstood",
    "TimeNotUnderstood",
    "parse_user_date",
    "parse_user_time",
]

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


class DateNotUnderstood(InvalidInput):
    """The text typed in a date field is not a date we can read without guessing."""

    message_key = "date.error.not_understood"


class TimeNotUnderstood(InvalidInput):
    """The text typed in a time field is not a time of day."""

    message_key = "time.error.not_understood"


_WEEKDAYS = {
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_UNITS = {
    "jour": "days",
    "jours": "days",
    "day": "days",
    "days": "days",
    "semaine": "weeks",
    "semaines": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "mois": "months",
    "month": "months",
    "months": "months",
    "an": "years",
    "ans": "years",
    "annee": "years",
    "annees": "years",
    "year": "years",
    "years": "years",
}
_ONE = {"un", "une", "a", "an", "one"}
_NAMED_DAYS = {
    "aujourd'hui": 0,
    "today": 0,
    "demain": 1,
    "tomorrow": 1,
    "apres-demain": 2,
    "hier": -1,
    "yesterday": -1,
}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?$")
_WEEKDAY = re.compile(r"^(?:next\s+)?([a-z]+)(?:\s+prochain)?$")
_IN_AMOUNT = re.compile(r"^(?:dans|in)\s+(\d+|un|une|a|an|one)\s+([a-z]+)$")


def _normalise(text: str) -> str:
    """Lower case, plain apostrophes, single spaces; `juill.` (Québec's short July, as the
    app itself writes it) spelled out, since the general parser knows only `juil.`."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = " ".join(text.strip().lower().split())
    return re.sub(r"\bjuill\.?(?=\s|$)", "juillet", text)


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _checked(year: int, month: int, day: int) -> date:
    """A real calendar day in a plausible range, or `DateNotUnderstood`."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DateNotUnderstood("date.error.year_out_of_range")
    try:
        return date(year, month, day)
    except ValueError:
        if 1 <= day <= 12 and 13 <= month <= 31:
            raise DateNotUnderstood("date.error.day_first") from None
        raise DateNotUnderstood("date.error.no_such_day") from None


def _quick(text: str, today: date) -> date | None:
    """The forms we read ourselves (exact and fast); None when the text is something else."""
    if match := _ISO.match(text):
        return _checked(int(match[1]), int(match[2]), int(match[3]))
    if match := _DAY_FIRST.match(text):
        year_text = match[3]
        if year_text is None:
            year = today.year
        elif len(year_text) == 2:
            year = 2000 + int(year_text)
        else:
            year = int(year_text)
        return _checked(year, int(match[2]), int(match[1]))
    plain = _without_accents(text)
    if plain in _NAMED_DAYS:
        return today + timedelta(days=_NAMED_DAYS[plain])
    if match := _WEEKDAY.match(plain):
        weekday = _WEEKDAYS.get(match[1])
        if weekday is not None:
            ahead = (weekday - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    if match := _IN_AMOUNT.match(plain):
        unit = _UNITS.get(match[2])
        if unit is not None:
            amount = 1 if match[1] in _ONE else int(match[1])
            moved = today + relativedelta(**{unit: amount})
            return _checked(moved.year, moved.month, moved.day)
    return None


def parse_user_date(text: str, today: date, language: str) -> date:
    """The date meant by `text`, counted from `today` when relative.

    `language` ("fr" or "en") is tried first by the general parser; both are always allowed.
    Raises `DateNotUnderstood` (with a message key saying why) rather than guessing.
    """
    cleaned = _normalise(text)
    if not cleaned:
        raise DateNotUnderstood("date.error.empty")
    quick = _quick(cleaned, today)
    if quick is not None:
        return quick
    if re.fullmatch(r"[\d\s/.\-]+", cleaned):
        raise DateNotUnderstood()

    import dateparser  # slow to import: only when a coach types words

    languages = ["en", "fr"] if language == "en" else ["fr", "en"]
    settings = {
        "RELATIVE_BASE": datetime(today.year, today.month, today.day),
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "current_period",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month"],
    }
    found = dateparser.parse(cleaned, languages=languages, settings=settings)
    if found is None:
        raise DateNotUnderstood()
    return _checked(found.year, found.month, found.day)


_TIME_24 = re.compile(r"^(\d{1,2})\s*(?:h|:)\s*(\d{2})?$")
_TIME_12 = re.compile(r"^(\d{1,2})(?:\s*:\s*(\d{2}))?\s*([ap])\.?\s*m\.?$")
_NAMED_TIMES = {"midi": time(12, 0), "noon": time(12, 0), "minuit": time(0, 0)}


def parse_user_time(text: str) -> time:
    """The time of day in `14 h 30`, `14h`, `14:30`, `2 pm`, `2:30 p.m.`, `midi`…

    Raises `TimeNotUnderstood` for anything else, including `25 h` or `14 h 75`.
    """
    cleaned = _normalise(text)
    if cleaned in _NAMED_TIMES:
        return _NAMED_TIMES[cleaned]
    if match := _TIME_24.match(cleaned):
        hour, minute = int(match[1]), int(match[2] or 0)
    elif match := _TIME_12.match(cleaned):
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12:
            raise TimeNotUnderstood()
        hour = hour % 12 + (12 if match[3] == "p" else 0)
    elif cleaned.isdigit() and len(cleaned) <= 2:
        hour, minute = int(cleaned), 0
    else:
        raise TimeNotUnderstood()
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise TimeNotUnderstood()
    return time(hour, minute)
