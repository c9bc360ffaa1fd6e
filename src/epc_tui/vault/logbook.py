"""The logbook (journal de bord): drafts, autosave, finalisation, amendments and follow-up actions.

A note starts as a draft whose text and cursor are saved by autosave. Finalising it locks it and
records its first `LogbookRevision`; a later change is typed into `amendment_draft` (autosaved
too) and becomes a new revision with a reason. Every revision is hash-chained
(`logbook_chain`), so `epc check` sees an altered or removed one. Functions take the `Vault`
first, open their own connection and return frozen records, never ORM rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from peewee import JOIN

from epc_tui.vault.errors import EpcError
from epc_tui.vault.logbook_chain import append_revision
from epc_tui.vault.models import (
    CheckIn,
    FollowUpAction,
    LogbookEntry,
    LogbookRevision,
    Person,
    Track,
    TrackStep,
)
from epc_tui.vault.records import CheckInRecord, PersonRecord
from epc_tui.vault.vault import Vault

ENTRY_KINDS = ("call", "person_note", "reflection")
COACH_STATES = (0, 1, 2, 3, 4)


class NoteNotFound(EpcError):
    """The note was deleted (or never existed)."""

    message_key = "logbook.error.not_found"


class NoteLocked(EpcError):
    """A finalised note cannot be edited in place: it is amended."""

    message_key = "logbook.error.locked"


class AmendmentReasonMissing(EpcError):
    """An amendment needs a reason (kept in the history)."""

    message_key = "logbook.error.reason_missing"


@dataclass(frozen=True)
class NoteFields:
    """The structured fields beside the free text of a note."""

    themes: tuple[str, ...] = ()
    coach_state: int | None = None
    safety_net: bool = False
    training_needs: str = ""
    relay: bool = False
    relay_text: str = ""
    relay_done: bool = False


@dataclass(frozen=True)
class EntryRecord:
    """A logbook note as stored, with its person's name for display."""

    id: int
    uid: str
    person_id: int | None
    person_name: str
    check_in_id: int | None
    kind: str
    status: str
    body: str
    amendment_draft: str | None
    cursor_row: int
    cursor_column: int
    fields: NoteFields
    call_started_at: datetime | None
    call_ended_at: datetime | None
    created_at: datetime
    updated_at: datetime
    finalised_at: datetime | None

    @property
    def is_final(self) -> bool:
        """True once finalised (locked; changes are amendments)."""
        return self.status == "final"

    @property
    def working_text(self) -> str:
        """What the editor shows: the draft, or the pending amendment of a finalised note."""
        if self.is_final and self.amendment_draft is not None:
            return self.amendment_draft
        return self.body

    @property
    def moment(self) -> datetime:
        """When the note happened: the call's start, else its creation."""
        return self.call_started_at or self.created_at


@dataclass(frozen=True)
class RevisionRecord:
    """One finalised version of a note: the original (0) or an amendment (1, 2…)."""

    number: int
    at: datetime
    body: str
    reason: str


@dataclass(frozen=True)
class ActionRecord:
    """A follow-up action with its due date."""

    id: int
    person_id: int | None
    person_name: str
    entry_id: int | None
    text: str
    due_date: date | None
    done_at: datetime | None
    created_at: datetime

    @property
    def is_open(self) -> bool:
        """Not done yet."""
        return self.done_at is None


def _entry_record(row: LogbookEntry) -> EntryRecord:
    person = row.person if row.person_id is not None else None
    return EntryRecord(
        id=row.id,
        uid=row.uid,
        person_id=row.person_id,
        person_name=person.full_name if person is not None else "",
        check_in_id=row.check_in_id,
        kind=row.kind,
        status=row.status,
        body=row.body,
        amendment_draft=row.amendment_draft,
        cursor_row=row.cursor_row,
        cursor_column=row.cursor_column,
        fields=NoteFields(
            themes=tuple(row.themes),
            coach_state=row.coach_state,
            safety_net=bool(row.safety_net),
            training_needs=row.training_needs,
            relay=bool(row.relay),
            relay_text=row.relay_text,
            relay_done=bool(row.relay_done),
        ),
        call_started_at=row.call_started_at,
        call_ended_at=row.call_ended_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        finalised_at=row.finalised_at,
    )


def _row(entry_id: int) -> LogbookEntry:
    row = LogbookEntry.get_or_none(LogbookEntry.id == entry_id)
    if row is None:
        raise NoteNotFound()
    return row


# -- drafts -------------------------------------------------------------------------------


def open_draft(
    vault: Vault,
    *,
    person_id: int | None,
    check_in_id: int | None,
    at: datetime,
    kind: str | None = None,
) -> int:
    """The note to write for a check-in (its existing one if any), a person or a reflection.

    A check-in has one note: calling again reopens the draft (or the finalised note, to amend).
    Without a check-in a new note is created each time.
    """
    if kind is None:
        kind = "call" if check_in_id is not None else ("person_note" if person_id else "reflection")
    with vault.writing():
        if check_in_id is not None:
            existing = (
                LogbookEntry.select(LogbookEntry.id)
                .where(LogbookEntry.check_in == check_in_id)
                .order_by(LogbookEntry.id)
                .first()
            )
            if existing is not None:
                return int(existing.id)
        row = LogbookEntry.create(
            person=person_id,
            check_in=check_in_id,
            kind=kind,
            status="draft",
            body="",
            created_at=at,
            updated_at=at,
        )
        return int(row.id)


def get_entry(vault: Vault, entry_id: int) -> EntryRecord:
    """One note (`NoteNotFound` if it is gone)."""
    with vault.connected():
        return _entry_record(_row(entry_id))


def save_text(
    vault: Vault, entry_id: int, text: str, cursor: tuple[int, int], at: datetime
) -> bool:
    """Autosave: the draft's text (or the pending amendment's) and the cursor.

    Writes only what changed and returns True when something was written. The draft is the
    row itself: no temporary file, one small transaction. The text is compared in the
    database (the stored note is never read back into Python), and a draft's full-text row
    is left for later (migration 8): a save costs little more than the commit itself.
    """
    row_number, column = cursor
    with vault.writing():
        database = vault.database
        found = database.execute_sql(
            "SELECT status, body IS ?, amendment_draft IS ?, cursor_row, cursor_column "
            "FROM logbook_entry WHERE id = ?",
            [text, text, entry_id],
        ).fetchone()
        if found is None:
            raise NoteNotFound()
        status, same_body, same_amendment, old_row, old_column = found
        same_cursor = (old_row, old_column) == (row_number, column)
        if status == "final":
            if same_amendment and same_cursor:
                return False
            database.execute_sql(
                "UPDATE logbook_entry SET amendment_draft = ?, cursor_row = ?, "
                "cursor_column = ?, updated_at = ? WHERE id = ?",
                [text, row_number, column, at, entry_id],
            )
            return True
        if same_body:
            if same_cursor:
                return False
            database.execute_sql(
                "UPDATE logbook_entry SET cursor_row = ?, cursor_column = ? WHERE id = ?",
                [row_number, column, entry_id],
            )
            return True
        database.execute_sql(
            "UPDATE logbook_entry SET body = ?, cursor_row = ?, cursor_column = ?, "
            "updated_at = ? WHERE id = ?",
            [text, row_number, column, at, entry_id],
        )
        return True


def save_fields(vault: Vault, entry_id: int, fields: NoteFields, at: datetime) -> None:
    """Store the structured fields (themes, coach's state, safety net, needs, relay)."""
    if fields.coach_state is not None and fields.coach_state not in COACH_STATES:
        raise ValueError("coach_state out of range")
    themes = sorted({theme.strip() for theme in fields.themes if theme.strip()})
    with vault.writing():
        changed = (
            LogbookEntry.update(
                themes=themes,
                coach_state=fields.coach_state,
                safety_net=fields.safety_net,
                training_needs=fields.training_needs,
                relay=fields.relay,
                relay_text=fields.relay_text,
                relay_done=fields.relay_done,
                updated_at=at,
            )
            .where(LogbookEntry.id == entry_id)
            .execute()
        )
        if not changed:  # no row read first: autosave calls this with every save
            raise NoteNotFound()


def record_call_times(vault: Vault, entry_id: int, started: datetime, ended: datetime) -> None:
    """The call's start and end, kept on its note."""
    with vault.writing():
        LogbookEntry.update(call_started_at=started, call_ended_at=ended).where(
            LogbookEntry.id == entry_id
        ).execute()


def start_call(vault: Vault, entry_id: int, started: datetime) -> None:
    """Remember when the call began (kept if the note was already started)."""
    with vault.writing():
        LogbookEntry.update(call_started_at=started).where(
            (LogbookEntry.id == entry_id) & LogbookEntry.call_started_at.is_null()
        ).execute()


def discard_if_empty(vault: Vault, entry_id: int) -> bool:
    """Delete a draft nobody wrote in (leaving a note untouched leaves no empty note)."""
    with vault.writing():
        row = LogbookEntry.get_or_none(LogbookEntry.id == entry_id)
        if row is None or row.status != "draft" or row.body.strip():
            return False
        if row.themes or row.coach_state is not None or row.training_needs or row.relay_text:
            return False
        if row.call_started_at is not None:
            return False
        FollowUpAction.update(entry=None).where(FollowUpAction.entry == entry_id).execute()
        row.delete_instance()
        return True


def abandon_call(vault: Vault, entry_id: int) -> bool:
    """The call did not connect: drop its empty note (True), or keep the words as a draft."""
    with vault.writing():
        LogbookEntry.update(call_started_at=None).where(
            (LogbookEntry.id == entry_id) & LogbookEntry.call_ended_at.is_null()
        ).execute()
    return discard_if_empty(vault, entry_id)


def attach_to_check_in(vault: Vault, entry_id: int, check_in_id: int) -> None:
    """Link a note to the check-in created for it (a call made outside the plan)."""
    with vault.writing():
        LogbookEntry.update(check_in=check_in_id).where(LogbookEntry.id == entry_id).execute()


# -- finalising and amending --------------------------------------------------------------


def finalise(vault: Vault, entry_id: int, at: datetime) -> None:
    """Lock a draft: its text becomes revision 0 of the chain."""
    with vault.writing():
        row = _row(entry_id)
        if row.status == "final":
            raise NoteLocked()
        row.status = "final"
        row.finalised_at = at
        row.updated_at = at
        row.save()
        append_revision(row, row.body, at=at)


def amend(vault: Vault, entry_id: int, reason: str, at: datetime) -> int:
    """Turn the pending amendment into a new revision with its reason; return its number.

    Earlier versions stay in the history with their times.
    """
    reason = reason.strip()
    if not reason:
        raise AmendmentReasonMissing()
    with vault.writing():
        row = _row(entry_id)
        if row.status != "final" or row.amendment_draft is None:
            raise NoteLocked()
        row.body = row.amendment_draft
        row.amendment_draft = None
        row.updated_at = at
        row.save()
        revision = append_revision(row, row.body, at=at, reason=reason)
        return int(revision.number)


def discard_amendment(vault: Vault, entry_id: int) -> None:
    """Forget a pending amendment (the finalised text is unchanged)."""
    with vault.writing():
        LogbookEntry.update(amendment_draft=None).where(LogbookEntry.id == entry_id).execute()


def history(vault: Vault, entry_id: int) -> list[RevisionRecord]:
    """Every finalised version of a note, oldest first."""
    with vault.connected():
        query = (
            LogbookRevision.select()
            .where(LogbookRevision.entry == entry_id)
            .order_by(LogbookRevision.number)
        )
        return [
            RevisionRecord(number=rev.number, at=rev.at, body=rev.body, reason=rev.reason)
            for rev in query
        ]


# -- lists --------------------------------------------------------------------------------


def note_status_by_check_in(vault: Vault, check_in_ids: Iterable[int]) -> dict[int, str]:
    """For each check-in: "none", "draft" or "final" (a finalised note wins over a draft)."""
    ids = list(dict.fromkeys(check_in_ids))
    status = dict.fromkeys(ids, "none")
    if not ids:
        return status
    with vault.connected():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            query = LogbookEntry.select(LogbookEntry.check_in, LogbookEntry.status).where(
                LogbookEntry.check_in.in_(chunk)
            )
            pairs: Any = query.tuples()
            for check_in_id, entry_status in pairs:
                if status.get(check_in_id) != "final":
                    status[check_in_id] = "final" if entry_status == "final" else "draft"
    return status


def _entries(query: object) -> list[EntryRecord]:
    return [_entry_record(row) for row in query]  # type: ignore[attr-defined]


def _with_person() -> object:
    return LogbookEntry.select(LogbookEntry, Person).join(
        Person, JOIN.LEFT_OUTER, on=(LogbookEntry.person == Person.id)
    )


def notes_of_person(vault: Vault, person_id: int, limit: int = 20) -> list[EntryRecord]:
    """A person's notes, newest first."""
    with vault.connected():
        query = (
            _with_person()
            .where(LogbookEntry.person == person_id)  # type: ignore[attr-defined]
            .order_by(LogbookEntry.created_at.desc(), LogbookEntry.id.desc())
            .limit(limit)
        )
        return _entries(query)


def reflections(vault: Vault, limit: int = 50) -> list[EntryRecord]:
    """The coach's own reflective notes, newest first."""
    with vault.connected():
        query = (
            _with_person()
            .where(LogbookEntry.kind == "reflection")  # type: ignore[attr-defined]
            .order_by(LogbookEntry.created_at.desc())
            .limit(limit)
        )
        return _entries(query)


def recovered_drafts(vault: Vault) -> list[EntryRecord]:
    """Notes with unfinished work: drafts with text, and pending amendments (newest first).

    Offered after unlock, so a crash or a dead battery never hides a note being written.
    """
    with vault.connected():
        query = (
            _with_person()
            .where(  # type: ignore[attr-defined]
                ((LogbookEntry.status == "draft") & (LogbookEntry.body != ""))
                | ((LogbookEntry.status == "final") & LogbookEntry.amendment_draft.is_null(False))
            )
            .order_by(LogbookEntry.updated_at.desc())
        )
        return _entries(query)


# -- follow-up actions --------------------------------------------------------------------


def _action_record(action: FollowUpAction) -> ActionRecord:
    row: Any = action  # peewee's foreign-key id accessors are not typed
    person = row.person if row.person_id is not None else None
    return ActionRecord(
        id=row.id,
        person_id=row.person_id,
        person_name=person.full_name if person is not None else "",
        entry_id=row.entry_id,
        text=row.text,
        due_date=row.due_date,
        done_at=row.done_at,
        created_at=row.created_at,
    )


def _actions() -> object:
    return FollowUpAction.select(FollowUpAction, Person).join(
        Person, JOIN.LEFT_OUTER, on=(FollowUpAction.person == Person.id)
    )


def add_action(
    vault: Vault,
    *,
    person_id: int | None,
    entry_id: int | None,
    text: str,
    due_date: date | None,
    at: datetime,
) -> int:
    """Create a follow-up action; return its id."""
    text = text.strip()
    if not text:
        raise EpcError("logbook.error.action_empty")
    with vault.writing():
        row = FollowUpAction.create(
            person=person_id, entry=entry_id, text=text, due_date=due_date, created_at=at
        )
        return int(row.id)


def update_action(vault: Vault, action_id: int, text: str, due_date: date | None) -> None:
    """Change an action's text or due date."""
    text = text.strip()
    if not text:
        raise EpcError("logbook.error.action_empty")
    with vault.writing():
        FollowUpAction.update(text=text, due_date=due_date).where(
            FollowUpAction.id == action_id
        ).execute()


def set_action_done(vault: Vault, action_id: int, done_at: datetime | None) -> None:
    """Mark an action done (a time) or open again (None)."""
    with vault.writing():
        FollowUpAction.update(done_at=done_at).where(FollowUpAction.id == action_id).execute()


def delete_action(vault: Vault, action_id: int) -> None:
    """Remove an action entered by mistake."""
    with vault.writing():
        FollowUpAction.delete().where(FollowUpAction.id == action_id).execute()


def open_actions(vault: Vault, person_id: int) -> list[ActionRecord]:
    """A person's actions not done yet, soonest due first (undated last)."""
    with vault.connected():
        query = (
            _actions()
            .where(  # type: ignore[attr-defined]
                (FollowUpAction.person == person_id) & FollowUpAction.done_at.is_null()
            )
            .order_by(FollowUpAction.due_date.is_null(), FollowUpAction.due_date, FollowUpAction.id)
        )
        return [_action_record(row) for row in query]


def actions_of_entry(vault: Vault, entry_id: int) -> list[ActionRecord]:
    """The actions decided in one note."""
    with vault.connected():
        query = (
            _actions()
            .where(FollowUpAction.entry == entry_id)  # type: ignore[attr-defined]
            .order_by(FollowUpAction.id)
        )
        return [_action_record(row) for row in query]


def actions_due_between(vault: Vault, start: date, end: date) -> list[ActionRecord]:
    """Open actions due from `start` to `end` inclusive (today view, calendar)."""
    with vault.connected():
        query = (
            _actions()
            .where(  # type: ignore[attr-defined]
                FollowUpAction.done_at.is_null()
                & (FollowUpAction.due_date >= start)
                & (FollowUpAction.due_date <= end)
            )
            .order_by(FollowUpAction.due_date, FollowUpAction.id)
        )
        return [_action_record(row) for row in query]


# -- what the call screen shows beside the note -------------------------------------------


@dataclass(frozen=True)
class PersonContext:
    """A person's context for a call: who, why followed, last notes, actions, next check-ins."""

    person: PersonRecord
    last_notes: tuple[EntryRecord, ...]
    open_actions: tuple[ActionRecord, ...]
    next_check_ins: tuple[CheckInRecord, ...]


@dataclass(frozen=True)
class StepPrompts:
    """What chooses the prompts of a check-in: its step, kind, track and custom prompts."""

    step_key: str
    check_in_kind: str
    track_key: str | None
    custom: str


def person_context(
    vault: Vault, person_id: int, today: date, exclude_entry: int | None = None
) -> PersonContext:
    """Everything the call screen shows about a person, in one read."""
    from epc_tui.vault.check_ins import check_ins_of_person
    from epc_tui.vault.people import get_person

    person = get_person(vault, person_id)
    notes = [
        note for note in notes_of_person(vault, person_id, limit=4) if note.id != exclude_entry
    ]
    upcoming = [c for c in check_ins_of_person(vault, person_id) if c.is_open]
    upcoming.sort(key=lambda c: c.planned_date)
    return PersonContext(
        person=person,
        last_notes=tuple(notes[:3]),
        open_actions=tuple(open_actions(vault, person_id)),
        next_check_ins=tuple(upcoming[:3]),
    )


def step_prompts(vault: Vault, check_in_id: int) -> StepPrompts:
    """The step facts that choose a check-in's prompts."""
    with vault.connected():
        row = (
            CheckIn.select(CheckIn.kind, TrackStep.key, TrackStep.prompts, Track.builtin_key)
            .join(TrackStep, JOIN.LEFT_OUTER, on=(CheckIn.step == TrackStep.id))
            .join(Track, JOIN.LEFT_OUTER, on=(TrackStep.track == Track.id))
            .where(CheckIn.id == check_in_id)
            .tuples()
            .first()
        )
        if row is None:
            return StepPrompts("", "on_request", None, "")
        kind, key, prompts, builtin_key = row
        if key is None:
            person_track = (
                Track.select(Track.builtin_key)
                .join(Person, on=(Person.track == Track.id))
                .join(CheckIn, on=(CheckIn.person == Person.id))
                .where(CheckIn.id == check_in_id)
                .scalar()
            )
            builtin_key = person_track
        return StepPrompts(key or "", kind, builtin_key, prompts or "")
