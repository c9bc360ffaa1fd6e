"""The peewee models of a vault. Only `vault/` touches them; the rest sees dataclasses.

Vocabulary follows the programmes: a `Person` (new patient partner, accompanied patient or
former partner) follows a `Track` (parcours) whose `TrackStep`s generate `CheckIn`s; calls
produce `LogbookEntry`s (journal de bord) whose finalised versions are `LogbookRevision`s,
chained by hashes; `FollowUpAction`s and `CallAttempt`s hang off people and check-ins.
`VaultEvent` is an audit log that never holds personal data.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def new_uid() -> str:
    """A stable identifier that survives handover between vaults."""
    return uuid.uuid4().hex


class JSONListField(TextField):
    """A list of short strings (tags, criteria, profiles) stored as JSON text."""

    def db_value(self, value: Any) -> str:
        return json.dumps(list(value or []), ensure_ascii=False)

    def python_value(self, value: Any) -> list[str]:
        if not value:
            return []
        loaded = json.loads(value)
        return [str(item) for item in loaded] if isinstance(loaded, list) else []


class BaseModel(Model):
    """Models are bound to a vault's database when it is unlocked."""

    id = AutoField()

    class Meta:
        legacy_table_names = False


class SchemaVersion(BaseModel):
    """The schema version of this vault (a single row)."""

    version = IntegerField()
    migrated_at = DateTimeField(default=datetime.now)


class VaultEvent(BaseModel):
    """Audit log of vault events: unlock, backup, restore, passphrase change — no personal data."""

    at = DateTimeField(default=datetime.now, index=True)
    kind = CharField()
    detail = CharField(default="")


class Track(BaseModel):
    """A parcours: the steps that generate a person's check-ins."""

    uid = CharField(unique=True, default=new_uid)
    builtin_key = CharField(null=True, unique=True)  # "first-year-support", "oral-therapy"
    name = CharField()
    description = TextField(default="")
    repeat_rule = CharField(null=True)  # RRULE text applied after the last step
    repeat_from = CharField(default="previous")  # "anchor" or "previous"
    archived = BooleanField(default=False)
    created_at = DateTimeField(default=datetime.now)


class TrackStep(BaseModel):
    """One planned meeting of a track, at an offset from the anchor or the previous meeting."""

    track = ForeignKeyField(Track, backref="steps", on_delete="CASCADE")
    track_id: int  # peewee's foreign-key id accessor, declared for the type checker
    position = IntegerField()
    key = CharField(default="")  # e.g. "m1", "m3", "j2": chooses built-in prompts
    label = CharField()
    offset_amount = IntegerField()
    offset_unit = CharField(default="months")  # days, weeks, months
    offset_from = CharField(default="anchor")  # anchor, previous
    window_before_days = IntegerField(default=7)
    window_after_days = IntegerField(default=14)
    default_mode = CharField(default="phone")  # phone, video, in_person
    default_duration_min = IntegerField(default=60)
    prompts = TextField(default="")

    class Meta:
        indexes = ((("track", "position"), True),)


class Person(BaseModel):
    """Someone the coach follows."""

    uid = CharField(unique=True, default=new_uid)
    code = CharField(unique=True)  # pseudonymous code, safe for calendars and indicators
    full_name = CharField()
    kind = CharField(index=True)  # partner, patient, former
    status = CharField(default="active", index=True)  # active, paused, closed
    status_reason = TextField(default="")
    track = ForeignKeyField(Track, null=True, backref="people", on_delete="SET NULL")
    track_id: int | None
    anchor_date = DateField(null=True)  # training or first-prescription date
    cadence = CharField(default="")  # oral therapy: weekly, biweekly, monthly or an RRULE
    phone = CharField(default="")
    email = CharField(default="")
    preferred_mode = CharField(default="phone")
    preferred_time = CharField(default="")
    referred_by = CharField(default="")
    referral_role = CharField(default="")
    referral_date = DateField(null=True)
    criteria = JSONListField(default=list)  # targeting criteria (oral-therapy programme)
    profiles = JSONListField(default=list)  # coach, ressource, formateur, recherche, temoin...
    tags = JSONListField(default=list)
    summary = TextField(default="")
    needs_other_contact = BooleanField(default=False)
    created_at = DateTimeField(default=datetime.now)
    updated_at = DateTimeField(default=datetime.now)
    closed_at = DateTimeField(null=True)


class CheckIn(BaseModel):
    """A planned or held meeting with a person."""

    uid = CharField(unique=True, default=new_uid)
    person = ForeignKeyField(Person, backref="check_ins", on_delete="CASCADE")
    person_id: int
    step = ForeignKeyField(TrackStep, null=True, backref="check_ins", on_delete="SET NULL")
    step_id: int | None
    sequence = IntegerField(default=0)  # order within the person's plan
    kind = CharField(default="planned")  # planned, repeat, on_request
    label = CharField(default="")
    planned_date = DateField(index=True)
    planned_time = CharField(default="")  # "HH:MM" local, or empty
    window_start = DateField(null=True)
    window_end = DateField(null=True)
    status = CharField(default="planned", index=True)  # planned, done, missed, cancelled
    mode = CharField(default="phone")
    duration_planned_min = IntegerField(default=60)
    held_at = DateTimeField(null=True)
    duration_seconds = IntegerField(null=True)
    created_at = DateTimeField(default=datetime.now)
    updated_at = DateTimeField(default=datetime.now)

    class Meta:
        indexes = ((("person", "planned_date"), False), (("status", "planned_date"), False))


class CheckInChange(BaseModel):
    """History of a check-in: reschedules and status changes, never lost."""

    check_in = ForeignKeyField(CheckIn, backref="changes", on_delete="CASCADE")
    at = DateTimeField(default=datetime.now)
    field = CharField()  # planned_date, status
    old_value = CharField(default="")
    new_value = CharField(default="")
    reason = TextField(default="")


class CallAttempt(BaseModel):
    """A call that did not connect: no answer, voicemail, wrong number, call back later."""

    uid = CharField(unique=True, default=new_uid)
    person = ForeignKeyField(Person, backref="attempts", on_delete="CASCADE")
    check_in = ForeignKeyField(CheckIn, null=True, backref="attempts", on_delete="SET NULL")
    at = DateTimeField(default=datetime.now, index=True)
    outcome = CharField()  # no_answer, voicemail, wrong_number, call_back
    call_back_at = DateTimeField(null=True)
    note = TextField(default="")


class LogbookEntry(BaseModel):
    """A logbook note: after a call, about a person, or the coach's own reflection.

    `body` is the working text (a draft until finalised). Once finalised the entry is locked;
    changes become amendments, each stored as a `LogbookRevision`.
    """

    uid = CharField(unique=True, default=new_uid)
    person = ForeignKeyField(Person, null=True, backref="entries", on_delete="CASCADE")
    person_id: int | None
    check_in = ForeignKeyField(CheckIn, null=True, backref="entries", on_delete="SET NULL")
    check_in_id: int | None
    kind = CharField(default="call")  # call, person_note, reflection
    status = CharField(default="draft", index=True)  # draft, final
    body = TextField(default="")
    amendment_draft = TextField(null=True)  # pending amendment text of a finalised entry
    cursor_row = IntegerField(default=0)
    cursor_column = IntegerField(default=0)
    themes = JSONListField(default=list)
    coach_state = IntegerField(null=True)  # 0 (calm) to 4 (shaken)
    safety_net = BooleanField(default=False)
    training_needs = TextField(default="")
    relay = BooleanField(default=False)
    relay_text = TextField(default="")
    relay_done = BooleanField(default=False)
    call_started_at = DateTimeField(null=True)
    call_ended_at = DateTimeField(null=True)
    created_at = DateTimeField(default=datetime.now, index=True)
    updated_at = DateTimeField(default=datetime.now)
    finalised_at = DateTimeField(null=True)


class LogbookRevision(BaseModel):
    """One finalised version of an entry (the original or an amendment), hash-chained.

    `chain_hash` covers this revision's content and the previous revision's hash across the
    whole vault, so `epc check` detects an altered or removed entry.
    """

    entry = ForeignKeyField(LogbookEntry, backref="revisions", on_delete="CASCADE")
    number = IntegerField()  # 0 = original, 1.. = amendments
    at = DateTimeField(default=datetime.now)
    body = TextField()
    reason = TextField(default="")
    previous_hash = CharField()
    chain_hash = CharField(unique=True)

    class Meta:
        indexes = ((("entry", "number"), True),)


class FollowUpAction(BaseModel):
    """Something to do after a call, with a due date (shown in the today view and calendar)."""

    uid = CharField(unique=True, default=new_uid)
    person = ForeignKeyField(Person, null=True, backref="actions", on_delete="CASCADE")
    entry = ForeignKeyField(LogbookEntry, null=True, backref="actions", on_delete="SET NULL")
    text = TextField()
    due_date = DateField(null=True, index=True)
    done_at = DateTimeField(null=True)
    created_at = DateTimeField(default=datetime.now)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    SchemaVersion,
    VaultEvent,
    Track,
    TrackStep,
    Person,
    CheckIn,
    CheckInChange,
    CallAttempt,
    LogbookEntry,
    LogbookRevision,
    FollowUpAction,
)
