"""The caseload list: one row per person with its flags, filtered and sorted as the coach types.

Rows are built once from the vault, with everything a keystroke needs computed in advance
(the text a filter searches and the name a sort compares, both without accents), so filtering
and sorting 10,000 people in memory costs a few milliseconds and never touches the vault.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from epc_tui.textclean import fold
from epc_tui.vault.caseload_query import CaseloadPerson, caseload_people, people_per_status
from epc_tui.vault.vault import Vault

DUE_SOON_DAYS = 7
SORT_KEYS = ("name", "kind", "track", "next", "status", "flags")
FAR = date.max  # people without a next check-in go last when sorting by date


@dataclass(frozen=True)
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


def word_folder() -> Callable[[str], str]:
    """`fold` for many texts at once: each distinct word is folded once (names and tags
    repeat a lot across a caseload). The memory lives as long as the folder, not longer."""
    folded: dict[str, str] = {}

    def fold_word(word: str) -> str:
        known = folded.get(word)
        if known is None:  # plain ASCII has no accent to take off: lower case is its fold
            known = folded[word] = word.lower() if word.isascii() else fold(word)
        return known

    def fold_words(text: str) -> str:
        return " ".join(map(fold_word, text.split()))

    return fold_words


def build_row(
    person: CaseloadPerson, today: date, fold_words: Callable[[str], str] = fold
) -> CaseloadRow:
    """One row from a person, their facts and today's date."""
    next_date = person.next_open_date if person.status != "closed" else None
    active = person.status == "active"
    overdue = active and next_date is not None and next_date < today
    due_soon = (
        active
        and next_date is not None
        and today <= next_date <= today + timedelta(days=DUE_SOON_DAYS)
    )
    sort_name = fold_words(person.full_name)
    searched = f"{sort_name} {fold_words(person.code)}"
    if person.tags:
        searched = f"{searched} {fold_words(' '.join(person.tags))}"
    return CaseloadRow(
        person=person,
        next_date=next_date,
        overdue=overdue,
        due_soon=due_soon,
        search_text=searched,
        sort_name=sort_name,
        sort_track=fold_words(person.track_name),
    )


def load_caseload(
    vault: Vault, today: date, statuses: Sequence[str] | None = None
) -> list[CaseloadRow]:
    """Everyone (or everyone of these statuses) with their flags, in no particular order."""
    fold_words = word_folder()
    if statuses is None:
        people = caseload_people(vault, today)
    else:
        people = caseload_people(vault, today, statuses)
    return [build_row(person, today, fold_words) for person in people]


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
