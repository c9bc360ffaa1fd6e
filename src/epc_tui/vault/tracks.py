"""Tracks (parcours) and their steps: read, find by name, create and edit coach-made ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from epc_tui.textclean import fold
from epc_tui.vault.errors import EpcError
from epc_tui.vault.models import Track, TrackStep
from epc_tui.vault.records import StepRecord, TrackRecord
from epc_tui.vault.vault import Vault

OFFSET_UNITS = ("days", "weeks", "months")
OFFSET_BASES = ("anchor", "previous")


@dataclass(frozen=True)
class StepDraft:
    """A step as typed in the track editor."""

    label: str
    offset_amount: int
    offset_unit: str = "months"
    offset_from: str = "anchor"
    window_before_days: int = 7
    window_after_days: int = 14
    default_mode: str = "phone"
    default_duration_min: int = 60
    key: str = ""
    prompts: str = ""


def _step_record(step: TrackStep) -> StepRecord:
    return StepRecord(
        id=step.id,
        position=step.position,
        key=step.key,
        label=step.label,
        offset_amount=step.offset_amount,
        offset_unit=step.offset_unit,
        offset_from=step.offset_from,
        window_before_days=step.window_before_days,
        window_after_days=step.window_after_days,
        default_mode=step.default_mode,
        default_duration_min=step.default_duration_min,
        prompts=step.prompts,
    )


def _track_record(track: Track, steps: Sequence[TrackStep]) -> TrackRecord:
    return TrackRecord(
        id=track.id,
        uid=track.uid,
        builtin_key=track.builtin_key,
        name=track.name,
        description=track.description,
        repeat_rule=track.repeat_rule,
        repeat_from=track.repeat_from,
        archived=track.archived,
        steps=tuple(_step_record(step) for step in steps),
    )


def list_tracks(vault: Vault, include_archived: bool = False) -> list[TrackRecord]:
    """Every track with its steps, built-in ones first."""
    with vault.connected():
        query = Track.select().order_by(Track.builtin_key.is_null(), Track.id)
        if not include_archived:
            query = query.where(Track.archived == False)  # noqa: E712 (peewee expression)
        tracks = list(query)
        steps: dict[int, list[TrackStep]] = {track.id: [] for track in tracks}
        for step in TrackStep.select().order_by(TrackStep.track, TrackStep.position):
            steps.setdefault(step.track_id, []).append(step)
        return [_track_record(track, steps[track.id]) for track in tracks]


def get_track(vault: Vault, track_id: int) -> TrackRecord:
    """One track with its steps."""
    with vault.connected():
        track = Track.get_by_id(track_id)
        steps = list(
            TrackStep.select().where(TrackStep.track == track).order_by(TrackStep.position)
        )
        return _track_record(track, steps)


def find_track(tracks: Sequence[TrackRecord], name_or_key: str) -> TrackRecord | None:
    """The track whose built-in key, French/English alias or name matches (accents ignored)."""
    from epc_tui.vault.builtin_tracks import TRACK_ALIASES

    wanted = fold(name_or_key.strip())
    key = TRACK_ALIASES.get(wanted, wanted)
    for track in tracks:
        if track.builtin_key == key:
            return track
    return next((track for track in tracks if fold(track.name.strip()) == wanted), None)


def save_track(
    vault: Vault,
    name: str,
    steps: Sequence[StepDraft],
    repeat_rule: str | None = None,
    description: str = "",
    track_id: int | None = None,
) -> int:
    """Create a coach-made track, or replace the steps of one (built-in steps stay as shipped)."""
    if not name.strip():
        raise EpcError("track.name_required")
    if not steps:
        raise EpcError("track.steps_required")
    for step in steps:
        if step.offset_unit not in OFFSET_UNITS or step.offset_from not in OFFSET_BASES:
            raise EpcError("track.bad_offset")
        if step.offset_amount < 0 or step.window_before_days < 0 or step.window_after_days < 0:
            raise EpcError("track.bad_offset")
    with vault.writing():
        if track_id is None:
            track = Track.create(
                name=name.strip(), description=description, repeat_rule=repeat_rule
            )
        else:
            track = Track.get_by_id(track_id)
            if track.builtin_key:
                raise EpcError("track.builtin_readonly")
            track.name, track.description, track.repeat_rule = (
                name.strip(),
                description,
                repeat_rule,
            )
            track.save()
            TrackStep.delete().where(TrackStep.track == track).execute()
        for position, step in enumerate(steps):
            TrackStep.create(
                track=track,
                position=position,
                key=step.key or f"s{position + 1}",
                label=step.label.strip() or str(position + 1),
                offset_amount=step.offset_amount,
                offset_unit=step.offset_unit,
                offset_from=step.offset_from,
                window_before_days=step.window_before_days,
                window_after_days=step.window_after_days,
                default_mode=step.default_mode,
                default_duration_min=step.default_duration_min,
                prompts=step.prompts,
            )
        return int(track.id)
