"""The newest full-text matches that pass the search filters, a window of row ids at a time.

Ranking every note that says `fatigue` (130,000 of 200,000) would take seconds: bm25 reads
each matching row's sizes. Search therefore ranks the newest `wanted` matches. They are
found by walking the index from the newest row id down, in windows that grow fourfold:
fetching the row ids of a window is cheap (no ranking, no text), and the filters are checked
for the notes of each window on a covering index (migration 5) without reading the notes.

Index row ids encode their source: `id * 4 + 1` person, `+ 2` note, `+ 3` earlier version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from heapq import nlargest
from typing import TYPE_CHECKING

from epc_tui.vault.migrations.v0005_search_filter_indexes import NOTE_FILTERS, REVISION_NOTES
from epc_tui.vault.migrations.v0009_note_themes import NOTE_THEMES

if TYPE_CHECKING:
    from epc_tui.vault.search import SearchFilters
    from epc_tui.vault.vault import Vault

FIRST_WINDOW = 4_000
"""Row ids in the first window (about 1,000 notes, 600 rows under a common word); each next
window is four times wider, or sized from the rate of rows passing the filters."""

PERSON, NOTE, REVISION = 1, 2, 3


@dataclass(frozen=True)
class IndexRow:
    """One row of the full-text index, with the note and the person it belongs to."""

    rowid: int
    note_id: int | None
    person_id: int | None

    @property
    def kind(self) -> int:
        """PERSON, NOTE or REVISION."""
        return self.rowid % 4

    @property
    def result_key(self) -> tuple[str, int | None]:
        """Rows with the same key are one result: a note and its versions, or a person."""
        return ("person", self.person_id) if self.kind == PERSON else ("note", self.note_id)


def newest_passing(
    vault: Vault, expression: str, check: FilterCheck, wanted: int
) -> list[IndexRow]:
    """The `wanted` newest matches that pass `check`'s filters, newest first.

    After the first window, the next one is sized from the rate of passing rows met so far,
    so a rare flag does not fetch four times more matches than it needs.
    """
    found: list[IndexRow] = []
    top = min(_top_rowid(vault), check.highest_rowid) + 1
    high, span = top, max(FIRST_WINDOW, check.span_of_newest(top, 2 * wanted))
    while high > check.lowest_rowid and len(found) < wanted:
        low = max(check.lowest_rowid, high - span)
        rowids = _window(vault, expression, low, high)
        found.extend(reversed(check.passing(rowids, (low // 4, high // 4 + 1))))
        high = low
        rate = len(found) / (top - high)
        span = int((wanted - len(found)) / rate * 1.25) if rate else span * 4
        span = max(span, FIRST_WINDOW)
    return found[:wanted]


def _top_rowid(vault: Vault) -> int:
    top = vault.database.execute_sql("SELECT max(id) FROM search_index_docsize").fetchone()[0]
    return int(top or 0)


def _window(vault: Vault, expression: str, low: int, high: int) -> list[int]:
    """Row ids matching in [low, high), ascending: FTS5 walks a prefix's merged doclists
    backwards very slowly."""
    cursor = vault.database.execute_sql(
        "SELECT rowid FROM search_index WHERE search_index MATCH ? AND rowid >= ? AND rowid < ?",
        [expression, low, high],
    )
    return [int(row[0]) for row in cursor]


def note_conditions(filters: SearchFilters) -> tuple[list[str], list[object]]:
    """SQL conditions on the note (`e`) for the period, theme and note flags."""
    conditions: list[str] = []
    params: list[object] = []
    moment = "coalesce(e.call_started_at, e.created_at)"
    if filters.start is not None:
        conditions.append(f"{moment} >= ?")
        params.append(datetime.combine(filters.start, datetime.min.time()).isoformat(sep=" "))
    if filters.end is not None:
        conditions.append(f"{moment} < ?")
        end = datetime.combine(filters.end + timedelta(days=1), datetime.min.time())
        params.append(end.isoformat(sep=" "))
    if filters.theme:
        conditions.append("e.themes LIKE ? ESCAPE '\\'")
        params.append(theme_pattern(filters.theme))
    if filters.flag == "safety_net":
        conditions.append("e.safety_net = 1")
    elif filters.flag == "relay":
        conditions.append("e.relay = 1")
    elif filters.flag == "draft":
        conditions.append("e.status = 'draft'")
    elif filters.flag == "needs_other_contact":
        conditions.append("e.person_id IN (SELECT id FROM person WHERE needs_other_contact = 1)")
    if filters.person_id is not None:
        conditions.append("e.person_id = ?")
        params.append(filters.person_id)
    return conditions, params


def theme_pattern(theme: str) -> str:
    """The `LIKE` pattern matching a note's themes (a JSON list) that hold `theme`: the
    theme as JSON writes it, quotes included, `%`, `_` and the escape character escaped.
    `LIKE` folds ASCII letters as `lower()` does for the note–theme pairs (migration 9), so
    both find the same notes. Beside another filter, whose index leads, this test on the
    index's themes column costs 4 ms for a month's notes where a lookup of each in the pairs
    cost 7–160 ms (the slow end on a search connection after a hundred searches)."""
    quoted = json.dumps(theme, ensure_ascii=False)
    escaped = quoted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


SELECTIVE = 40_000
"""Up to this many notes passing the filters, they are listed once and each window is
checked against that set; beyond, the filter is broad and each window's few notes are
looked up instead (listing 150,000 notes of a year would cost more than the search)."""


CONTIGUOUS = 4
"""Listed notes whose ids span less than this many times their number (a period's) have
their versions read as one range of note ids; scattered ones (a flag's) one by one."""


class FilterCheck:
    """Which index rows pass the filters, answered from covering indexes only.

    A selective filter lists its notes and their versions once (`notes`, `revisions`);
    a broad one is checked window by window.
    """

    def __init__(self, vault: Vault, filters: SearchFilters | None = None) -> None:
        self._vault = vault
        self._filters = filters
        self._conditions, self._params = note_conditions(filters) if filters else ([], [])
        self.notes: dict[int, int | None] | None = None
        self.revisions: dict[int, int] = {}
        if self._conditions:
            self._list_selective_notes()

    def _list_selective_notes(self) -> None:
        notes = self._listed_notes()
        if len(notes) > SELECTIVE:
            return
        self.notes = notes
        if not notes:
            return
        low, high = min(notes), max(notes)
        if high - low < CONTIGUOUS * len(notes):
            # Notes of a period have neighbouring ids: one range of the index of versions by
            # note is read in order, rather than a lookup per note (24,000 for a month).
            cursor = self._vault.database.execute_sql(
                "SELECT r.id, r.entry_id FROM logbook_revision r "
                "WHERE r.entry_id >= ? AND r.entry_id <= ?",
                [low, high],
            )
            self.revisions = {
                int(revision_id): int(note_id)
                for revision_id, note_id in cursor
                if note_id in notes
            }
            return
        self.revisions = self._scattered_revisions(notes)

    @property
    def _theme_alone(self) -> str:
        """The theme when it is the only filter on notes, else ""."""
        filters = self._filters
        theme = filters.theme if filters is not None else ""
        return theme if theme and len(self._conditions) == 1 else ""

    def _listed_notes(self) -> dict[int, int | None]:
        """Note id → person id of the notes passing the filters, up to one more than
        `SELECTIVE`. A theme alone is a range of the note–theme pairs (migration 9: 25,052
        notes in 9–10 ms where matching every note's themes cost 43 ms); with other
        filters, their index leads and the theme is matched on its themes column."""
        database = self._vault.database
        if self._theme_alone:
            cursor = database.execute_sql(
                f"SELECT entry_id, person_id FROM {NOTE_THEMES} WHERE theme = lower(?) LIMIT ?",
                [self._theme_alone, SELECTIVE + 1],
            )
        else:
            cursor = database.execute_sql(
                "SELECT e.id, e.person_id FROM logbook_entry e "
                f"WHERE {' AND '.join(self._conditions)} LIMIT ?",
                [*self._params, SELECTIVE + 1],
            )
        return dict(cursor)  # (integer id, person) pairs: built in C, 25,000 in 2 ms

    def _scattered_revisions(self, notes: dict[int, int | None]) -> dict[int, int]:
        """Earlier version id → note id for listed notes whose ids are scattered (a flag's,
        a theme's): a theme alone's versions from its range of pairs (no list of 25,000 ids
        to parse: 36 → 15 ms), other notes' looked up one by one."""
        if self._theme_alone:
            cursor = self._vault.database.execute_sql(
                f"SELECT r.id, r.entry_id FROM {NOTE_THEMES} t "
                "CROSS JOIN logbook_revision r ON r.entry_id = t.entry_id "
                "WHERE t.theme = lower(?)",
                [self._theme_alone],
            )
            return dict(cursor)  # every version of the theme's notes: all of them are listed
        cursor = self._vault.database.execute_sql(
            "SELECT r.id, r.entry_id FROM logbook_revision r "
            "WHERE r.entry_id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(notes))],
        )
        return {int(revision_id): int(note_id) for revision_id, note_id in cursor}

    @property
    def listed_count(self) -> int:
        """How many rows `listed_rows` would give (without building them)."""
        if self.notes is None:
            return 0
        person = 1 if self.person_row is not None else 0
        return len(self.notes) + len(self.revisions) + person

    def span_of_newest(self, top: int, count: int) -> int:
        """Row ids from `top` down to the `count`-th newest listed note: the first window of
        a selective filter, so that a rare flag's matches are fetched in one window rather
        than a small one, then the rest (each window's query costs FTS5 the merge of a
        prefix's word lists again). 0 for a broad filter."""
        if not self.notes:
            return 0
        if self._theme_alone:  # listed in note order from the pairs' key: the last ones
            newest = list(self.notes)[-count:][::-1]
        else:  # no ORDER BY: SQLite sorting doubled the listing
            newest = nlargest(count, self.notes)
        return max(0, top - (newest[-1] * 4 + NOTE))

    @cached_property
    def lowest_rowid(self) -> int:
        """No index row below this one can pass."""
        if self.notes is None:
            return 0
        lows = [min(self.notes) * 4 + NOTE] if self.notes else []
        lows += [min(self.revisions) * 4 + REVISION] if self.revisions else []
        return min(lows, default=2**62)

    @cached_property
    def highest_rowid(self) -> int:
        """No index row above this one can pass."""
        if self.notes is None:
            return 2**62
        highs = [max(self.notes) * 4 + NOTE] if self.notes else []
        highs += [max(self.revisions) * 4 + REVISION] if self.revisions else []
        return max(highs, default=0)

    @property
    def person_row(self) -> IndexRow | None:
        """The one person whose row can pass (a person filter without note filters)."""
        filters = self._filters
        if filters is None or filters.person_id is None or filters.notes_only:
            return None
        return IndexRow(filters.person_id * 4 + PERSON, None, filters.person_id)

    def listed_rows(self) -> list[IndexRow]:
        """Every row that can pass, when the filter is selective (else nothing)."""
        if self.notes is None:
            return []
        rows = [IndexRow(note * 4 + NOTE, note, person) for note, person in self.notes.items()]
        rows += [
            IndexRow(revision * 4 + REVISION, note, self.notes.get(note))
            for revision, note in self.revisions.items()
        ]
        person = self.person_row
        return rows + ([person] if person is not None else [])

    def passing(self, rowids: list[int], id_range: tuple[int, int] | None = None) -> list[IndexRow]:
        """The rows of `rowids` that pass, in the same order. `id_range` bounds the ids of
        the window's notes and versions, read as a range rather than one by one."""
        if self.notes is not None:
            return self._listed_passing(rowids)
        revisions = [rowid // 4 for rowid in rowids if rowid % 4 == REVISION]
        revision_notes = revision_note_ids(self._vault, revisions, id_range)
        note_ids = {rowid // 4 for rowid in rowids if rowid % 4 == NOTE}
        note_people = self._passing_notes(note_ids | set(revision_notes.values()), id_range)
        person = self.person_row
        rows: list[IndexRow] = []
        for rowid in rowids:
            if rowid % 4 == PERSON:
                if not self._conditions or (person is not None and rowid == person.rowid):
                    rows.append(IndexRow(rowid, None, rowid // 4))
                continue
            note_id = rowid // 4 if rowid % 4 == NOTE else revision_notes.get(rowid // 4)
            if note_id is not None and note_id in note_people:
                rows.append(IndexRow(rowid, note_id, note_people[note_id]))
        return rows

    def _listed_passing(self, rowids: list[int]) -> list[IndexRow]:
        """The rows of `rowids` a selective filter lets pass, in one pass over them (a rare
        flag's window can hold 150,000 matches of a common word, of which a few hundred
        pass): a note or a version is looked up in the listed ones, nothing built for the
        others."""
        notes, revisions = self.notes or {}, self.revisions
        person = self.person_row
        rows: list[IndexRow] = []
        for rowid in rowids:
            kind, source = rowid % 4, rowid // 4
            if kind == NOTE:
                if source in notes:
                    rows.append(IndexRow(rowid, source, notes[source]))
            elif kind == REVISION:
                note = revisions.get(source)
                if note is not None:
                    rows.append(IndexRow(rowid, note, notes.get(note)))
            elif person is not None and rowid == person.rowid:
                rows.append(person)
        return rows

    def _passing_notes(
        self, note_ids: set[int], id_range: tuple[int, int] | None
    ) -> dict[int, int | None]:
        """Note id → person id of the notes that pass a broad filter, from the index keyed
        by note id (the window's range read as a range, notes outside it — amended long
        after — one by one)."""
        if not note_ids:
            return {}
        low, high = id_range or (0, 0)
        outside = [note for note in note_ids if not low <= note < high]
        passing = self._query_notes("e.id >= ? AND e.id < ?", [low, high]) if id_range else {}
        if outside:
            passing |= self._query_notes(f"e.id IN ({','.join('?' * len(outside))})", outside)
        return {note: passing[note] for note in note_ids if note in passing}

    def _query_notes(self, where: str, params: list[int]) -> dict[int, int | None]:
        cursor = self._vault.database.execute_sql(
            f"SELECT e.id, e.person_id FROM logbook_entry e INDEXED BY {NOTE_FILTERS} "
            f"WHERE {' AND '.join([where, *self._conditions])}",
            [*params, *self._params],
        )
        return {int(note_id): person_id for note_id, person_id in cursor}


def revision_note_ids(
    vault: Vault, revision_ids: list[int], id_range: tuple[int, int] | None = None
) -> dict[int, int]:
    """Earlier version id → its note id (from the covering index of migration 5); many
    versions of one window are read as a range of that index, a few one by one."""
    if not revision_ids:
        return {}
    if id_range is not None and len(revision_ids) > 64:
        cursor = vault.database.execute_sql(
            f"SELECT id, entry_id FROM logbook_revision INDEXED BY {REVISION_NOTES} "
            "WHERE id >= ? AND id < ?",
            list(id_range),
        )
        wanted = set(revision_ids)
        return {int(rev): int(note) for rev, note in cursor if rev in wanted}
    marks = ",".join("?" * len(revision_ids))
    cursor = vault.database.execute_sql(
        f"SELECT id, entry_id FROM logbook_revision INDEXED BY {REVISION_NOTES} "
        f"WHERE id IN ({marks})",
        revision_ids,
    )
    return {int(revision_id): int(note_id) for revision_id, note_id in cursor}
