"""Finalised notes and amendments, chained by hashes so alterations and removals show.

Each `LogbookRevision` hashes its entry's stable id, its number, its time, its text and the
previous revision's hash (across the whole vault, in insertion order). `verify_chain`
recomputes the chain; it also checks that every finalised entry has revisions and that its
current text is its latest revision's.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from epc_tui.vault.models import LogbookEntry, LogbookRevision

GENESIS = "0" * 64


def revision_hash(
    previous_hash: str, entry_uid: str, number: int, at: datetime, body: str, reason: str
) -> str:
    """The chain hash of one revision."""
    digest = hashlib.sha256()
    for part in (previous_hash, entry_uid, str(number), at.isoformat(), body, reason):
        encoded = part.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
    return digest.hexdigest()


def _head() -> str:
    last = LogbookRevision.select().order_by(LogbookRevision.id.desc()).first()
    return str(last.chain_hash) if last else GENESIS


def append_revision(
    entry: LogbookEntry, body: str, at: datetime, reason: str = ""
) -> LogbookRevision:
    """Record a finalised version of `entry` (call inside a write transaction)."""
    number = LogbookRevision.select().where(LogbookRevision.entry == entry).count()
    at = at.replace(microsecond=0)
    previous = _head()
    return LogbookRevision.create(
        entry=entry,
        number=number,
        at=at,
        body=body,
        reason=reason,
        previous_hash=previous,
        chain_hash=revision_hash(previous, entry.uid, number, at, body, reason),
    )


def verify_chain() -> list[str]:
    """Problems found in the logbook chain, as translation keys (empty when intact)."""
    problems: list[str] = []
    previous = GENESIS
    query = (
        LogbookRevision.select(LogbookRevision, LogbookEntry.uid)
        .join(LogbookEntry)
        .order_by(LogbookRevision.id)
    )
    for revision in query.iterator():
        expected = revision_hash(
            previous,
            revision.entry.uid,
            revision.number,
            revision.at,
            revision.body,
            revision.reason,
        )
        if revision.previous_hash != previous or revision.chain_hash != expected:
            problems.append("check.logbook_altered")
            break
        previous = revision.chain_hash
    finals = LogbookEntry.select().where(LogbookEntry.status == "final")
    for entry in finals.iterator():
        latest = (
            LogbookRevision.select()
            .where(LogbookRevision.entry == entry)
            .order_by(LogbookRevision.number.desc())
            .first()
        )
        if latest is None or latest.body != entry.body:
            problems.append("check.logbook_altered")
            break
    return problems
