"""Enrolling people on a track and keeping their plan in step with their track and dates.

Joins the pure scheduler to the vault: a person's track, anchor date and cadence become
planned check-ins, with the coach's rules for weekends and public holidays. Re-planning
changes only future, not-yet-held check-ins ("from this one on").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from epc_tui.services.scheduling import (
    ExistingCheckIn,
    Replan,
    StepRule,
    TrackRule,
    WorkingDays,
    plan_check_ins,
    public_holidays,
    replan,
)
from epc_tui.settings import Settings
from epc_tui.vault import check_ins as check_in_store
from epc_tui.vault import people as people_store
from epc_tui.vault import tracks as track_store
from epc_tui.vault.records import PersonDraft, PlannedSlot, TrackRecord
from epc_tui.vault.vault import Vault

PLAN_YEARS_AHEAD = 2  # repeats are planned this far ahead of today (extended as time passes)


def track_rule(track: TrackRecord) -> TrackRule:
    """The scheduler's view of a stored track."""
    return TrackRule(
        steps=tuple(
            StepRule(
                key=step.key,
                label=step.label,
                offset_amount=step.offset_amount,
                offset_unit=step.offset_unit,
                offset_from=step.offset_from,
                window_before_days=step.window_before_days,
                window_after_days=step.window_after_days,
            )
            for step in track.steps
        ),
        repeat_rule=track.repeat_rule,
    )


def working_days(settings: Settings, around: date) -> WorkingDays:
    """Weekends and the region's public holidays to avoid, per the coach's settings."""
    holidays: frozenset[date] = frozenset()
    if settings.skip_holidays:
        years = range(around.year - 1, around.year + PLAN_YEARS_AHEAD + 2)
        holidays = public_holidays(settings.region, settings.holiday_subdivision, years)
    return WorkingDays(skip_weekends=settings.skip_weekends, holidays=holidays)


def plan_for(
    track: TrackRecord | None,
    anchor: date | None,
    cadence: str,
    settings: Settings,
    today: date,
    days: WorkingDays | None = None,
) -> list[PlannedSlot]:
    """Every check-in a person on `track` from `anchor` should have, up to the horizon."""
    if track is None or anchor is None:
        return []
    horizon = max(today, anchor) + relativedelta(years=PLAN_YEARS_AHEAD)
    return plan_check_ins(
        track_rule(track), anchor, horizon, cadence, days or working_days(settings, today)
    )


def enrol(
    vault: Vault, drafts: Sequence[PersonDraft], settings: Settings, now: datetime
) -> list[int]:
    """Create people with their planned check-ins, all in one transaction."""
    tracks = {track.id: track for track in track_store.list_tracks(vault, include_archived=True)}
    days = working_days(settings, now.date())
    items = [
        (
            draft,
            plan_for(
                tracks.get(draft.track_id) if draft.track_id else None,
                draft.anchor_date,
                draft.cadence,
                settings,
                now.date(),
                days,
            ),
        )
        for draft in drafts
    ]
    return people_store.add_people(vault, items, now)


def replan_person(vault: Vault, person_id: int, settings: Settings, now: datetime) -> Replan:
    """Bring a person's open future check-ins in line with their track, anchor and cadence.

    Held meetings and past ones are never touched; a check-in with notes or attempts is
    never deleted. A closed person keeps no open future check-in without notes or attempts.
    """
    person = people_store.get_person(vault, person_id)
    today = now.date()
    track = track_store.get_track(vault, person.track_id) if person.track_id else None
    new_plan = (
        []
        if person.status == "closed"
        else plan_for(track, person.anchor_date, person.cadence, settings, today)
    )
    existing = [
        ExistingCheckIn(
            id=record.id,
            sequence=record.sequence,
            planned_date=record.planned_date,
            status=record.status,
            has_notes_or_attempts=record.attempts > 0 or record.note_status != "none",
        )
        for record in check_in_store.check_ins_of_person(vault, person_id)
        if record.kind != "on_request"
    ]
    changes = replan(existing, new_plan, today)
    check_in_store.apply_plan_changes(
        vault, person_id, person.track_id, changes.move, changes.add, changes.remove, now
    )
    return changes


def update_and_replan(
    vault: Vault, person_id: int, draft: PersonDraft, settings: Settings, now: datetime
) -> bool:
    """Save edits; re-plan when the track, anchor date or cadence changed. True if re-planned."""
    before = people_store.get_person(vault, person_id)
    people_store.update_person(vault, person_id, draft, now)
    changed = (before.track_id, before.anchor_date, before.cadence) != (
        draft.track_id,
        draft.anchor_date,
        draft.cadence,
    )
    if changed:
        replan_person(vault, person_id, settings, now)
    return changed


def close_person(
    vault: Vault, person_id: int, reason: str, settings: Settings, now: datetime
) -> None:
    """Close an accompaniment: future open check-ins without notes or attempts go away."""
    people_store.set_person_status(vault, person_id, "closed", now, reason)
    replan_person(vault, person_id, settings, now)
