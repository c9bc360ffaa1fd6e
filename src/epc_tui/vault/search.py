"""Full-text search over notes, amendments and people (the FTS5 `search_index`).

Fast on 200,000 notes because no step reads more than it ranks: the newest matches (that pass
the filters) are found by row id alone (`search_windows`), and only those are read and
scored on their own text (`search_words`: matches per hundred words). FTS5's own bm25 is not
used: it counts every row holding each searched word to weigh it — a walk over 130,000 rows
for `fatigue`, about 40 ms whatever the number of rows ranked. With few notes passing the
filters (one person's), they are matched directly without the index. The tokenizer folds
accents (`remove_diacritics 2`), so `anxiete` finds `anxiété`. Typed words are quoted, so
FTS5 operators in the query are searched as words, never interpreted.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from epc_tui.vault.models import LogbookEntry, Person
from epc_tui.vault.search_pending import pending_notes
from epc_tui.vault.search_windows import (
    NOTE,
    PERSON,
    REVISION,
    FilterCheck,
    IndexRow,
    newest_passing,
)
from epc_tui.vault.search_words import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    MIN_PREFIX,
    WORD,
    WordMatcher,
)
from epc_tui.vault.vault import Vault

__all__ = [
    "FLAGS",
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "SearchFilters",
    "SearchHit",
    "all_themes",
    "match_expression",
    "search",
]

FLAGS = ("safety_net", "relay", "draft", "needs_other_contact")

THEMES_AS_WORDS = "replace(replace(replace(themes, '[', ''), ']', ''), '\"', '')"
"""A note's themes as the index holds them (its title column): matched like its text."""

DIRECT_MATCHING = 300
"""Up to this many rows passing the filters (one person's notes, a rare flag), they are all
read and matched here: cheaper than walking a common word's matches over the whole index."""

CANDIDATES = 400
"""How many of the newest matching index rows are ranked when a word is common (a finalised
note has two rows: its text and its latest version, read once). Rarer words and most
multi-word queries have fewer matches, all ranked; a word in 130,000 notes is ranked over its
newest 200 or so notes — what a coach looks for first."""


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

    @property
    def narrows(self) -> bool:
        """Some filter applies."""
        return self.notes_only or self.person_id is not None


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
    words = WORD.findall(text)
    if not words:
        return ""
    quoted = [f'"{word}"' for word in words]
    if text and not text[-1].isspace() and len(words[-1]) >= MIN_PREFIX:
        quoted[-1] += "*"
    return " ".join(quoted)


def search(
    vault: Vault, text: str, filters: SearchFilters | None = None, limit: int = 50
) -> list[SearchHit]:
    """The best `limit` matches for `text`, ranked, with highlighted snippets."""
    filters = filters or SearchFilters()
    expression = match_expression(text)
    if not expression:
        return []
    matcher = WordMatcher.of(text)
    with vault.connected():
        check = FilterCheck(vault, filters if filters.narrows else None)
        if check.notes is not None and check.listed_count <= DIRECT_MATCHING:
            listed = check.listed_rows()
            texts = _row_texts(vault, listed, themed=[row.rowid for row in listed])
            ranked = _scored(matcher, listed, texts, limit, index_matched=False)
        else:
            rows = newest_passing(vault, expression, check, CANDIDATES)
            rows, unindexed = _with_pending_drafts(vault, rows, check)
            rows = _without_current_versions(rows)
            texts = _row_texts(vault, rows, themed=unindexed)
            ranked = _scored(matcher, rows, texts, limit, must_match=unindexed)
        return _hits(vault, matcher, ranked, texts)


def _with_pending_drafts(
    vault: Vault, rows: list[IndexRow], check: FilterCheck
) -> tuple[list[IndexRow], set[int]]:
    """The index's matches, with the drafts typed since they were last indexed put in place
    of their stale rows: those few are matched on their current text (migration 8). Returns
    the rows and the row ids that must match here."""
    pending = pending_notes(vault.database)
    if not pending:
        return rows, set()
    stale = {note * 4 + NOTE for note in pending}
    current = check.passing(sorted(stale, reverse=True))
    kept = [row for row in rows if row.rowid not in stale]
    return current + kept, {row.rowid for row in current}


def _without_current_versions(rows: list[IndexRow]) -> list[IndexRow]:
    """Rows without the versions of notes whose own text matched too: that text is the
    current version, so reading both would only read the same words twice."""
    matched_texts = {row.note_id for row in rows if row.kind == NOTE}
    return [row for row in rows if row.kind != REVISION or row.note_id not in matched_texts]


def _one_per_result(rows: list[IndexRow], limit: int) -> list[IndexRow]:
    """The first row of each note or person, up to `limit`."""
    seen: set[tuple[str, int | None]] = set()
    kept: list[IndexRow] = []
    for row in rows:
        if row.result_key not in seen:
            seen.add(row.result_key)
            kept.append(row)
    return kept[:limit]


def _scored(
    matcher: WordMatcher,
    rows: list[IndexRow],
    texts: dict[int, tuple[str, str]],
    limit: int,
    index_matched: bool = True,
    must_match: set[int] | None = None,
) -> list[IndexRow]:
    """Rows ranked by matches per hundred words, then newest. Rows the index matched but
    whose text lacks a word here come last rather than never; rows not from the index
    (`index_matched` False, or in `must_match`) must match here."""
    scores: dict[int, float] = {}
    for row in rows:
        title, body = texts.get(row.rowid, ("", ""))
        scores[row.rowid] = matcher.score(body) or matcher.score(f"{title} {body}")
    unmatched = must_match or set()
    kept = [
        row
        for row in rows
        if scores[row.rowid] > 0 or (index_matched and row.rowid not in unmatched)
    ]
    kept.sort(key=lambda row: (-scores[row.rowid], -row.rowid))
    return _one_per_result(kept, limit)


def _hits(
    vault: Vault,
    matcher: WordMatcher,
    ranked: list[IndexRow],
    texts: dict[int, tuple[str, str]],
) -> list[SearchHit]:
    """The results shown: names, dates, themes and a highlighted snippet per row."""
    note_ids = [row.note_id for row in ranked if row.note_id is not None]
    notes = {
        row.id: row
        for row in LogbookEntry.select(
            LogbookEntry.id,
            LogbookEntry.themes,
            LogbookEntry.call_started_at,
            LogbookEntry.created_at,
        ).where(LogbookEntry.id.in_(note_ids))
    }
    person_ids = {row.person_id for row in ranked if row.person_id is not None}
    pairs: Any = (
        Person.select(Person.id, Person.full_name).where(Person.id.in_(person_ids)).tuples()
    )
    names: dict[int, str] = dict(pairs)
    latest = _latest_revision_rowids(vault, ranked)
    hits: list[SearchHit] = []
    for row in ranked:
        note = notes.get(row.note_id) if row.note_id is not None else None
        title, body = texts.get(row.rowid, ("", ""))
        snippet = matcher.snippet(body)
        if HIGHLIGHT_START not in snippet and title:
            in_title = matcher.snippet(title)
            snippet = in_title if HIGHLIGHT_START in in_title or not body else snippet
        hits.append(
            SearchHit(
                kind="person" if row.kind == PERSON else "note",
                entry_id=row.note_id,
                person_id=row.person_id,
                person_name=names.get(row.person_id, "") if row.person_id is not None else "",
                snippet=snippet,
                moment=(note.call_started_at or note.created_at) if note else None,
                themes=tuple(note.themes) if note else (),
                in_earlier_version=row.kind == REVISION and row.rowid not in latest,
            )
        )
    return hits


def _row_texts(
    vault: Vault, rows: list[IndexRow], themed: Collection[int] = ()
) -> dict[int, tuple[str, str]]:
    """(title, text) of each row, read by primary key from its own table. Notes in `themed`
    (those matched here rather than by the index) get their themes as title, as the index
    has them; the others' themes are not read (5 ms on a common word's 400 rows)."""
    texts: dict[int, tuple[str, str]] = {}
    queries = {
        PERSON: "SELECT id, full_name || ' ' || code, summary FROM person",
        NOTE: "SELECT id, '', body FROM logbook_entry",
        REVISION: "SELECT id, '', body FROM logbook_revision",
    }
    for kind, sql in queries.items():
        ids = [row.rowid // 4 for row in rows if row.kind == kind]
        if not ids:
            continue
        marks = ",".join("?" * len(ids))
        for row_id, title, body in vault.database.execute_sql(f"{sql} WHERE id IN ({marks})", ids):
            texts[int(row_id) * 4 + kind] = (str(title or ""), str(body or ""))
    notes = [rowid // 4 for rowid in themed if rowid % 4 == NOTE and rowid in texts]
    if notes:
        marks = ",".join("?" * len(notes))
        cursor = vault.database.execute_sql(
            f"SELECT id, {THEMES_AS_WORDS} FROM logbook_entry WHERE id IN ({marks})", notes
        )
        for note_id, themes in cursor:
            rowid = int(note_id) * 4 + NOTE
            texts[rowid] = (str(themes or ""), texts[rowid][1])
    return texts


def _latest_revision_rowids(vault: Vault, ranked: list[IndexRow]) -> set[int]:
    """Index rows of matched versions that are their note's current version."""
    notes = [row.note_id for row in ranked if row.kind == REVISION]
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
