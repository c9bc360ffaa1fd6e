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

from epc_tui.vault.models import LogbookEntry, Person
from epc_tui.vault.vault import Vault

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
FLAGS = ("safety_net", "relay", "draft", "needs_other_contact")
_WORD = re.compile(r"\w+", re.UNICODE)


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
    """The FTS5 query for what the coach typed: every word, the last one as a prefix."""
    words = _WORD.findall(text)
    if not words:
        return ""
    quoted = [f'"{word}"' for word in words]
    if text and not text[-1].isspace():
        quoted[-1] += "*"
    return " ".join(quoted)


_NOTE_ID = (
    "CASE s.kind WHEN 'entry' THEN s.ref_id "
    "WHEN 'revision' THEN (SELECT entry_id FROM logbook_revision WHERE id = s.ref_id) END"
)


def _ranked_rows(
    vault: Vault, expression: str, filters: SearchFilters, limit: int
) -> list[tuple[int, str, int | None, int | None]]:
    """Phase 1: (rowid, kind, note id, person id) of the best matches, one per note."""
    conditions = ["s.search_index MATCH ?"]
    params: list[object] = [expression]
    if filters.person_id is not None:
        conditions.append("s.person_id = ?")
        params.append(filters.person_id)
    if filters.notes_only:
        conditions.append("s.kind != 'person'")
    note_conditions: list[str] = []
    if filters.start is not None:
        note_conditions.append("coalesce(e.call_started_at, e.created_at) >= ?")
        params.append(datetime.combine(filters.start, datetime.min.time()).isoformat(sep=" "))
    if filters.end is not None:
        note_conditions.append("coalesce(e.call_started_at, e.created_at) < ?")
        end = datetime.combine(filters.end + timedelta(days=1), datetime.min.time())
        params.append(end.isoformat(sep=" "))
    if filters.theme:
        note_conditions.append("e.themes LIKE ?")
        params.append('%"' + filters.theme.replace("%", "").replace("_", "") + '"%')
    if filters.flag == "safety_net":
        note_conditions.append("e.safety_net = 1")
    elif filters.flag == "relay":
        note_conditions.append("e.relay = 1")
    elif filters.flag == "draft":
        note_conditions.append("e.status = 'draft'")
    elif filters.flag == "needs_other_contact":
        conditions.append("s.person_id IN (SELECT id FROM person WHERE needs_other_contact = 1)")
    join = ""
    if note_conditions:
        join = f"JOIN logbook_entry e ON e.id = ({_NOTE_ID})"
        conditions.extend(note_conditions)
    sql = (
        f"SELECT s.rowid, s.kind, {_NOTE_ID} AS note_id, s.person_id "
        f"FROM search_index s {join} WHERE {' AND '.join(conditions)} "
        "ORDER BY s.rank LIMIT ?"
    )
    params.append(limit * 4)
    rows: list[tuple[int, str, int | None, int | None]] = []
    seen: set[tuple[str, int | None]] = set()
    cursor = vault.database.execute_sql(sql, params)
    for rowid, kind, note_id, person_id in cursor:
        key = ("person", person_id) if kind == "person" else ("note", note_id)
        if key in seen:
            continue
        seen.add(key)
        rows.append((int(rowid), str(kind), note_id, person_id))
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
        ranked = _ranked_rows(vault, expression, filters, limit)
        if not ranked:
            return []
        rowids = [rowid for rowid, _, _, _ in ranked]
        marks = ",".join("?" * len(rowids))
        snippets = {
            int(rowid): (str(title_snip), str(body_snip))
            for rowid, title_snip, body_snip in vault.database.execute_sql(
                "SELECT rowid, "
                f"snippet(search_index, 0, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 8), "
                f"snippet(search_index, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 16) "
                f"FROM search_index WHERE search_index MATCH ? AND rowid IN ({marks})",
                [expression, *rowids],
            )
        }
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
            title_snip, body_snip = snippets.get(rowid, ("", ""))
            note = notes.get(note_id) if note_id is not None else None
            snippet = body_snip if HIGHLIGHT_START in body_snip or not title_snip else title_snip
            if kind == "person" and HIGHLIGHT_START in title_snip:
                snippet = title_snip if HIGHLIGHT_START not in body_snip else body_snip
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
