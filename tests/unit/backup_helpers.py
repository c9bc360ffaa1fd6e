"""Shared steps of the backup and handover tests: fill a vault, read its content, scan files."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from epc_tui.vault.logbook_chain import append_revision
from epc_tui.vault.models import CheckIn, FollowUpAction, LogbookEntry, Person
from epc_tui.vault.vault import Vault


def add_person_with_note(vault: Vault, code: str, marker: str, final: bool = True) -> str:
    """A person, a held check-in and a (finalised) note carrying `marker`; returns the uid."""
    with vault.writing():
        person = Person.create(
            code=code, full_name=f"Personne {marker}", kind="partner", summary=f"Résumé {marker}"
        )
        check_in = CheckIn.create(
            person=person, planned_date=date(2026, 11, 2), status="done", label="Rencontre M1"
        )
        entry = LogbookEntry.create(
            person=person,
            check_in=check_in,
            body=f"Note de rencontre {marker}",
            status="final" if final else "draft",
            finalised_at=datetime(2026, 11, 2, 10, 0) if final else None,
        )
        if final:
            append_revision(entry, entry.body, datetime(2026, 11, 2, 10, 0))
        FollowUpAction.create(person=person, entry=entry, text=f"Rappeler {marker}")
        return str(person.uid)


def content_of(vault: Vault) -> list[tuple[str, ...]]:
    """People and their notes, as plain tuples, to compare two vaults."""
    with vault.connected():
        people = [(p.uid, p.code, p.full_name, p.summary) for p in Person.select()]
        notes = [(e.uid, e.body, e.status) for e in LogbookEntry.select()]
    return sorted(people) + sorted(notes)


def files_containing(roots: list[Path], markers: list[str], since: float = 0.0) -> list[str]:
    """Every file under `roots` holding a marker in UTF-8 or UTF-16 (names only, no content).

    `since` (a time stamp) skips files not modified since then, for large shared folders.
    """
    patterns = [
        encoded for marker in markers for encoded in (marker.encode(), marker.encode("utf-16-le"))
    ]
    found = []
    for root in roots:
        if not root.exists():
            continue
        for path in root.rglob("*"):
            try:
                if not path.is_file() or path.is_symlink() or path.stat().st_mtime < since:
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            else:
                if any(pattern in data for pattern in patterns):
                    found.append(str(path))
    return found
