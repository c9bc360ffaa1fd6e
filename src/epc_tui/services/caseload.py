"""The caseload list: one row per person with its flags, filtered and sorted as the coach types.

Rows are built once from the vault, with everything a keystroke needs computed in advance
(the text a filter searches and the name a sort compares, both without accents), so filtering
and sorting 10,000 people in memory costs a few milliseconds and never touches the vault.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from epc_tui.textclean import fold
from epc_tui.vault.caseload_query import (
    CaseloadPerson,
    caseload_people,
    people_due_first,
    people_per_status,
)
from epc_tui.vault.vault import Vault

DUE_SOON_DAYS = 7
SORT_KEYS = ("name", "kind", "track", "next", "status", "flags")
FAR = date.max  # people without a next check-in go last when sorting by date
CHUNK = 500  # rows built between two rests of a background read


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """A person as the caseload table shows them."""

    person: CaseloadPerson
    next_date: date | None
    overdue: bool
    due_soon: bool
    search_text: str  # name, code and tags, folded: what the filter looks in
    sort_name: str  # the name, folded: what sorting by name compares
    sort_track: str  # the track's name, folded

    @property
    def safety_net(self) -> bool:
        """A safety-net flag on one of the person's notes of the last month."""
        return self.person.safety_net

    @property
    def relay_pending(self) -> bool:
        """A relay to the care team still to be made."""
        return self.person.relay_pending

    @property
    def flags(self) -> tuple[str, ...]:
        """Flag names, most urgent first (shown with a symbol and a word, never colour alone)."""
        names = []
        if self.overdue:
            names.append("overdue")
        if self.due_soon:
            names.append("due_soon")
        if self.person.safety_net:
            names.append("safety_net")
        if self.person.relay_pending:
            names.append("relay")
        if self.person.needs_other_contact:
            names.append("other_contact")
        return tuple(names)


class _FoldedCharacters(dict[int, str]):
    """Each lower-case character without its accents, worked out the first time it is met."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        folded = "".join(char for char in decomposed if not unicodedata.combining(char))
        self[code] = folded
        return folded


_FOLDED = _FoldedCharacters()


def quick_fold(text: str) -> str:
    """The same as `textclean.fold` (lower case, no accents), in one pass of C code: plain
    ASCII needs only its lower case, other text each character's fold from a table. Folding
    the names and tags of 10,000 people character by character in Python was most of the
    time of reading the caseload."""
    lowered = text.casefold()
    return lowered if lowered.isascii() else lowered.translate(_FOLDED)


def build_row(person: CaseloadPerson, today: date) -> CaseloadRow:
    """One row from a person, their facts and today's date."""
    next_date = person.next_open_date if person.status != "closed" else None
    active = person.status == "active"
    overdue = active and next_date is not None and next_date < today
    due_soon = (
        active
        and next_date is not None
        and today <= next_date <= today + timedelta(days=DUE_SOON_DAYS)
    )
    sort_name = quick_fold(person.full_name)
    searched = f"{sort_name} {quick_fold(person.code)}"
    if person.tags:
        searched = f"{searched} {quick_fold(' '.join(person.tags))}"
    return CaseloadRow(
        person=person,
        next_date=next_date,
        overdue=overdue,
        due_soon=due_soon,
        search_text=searched,
        sort_name=sort_name,
        sort_track=quick_fold(person.track_name),
    )


def build_rows(
    people: Sequence[CaseloadPerson],
    today: date,
    between_chunks: Callable[[], object] | None = None,
) -> list[CaseloadRow]:
    """Rows for many people; `between_chunks` is called after every `CHUNK` of them (the
    caseload's background read rests there, so the screen keeps the interpreter)."""
    rows: list[CaseloadRow] = []
    for start in range(0, len(people), CHUNK):
        rows += [build_row(person, today) for person in people[start : start + CHUNK]]
        if between_chunks is not None and start + CHUNK < len(people):
            between_chunks()
    return rows


def load_caseload(
    vault: Vault,
    today: date,
    statuses: Sequence[str] | None = None,
    between_chunks: Callable[[], object] | None = None,
) -> list[CaseloadRow]:
    """Everyone (or everyone of these statuses) with their flags, in no particular order."""
    if statuses is None:
        people = caseload_people(vault, today)
    else:
        people = caseload_people(vault, today, statuses)
    if between_chunks is not None:
        between_chunks()
    return build_rows(people, today, between_chunks)


def first_rows(vault: Vault, today: date, status: str, count: int) -> list[CaseloadRow] | None:
    """The first `count` rows of the `status` tab sorted by next check-in (and the others
    due the same day), or None when they cannot be told without reading everyone: the first
    screenful, drawn before the whole caseload is read."""
    people = people_due_first(vault, today, status, count)
    if people is None:
        return None
    return sort_rows(build_rows(people, today), "next")


FIRST_SCREENFUL = 100
"""People read before everyone: more lines than a tall terminal shows."""
EVERYONE_AT_ONCE = 1_000
"""Up to this many people, the first read is of everyone (about 10 ms): no second read."""


@dataclass(frozen=True, slots=True)
class FirstScreenful:
    """What the caseload shows first."""

    totals: dict[str, int]
    """How many people per status (the tabs)."""
    rows: list[CaseloadRow] | None
    """The first rows of the tab, or everyone; None: everyone must be read first."""
    complete: bool
    """`rows` are everyone (a caseload small enough to read at once)."""


def first_screenful(
    vault: Vault,
    today: date,
    status: str | None,
    count: int = FIRST_SCREENFUL,
) -> FirstScreenful:
    """What the caseload shows first: the totals and, unless `status` is None, the first
    `count` rows of that tab — or everyone, when there are no more than `EVERYONE_AT_ONCE`."""
    totals = status_totals(vault)
    if status is None:
        return FirstScreenful(totals, None, False)
    if sum(totals.values()) <= EVERYONE_AT_ONCE:
        return FirstScreenful(totals, load_caseload(vault, today), True)
    return FirstScreenful(totals, first_rows(vault, today, status, count), False)


def status_totals(vault: Vault) -> dict[str, int]:
    """How many people per status, straight from the vault (the tabs show them before the
    rows of every status are loaded)."""
    return people_per_status(vault)


def filter_rows(rows: Sequence[CaseloadRow], text: str, status: str | None) -> list[CaseloadRow]:
    """Rows of `status` (None: all) whose name, code or a tag contains every typed word."""
    words = fold(text).split()
    if not words:
        return [row for row in rows if status is None or row.person.status == status]
    return [
        row
        for row in rows
        if (status is None or row.person.status == status)
        and all(word in row.search_text for word in words)
    ]


def _sort_key(key: str) -> Callable[[CaseloadRow], tuple[object, ...]]:
    if key == "kind":
        return lambda row: (row.person.kind, row.sort_name)
    if key == "track":
        return lambda row: (row.sort_track, row.sort_name)
    if key == "next":
        return lambda row: (row.next_date or FAR, row.sort_name)
    if key == "status":
        return lambda row: (row.person.status, row.sort_name)
    if key == "flags":
        return lambda row: (-len(row.flags), row.next_date or FAR, row.sort_name)
    return lambda row: (row.sort_name,)


def sort_rows(rows: Sequence[CaseloadRow], key: str, reverse: bool = False) -> list[CaseloadRow]:
    """Rows sorted by a column; people without a next check-in go last by date."""
    return sorted(rows, key=_sort_key(key), reverse=reverse)


def status_counts(rows: Sequence[CaseloadRow]) -> dict[str, int]:
    """How many of these rows per status."""
    counts = {"active": 0, "paused": 0, "closed": 0}
    for row in rows:
        counts[row.person.status] = counts.get(row.person.status, 0) + 1
    return counts
