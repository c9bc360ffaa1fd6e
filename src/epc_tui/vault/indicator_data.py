"""The facts programme indicators are computed from — and nothing that identifies a person.

`indicator_facts(vault, start, end)` reads people, check-ins and logbook entries and returns
plain frozen dataclasses: internal row numbers (to count people once), kinds, statuses, dates,
windows, durations and yes/no flags. No name, code, contact, summary, tag, note text, relay
text or training-need text ever leaves this module. Logbook themes are free words typed by the
coach, so they leave only as a key of the programme's own vocabulary (`THEME_VOCABULARY`:
objectives, limits, meaning of the engagement, skills, confidence, well-being, empathic
distress…); any other word becomes `"other"`.

Three queries (people, check-ins in range, entries in range) using `.tuples()`: fast on a
large vault, and they never build ORM objects.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from peewee import JOIN, fn

from epc_tui.vault.models import CheckIn, LogbookEntry, Person, Track, TrackStep
from epc_tui.vault.vault import Vault

OTHER_THEME = "other"
FIRST_CONTACT_STEP = "j2"  # the oral-therapy track's first call, due two days after the anchor
FIRST_CONTACT_DELAY = timedelta(days=2)
UNSPECIFIED_THEME = "unspecified"

# Programme themes (seed 000: the aims of the meetings), in French and English spellings,
# folded to lower case without accents. The key is what indicators and CSV files show.
THEME_VOCABULARY: dict[str, str] = {
    "objectifs": "objectives",
    "objectif": "objectives",
    "objectives": "objectives",
    "limites": "limits",
    "limites personnelles": "limits",
    "limits": "limits",
    "sens de l'engagement": "engagement",
    "engagement": "engagement",
    "competences": "skills",
    "skills": "skills",
    "confiance": "confidence",
    "confidence": "confidence",
    "bien-etre": "well_being",
    "bien etre": "well_being",
    "well-being": "well_being",
    "wellbeing": "well_being",
    "detresse empathique": "empathic_distress",
    "empathic distress": "empathic_distress",
    "fatigue de compassion": "compassion_fatigue",
    "compassion fatigue": "compassion_fatigue",
    "formation": "training",
    "formation continue": "training",
    "training": "training",
    "releve": "succession",
    "succession": "succession",
    "attentes": "expectations",
    "expectations": "expectations",
}
THEME_KEYS: tuple[str, ...] = tuple(dict.fromkeys(THEME_VOCABULARY.values()))


@lru_cache(maxsize=4096)
def theme_key(word: str) -> str:
    """The vocabulary key of a theme typed by the coach, or `"other"`."""
    decomposed = unicodedata.normalize("NFKD", word.strip().lower().replace("\u2019", "'"))
    folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    return THEME_VOCABULARY.get(" ".join(folded.split()), OTHER_THEME)


@dataclass(frozen=True)
class TrackFact:
    """A track as indicators group by it: built-in key (translated later) or the track's name."""

    track_id: int | None
    builtin_key: str | None
    name: str


NO_TRACK = TrackFact(None, None, "")


@dataclass(frozen=True)
class PersonFact:
    """One person, reduced to what indicators count."""

    person_id: int
    kind: str
    status: str
    track: TrackFact
    started: date
    closed: date | None


@dataclass(frozen=True)
class CheckInFact:
    """One check-in, reduced to dates, status, kind of meeting, step key and duration."""

    person_id: int
    kind: str
    step_key: str
    status: str
    planned: date
    window_start: date | None
    window_end: date | None
    held: date | None
    duration_seconds: int | None
    anchor: date | None


@dataclass(frozen=True)
class EntryFact:
    """One logbook entry, reduced to its day, flags and theme keys."""

    person_id: int | None
    day: date
    relay: bool
    safety_net: bool
    training_need: bool
    themes: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorFacts:
    """Everything the indicator functions need over a range of days."""

    start: date
    end: date
    people: tuple[PersonFact, ...]
    check_ins: tuple[CheckInFact, ...]
    entries: tuple[EntryFact, ...]


def _raw_day(column: Any) -> Any:
    """The first ten characters of a stored date or date-time, as SQLite text (no conversion).

    Peewee's date-time conversion tries several formats per value; on tens of thousands of
    rows that is most of the time spent, and a day is all indicators need.
    """
    return fn.substr(column, 1, 10).coerce(False)


@lru_cache(maxsize=1024)
def _iso_day(text: str) -> date:
    return date.fromisoformat(text)


def _text_day(value: Any) -> date | None:
    """A date from the text `_raw_day` returns (None when empty)."""
    return _iso_day(value) if value else None


def _tracks() -> dict[int, TrackFact]:
    rows: Any = Track.select(Track.id, Track.builtin_key, Track.name).tuples()
    return {row[0]: TrackFact(row[0], row[1], row[2]) for row in rows}


def _people(tracks: dict[int, TrackFact]) -> tuple[PersonFact, ...]:
    rows: Any = Person.select(
        Person.id,
        Person.kind,
        Person.status,
        Person.track,
        _raw_day(Person.referral_date),
        _raw_day(Person.anchor_date),
        _raw_day(Person.created_at),
        _raw_day(Person.closed_at),
    ).tuples()
    facts = []
    for person_id, kind, status, track_id, referral, anchor, created, closed in rows:
        started = _text_day(referral) or _text_day(anchor) or _text_day(created) or date.min
        facts.append(
            PersonFact(
                person_id=person_id,
                kind=kind,
                status=status,
                track=tracks.get(track_id, NO_TRACK) if track_id is not None else NO_TRACK,
                started=started,
                closed=_text_day(closed) if status == "closed" else None,
            )
        )
    return tuple(facts)


def _check_ins(start: date, end: date) -> tuple[CheckInFact, ...]:
    """Check-ins planned or held in the range, and first contacts (J+2) due in it.

    Held ones may have been planned before the range; a first contact moved off a weekend may
    be planned just after the range while its J+2 deadline lies inside.
    """
    held_start = datetime.combine(start, datetime.min.time())
    held_end = datetime.combine(end, datetime.max.time())
    rows: Any = (
        CheckIn.select(
            CheckIn.person,
            CheckIn.kind,
            TrackStep.key,
            CheckIn.status,
            _raw_day(CheckIn.planned_date),
            _raw_day(CheckIn.window_start),
            _raw_day(CheckIn.window_end),
            _raw_day(CheckIn.held_at),
            CheckIn.duration_seconds,
            _raw_day(Person.anchor_date),
        )
        .join(Person)
        .switch(CheckIn)
        .join(TrackStep, join_type=JOIN.LEFT_OUTER)
        .where(
            CheckIn.planned_date.between(start, end)
            | CheckIn.held_at.between(held_start, held_end)
            | (
                (TrackStep.key == FIRST_CONTACT_STEP)
                & Person.anchor_date.between(start - FIRST_CONTACT_DELAY, end)
            )
        )
        .tuples()
    )
    facts = []
    for person_id, kind, step_key, status, planned, w_start, w_end, held, seconds, anchor in rows:
        facts.append(
            CheckInFact(
                person_id=person_id,
                kind=kind,
                step_key=step_key or "",
                status=status,
                planned=_text_day(planned) or start,
                window_start=_text_day(w_start),
                window_end=_text_day(w_end),
                held=_text_day(held),
                duration_seconds=seconds,
                anchor=_text_day(anchor),
            )
        )
    return tuple(facts)


def _entries(start: date, end: date) -> tuple[EntryFact, ...]:
    """Entries created in the range (a call's note is opened when the call starts).

    Only the created-at index is used: the table holds every note's text, and a condition on
    another column would read (and decrypt) all of it.
    """
    first = datetime.combine(start, datetime.min.time())
    last = datetime.combine(end, datetime.max.time())
    has_need = fn.length(fn.trim(fn.coalesce(LogbookEntry.training_needs, ""))) > 0
    rows: Any = (
        LogbookEntry.select(
            LogbookEntry.person,
            _raw_day(LogbookEntry.created_at),
            LogbookEntry.relay,
            LogbookEntry.safety_net,
            has_need,
            fn.coalesce(LogbookEntry.themes, "").coerce(False),
        )
        .where(LogbookEntry.created_at.between(first, last))
        .tuples()
    )
    facts = []
    for person_id, created, relay, safety_net, need, themes in rows:
        words = json.loads(themes) if themes and themes != "[]" else []
        facts.append(
            EntryFact(
                person_id=person_id,
                day=_text_day(created) or start,
                relay=bool(relay),
                safety_net=bool(safety_net),
                training_need=bool(need),
                themes=tuple(sorted({theme_key(str(word)) for word in words if str(word).strip()})),
            )
        )
    return tuple(facts)


def indicator_facts(
    vault: Vault, start: date, end: date, check_ins_from: date | None = None
) -> IndicatorFacts:
    """The de-identified facts of every person, and of check-ins and entries in [start, end].

    `check_ins_from` reaches further back for check-ins only (monthly series need them, not
    the logbook entries, which are by far the largest table to read).
    """
    first = min(start, check_ins_from) if check_ins_from else start
    with vault.connected():
        tracks = _tracks()
        return IndicatorFacts(
            start=first,
            end=end,
            people=_people(tracks),
            check_ins=_check_ins(first, end),
            entries=_entries(start, end),
        )
