"""Plain, frozen views of vault rows: what screens and services receive instead of ORM rows.

Keeping peewee inside `vault/` means a screen can never run a query by accident, and a record
can be handed to a worker thread without a database connection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


def day_from_row(value: Any) -> date | None:
    """A date column read raw from SQLite (`2026-03-14`, or a `date` already)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10]) if value else None


def moment_from_row(value: Any) -> datetime | None:
    """A date-time column read raw from SQLite (`2026-03-14 10:00:00[.ffffff]`)."""
    return datetime.fromisoformat(value) if value else None


PERSON_KINDS = ("partner", "patient", "former")
PERSON_STATUSES = ("active", "paused", "closed")
CHECK_IN_STATUSES = ("planned", "done", "missed", "cancelled")
CONTACT_MODES = ("phone", "video", "in_person")
TARGETING_CRITERIA = ("sideration", "not_engaging", "isolation", "literacy", "anxiety")
PROFILES = ("coach", "ressource", "formateur", "recherche", "temoin", "parcours")


@dataclass(frozen=True)
class PersonDraft:
    """What a coach types (or a spreadsheet row holds) to create or edit a person."""

    full_name: str
    kind: str
    track_id: int | None
    anchor_date: date | None
    code: str = ""  # generated when empty
    cadence: str = ""
    phone: str = ""
    email: str = ""
    preferred_mode: str = "phone"
    preferred_time: str = ""
    referred_by: str = ""
    referral_role: str = ""
    referral_date: date | None = None
    criteria: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str = ""
    uid: str = ""  # kept when a person comes from another vault (handover)


@dataclass(frozen=True)
class PersonRecord:
    """A person as stored."""

    id: int
    uid: str
    code: str
    full_name: str
    kind: str
    status: str
    status_reason: str
    track_id: int | None
    track_key: str | None
    track_name: str
    anchor_date: date | None
    cadence: str
    phone: str
    email: str
    preferred_mode: str
    preferred_time: str
    referred_by: str
    referral_role: str
    referral_date: date | None
    criteria: tuple[str, ...]
    profiles: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    needs_other_contact: bool
    created_at: datetime
    closed_at: datetime | None

    def as_draft(self) -> PersonDraft:
        """The editable fields, to pre-fill a form."""
        return PersonDraft(
            full_name=self.full_name,
            kind=self.kind,
            track_id=self.track_id,
            anchor_date=self.anchor_date,
            code=self.code,
            cadence=self.cadence,
            phone=self.phone,
            email=self.email,
            preferred_mode=self.preferred_mode,
            preferred_time=self.preferred_time,
            referred_by=self.referred_by,
            referral_role=self.referral_role,
            referral_date=self.referral_date,
            criteria=self.criteria,
            profiles=self.profiles,
            tags=self.tags,
            summary=self.summary,
            uid=self.uid,
        )


@dataclass(frozen=True)
class CheckInRecord:
    """A planned or held meeting, with what the today view and calendar need to flag it."""

    id: int
    uid: str
    person_id: int
    person_name: str
    person_code: str
    person_kind: str
    step_key: str
    label: str
    sequence: int
    kind: str  # planned, repeat, on_request
    planned_date: date
    planned_time: str
    window_start: date | None
    window_end: date | None
    status: str
    mode: str
    duration_planned_min: int
    held_at: datetime | None
    duration_seconds: int | None
    attempts: int = 0
    last_attempt_at: datetime | None = None
    last_attempt_outcome: str = ""
    note_status: str = "none"  # none, draft, final

    @property
    def is_open(self) -> bool:
        """Still to be held."""
        return self.status == "planned"


@dataclass(frozen=True)
class CheckInChangeRecord:
    """One line of a check-in's history (reschedule or status change)."""

    at: datetime
    field: str
    old_value: str
    new_value: str
    reason: str


@dataclass(frozen=True)
class StepRecord:
    """A track step as stored."""

    id: int
    position: int
    key: str
    label: str
    offset_amount: int
    offset_unit: str
    offset_from: str
    window_before_days: int
    window_after_days: int
    default_mode: str
    default_duration_min: int
    prompts: str


@dataclass(frozen=True)
class TrackRecord:
    """A track with its steps."""

    id: int
    uid: str
    builtin_key: str | None
    name: str
    description: str
    repeat_rule: str | None
    repeat_from: str
    archived: bool
    steps: tuple[StepRecord, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PlannedSlot:
    """A check-in to write for a person's plan (computed by `services.scheduling`)."""

    sequence: int
    step_key: str
    label: str
    planned_date: date
    window_start: date
    window_end: date
