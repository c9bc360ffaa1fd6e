"""People followed: create (with their planned check-ins), read, edit, pause, close, delete.

Every write runs in one transaction, so an import of many people is all or nothing. Plans are
computed by `services.scheduling` and handed in as `PlannedSlot`s; this module only stores.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from peewee import fn

from epc_tui.textclean import clean_line
from epc_tui.vault.errors import EpcError
from epc_tui.vault.models import (
    CallAttempt,
    CheckIn,
    LogbookEntry,
    Person,
    Track,
    TrackStep,
    new_uid,
)
from epc_tui.vault.records import (
    PERSON_KINDS,
    PERSON_STATUSES,
    PersonDraft,
    PersonRecord,
    PlannedSlot,
    day_from_row,
    moment_from_row,
)
from epc_tui.vault.vault import Vault

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read aloud


def person_record(person: Person, track: Track | None = None) -> PersonRecord:
    """The frozen view of a Person row (its track may be given to save a query)."""
    track = track if track is not None else person.track
    return PersonRecord(
        id=person.id,
        uid=person.uid,
        code=person.code,
        full_name=person.full_name,
        kind=person.kind,
        status=person.status,
        status_reason=person.status_reason,
        track_id=track.id if track else None,
        track_key=track.builtin_key if track else None,
        track_name=track.name if track else "",
        anchor_date=person.anchor_date,
        cadence=person.cadence,
        phone=person.phone,
        email=person.email,
        preferred_mode=person.preferred_mode,
        preferred_time=person.preferred_time,
        referred_by=person.referred_by,
        referral_role=person.referral_role,
        referral_date=person.referral_date,
        criteria=tuple(person.criteria),
        profiles=tuple(person.profiles),
        tags=tuple(person.tags),
        summary=person.summary,
        needs_other_contact=bool(person.needs_other_contact),
        created_at=person.created_at,
        closed_at=person.closed_at,
    )


def new_code(taken: set[str] | None = None) -> str:
    """A fresh pseudonymous code such as `P-7K3M` (unique in the vault)."""
    taken = taken if taken is not None else set()
    for _ in range(1000):
        code = "P-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(5))
        if code not in taken and not Person.select().where(Person.code == code).exists():
            return code
    raise EpcError("person.code_exhausted")


def _check_draft(draft: PersonDraft) -> None:
    if not draft.full_name.strip():
        raise EpcError("person.name_required")
    if draft.kind not in PERSON_KINDS:
        raise EpcError("person.kind_invalid")


def _fields(draft: PersonDraft) -> dict[str, object]:
    return {
        "full_name": clean_line(draft.full_name),
        "kind": draft.kind,
        "track": draft.track_id,
        "anchor_date": draft.anchor_date,
        "cadence": draft.cadence,
        "phone": draft.phone.strip(),
        "email": draft.email.strip(),
        "preferred_mode": draft.preferred_mode,
        "preferred_time": draft.preferred_time.strip(),
        "referred_by": draft.referred_by.strip(),
        "referral_role": draft.referral_role.strip(),
        "referral_date": draft.referral_date,
        "criteria": list(draft.criteria),
        "profiles": list(draft.profiles),
        "tags": list(draft.tags),
        "summary": draft.summary.strip(),
    }


def write_plan(
    person_id: int,
    track_id: int | None,
    slots: Iterable[PlannedSlot],
    steps_cache: dict[int, dict[str, TrackStep]] | None = None,
) -> None:
    """Store planned check-ins for a person (inside a write transaction), in one statement.

    `steps_cache` lets an import of many people read each track's steps once.
    """
    cache = steps_cache if steps_cache is not None else {}
    steps: dict[str, TrackStep] = {}
    if track_id is not None:
        if track_id not in cache:
            query = TrackStep.select().where(TrackStep.track == track_id)
            cache[track_id] = {step.key: step for step in query}
        steps = cache[track_id]
    now = datetime.now()
    rows = []
    for slot in slots:
        step = steps.get(slot.step_key)
        rows.append(
            {
                "uid": new_uid(),
                "person": person_id,
                "step": step.id if step else None,
                "sequence": slot.sequence,
                "kind": "planned" if step else "repeat",
                "label": slot.label or (step.label if step else ""),
                "planned_date": slot.planned_date,
                "window_start": slot.window_start,
                "window_end": slot.window_end,
                "mode": step.default_mode if step else "phone",
                "duration_planned_min": step.default_duration_min if step else 30,
                "created_at": now,
                "updated_at": now,
            }
        )
    for start in range(0, len(rows), 500):
        CheckIn.insert_many(rows[start : start + 500]).execute()


def add_people(
    vault: Vault, people: Sequence[tuple[PersonDraft, Sequence[PlannedSlot]]], at: datetime
) -> list[int]:
    """Create people with their plans in one transaction (all or nothing); return their ids."""
    ids: list[int] = []
    with vault.writing():
        taken: set[str] = set()
        steps_cache: dict[int, dict[str, TrackStep]] = {}
        for draft, plan in people:
            _check_draft(draft)
            code = draft.code.strip() or new_code(taken)
            if code in taken or Person.select().where(Person.code == code).exists():
                raise EpcError("person.code_taken", code=code)
            taken.add(code)
            extra = {"uid": draft.uid} if draft.uid else {}
            person = Person.create(
                code=code, created_at=at, updated_at=at, **_fields(draft), **extra
            )
            write_plan(person.id, draft.track_id, plan, steps_cache)
            ids.append(int(person.id))
    return ids


def add_person(vault: Vault, draft: PersonDraft, plan: Sequence[PlannedSlot], at: datetime) -> int:
    """Create one person with their plan; return the id."""
    return add_people(vault, [(draft, plan)], at)[0]


def get_person(vault: Vault, person_id: int) -> PersonRecord:
    """One person; `EpcError("person.missing")` if it was deleted meanwhile."""
    with vault.connected():
        person = Person.get_or_none(Person.id == person_id)
        if person is None:
            raise EpcError("person.missing")
        return person_record(person)


PERSON_COLUMNS = (
    "p.id, p.uid, p.code, p.full_name, p.kind, p.status, p.status_reason, p.track_id, "
    "t.builtin_key, t.name, p.anchor_date, p.cadence, p.phone, p.email, p.preferred_mode, "
    "p.preferred_time, p.referred_by, p.referral_role, p.referral_date, p.criteria, "
    "p.profiles, p.tags, p.summary, p.needs_other_contact, p.created_at, p.closed_at"
)


def _names(value: Any) -> tuple[str, ...]:
    if not value or value == "[]":  # most lists are empty: skip the JSON parser
        return ()
    loaded = json.loads(value)
    return tuple(str(item) for item in loaded) if isinstance(loaded, list) else ()


def _record_from_row(row: Sequence[Any]) -> PersonRecord:
    """A PersonRecord from a raw row of PERSON_COLUMNS (no ORM objects: 10,000 rows fast)."""
    return PersonRecord(
        id=row[0],
        uid=row[1],
        code=row[2],
        full_name=row[3],
        kind=row[4],
        status=row[5],
        status_reason=row[6],
        track_id=row[7],
        track_key=row[8],
        track_name=row[9] or "",
        anchor_date=day_from_row(row[10]),
        cadence=row[11],
        phone=row[12],
        email=row[13],
        preferred_mode=row[14],
        preferred_time=row[15],
        referred_by=row[16],
        referral_role=row[17],
        referral_date=day_from_row(row[18]),
        criteria=_names(row[19]),
        profiles=_names(row[20]),
        tags=_names(row[21]),
        summary=row[22],
        needs_other_contact=bool(row[23]),
        created_at=moment_from_row(row[24]) or datetime.min,
        closed_at=moment_from_row(row[25]),
    )


def list_people(vault: Vault) -> list[PersonRecord]:
    """Everyone, with their track, in one raw query (the caseload loads 10,000 of them)."""
    with vault.connected():
        cursor = vault.database.execute_sql(
            f"SELECT {PERSON_COLUMNS} FROM person p LEFT JOIN track t ON t.id = p.track_id "
            "ORDER BY p.full_name COLLATE NOCASE"
        )
        return [_record_from_row(row) for row in cursor.fetchall()]


def code_is_free(vault: Vault, code: str, person_id: int | None = None) -> bool:
    """True when no other person has `code`."""
    with vault.connected():
        query = Person.select().where(Person.code == code.strip())
        if person_id is not None:
            query = query.where(Person.id != person_id)
        return not query.exists()


def update_person(vault: Vault, person_id: int, draft: PersonDraft, at: datetime) -> None:
    """Save edited fields (re-planning, if the track or dates changed, is the caller's job)."""
    _check_draft(draft)
    with vault.writing():
        code = draft.code.strip()
        if not code:
            raise EpcError("person.code_required")
        if Person.select().where((Person.code == code) & (Person.id != person_id)).exists():
            raise EpcError("person.code_taken", code=code)
        fields = _fields(draft)
        fields["code"] = code
        fields["updated_at"] = at
        Person.update(**fields).where(Person.id == person_id).execute()


def set_person_status(
    vault: Vault, person_id: int, status: str, at: datetime, reason: str = ""
) -> None:
    """Pause, close (with a reason) or reopen. Closing cancels nothing already held."""
    if status not in PERSON_STATUSES:
        raise EpcError("person.status_invalid")
    with vault.writing():
        Person.update(
            status=status,
            status_reason=reason.strip() if status != "active" else "",
            closed_at=at if status == "closed" else None,
            updated_at=at,
        ).where(Person.id == person_id).execute()


def person_has_notes(vault: Vault, person_id: int) -> bool:
    """True when deleting the person would delete logbook notes (asks twice)."""
    with vault.connected():
        return bool(LogbookEntry.select().where(LogbookEntry.person == person_id).exists())


def delete_person(vault: Vault, person_id: int) -> None:
    """Delete a person and everything about them (confirmed by the coach beforehand)."""
    with vault.writing():
        Person.delete().where(Person.id == person_id).execute()


def attempts_count(vault: Vault, person_id: int) -> int:
    """How many calls to this person did not connect (all time)."""
    with vault.connected():
        return int(
            CallAttempt.select(fn.COUNT(CallAttempt.id))
            .where(CallAttempt.person == person_id)
            .scalar()
        )


def people_by_ids(vault: Vault, person_ids: Iterable[int]) -> dict[int, PersonRecord]:
    """Several people at once (the today view needs a handful, not the whole caseload)."""
    wanted = sorted(set(person_ids))
    found: dict[int, PersonRecord] = {}
    with vault.connected():
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            cursor = vault.database.execute_sql(
                f"SELECT {PERSON_COLUMNS} FROM person p LEFT JOIN track t ON t.id = p.track_id "
                f"WHERE p.id IN ({marks})",
                chunk,
            )
            for row in cursor.fetchall():
                found[row[0]] = _record_from_row(row)
    return found


# -- keeping repeating plans ahead ------------------------------------------------------------


@dataclass(frozen=True)
class PlanEnd:
    """Where an active person's repeating plan stands: what the plan is computed from, the
    last planned step (its sequence number) and the date of their last check-in."""

    person_id: int
    track_id: int
    anchor_date: date | None
    cadence: str
    last_sequence: int  # -1 when nothing is planned
    last_date: date | None


PLAN_ENDS_SQL = (
    "SELECT p.id, p.track_id, p.anchor_date, p.cadence, MAX(c.sequence), MAX(c.planned_date) "
    "FROM person p JOIN track t ON t.id = p.track_id "
    "LEFT JOIN check_in c ON c.person_id = p.id AND c.kind != 'on_request' "
    "WHERE p.status = 'active' AND (t.repeat_rule IS NOT NULL OR p.cadence != '') "
    "GROUP BY p.id HAVING COALESCE(MAX(c.planned_date), '') < ? "
    "ORDER BY COALESCE(MAX(c.planned_date), ''), p.id"
)


def plans_ending_before(vault: Vault, day: date) -> list[PlanEnd]:
    """Active people on a repeating track (or cadence) whose last planned check-in is before
    `day`, the plans ending soonest first, in one read (check-ins asked for outside the plan
    do not count)."""
    with vault.connected():
        rows = vault.database.execute_sql(PLAN_ENDS_SQL, (day.isoformat(),)).fetchall()
    return [
        PlanEnd(
            person_id=person_id,
            track_id=track_id,
            anchor_date=day_from_row(anchor),
            cadence=cadence or "",
            last_sequence=-1 if last_sequence is None else int(last_sequence),
            last_date=day_from_row(last_date),
        )
        for person_id, track_id, anchor, cadence, last_sequence, last_date in rows
    ]


def extend_plan(vault: Vault, person_id: int, track_id: int, slots: Sequence[PlannedSlot]) -> int:
    """Add the planned check-ins that follow a person's last planned step; how many were
    added. Nothing already planned is moved or removed (a meeting the coach moved stays
    where they put it); steps planned meanwhile (the coach re-planned) are not added twice."""
    with vault.writing():
        last = (
            CheckIn.select(fn.MAX(CheckIn.sequence))
            .where((CheckIn.person == person_id) & (CheckIn.kind != "on_request"))
            .scalar()
        )
        after = -1 if last is None else int(last)
        new = [slot for slot in slots if slot.sequence > after]
        write_plan(person_id, track_id, new)
    return len(new)
