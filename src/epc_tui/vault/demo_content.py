"""Fictional content for the demo vault (names and notes invented; any likeness is chance)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from epc_tui.vault.builtin_tracks import FIRST_YEAR, ORAL_THERAPY
from epc_tui.vault.logbook_chain import append_revision
from epc_tui.vault.models import (
    CallAttempt,
    CheckIn,
    FollowUpAction,
    LogbookEntry,
    Person,
    Track,
    TrackStep,
)

PARTNERS = [
    ("Geneviève Tremblay", "coach", 400),
    ("Marc-André Gagnon", "ressource", 200),
    ("Sophie Bouchard", "formateur", 95),
    ("Luc Côté", "coach", 32),
    ("Nathalie Pelletier", "recherche", 370),
    ("Isabelle Lavoie", "coach", 150),
    ("François Girard", "ressource", 60),
]
PATIENTS = [
    ("Jeanne Fortin", ["sideration", "anxiety"], 1),
    ("Robert Morin", ["isolation"], 20),
    ("Chantal Bélanger", ["literacy"], 45),
    ("Michel Roy", ["not_engaging"], 8),
    ("Lucie Ouellet", ["anxiety", "isolation"], 70),
    ("André Caron", [], 3),
]
FORMER = [("Hélène Poirier", 800), ("Pierre Leblanc", 1100)]

NOTES = [
    "Bon échange. {first} se sent plus à l'aise dans son rôle de patient partenaire ; "
    "elle aimerait une formation sur la prise de parole en comité.\n\n"
    "- Objectifs revus : rester au comité des usagers\n- Limites : pas plus de 4 h par mois",
    "{first} raconte une rencontre difficile avec une personne en début de traitement. "
    "Nous avons parlé des stratégies pour garder une distance bienveillante.",
    "Appel court. Tout va bien, {first} prépare une présentation pour les nouvelles "
    "recrues. À rappeler pour le bilan.",
    "Traitement bien toléré, quelques nausées le matin. {first} a des questions sur les "
    "interactions avec les produits naturels : à relayer à la pharmacienne.",
]


def _plan(track: Track, anchor: date) -> list[tuple[TrackStep | None, date]]:
    steps = list(TrackStep.select().where(TrackStep.track == track).order_by(TrackStep.position))
    plan: list[tuple[TrackStep | None, date]] = []
    previous = anchor
    for step in steps:
        base = anchor if step.offset_from == "anchor" else previous
        unit = {"days": "days", "weeks": "weeks", "months": "months"}[step.offset_unit]
        previous = base + relativedelta(**{unit: step.offset_amount})
        plan.append((step, previous))
    return plan


def populate_demo(today: date) -> None:
    """Create the demo people and their history, relative to `today`."""
    rng = random.Random(2026)
    first_year = Track.get(Track.builtin_key == FIRST_YEAR)
    oral = Track.get(Track.builtin_key == ORAL_THERAPY)
    number = 0

    def new_person(name: str, kind: str, track: Track, anchor: date, **extra: object) -> Person:
        nonlocal number
        number += 1
        return Person.create(
            code=f"D-{number:03d}",
            full_name=name,
            kind=kind,
            track=track,
            anchor_date=anchor,
            phone=f"514-555-{rng.randint(1000, 9999)}",
            email="",
            referred_by=rng.choice(["Équipe de coordination", "Dre Martin", "Inf. Dubé"]),
            referral_date=anchor - timedelta(days=3),
            **extra,
        )

    for name, profile, days_since_training in PARTNERS:
        anchor = today - timedelta(days=days_since_training)
        person = new_person(
            name,
            "partner",
            first_year,
            anchor,
            profiles=[profile],
            tags=["cohorte 2026"],
            summary=f"Patient partenaire formé le {anchor:%d/%m/%Y}. Intérêt pour le profil "
            f"{profile}.",
        )
        _history(person, _plan(first_year, anchor), today, rng)
    for name, criteria, days_since_prescription in PATIENTS:
        anchor = today - timedelta(days=days_since_prescription)
        person = new_person(
            name,
            "patient",
            oral,
            anchor,
            criteria=criteria,
            cadence="biweekly",
            summary="Accompagnement au début d'un traitement oral.",
        )
        plan = _plan(oral, anchor)
        plan += [(None, anchor + timedelta(days=2 + 14 * i)) for i in range(1, 6)]
        _history(person, plan, today, rng)
    for name, days in FORMER:
        anchor = today - timedelta(days=days)
        person = new_person(
            name,
            "former",
            first_year,
            anchor,
            profiles=["temoin"],
            summary="Ancienne patiente partenaire : bilan annuel.",
        )
        _history(person, [(None, today + timedelta(days=rng.randint(5, 40)))], today, rng)


def _history(
    person: Person, plan: list[tuple[TrackStep | None, date]], today: date, rng: random.Random
) -> None:
    first = person.full_name.split()[0]
    for sequence, (step, day) in enumerate(plan):
        check_in = CheckIn.create(
            person=person,
            step=step,
            sequence=sequence,
            kind="planned" if step else "repeat",
            label=step.label if step else "Suivi",
            planned_date=day,
            window_start=day - timedelta(days=7),
            window_end=day + timedelta(days=14),
            duration_planned_min=step.default_duration_min if step else 30,
        )
        age = (today - day).days
        if age > 10 or (age > 1 and rng.random() < 0.6):
            held = datetime.combine(day, time(10, 0))
            check_in.status = "done"
            check_in.held_at = held
            check_in.duration_seconds = rng.randint(20, 65) * 60
            check_in.save()
            if age == 2:
                continue  # one held meeting whose note is still missing
            entry = LogbookEntry.create(
                person=person,
                check_in=check_in,
                kind="call",
                status="final",
                body=rng.choice(NOTES).format(first=first),
                themes=rng.sample(["objectifs", "limites", "formation", "bien-être"], 2),
                coach_state=rng.choice([0, 1, 1, 2]),
                call_started_at=held,
                call_ended_at=held + timedelta(minutes=40),
                created_at=held,
                updated_at=held,
                finalised_at=held + timedelta(minutes=45),
            )
            append_revision(entry, entry.body, at=held + timedelta(minutes=45))
        elif 0 < age <= 10:
            CallAttempt.create(
                person=person,
                check_in=check_in,
                outcome="no_answer",
                at=datetime.combine(today - timedelta(days=1), time(14, 30)),
            )
    if person.kind == "partner" and rng.random() < 0.5:
        FollowUpAction.create(
            person=person,
            text=f"Envoyer à {first} le calendrier des formations",
            due_date=today + timedelta(days=rng.randint(-2, 6)),
        )
