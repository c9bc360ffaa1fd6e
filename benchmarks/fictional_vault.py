"""Fictional vaults for benchmarks and scale tests: deterministic, French, realistic in shape.

Two sizes (from `shared/design/performance.md`):

- **typical**: 250 people, 1,500 check-ins, 3,000 notes (two years of one programme);
- **large**: 10,000 people, 50,000 check-ins, 200,000 notes of 100–300 words.

Everything is drawn from one seeded `random.Random` (and Faker `fr_FR`/`fr_CA` seeded from it),
with dates relative to `today`, so a given seed, size and day always give the same people,
meetings and notes. Only the key material differs between two runs (a new random data key).

What a generated vault holds: both built-in tracks; partners and former partners on the
first-year track, accompanied patients on the oral-therapy track; check-ins done, missed,
cancelled, planned and overdue, some rescheduled (with their `CheckInChange`), some with call
attempts; call notes, notes about a person and the coach's reflections, mostly finalised with
their hash-chained `LogbookRevision`s (computed here in Python in one pass, exactly as
`vault.logbook_chain.revision_hash` does, and bulk-inserted), a few drafts, a few amendments
and pending amendment drafts; follow-up actions, some done and some overdue. The search index
is filled by the schema's own triggers as rows are inserted.

Rows are bulk-inserted with `insert_many`, in transactions of a few thousand rows, inside
`vault.writing()`. `build_vault` returns the `Vault` locked and released: unlock it with the
passphrase (`"bench"` by default).

Command line (prints how long generation took and the size on disk)::

    uv run python benchmarks/fictional_vault.py --size large DIR
    uv run python benchmarks/fictional_vault.py --size large --reuse DIR   # keep a finished one

A finished vault carries `fictional-vault.json` (size, seed, day, generator version: nothing
secret); `--reuse` and `ensure_vault` keep a directory whose marker matches and rebuild one
whose marker does not. A directory without the marker is never deleted.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from faker import Faker

from epc_tui.vault.builtin_tracks import FIRST_YEAR, ORAL_THERAPY
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.logbook_chain import GENESIS, revision_hash
from epc_tui.vault.models import (
    BaseModel,
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
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.vault import Vault

GENERATOR_VERSION = 1
MARKER = "fictional-vault.json"
DEFAULT_TODAY = date(2026, 11, 23)  # the test suite's fixed Monday
DEFAULT_PASSPHRASE = "bench"
DEFAULT_SEED = 2026
ROWS_PER_TRANSACTION = 5000
MAX_SQL_VARIABLES = 30000


@dataclass(frozen=True)
class VaultSize:
    """How much a fictional vault holds; notes are `min_words`–`max_words` long."""

    name: str
    people: int
    check_ins: int
    notes: int
    min_words: int = 100
    max_words: int = 300

    def __post_init__(self) -> None:
        if self.people < 1 or self.check_ins < self.people or self.notes < 1:
            raise ValueError("a fictional vault needs people, a check-in each, and notes")


SIZES: dict[str, VaultSize] = {
    "typical": VaultSize("typical", people=250, check_ins=1_500, notes=3_000),
    "large": VaultSize("large", people=10_000, check_ins=50_000, notes=200_000),
}


# -- French note text ------------------------------------------------------------------------

THEMES = (
    "objectifs",
    "limites",
    "formation",
    "bien-être",
    "comité",
    "anxiété",
    "effets secondaires",
    "relais équipe",
    "isolement",
    "observance",
    "proches",
    "retour au travail",
)
SUBJECTS = (
    "le traitement",
    "la fatigue",
    "les nausées du matin",
    "le sommeil",
    "la prochaine rencontre avec l'oncologue",
    "le comité des usagers",
    "la formation sur la prise de parole",
    "son rôle de patient partenaire",
    "ses limites personnelles",
    "l'anxiété avant les examens",
    "les résultats de la dernière prise de sang",
    "le retour progressif au travail",
    "le soutien de ses proches",
    "la gestion des effets secondaires",
    "l'accompagnement d'une personne en début de traitement",
    "le sens donné à son engagement",
    "les interactions avec les produits naturels",
    "la coordination avec l'infirmière pivot",
    "la fatigue de compassion",
    "le bilan annuel",
)
FEELINGS = (  # feminine, masculine
    ("plus sereine", "plus serein"),
    ("fatiguée mais confiante", "fatigué mais confiant"),
    ("un peu dépassée", "un peu dépassé"),
    ("rassurée", "rassuré"),
    ("inquiète", "inquiet"),
    ("motivée", "motivé"),
    ("soulagée", "soulagé"),
    ("partagée", "partagé"),
    ("en colère contre la lenteur des rendez-vous", "en colère contre la lenteur des rendez-vous"),
    ("touchée par les témoignages entendus", "touché par les témoignages entendus"),
)
PEOPLE_AROUND = (
    "la pharmacienne",
    "l'infirmière pivot",
    "l'oncologue",
    "l'équipe de coordination",
    "son conjoint",
    "sa fille",
    "le médecin de famille",
    "la travailleuse sociale",
    "les autres patients partenaires",
)
ACTIONS = (
    "noter ses questions avant le prochain rendez-vous",
    "garder un carnet des prises du traitement",
    "prévoir des pauses entre deux accompagnements",
    "en parler à l'équipe de soins",
    "s'inscrire à la prochaine formation continue",
    "limiter son engagement à quatre heures par mois",
    "appeler la ligne de l'équipe en cas de fièvre",
    "reprendre la marche le matin",
    "demander un rendez-vous avec la nutritionniste",
    "préparer son témoignage pour les étudiants en pharmacie",
)
OPENINGS = (
    "Appel de {minutes} minutes avec {first}.",
    "Bon échange avec {first} aujourd'hui.",
    "Rencontre téléphonique avec {first}, qui avait préparé ses questions.",
    "{first} a rappelé après le message laissé hier.",
    "Rencontre en vidéo : {first} était à l'heure et disponible.",
    "Court appel : {first} n'avait qu'une vingtaine de minutes.",
)
SENTENCES = (
    "{first} se sent {feeling} depuis notre dernier échange.",
    "Nous avons parlé de {subject} et de ce qui l'aide au quotidien.",
    "{Pron} revient sur {subject} : c'est ce qui lui pèse le plus en ce moment.",
    "{Pron} explique que {subject} reste difficile, surtout en fin de journée.",
    "{first} mentionne {subject} ; à suivre lors de la prochaine rencontre.",
    "Nous avons pris le temps de revisiter ses objectifs et ses limites.",
    "{Pron} aimerait {action}, ce qui me semble une bonne idée.",
    "Je lui ai suggéré de {action}.",
    "{first} a décidé de {action} d'ici notre prochain appel.",
    "Question à relayer à {around} au sujet de {subject}.",
    "{around} a déjà été informée ; {first} attend un retour cette semaine.",
    "Pas de signe de détresse aujourd'hui ; le filet de sécurité lui a été rappelé.",
    "Nous avons parlé de la distance bienveillante à garder avec les personnes accompagnées.",
    "Les nausées sont mieux contrôlées depuis le changement d'horaire des prises.",
    "{Pron} se questionne sur sa place au comité et sur le temps que cela demande.",
    "{first} raconte une rencontre émouvante avec une personne nouvellement diagnostiquée.",
    "L'anxiété monte à l'approche des examens ; nous avons revu quelques repères concrets.",
    "{Pron} souhaite faire une pause de l'accompagnement pendant les fêtes.",
    "Le soutien de {around} fait une vraie différence, dit-{pron}.",
    "Je sens {first} {feeling}, même si la semaine a été chargée.",
    "Nous avons convenu de garder le même rythme pour les prochaines semaines.",
    "{Pron} a apprécié la formation et voudrait approfondir l'écoute active.",
    "Rien d'urgent ; tout est noté pour le bilan.",
)
REFLECTIONS = (
    "Je remarque que les appels du lundi me fatiguent davantage.",
    "Réflexion après une semaine chargée : garder du temps pour moi entre deux appels.",
    "J'ai été touchée par le récit de {first} ; en parler à la supervision.",
    "Penser à relire les notes de la formation sur la détresse empathique.",
    "Mes limites cette semaine : pas plus de trois accompagnements.",
)
CLOSINGS = (
    "Prochain appel prévu dans deux semaines.",
    "À rappeler pour le bilan.",
    "Je {la} rappelle après son rendez-vous en oncologie.",
    "Fin de l'appel sur une note positive.",
    "Prochaine rencontre selon le parcours.",
)
RELAYS = (
    "Question sur les interactions médicamenteuses à transmettre à la pharmacienne.",
    "Demande de rendez-vous avec la travailleuse sociale.",
    "Effets secondaires à signaler à l'infirmière pivot.",
)
FOLLOW_UPS = (
    "Envoyer à {first} le calendrier des formations",
    "Rappeler {first} après son examen",
    "Transmettre la question de {first} à l'équipe de coordination",
    "Proposer à {first} une place au comité des usagers",
    "Vérifier avec {first} la date du bilan annuel",
)
AMENDMENT_REASONS = (
    "Précision ajoutée après vérification",
    "Correction d'une date",
    "Ajout d'une information transmise le lendemain",
)


ELISION = re.compile(r"(\s)de (?=[aeiouéèê])")  # "de appeler" -> "d'appeler"


class NoteWriter:
    """Writes French logbook notes of a chosen length from the vocabulary above."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _fill(self, template: str, first: str, feminine: bool) -> str:
        rng = self.rng
        text = template.format(
            first=first,
            Pron="Elle" if feminine else "Il",
            pron="elle" if feminine else "il",
            la="la" if feminine else "le",
            feeling=rng.choice(FEELINGS)[0 if feminine else 1],
            subject=rng.choice(SUBJECTS),
            around=rng.choice(PEOPLE_AROUND),
            action=rng.choice(ACTIONS),
            minutes=rng.choice((20, 30, 40, 45, 50, 60)),
        )
        return ELISION.sub(r"\1d'", text)

    def note(self, first: str, feminine: bool, words: int, reflection: bool = False) -> str:
        """A note of about `words` words, in paragraphs, sometimes ending with a short list."""
        rng = self.rng
        opening = rng.choice(REFLECTIONS) if reflection else rng.choice(OPENINGS)
        paragraphs: list[list[str]] = [[self._fill(opening, first, feminine)]]
        count = len(paragraphs[0][0].split())
        while count < words:
            if len(paragraphs[-1]) >= rng.randint(3, 5):
                paragraphs.append([])
            sentence = self._fill(rng.choice(SENTENCES), first, feminine)
            paragraphs[-1].append(sentence)
            count += len(sentence.split())
        text = "\n\n".join(" ".join(paragraph) for paragraph in paragraphs if paragraph)
        if not reflection and rng.random() < 0.3:
            text += "\n\n- " + "\n- ".join(
                self._fill("À faire : {action}", first, feminine) for _ in range(rng.randint(1, 3))
            )
        elif not reflection:
            text += " " + rng.choice(CLOSINGS)
        return text


# -- generation ------------------------------------------------------------------------------


def _uid(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


@dataclass
class _PersonPlan:
    id: int
    first: str
    feminine: bool
    kind: str
    track_id: int
    anchor: date
    created: datetime


@dataclass
class _NotePlan:
    at: datetime
    person_id: int | None
    first: str
    feminine: bool
    check_in_id: int | None
    kind: str


def _batches(rows: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert(model: type[BaseModel], rows: Sequence[dict[str, Any]]) -> None:
    """Bulk-insert `rows` in statements that stay under SQLite's variable limit."""
    if not rows:
        return
    per_statement = max(1, MAX_SQL_VARIABLES // len(rows[0]))
    for batch in _batches(rows, per_statement):
        model.insert_many(batch).execute()


def _insert_in_transactions(vault: Vault, model: type[BaseModel], rows: Iterable[Any]) -> None:
    pending: list[dict[str, Any]] = []
    for row in rows:
        pending.append(row)
        if len(pending) >= ROWS_PER_TRANSACTION:
            with vault.writing():
                _insert(model, pending)
            pending = []
    if pending:
        with vault.writing():
            _insert(model, pending)


class _Generator:
    """One generation run: its random source, its day, and the ids handed out so far."""

    def __init__(self, vault: Vault, size: VaultSize, today: date, seed: int) -> None:
        self.vault = vault
        self.size = size
        self.today = today
        self.rng = random.Random(seed)
        self.faker = Faker(["fr_FR", "fr_CA"])
        self.faker.seed_instance(seed)
        self.writer = NoteWriter(self.rng)
        self.people: list[_PersonPlan] = []
        self.notes: list[_NotePlan] = []
        self.held: list[tuple[int, int, datetime]] = []  # check-in id, person index, held at

    def run(self) -> None:
        with self.vault.connected():
            tracks = {track.builtin_key: track for track in Track.select()}
            steps = {
                key: list(
                    TrackStep.select().where(TrackStep.track == track).order_by(TrackStep.position)
                )
                for key, track in tracks.items()
            }
        self.tracks = tracks
        self.steps = steps
        self._people()
        self._check_ins()
        self._plan_notes()
        self._write_notes()
        self._follow_ups()

    # people ----------------------------------------------------------------------------

    def _people(self) -> None:
        rng, today = self.rng, self.today
        rows = []
        for index in range(self.size.people):
            roll = rng.random()
            kind = "partner" if roll < 0.45 else "patient" if roll < 0.9 else "former"
            track = self.tracks[ORAL_THERAPY if kind == "patient" else FIRST_YEAR]
            feminine = rng.random() < 0.6
            first = self.faker.first_name_female() if feminine else self.faker.first_name_male()
            full_name = f"{first} {self.faker.last_name()}"
            if kind == "patient":
                anchor = today - timedelta(days=rng.randint(-20, 400))
            else:
                anchor = today - timedelta(days=rng.randint(20, 1100))
            status_roll = rng.random()
            status = "active" if status_roll < 0.8 else "paused" if status_roll < 0.88 else "closed"
            created = _at(anchor - timedelta(days=rng.randint(1, 10)), rng.randint(8, 17))
            person_id = index + 1
            self.people.append(
                _PersonPlan(person_id, first, feminine, kind, track.id, anchor, created)
            )
            rows.append(
                {
                    "id": person_id,
                    "uid": _uid(rng),
                    "code": f"F-{person_id:05d}",
                    "full_name": full_name,
                    "kind": kind,
                    "status": status,
                    "status_reason": "Pause demandée pendant les traitements"
                    if status == "paused"
                    else "",
                    "track": track.id,
                    "anchor_date": anchor,
                    "cadence": rng.choice(("weekly", "biweekly", "monthly"))
                    if kind == "patient"
                    else "",
                    "phone": self.faker.phone_number(),
                    "email": self.faker.email() if rng.random() < 0.6 else "",
                    "preferred_mode": rng.choice(("phone", "phone", "video", "in_person")),
                    "preferred_time": rng.choice(("", "matin", "après-midi", "après 16 h")),
                    "referred_by": rng.choice(
                        ("Équipe de coordination", "Dre Martin", "Inf. Dubé", "Pharm. Roy")
                    ),
                    "referral_role": rng.choice(("infirmière pivot", "oncologue", "coordination")),
                    "referral_date": anchor - timedelta(days=rng.randint(1, 5)),
                    "criteria": rng.sample(
                        ["sideration", "anxiety", "isolation", "literacy", "not_engaging"],
                        rng.randint(0, 2),
                    )
                    if kind == "patient"
                    else [],
                    "profiles": rng.sample(
                        ["coach", "ressource", "formateur", "recherche", "temoin"], 1
                    )
                    if kind != "patient"
                    else [],
                    "tags": rng.sample(
                        ["cohorte 2025", "cohorte 2026", "Montréal", "Laval", "bénévole"],
                        rng.randint(0, 2),
                    ),
                    "summary": self.writer.note(first, feminine, rng.randint(15, 40)).split("\n")[
                        0
                    ],
                    "needs_other_contact": rng.random() < 0.03,
                    "created_at": created,
                    "updated_at": created,
                    "closed_at": _at(today - timedelta(days=rng.randint(1, 200)), 12)
                    if status == "closed"
                    else None,
                }
            )
        _insert_in_transactions(self.vault, Person, rows)

    # check-ins ---------------------------------------------------------------------------

    def _counts(self) -> list[int]:
        """Check-ins per person: one each, the rest spread (patients are called more often)."""
        counts = [1] * len(self.people)
        weights = [3 if person.kind == "patient" else 1 for person in self.people]
        extra = self.size.check_ins - len(self.people)
        for index in self.rng.choices(range(len(self.people)), weights=weights, k=extra):
            counts[index] += 1
        return counts

    def _dates(self, person: _PersonPlan, count: int) -> list[tuple[Any, date]]:
        """Meeting dates along the person's track, then its repeat (yearly or every 2 weeks)."""
        key = ORAL_THERAPY if person.kind == "patient" else FIRST_YEAR
        steps = self.steps[key]
        plan: list[tuple[Any, date]] = []
        previous = person.anchor
        for step in steps[:count]:
            previous = person.anchor + relativedelta(**{step.offset_unit: step.offset_amount})
            plan.append((step, previous))
        gap = relativedelta(weeks=2) if key == ORAL_THERAPY else relativedelta(years=1)
        while len(plan) < count:
            previous = previous + gap
            plan.append((None, previous))
        if key == FIRST_YEAR and plan and plan[-1][1] > self.today + timedelta(days=400):
            shift = plan[-1][1] - (self.today + timedelta(days=self.rng.randint(0, 300)))
            person.anchor = person.anchor - shift
            plan = [(step, day - shift) for step, day in plan]
        if key == ORAL_THERAPY and plan[-1][1] > self.today + timedelta(days=90):
            shift = plan[-1][1] - (self.today + timedelta(days=self.rng.randint(0, 60)))
            person.anchor = person.anchor - shift
            plan = [(step, day - shift) for step, day in plan]
        return plan

    def _check_ins(self) -> None:
        rng, today = self.rng, self.today
        check_ins: list[dict[str, Any]] = []
        changes: list[dict[str, Any]] = []
        attempts: list[dict[str, Any]] = []
        next_id = 1
        for index, (person, count) in enumerate(zip(self.people, self._counts(), strict=True)):
            for sequence, (step, day) in enumerate(self._dates(person, count)):
                check_in_id = next_id
                next_id += 1
                age = (today - day).days
                if age > 0:
                    roll = rng.random()
                    status = (
                        "done"
                        if roll < 0.78
                        else "missed"
                        if roll < 0.86
                        else "cancelled"
                        if roll < 0.93
                        else "planned"  # overdue: planned, date past, never held
                    )
                else:
                    status = "planned"
                hour = rng.choice((9, 10, 11, 13, 14, 15, 16))
                minute = rng.choice((0, 0, 15, 30, 45))
                held = _at(day, hour, minute) if status == "done" else None
                duration_planned = step.default_duration_min if step else 30
                created = person.created + timedelta(days=sequence)
                check_ins.append(
                    {
                        "id": check_in_id,
                        "uid": _uid(rng),
                        "person": person.id,
                        "step": step.id if step else None,
                        "sequence": sequence,
                        "kind": "planned" if step else "repeat",
                        "label": step.label if step else "Suivi",
                        "planned_date": day,
                        "planned_time": f"{hour:02d}:{minute:02d}" if rng.random() < 0.6 else "",
                        "window_start": day
                        - timedelta(days=step.window_before_days if step else 3),
                        "window_end": day + timedelta(days=step.window_after_days if step else 7),
                        "status": status,
                        "mode": rng.choice(("phone", "phone", "phone", "video", "in_person")),
                        "duration_planned_min": duration_planned,
                        "held_at": held,
                        "duration_seconds": rng.randint(15, 70) * 60 if held else None,
                        "created_at": created,
                        "updated_at": held or created,
                    }
                )
                if held is not None:
                    self.held.append((check_in_id, index, held))
                if rng.random() < 0.06:
                    moved_from = day - timedelta(days=rng.randint(1, 10))
                    changes.append(
                        {
                            "check_in": check_in_id,
                            "at": _at(min(moved_from, today) - timedelta(days=2), 11),
                            "field": "planned_date",
                            "old_value": moved_from.isoformat(),
                            "new_value": day.isoformat(),
                            "reason": rng.choice(("Demande de la personne", "Rendez-vous médical")),
                        }
                    )
                if status in ("missed", "cancelled"):
                    changes.append(
                        {
                            "check_in": check_in_id,
                            "at": _at(day, 17),
                            "field": "status",
                            "old_value": "planned",
                            "new_value": status,
                            "reason": "",
                        }
                    )
                if (status in ("missed", "planned") and age > 0) or (
                    status == "done" and rng.random() < 0.08
                ):
                    for number in range(rng.randint(1, 3)):
                        at = _at(day + timedelta(days=number), rng.randint(9, 17), 30)
                        outcome = rng.choice(
                            ("no_answer", "voicemail", "call_back", "wrong_number")
                        )
                        attempts.append(
                            {
                                "uid": _uid(rng),
                                "person": person.id,
                                "check_in": check_in_id,
                                "at": at,
                                "outcome": outcome,
                                "call_back_at": at + timedelta(days=1)
                                if outcome == "call_back"
                                else None,
                                "note": "Message laissé" if outcome == "voicemail" else "",
                            }
                        )
        _insert_in_transactions(self.vault, CheckIn, check_ins)
        _insert_in_transactions(self.vault, CheckInChange, changes)
        _insert_in_transactions(self.vault, CallAttempt, attempts)

    # notes -------------------------------------------------------------------------------

    def _plan_notes(self) -> None:
        """Decide every note's moment and subject first, so notes can be written in time order."""
        rng, today = self.rng, self.today
        total = self.size.notes
        for check_in_id, index, held in self.held:
            if len(self.notes) >= total:
                break
            if rng.random() < 0.02:
                continue  # a held meeting whose note is still missing
            person = self.people[index]
            at = held + timedelta(minutes=rng.randint(30, 90))
            self.notes.append(
                _NotePlan(at, person.id, person.first, person.feminine, check_in_id, "call")
            )
        while len(self.notes) < total:
            if rng.random() < 0.05:
                day = today - timedelta(days=rng.randint(0, 730))
                about = rng.choice(self.people)  # named in the text only, not linked
                at = _at(day, rng.randint(8, 20))
                self.notes.append(
                    _NotePlan(at, None, about.first, about.feminine, None, "reflection")
                )
                continue
            person = rng.choice(self.people)
            span = max(1, (today - person.created.date()).days)
            day = person.created.date() + timedelta(days=rng.randint(0, span))
            at = _at(day, rng.randint(8, 20), rng.randint(0, 59))
            self.notes.append(
                _NotePlan(at, person.id, person.first, person.feminine, None, "person_note")
            )
        self.notes.sort(key=lambda plan: plan.at)

    def _write_notes(self) -> None:
        """Write entries and their revisions in time order, chaining hashes as the app does."""
        rng, size = self.rng, self.size
        chain = GENESIS
        revision_id = 0
        drafts_from = len(self.notes) - max(3, len(self.notes) // 40)
        for start in range(0, len(self.notes), ROWS_PER_TRANSACTION):
            entries: list[dict[str, Any]] = []
            revisions: list[dict[str, Any]] = []
            for offset, plan in enumerate(self.notes[start : start + ROWS_PER_TRANSACTION]):
                entry_id = start + offset + 1
                uid = _uid(rng)
                words = rng.randint(size.min_words, size.max_words)
                body = self.writer.note(
                    plan.first, plan.feminine, words, reflection=plan.kind == "reflection"
                )
                # Recent notes are sometimes still drafts; the rest are finalised.
                draft = entry_id > drafts_from and (
                    entry_id == len(self.notes) or rng.random() < 0.5
                )
                finalised = (
                    None if draft else (plan.at + timedelta(minutes=10)).replace(microsecond=0)
                )
                amendment_draft = None
                if finalised is not None:
                    revision_id += 1
                    chain_next = revision_hash(chain, uid, 0, finalised, body, "")
                    revisions.append(
                        {
                            "id": revision_id,
                            "entry": entry_id,
                            "number": 0,
                            "at": finalised,
                            "body": body,
                            "reason": "",
                            "previous_hash": chain,
                            "chain_hash": chain_next,
                        }
                    )
                    chain = chain_next
                    roll = rng.random()
                    if roll < 0.01:
                        amended_at = finalised + timedelta(days=rng.randint(1, 3))
                        reason = rng.choice(AMENDMENT_REASONS)
                        body = body + "\n\n" + self.writer.note(plan.first, plan.feminine, 20)
                        revision_id += 1
                        chain_next = revision_hash(chain, uid, 1, amended_at, body, reason)
                        revisions.append(
                            {
                                "id": revision_id,
                                "entry": entry_id,
                                "number": 1,
                                "at": amended_at,
                                "body": body,
                                "reason": reason,
                                "previous_hash": chain,
                                "chain_hash": chain_next,
                            }
                        )
                        chain = chain_next
                    elif roll < 0.015:
                        amendment_draft = (
                            body + "\n\n" + self.writer.note(plan.first, plan.feminine, 15)
                        )
                relay = plan.kind == "call" and rng.random() < 0.05
                lines = body.split("\n")
                entries.append(
                    {
                        "id": entry_id,
                        "uid": uid,
                        "person": plan.person_id,
                        "check_in": plan.check_in_id,
                        "kind": plan.kind,
                        "status": "draft" if draft else "final",
                        "body": body,
                        "amendment_draft": amendment_draft,
                        "cursor_row": len(lines) - 1 if draft else 0,
                        "cursor_column": len(lines[-1]) if draft else 0,
                        "themes": rng.sample(THEMES, rng.randint(0, 3)),
                        "coach_state": rng.choice((0, 0, 1, 1, 2, 3))
                        if plan.kind != "person_note"
                        else None,
                        "safety_net": rng.random() < 0.01,
                        "training_needs": "Formation sur l'écoute active"
                        if rng.random() < 0.03
                        else "",
                        "relay": relay,
                        "relay_text": rng.choice(RELAYS) if relay else "",
                        "relay_done": relay and rng.random() < 0.7,
                        "call_started_at": plan.at - timedelta(minutes=45)
                        if plan.kind == "call"
                        else None,
                        "call_ended_at": plan.at - timedelta(minutes=5)
                        if plan.kind == "call"
                        else None,
                        "created_at": plan.at,
                        "updated_at": plan.at,
                        "finalised_at": finalised,
                    }
                )
            with self.vault.writing():
                _insert(LogbookEntry, entries)
                _insert(LogbookRevision, revisions)

    # follow-up actions -------------------------------------------------------------------

    def _follow_ups(self) -> None:
        rng, today = self.rng, self.today
        rows = []
        for person in self.people:
            if rng.random() >= 0.3:
                continue
            due = today + timedelta(days=rng.randint(-30, 30))
            rows.append(
                {
                    "uid": _uid(rng),
                    "person": person.id,
                    "text": rng.choice(FOLLOW_UPS).format(first=person.first),
                    "due_date": due,
                    "done_at": _at(due - timedelta(days=1), 15)
                    if due < today and rng.random() < 0.6
                    else None,
                    "created_at": _at(due - timedelta(days=rng.randint(3, 20)), 10),
                }
            )
        _insert_in_transactions(self.vault, FollowUpAction, rows)


# -- public API ------------------------------------------------------------------------------


def resolve_size(size: str | VaultSize) -> VaultSize:
    """The `VaultSize` for a name (`typical`, `large`) or the given one."""
    if isinstance(size, VaultSize):
        return size
    try:
        return SIZES[size]
    except KeyError:
        raise ValueError(f"unknown size {size!r}: choose one of {', '.join(SIZES)}") from None


def _marker(size: VaultSize, today: date, seed: int) -> dict[str, Any]:
    return {
        "generator": GENERATOR_VERSION,
        "size": asdict(size),
        "today": today.isoformat(),
        "seed": seed,
    }


def build_vault(
    data_dir: Path,
    size: str | VaultSize = "typical",
    passphrase: str = DEFAULT_PASSPHRASE,
    today: date = DEFAULT_TODAY,
    seed: int = DEFAULT_SEED,
) -> Vault:
    """Create a fictional vault in `data_dir` (which must not hold a vault yet).

    Uses the floor key-derivation cost (the passphrase is public anyway). Returns the `Vault`
    locked and released; call `unlock(passphrase)` to use it.
    """
    chosen = resolve_size(size)
    vault = Vault(VaultPaths(data_dir), kdf=FLOOR)
    try:
        vault.create(passphrase)  # leaves the vault unlocked: no second key derivation
        _Generator(vault, chosen, today, seed).run()
        with vault.connected():
            vault.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        vault.release()
    (data_dir / MARKER).write_text(json.dumps(_marker(chosen, today, seed)) + "\n")
    (data_dir / MARKER).chmod(0o600)
    return vault


def ensure_vault(
    data_dir: Path,
    size: str | VaultSize = "typical",
    passphrase: str = DEFAULT_PASSPHRASE,
    today: date = DEFAULT_TODAY,
    seed: int = DEFAULT_SEED,
) -> Vault:
    """Reuse the fictional vault in `data_dir` if it was generated alike, else build it.

    A directory holding anything without our marker is refused (`FileExistsError`), so a
    real vault can never be replaced by mistake.
    """
    chosen = resolve_size(size)
    marker = data_dir / MARKER
    if marker.exists():
        try:
            found = json.loads(marker.read_text())
        except ValueError:
            found = None
        if found == _marker(chosen, today, seed):
            return Vault(VaultPaths(data_dir), kdf=FLOOR)
        shutil.rmtree(data_dir)
    elif data_dir.exists() and any(data_dir.iterdir()):
        raise FileExistsError(f"{data_dir} is not empty and holds no fictional vault")
    return build_vault(data_dir, chosen, passphrase, today, seed)


def _directory_size(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())


def main(argv: list[str] | None = None) -> int:
    """Generate (or reuse) a fictional vault and print how long it took and its size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", type=Path, help="data directory of the fictional vault")
    parser.add_argument("--size", choices=sorted(SIZES), default="typical")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--today", type=date.fromisoformat, default=DEFAULT_TODAY)
    parser.add_argument("--passphrase", default=DEFAULT_PASSPHRASE)
    parser.add_argument("--reuse", action="store_true", help="keep a matching finished vault")
    args = parser.parse_args(argv)
    directory: Path = args.directory
    marker = directory / MARKER
    if not args.reuse and directory.exists() and any(directory.iterdir()):
        if not marker.exists():
            print(f"{directory} is not empty and holds no fictional vault", file=sys.stderr)
            return 1
        shutil.rmtree(directory)
    began = time.perf_counter()
    try:
        ensure_vault(directory, args.size, args.passphrase, args.today, args.seed)
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - began
    size = SIZES[args.size]
    print(
        f"{args.size}: {size.people} people, {size.check_ins} check-ins, {size.notes} notes "
        f"(seed {args.seed}, day {args.today.isoformat()})"
    )
    print(f"time: {elapsed:.1f} s")
    print(f"size on disk: {_directory_size(directory) / 1_000_000:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
