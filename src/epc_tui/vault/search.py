"""Full-text search over notes, amendments and people (the FTS5 `search_index`).

Two phases keep it fast on 200,000 notes: first rank row ids only (bm25, filters applied,
one row per note), then compute `snippet()` for those few rows. A single query joining,
snippeting and sorting everything costs more than ten times as much. The tokenizer folds
accents (`remove_diacritics 2`), so `anxiete` finds `anxiété`. Typed words are quoted, so
FTS5 operators in the query are searched as words, never interpreted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from epc_tui.textclean import fold
from epc_tui.vault.models import LogbookEntry, Person
from epc_tui.vault.vault import Vault

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
FLAGS = ("safety_net", "relay", "draft", "needs_other_contact")
_WORD = re.compile(r"\w+", re.UNICODE)
MIN_PREFIX = 3
"""A word being typed matches as a prefix from three letters (`anx` finds `anxiété`); one or
two letters would expand to thousands of words."""


@dataclass(frozen=True)
class SearchFilters:
    """What narrows a search: a person, a period, a theme, a flag."""

    person_id: int | None = None
    start: date | None = None
    end: date | None = None
    theme: str = ""
    flag: str = ""

    @property
    def notes_only(self) -> bool:
        """Period, theme and flag apply to notes: people are left out of the results."""
        return bool(self.start or self.end or self.theme or self.flag)


@dataclass(frozen=True)
class SearchHit:
    """One result: a note (its current text or an earlier version) or a person.

    The snippet marks matching words between `HIGHLIGHT_START` and `HIGHLIGHT_END`.
    """

    kind: str  # "note" or "person"
    entry_id: int | None
    person_id: int | None
    person_name: str
    snippet: str
    moment: datetime | None
    themes: tuple[str, ...]
    in_earlier_version: bool


def match_expression(text: str) -> str:
    """The FTS5 query for what the coach typed: every word, the last one being typed as a
    prefix (from `MIN_PREFIX` letters)."""
    words = _WORD.findall(text)
    if not words:
        return ""
    quoted = [f'"{word}"' for word in words]
    if text and not text[-1].isspace() and len(words[-1]) >= MIN_PREFIX:
        quoted[-1] += "*"
    return " ".join(quoted)


_KIND = {1: "person", 2: "entry", 3: "revision"}
"""Index row ids encode their source: `id * 4 + 1` person, `+ 2` note, `+ 3` revision."""

_ROW_NOTE = "CASE s.rowid % 4 WHEN 2 THEN s.rowid / 4 WHEN 3 THEN r.entry_id END"
_ROW_PERSON = "CASE s.rowid % 4 WHEN 1 THEN s.rowid / 4 ELSE e.person_id END"


CANDIDATES = 400
"""How many of the most recent matching rows are ranked by bm25 when a word is very common.

bm25 costs tens of microseconds per matching row (it reads each row's column sizes), so
ranking the 130,000 notes that say `fatigue` would take seconds. The newest rows come first
in a window that grows until it holds this many matches (or the whole index): rarer words and
multi-word queries are ranked over every match, very common ones over their newest matches.
"""
FIRST_WINDOW = 8_000
"""Row ids in the first window (about 2,000 notes); it grows fourfold each time."""


def _note_filter_sql(filters: SearchFilters) -> tuple[list[str], list[object]]:
    """Conditions on the note (`e`) for the period, theme and note flags, with parameters."""
    conditions: list[str] = []
    params: list[object] = []
    if filters.start is not None:
        conditions.append("coalesce(e.call_started_at, e.created_at) >= ?")
        params.append(datetime.combine(filters.start, datetime.min.time()).isoformat(sep=" "))
    if filters.end is not None:
        conditions.append("coalesce(e.call_started_at, e.created_at) < ?")
        end = datetime.combine(filters.end + timedelta(days=1), datetime.min.time())
        params.append(end.isoformat(sep=" "))
    if filters.theme:
        conditions.append("e.themes LIKE ?")
        params.append('%"' + filters.theme.replace("%", "").replace("_", "") + '"%')
    if filters.flag == "safety_net":
        conditions.append("e.safety_net = 1")
    elif filters.flag == "relay":
        conditions.append("e.relay = 1")
    elif filters.flag == "draft":
        conditions.append("e.status = 'draft'")
    return conditions, params


_NOTE_JOINS = (
    "LEFT JOIN logbook_revision r ON s.rowid % 4 = 3 AND r.id = s.rowid / 4 "
    f"LEFT JOIN logbook_entry e ON e.id = ({_ROW_NOTE}) "
)


def _filter_sql(filters: SearchFilters) -> tuple[str, list[str], list[object]]:
    """Joins, conditions and parameters of the filters (row ids say what each row is)."""
    conditions, params = _note_filter_sql(filters)
    if filters.notes_only:
        conditions.append("s.rowid % 4 != 1")
    if filters.flag == "needs_other_contact":
        conditions.append(
            f"({_ROW_PERSON}) IN (SELECT id FROM person WHERE needs_other_contact = 1)"
        )
    joins = _NOTE_JOINS if conditions else ""
    return joins, conditions, params


DIRECT_MATCHING = 300
"""Up to this many candidate notes (one person's, or a rare flag's), words are matched in
Python over the notes themselves instead of asking FTS5 to walk a common word's doclist."""


def _window_low(vault: Vault, filters: SearchFilters, wanted: int, fallback: int) -> int:
    """With note filters: the lowest row id of the `wanted` newest notes passing them."""
    conditions, params = _note_filter_sql(filters)
    if not conditions:
        return fallback
    row = vault.database.execute_sql(
        f"SELECT e.id FROM logbook_entry e WHERE {' AND '.join(conditions)} "
        "ORDER BY e.id DESC LIMIT 1 OFFSET ?",
        [*params, wanted - 1],
    ).fetchone()
    if row is None:
        return 0
    first_revision = vault.database.execute_sql(
        "SELECT min(id) FROM logbook_revision WHERE entry_id >= ?", [row[0]]
    ).fetchone()[0]
    return min(int(row[0]), int(first_revision or row[0])) * 4


def _window_start(vault: Vault, expression: str, filters: SearchFilters) -> int:
    """The lowest row id of the newest window holding `CANDIDATES` matches (0: everything).

    With note filters, each window starts at the newest notes passing them, so a rare flag
    does not widen the window over the whole index one step at a time.
    """
    top = vault.database.execute_sql("SELECT max(id) FROM search_index_docsize").fetchone()[0]
    if not top:
        return 0
    joins, conditions, params = _filter_sql(filters)
    where = " AND ".join(["s.search_index MATCH ?", "s.rowid >= ?", *conditions])
    span, wanted = FIRST_WINDOW, CANDIDATES * 2
    while True:
        low = _window_low(vault, filters, wanted, max(0, int(top) - span))
        count = vault.database.execute_sql(
            f"SELECT count(*) FROM search_index s {joins}WHERE {where}",
            [expression, low, *params],
        ).fetchone()[0]
        if count >= CANDIDATES or low == 0:
            return low
        span, wanted = span * 4, wanted * 4


def _candidate_count(vault: Vault, filters: SearchFilters) -> int | None:
    """How many notes pass the note filters, counted up to `DIRECT_MATCHING + 1` (None when
    there are none)."""
    conditions, params = _note_filter_sql(filters)
    if not conditions:
        return None
    row = vault.database.execute_sql(
        f"SELECT count(*) FROM (SELECT 1 FROM logbook_entry e WHERE {' AND '.join(conditions)} "
        "LIMIT ?)",
        [*params, DIRECT_MATCHING + 1],
    ).fetchone()
    return int(row[0])


def _ranked_rowids(vault: Vault, expression: str, filters: SearchFilters, limit: int) -> list[int]:
    """Phase 1: the best index row ids, ranked by bm25 (within the newest window).

    Only row ids and the rank are read — never the stored text, which would cost a page read
    per matching row. Filters join the note by primary key, found from the row id.
    """
    joins, conditions, params = _filter_sql(filters)
    low = _window_start(vault, expression, filters)
    where = " AND ".join(["s.search_index MATCH ?", "s.rowid >= ?", *conditions])
    # With filters, `rank + 0` keeps SQLite from letting FTS5 sort every match of the window
    # by rank before the filters drop most of them (bm25 is then computed for fewer rows).
    order = "s.rank + 0" if conditions else "s.rank"
    sql = f"SELECT s.rowid FROM search_index s {joins}WHERE {where} ORDER BY {order} LIMIT ?"
    cursor = vault.database.execute_sql(sql, [expression, low, *params, limit])
    return [int(row[0]) for row in cursor]


def _ranked_rows(
    vault: Vault, expression: str, filters: SearchFilters, limit: int
) -> list[tuple[int, str, int | None, int | None]]:
    """(rowid, kind, note id, person id) of the best matches, one per note or person.

    A finalised note matches twice (its text and its latest revision): four times `limit`
    row ids leave enough after keeping the best row of each note.
    """
    rowids = _ranked_rowids(vault, expression, filters, limit * 4)
    revision_ids = [rowid // 4 for rowid in rowids if rowid % 4 == 3]
    revision_notes: dict[int, int] = {}
    if revision_ids:
        marks = ",".join("?" * len(revision_ids))
        revision_notes = {
            int(rev_id): int(entry_id)
            for rev_id, entry_id in vault.database.execute_sql(
                f"SELECT id, entry_id FROM logbook_revision WHERE id IN ({marks})", revision_ids
            )
        }
    note_ids = {rowid // 4 for rowid in rowids if rowid % 4 == 2} | set(revision_notes.values())
    note_people: dict[int, int | None] = {}
    if note_ids:
        marks = ",".join("?" * len(note_ids))
        note_people = {
            int(entry_id): person_id
            for entry_id, person_id in vault.database.execute_sql(
                f"SELECT id, person_id FROM logbook_entry WHERE id IN ({marks})", list(note_ids)
            )
        }
    rows: list[tuple[int, str, int | None, int | None]] = []
    seen: set[tuple[str, int | None]] = set()
    for rowid in rowids:
        kind = _KIND.get(rowid % 4, "")
        note_id: int | None
        person_id: int | None
        if kind == "person":
            key: tuple[str, int | None] = ("person", rowid // 4)
            note_id, person_id = None, rowid // 4
        else:
            note_id = rowid // 4 if kind == "entry" else revision_notes.get(rowid // 4)
            if note_id is None or note_id not in note_people:
                continue
            key, person_id = ("note", note_id), note_people[note_id]
        if key in seen:
            continue
        seen.add(key)
        rows.append((rowid, kind, note_id, person_id))
        if len(rows) >= limit:
            break
    return rows


def search(
    vault: Vault, text: str, filters: SearchFilters | None = None, limit: int = 50
) -> list[SearchHit]:
    """The best `limit` matches for `text`, ranked, with highlighted snippets."""
    filters = filters or SearchFilters()
    expression = match_expression(text)
    if not expression:
        return []
    with vault.connected():
        few = filters.person_id is not None
        if not few and filters.flag != "needs_other_contact":
            count = _candidate_count(vault, filters)
            few = count is not None and count <= DIRECT_MATCHING
        if few:
            ranked = _direct_rows(vault, text, filters, limit)
        else:
            ranked = _ranked_rows(vault, expression, filters, limit)
        if not ranked:
            return []
        texts = _row_texts(vault, ranked)
        words, prefix = query_words(text)
        note_ids = [note_id for _, kind, note_id, _ in ranked if note_id is not None]
        notes = {
            row.id: row
            for row in LogbookEntry.select(
                LogbookEntry.id,
                LogbookEntry.themes,
                LogbookEntry.call_started_at,
                LogbookEntry.created_at,
            ).where(LogbookEntry.id.in_(note_ids))
        }
        person_ids = {person_id for _, _, _, person_id in ranked if person_id is not None}
        pairs: Any = (
            Person.select(Person.id, Person.full_name).where(Person.id.in_(person_ids)).tuples()
        )
        names: dict[int, str] = dict(pairs)
        latest = _latest_revision_rowids(vault, ranked)
        hits: list[SearchHit] = []
        for rowid, kind, note_id, person_id in ranked:
            note = notes.get(note_id) if note_id is not None else None
            title, body = texts.get(rowid, ("", ""))
            snippet = make_snippet(body, words, prefix)
            if HIGHLIGHT_START not in snippet and title:
                snippet = make_snippet(title, words, prefix)
            hits.append(
                SearchHit(
                    kind="person" if kind == "person" else "note",
                    entry_id=note_id,
                    person_id=person_id,
                    person_name=names.get(person_id, "") if person_id is not None else "",
                    snippet=snippet,
                    moment=(note.call_started_at or note.created_at) if note else None,
                    themes=tuple(note.themes) if note else (),
                    in_earlier_version=kind == "revision" and rowid not in latest,
                )
            )
        return hits


def _direct_rows(
    vault: Vault, text: str, filters: SearchFilters, limit: int
) -> list[tuple[int, str, int | None, int | None]]:
    """Matches among few notes (one person's, or a rare flag's), found in Python.

    Asking FTS5 for a handful of row ids under a common word walks the word's whole doclist
    for each; reading these notes by index and matching them here is far cheaper. Every word
    must appear (as in the index); rank: matches per hundred words, then newest.
    """
    words, prefix = query_words(text)
    conditions, params = _note_filter_sql(filters)
    if filters.flag == "needs_other_contact":
        conditions.append("e.person_id IN (SELECT id FROM person WHERE needs_other_contact = 1)")
    if filters.person_id is not None:
        conditions.insert(0, "e.person_id = ?")
        params.insert(0, filters.person_id)
    where = " AND ".join(conditions) or "1"
    sql = (
        f"SELECT e.id, e.id * 4 + 2, e.body, e.person_id FROM logbook_entry e WHERE {where} "
        "UNION ALL SELECT e.id, rv.id * 4 + 3, rv.body, e.person_id FROM logbook_revision rv "
        f"JOIN logbook_entry e ON e.id = rv.entry_id WHERE {where}"
    )
    rows = vault.database.execute_sql(sql, [*params, *params]).fetchall()
    if filters.person_id is not None and not filters.notes_only:
        person = vault.database.execute_sql(
            "SELECT full_name || ' ' || code || ' ' || summary FROM person WHERE id = ?",
            [filters.person_id],
        ).fetchone()
        if person is not None:
            rows.append((None, filters.person_id * 4 + 1, person[0], filters.person_id))
    scored: list[tuple[float, int, int | None, int | None]] = []
    for note_id, rowid, body, person_id in rows:
        score = _score(str(body or ""), words, prefix)
        if score > 0:
            scored.append((score, int(rowid), note_id, person_id))
    scored.sort(key=lambda item: (-item[0], -item[1]))
    ranked: list[tuple[int, str, int | None, int | None]] = []
    seen: set[int | None] = set()
    for _, rowid, note_id, person_id in scored:
        key = note_id if rowid % 4 != 1 else -1
        if key in seen:
            continue
        seen.add(key)
        ranked.append((rowid, _KIND[rowid % 4], note_id, person_id))
        if len(ranked) >= limit:
            break
    return ranked


def _score(text: str, words: list[str], prefix: bool) -> float:
    """Matches per hundred words when every searched word appears, else 0."""
    folded = [fold(token) for token in _WORD.findall(text)]
    if not folded or not words:
        return 0.0
    exact = words[:-1] if prefix else words
    counts = [folded.count(word) for word in exact]
    if prefix:
        counts.append(sum(1 for token in folded if token.startswith(words[-1])))
    if not all(counts):
        return 0.0
    return 100.0 * sum(counts) / len(folded)


def _row_texts(
    vault: Vault, ranked: list[tuple[int, str, int | None, int | None]]
) -> dict[int, tuple[str, str]]:
    """(title, text) of each ranked row, read by primary key from its own table.

    Cheaper than FTS5's `snippet()`, which had to walk the term's whole doclist to reach each
    row (about 50 ms a row for a common word at 200,000 notes).
    """
    texts: dict[int, tuple[str, str]] = {}
    by_table = {"person": [], "entry": [], "revision": []}  # type: dict[str, list[int]]
    for rowid, kind, _, _ in ranked:
        by_table[kind].append(rowid // 4)
    queries = {
        "person": ("SELECT id, full_name || ' ' || code, summary FROM person", 1),
        "entry": ("SELECT id, '', body FROM logbook_entry", 2),
        "revision": ("SELECT id, '', body FROM logbook_revision", 3),
    }
    for kind, ids in by_table.items():
        if not ids:
            continue
        sql, offset = queries[kind]
        marks = ",".join("?" * len(ids))
        for row_id, title, body in vault.database.execute_sql(f"{sql} WHERE id IN ({marks})", ids):
            texts[int(row_id) * 4 + offset] = (str(title or ""), str(body or ""))
    return texts


def query_words(text: str) -> tuple[list[str], bool]:
    """The folded words searched, and whether the last one is a prefix being typed."""
    words = _WORD.findall(text)
    prefix = bool(words) and not text[-1].isspace() and len(words[-1]) >= MIN_PREFIX
    return [fold(word) for word in words], prefix


def make_snippet(text: str, words: list[str], prefix: bool, size: int = 18) -> str:
    """About `size` words of `text` around the first match, matches between the highlight
    marks (as FTS5's `snippet()` would, accents folded the same way)."""
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return ""
    exact = set(words[:-1] if prefix else words)
    start_of = words[-1] if prefix and words else None

    def matches(token: str) -> bool:
        folded = fold(token)
        return folded in exact or (start_of is not None and folded.startswith(start_of))

    first = next((i for i, token in enumerate(tokens) if matches(token.group())), 0)
    begin = max(0, min(first - size // 4, len(tokens) - size))
    end = min(len(tokens), begin + size)
    parts = ["…" if begin > 0 else ""]
    cursor = tokens[begin].start()
    for token in tokens[begin:end]:
        parts.append(text[cursor : token.start()])
        if matches(token.group()):
            parts.append(f"{HIGHLIGHT_START}{token.group()}{HIGHLIGHT_END}")
        else:
            parts.append(token.group())
        cursor = token.end()
    if end < len(tokens):
        parts.append("…")
    return "".join(parts)


def _latest_revision_rowids(
    vault: Vault, ranked: list[tuple[int, str, int | None, int | None]]
) -> set[int]:
    """Index rows of matched revisions that are their note's current version."""
    notes = [note_id for _, kind, note_id, _ in ranked if kind == "revision"]
    if not notes:
        return set()
    marks = ",".join("?" * len(notes))
    cursor = vault.database.execute_sql(
        "SELECT max(id) * 4 + 3 FROM logbook_revision "
        f"WHERE entry_id IN ({marks}) GROUP BY entry_id",
        notes,
    )
    return {int(row[0]) for row in cursor}


def all_themes(vault: Vault) -> list[str]:
    """Every theme used in notes, sorted (for the theme filter)."""
    with vault.connected():
        themes: set[str] = set()
        query = LogbookEntry.select(LogbookEntry.themes).where(LogbookEntry.themes != "[]")
        for row in query.iterator():
            themes.update(row.themes)
        return sorted(themes, key=str.casefold)
