"""Fictional history for the demo vault (names and notes invented; any likeness is chance).

People are enrolled by `services.demo` through the real scheduler; this module then writes
what "happened" before today — held meetings with their finalised, hash-chained notes — and
the few situations the demo must show: overdue calls with failed attempts, calls planned
today, a held meeting whose note is missing, a safety-net flag, a relay to the care team and
follow-up actions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from epc_tui.vault.logbook_chain import append_revision
from epc_tui.vault.models import (
    CallAttempt,
    CheckIn,
    FollowUpAction,
    LogbookEntry,
    Person,
)

PARTNER_NOTES = (
    "Bon échange. {first} se sent plus à l'aise dans son rôle de patient partenaire ; "
    "aimerait une formation sur la prise de parole en comité.\n\n"
    "- Objectifs revus : rester au comité des usagers\n- Limites : pas plus de 4 h par mois",
    "{first} raconte une rencontre difficile avec une personne en début de traitement. "
    "Nous avons parlé des stratégies pour garder une **distance bienveillante**.",
    "Appel court. Tout va bien, {first} prépare une présentation pour les nouvelles "
    "recrues. À rappeler pour le bilan.",
    "Retour sur les six premiers mois : {first} trouve du sens à son engagement, "
    "mais la charge émotionnelle des témoignages pèse. Piste : groupe de codéveloppement.",
)
PATIENT_NOTES = (
    "Traitement bien toléré, quelques nausées le matin. {first} a des questions sur les "
    "interactions avec les produits naturels.",
    "{first} se sent plus rassuré·e depuis la dernière consultation. On garde le rythme "
    "toutes les deux semaines.",
    "Fatigue importante cette semaine. {first} hésite à en parler à l'équipe ; je lui "
    "propose de noter ses questions pour l'infirmière pivot.",
)
THEMES = ("objectifs", "limites", "formation", "bien-être", "traitement", "inquiétudes")


@dataclass(frozen=True)
class Story:
    """What the demo shows about one person, beyond meetings held with notes."""

    overdue_attempts: tuple[str, ...] | None = None  # leave the last past meeting open
    call_today_at: str = ""  # "09:30": the next meeting is a call planned today
    note_missing: bool = False  # the last past meeting was held yesterday, without a note
    safety_net: bool = False  # the coach was shaken after the last call
    relay: str = ""  # something to relay to the care team after the last call
    action: str = ""  # an open follow-up action due tomorrow
    status: str = "active"
    status_reason: str = ""


def _held(check_in: CheckIn, day: date, rng: random.Random) -> datetime:
    moment = datetime.combine(day, time(rng.choice((9, 10, 13, 14, 15)), 0))
    check_in.planned_date = day
    check_in.status = "done"
    check_in.held_at = moment
    check_in.duration_seconds = rng.randint(20, 65) * 60
    check_in.save()
    return moment


def _note(person: Person, check_in: CheckIn, held: datetime, rng: random.Random) -> LogbookEntry:
    first = person.full_name.split()[0]
    texts = PATIENT_NOTES if person.kind == "patient" else PARTNER_NOTES
    finalised = held + timedelta(minutes=50)
    entry = LogbookEntry.create(
        person=person,
        check_in=check_in,
        kind="call",
        status="final",
        body=rng.choice(texts).format(first=first),
        themes=rng.sample(THEMES, 2),
        coach_state=rng.choice((0, 1, 1, 2)),
        call_started_at=held,
        call_ended_at=held + timedelta(seconds=check_in.duration_seconds or 0),
        created_at=held,
        updated_at=finalised,
        finalised_at=finalised,
    )
    append_revision(entry, entry.body, at=finalised)
    return entry


def write_history(person_id: int, story: Story, today: date, rng: random.Random) -> None:
    """Play one person's past up to `today` (inside a write transaction)."""
    person = Person.get_by_id(person_id)
    plan = list(CheckIn.select().where(CheckIn.person == person).order_by(CheckIn.planned_date))
    past = [item for item in plan if item.planned_date < today]
    future = [item for item in plan if item.planned_date >= today]
    left_open = past[-1] if story.overdue_attempts is not None and past else None
    missing = past[-1] if story.note_missing and past else None
    last_entry: LogbookEntry | None = None
    for check_in in past:
        if check_in is left_open:
            for number, outcome in enumerate(story.overdue_attempts or ()):
                CallAttempt.create(
                    person=person,
                    check_in=check_in,
                    outcome=outcome,
                    at=datetime.combine(today - timedelta(days=len(past) - number), time(14, 30)),
                )
            continue
        if check_in is missing:
            _held(check_in, today - timedelta(days=1), rng)
            continue
        last_entry = _note(person, check_in, _held(check_in, check_in.planned_date, rng), rng)
    if story.call_today_at and future:
        future[0].planned_date = today
        future[0].planned_time = story.call_today_at
        future[0].save()
    if last_entry is not None and (story.safety_net or story.relay):
        last_entry.coach_state = 4 if story.safety_net else last_entry.coach_state
        last_entry.safety_net = story.safety_net
        last_entry.relay = bool(story.relay)
        last_entry.relay_text = story.relay
        last_entry.save()
    if story.action:
        FollowUpAction.create(
            person=person,
            entry=last_entry,
            text=story.action,
            due_date=today + timedelta(days=1),
        )
    if story.status != "active":
        person.status = story.status
        person.status_reason = story.status_reason
        person.closed_at = datetime.combine(today, time(9)) if story.status == "closed" else None
        person.save()
        if story.status == "closed":
            CheckIn.delete().where(
                (CheckIn.person == person) & (CheckIn.status == "planned")
            ).execute()
