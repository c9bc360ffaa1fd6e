"""Handover (préparer la relève): chosen people, with their history, for another coach.

Export writes the people — with their track, check-ins and their changes, call attempts,
logbook notes with every finalised revision, and follow-up actions — as one JSON document
sealed in the container of `backup_format`, under a key derived (Argon2id, backup-strength
parameters) from a passphrase the coach gives the receiving coach. The header holds no
names and no counts.

Import merges such a file into another vault in one transaction. Every record carries a
stable `uid`: a person (or note, check-in, action, attempt) already present is never
duplicated, and where the two vaults disagree the receiving vault's value is kept and the
difference is reported as a conflict — nothing is overwritten silently. Imported finalised
notes are re-chained into the receiving vault's logbook chain (`logbook_chain`).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hmac
import json
import os
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from peewee import DateField, DateTimeField, ForeignKeyField, Model

from epc_tui import __version__
from epc_tui.vault.atomic import fsync_directory
from epc_tui.vault.backup_format import (
    CHUNK_SIZE,
    BackupDamaged,
    derive_payload_key,
    encode_header,
    read_header,
    seal,
    unseal,
)
from epc_tui.vault.errors import EpcError, InvalidInput, KdfParametersRejected
from epc_tui.vault.kdf import BACKUP_DEFAULT, FLOOR, KdfParams, derive_key, new_salt
from epc_tui.vault.logbook_chain import append_revision
from epc_tui.vault.models import (
    CallAttempt,
    CheckIn,
    CheckInChange,
    FollowUpAction,
    LogbookEntry,
    LogbookRevision,
    Person,
    Track,
    TrackStep,
)
from epc_tui.vault.vault import Vault

MAGIC = b"EPCHND\r\n"
FORMAT = "epc-handover"
VERSION = 1
PAYLOAD_PURPOSE = b"epc handover payload v1"
CHECK_PURPOSE = b"epc handover key check v1"
MAX_PAYLOAD = 512 * 1024 * 1024


class HandoverUnlockFailed(EpcError):
    """Not the passphrase of this handover file."""

    message_key = "error.handover_unlock_failed"


class HandoverNothingChosen(EpcError):
    """No person (or an unknown code) was chosen for the handover."""

    message_key = "error.handover_unknown_code"


@dataclass(frozen=True)
class HandoverConflict:
    """A difference between the two vaults, kept as the receiving vault had it."""

    person_code: str
    record: str  # person, check_in, note, action, attempt
    detail: str  # the field that differs, or "code" when a code had to be changed


@dataclass(frozen=True)
class HandoverReport:
    """What an import did (or would do, in a dry run)."""

    people_added: int = 0
    people_already_there: int = 0
    check_ins_added: int = 0
    notes_added: int = 0
    actions_added: int = 0
    attempts_added: int = 0
    conflicts: tuple[HandoverConflict, ...] = ()
    dry_run: bool = False


@dataclass(frozen=True)
class HandoverSummary:
    """What an export wrote."""

    path: Path
    people: int
    notes: int


# -- plain values --------------------------------------------------------------------------


def _plain(model: Model, skip: Iterable[str] = ()) -> dict[str, Any]:
    """The fields of a row as JSON values, without ids and foreign keys."""
    values: dict[str, Any] = {}
    for item in type(model)._meta.sorted_fields:
        if item.name == "id" or item.name in skip or isinstance(item, ForeignKeyField):
            continue
        value = getattr(model, item.name)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        values[item.name] = value
    return values


def _fields_from(model_class: type[Model], raw: Any) -> dict[str, Any]:
    """Column values for `model_class` from an imported dict (unknown names are left out)."""
    if not isinstance(raw, dict):
        raise BackupDamaged()
    values: dict[str, Any] = {}
    for item in model_class._meta.sorted_fields:
        if item.name == "id" or isinstance(item, ForeignKeyField) or item.name not in raw:
            continue
        value = raw[item.name]
        try:
            if value is not None and isinstance(item, DateTimeField):
                value = datetime.fromisoformat(value)
            elif value is not None and isinstance(item, DateField):
                value = date.fromisoformat(value)
        except (TypeError, ValueError):
            raise BackupDamaged() from None
        values[item.name] = value
    return values


def _differences(row: Model, imported: dict[str, Any], ignore: Iterable[str] = ()) -> list[str]:
    """Names of the fields whose imported value differs from the row's."""
    local = _plain(row)
    skipped = {"created_at", "updated_at", *ignore}
    return sorted(
        name
        for name, value in _fields_from(type(row), imported).items()
        if name not in skipped
        and (value.isoformat() if isinstance(value, datetime | date) else value) != local.get(name)
    )


# -- export --------------------------------------------------------------------------------


def _uid_of(row: Model, foreign_key: str) -> str | None:
    """The stable uid of the row a nullable foreign key points to (ids differ per vault)."""
    target = getattr(row, foreign_key)
    return None if target is None else str(target.uid)


def _track_document(track: Track | None) -> dict[str, Any] | None:
    if track is None:
        return None
    in_track = TrackStep.select().where(TrackStep.track == track)
    steps = [_plain(step) for step in in_track.order_by(TrackStep.position)]
    return {**_plain(track), "steps": steps}


def _person_document(person: Person) -> dict[str, Any]:
    check_ins = []
    in_order = (CheckIn.sequence, CheckIn.planned_date)
    for check_in in CheckIn.select().where(CheckIn.person == person).order_by(*in_order):
        history = CheckInChange.select().where(CheckInChange.check_in == check_in)
        changes = [_plain(c) for c in history.order_by(CheckInChange.at)]
        step = check_in.step
        check_ins.append(
            {
                **_plain(check_in),
                "step_position": step.position if step is not None else None,
                "changes": changes,
            }
        )
    attempts = [
        {**_plain(a), "check_in_uid": _uid_of(a, "check_in")}
        for a in CallAttempt.select().where(CallAttempt.person == person).order_by(CallAttempt.at)
    ]
    entries = []
    notes = LogbookEntry.select().where(LogbookEntry.person == person)
    for entry in notes.order_by(LogbookEntry.created_at, LogbookEntry.id):
        revisions = [
            {"number": r.number, "at": r.at.isoformat(), "body": r.body, "reason": r.reason}
            for r in LogbookRevision.select()
            .where(LogbookRevision.entry == entry)
            .order_by(LogbookRevision.number)
        ]
        entries.append(
            {
                **_plain(entry),
                "check_in_uid": _uid_of(entry, "check_in"),
                "revisions": revisions,
            }
        )
    actions = [
        {**_plain(a), "entry_uid": _uid_of(a, "entry")}
        for a in FollowUpAction.select()
        .where(FollowUpAction.person == person)
        .order_by(FollowUpAction.created_at, FollowUpAction.id)
    ]
    return {
        **_plain(person),
        "track": _track_document(person.track),
        "check_ins": check_ins,
        "attempts": attempts,
        "entries": entries,
        "actions": actions,
    }


def _handover_kdf() -> KdfParams:
    return FLOOR if os.environ.get("EPC_KDF") == "floor" else BACKUP_DEFAULT


def _keys(passphrase: str, kdf: KdfParams, kdf_salt: bytes, salt: bytes) -> tuple[bytes, bytes]:
    master = derive_key(passphrase.encode("utf-8"), kdf_salt, kdf)
    return (
        derive_payload_key(master, salt, PAYLOAD_PURPOSE),
        derive_payload_key(master, salt, CHECK_PURPOSE),
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: Any, length: int) -> bytes:
    if not isinstance(value, str):
        raise BackupDamaged()
    try:
        data = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise BackupDamaged() from None
    if len(data) != length:
        raise BackupDamaged()
    return data


def export_handover(
    vault: Vault, codes: Iterable[str], destination: Path, passphrase: str, now: datetime
) -> HandoverSummary:
    """Write the people with these pseudonymous codes to an encrypted handover file."""
    wanted = [code.strip() for code in codes if code.strip()]
    if not wanted:
        raise HandoverNothingChosen(code="")
    with vault.connected():
        people = {p.code: p for p in Person.select().where(Person.code.in_(wanted))}
        for code in wanted:
            if code not in people:
                raise HandoverNothingChosen(code=code)
        documents = [_person_document(people[code]) for code in dict.fromkeys(wanted)]
    payload = json.dumps(
        {"format": FORMAT, "people": documents}, ensure_ascii=False, sort_keys=True
    ).encode("utf-8")
    kdf = _handover_kdf()
    kdf_salt, salt = new_salt(), os.urandom(32)
    payload_key, check = _keys(passphrase, kdf, kdf_salt, salt)
    header = encode_header(
        MAGIC,
        {
            "format": FORMAT,
            "version": VERSION,
            "created_at": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "app_version": __version__,
            "chunk_size": CHUNK_SIZE,
            "kdf": kdf.to_dict(),
            "kdf_salt": _b64(kdf_salt),
            "salt": _b64(salt),
            "key_check": _b64(check),
        },
    )
    temporary = destination.with_name(f".{destination.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            seal(out, header, payload_key, [payload])
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, destination)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        from epc_tui.vault.backup import BackupUnreadable

        raise BackupUnreadable() from None
    fsync_directory(destination.parent)
    notes = sum(len(d["entries"]) for d in documents)
    return HandoverSummary(path=destination, people=len(documents), notes=notes)


# -- reading -------------------------------------------------------------------------------


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[BinaryIO]:
    from epc_tui.vault.backup import BackupUnreadable

    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed below; open errors mapped)
    except IsADirectoryError:
        raise BackupDamaged("error.not_a_backup") from None
    except OSError:
        raise BackupUnreadable() from None
    with handle:
        yield handle


def read_handover(path: Path, passphrase: str) -> list[dict[str, Any]]:
    """The people documents of a handover file, every byte authenticated.

    Raises `HandoverUnlockFailed` for a wrong passphrase and `BackupDamaged` for anything
    else wrong with the file (KDF parameters out of bounds included, checked before Argon2).
    """
    with _opened(path) as handle:
        header = read_header(handle, MAGIC)
        fields = header.fields
        expected = {
            "format",
            "version",
            "created_at",
            "app_version",
            "chunk_size",
            "kdf",
            "kdf_salt",
            "salt",
            "key_check",
        }
        if set(fields) != expected or fields["format"] != FORMAT or fields["version"] != VERSION:
            raise BackupDamaged()
        try:
            kdf = KdfParams.from_dict(fields["kdf"])
        except KdfParametersRejected:
            raise BackupDamaged() from None
        kdf_salt = _unb64(fields["kdf_salt"], 16)
        salt = _unb64(fields["salt"], 32)
        stored_check = _unb64(fields["key_check"], 32)
        payload_key, check = _keys(passphrase, kdf, kdf_salt, salt)
        if not hmac.compare_digest(check, stored_check):
            raise HandoverUnlockFailed()
        payload = bytearray()
        for plain in unseal(handle, header, payload_key):
            payload += plain
            if len(payload) > MAX_PAYLOAD:
                raise BackupDamaged()
    try:
        document = json.loads(bytes(payload).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BackupDamaged() from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupDamaged()
    people = document.get("people")
    if not isinstance(people, list) or not all(isinstance(p, dict) for p in people):
        raise BackupDamaged()
    return people


# -- import --------------------------------------------------------------------------------


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@dataclass
class _Tally:
    people_added: int = 0
    people_already_there: int = 0
    check_ins_added: int = 0
    notes_added: int = 0
    actions_added: int = 0
    attempts_added: int = 0
    conflicts: list[HandoverConflict] = field(default_factory=list)

    def report(self, dry_run: bool) -> HandoverReport:
        return HandoverReport(
            people_added=self.people_added,
            people_already_there=self.people_already_there,
            check_ins_added=self.check_ins_added,
            notes_added=self.notes_added,
            actions_added=self.actions_added,
            attempts_added=self.attempts_added,
            conflicts=tuple(self.conflicts),
            dry_run=dry_run,
        )


def _items(raw: dict[str, Any], name: str) -> Iterator[dict[str, Any]]:
    items = raw.get(name) or []
    if not isinstance(items, list):
        raise BackupDamaged()
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("uid", ""), str):
            raise BackupDamaged()
        yield item


def _local_track(raw: Any) -> Track | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise BackupDamaged()
    if raw.get("builtin_key"):
        found = Track.get_or_none(Track.builtin_key == raw["builtin_key"])
        if found is not None:
            return found
    found = Track.get_or_none(Track.uid == raw.get("uid"))
    if found is not None:
        return found
    track = Track.create(**_fields_from(Track, raw))
    steps = raw.get("steps") or []
    if not isinstance(steps, list):
        raise BackupDamaged()
    for step in steps:
        TrackStep.create(track=track, **_fields_from(TrackStep, step))
    return track


def _free_code(code: str) -> str:
    number = 2
    while Person.get_or_none(Person.code == f"{code}-{number}") is not None:
        number += 1
    return f"{code}-{number}"


def _merge_person(raw: dict[str, Any], tally: _Tally) -> None:
    uid = raw.get("uid")
    code = raw.get("code")
    if not isinstance(uid, str) or not uid or not isinstance(code, str) or not code:
        raise BackupDamaged()
    person = Person.get_or_none(Person.uid == uid)
    track = _local_track(raw.get("track"))
    if person is None:
        values = _fields_from(Person, raw)
        if Person.get_or_none(Person.code == code) is not None:
            values["code"] = _free_code(code)
            tally.conflicts.append(HandoverConflict(code, "person", "code"))
        person = Person.create(track=track, **values)
        tally.people_added += 1
    else:
        tally.people_already_there += 1
        # The code is a local pseudonym: a clash renamed at the first import is not news.
        for name in _differences(person, raw, ignore=("code",)):
            tally.conflicts.append(HandoverConflict(str(person.code), "person", name))
    label = str(person.code)
    check_ins: dict[str, CheckIn] = {}
    for item in _items(raw, "check_ins"):
        local = CheckIn.get_or_none(CheckIn.uid == item["uid"])
        if local is None:
            step = None
            if person.track_id is not None and isinstance(item.get("step_position"), int):
                step = TrackStep.get_or_none(
                    (TrackStep.track == person.track_id)
                    & (TrackStep.position == item["step_position"])
                )
            local = CheckIn.create(person=person, step=step, **_fields_from(CheckIn, item))
            for change in item.get("changes") or []:
                CheckInChange.create(check_in=local, **_fields_from(CheckInChange, change))
            tally.check_ins_added += 1
        else:
            for name in _differences(local, item):
                tally.conflicts.append(HandoverConflict(label, "check_in", name))
        check_ins[item["uid"]] = local
    for item in _items(raw, "attempts"):
        local_attempt = CallAttempt.get_or_none(CallAttempt.uid == item["uid"])
        if local_attempt is None:
            CallAttempt.create(
                person=person,
                check_in=check_ins.get(str(item.get("check_in_uid"))),
                **_fields_from(CallAttempt, item),
            )
            tally.attempts_added += 1
        else:
            for name in _differences(local_attempt, item):
                tally.conflicts.append(HandoverConflict(label, "attempt", name))
    entries: dict[str, LogbookEntry] = {}
    for item in _items(raw, "entries"):
        entries[item["uid"]] = _merge_entry(person, item, check_ins, tally, label)
    for item in _items(raw, "actions"):
        local_action = FollowUpAction.get_or_none(FollowUpAction.uid == item["uid"])
        if local_action is None:
            FollowUpAction.create(
                person=person,
                entry=entries.get(str(item.get("entry_uid"))),
                **_fields_from(FollowUpAction, item),
            )
            tally.actions_added += 1
        else:
            for name in _differences(local_action, item):
                tally.conflicts.append(HandoverConflict(label, "action", name))


def _merge_entry(
    person: Person,
    item: dict[str, Any],
    check_ins: dict[str, CheckIn],
    tally: _Tally,
    label: str,
) -> LogbookEntry:
    local = LogbookEntry.get_or_none(LogbookEntry.uid == item["uid"])
    revisions = item.get("revisions") or []
    if not isinstance(revisions, list) or not all(isinstance(r, dict) for r in revisions):
        raise BackupDamaged()
    if local is not None:
        for name in _differences(local, item, ignore=("cursor_row", "cursor_column")):
            tally.conflicts.append(HandoverConflict(label, "note", name))
        count = LogbookRevision.select().where(LogbookRevision.entry == local).count()
        if count != len(revisions) and "body" not in _differences(local, item):
            tally.conflicts.append(HandoverConflict(label, "note", "revisions"))
        return local
    entry = LogbookEntry.create(
        person=person,
        check_in=check_ins.get(str(item.get("check_in_uid"))),
        **_fields_from(LogbookEntry, item),
    )
    for revision in sorted(revisions, key=lambda r: r.get("number", 0)):
        body, reason = revision.get("body"), revision.get("reason", "")
        if not isinstance(body, str) or not isinstance(reason, str):
            raise BackupDamaged()
        try:
            at = datetime.fromisoformat(revision.get("at", ""))
        except (TypeError, ValueError):
            raise BackupDamaged() from None
        append_revision(entry, body, at, reason)
    tally.notes_added += 1
    return entry


def import_handover(
    vault: Vault, people: list[dict[str, Any]], dry_run: bool = False
) -> HandoverReport:
    """Merge handed-over people into `vault` in one transaction; report what happened.

    With `dry_run` the same work is done and then rolled back, so the report shows what an
    import would add and which conflicts it would find.
    """
    tally = _Tally()
    try:
        with vault.writing():
            for raw in people:
                _merge_person(raw, tally)
            if dry_run:
                raise _DryRun()
    except _DryRun:
        pass
    except (KeyError, TypeError, ValueError, AttributeError):
        raise BackupDamaged() from None
    except Exception as error:
        if isinstance(error, EpcError):
            raise
        raise InvalidInput("error.handover_not_imported") from None
    return tally.report(dry_run)
