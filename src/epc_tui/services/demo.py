"""The demo vault: fictional people, check-ins, attempts and notes, passphrase `demo`.

Deterministic (a fixed random seed, dates relative to today) so the demo always tells the same
story — the coach's day of product.md: two calls overdue (with failed attempts), three calls
planned today, yesterday's meeting whose note is missing, a safety-net flag, a relay to the
care team, follow-up actions, both tracks, a paused and a closed accompaniment. People are
enrolled through the real scheduler, so their plans are what a coach would get.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from epc_tui.services.enrolment import enrol
from epc_tui.settings import Settings
from epc_tui.vault import tracks as track_store
from epc_tui.vault.builtin_tracks import FIRST_YEAR, ORAL_THERAPY
from epc_tui.vault.demo_content import Story, write_history
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.records import PersonDraft
from epc_tui.vault.vault import Vault

DEMO_PASSPHRASE = "demo"
DEMO_SETTINGS = Settings(skip_weekends=False, skip_holidays=False)  # the story holds any day


def _cast(today: date, first_year: int, oral: int) -> list[tuple[PersonDraft, Story]]:
    """The people of the demo and what the demo shows about each."""

    def months_ago(months: int, days: int = 0) -> date:
        moved: date = today - relativedelta(months=months) - timedelta(days=days)
        return moved

    def partner(
        name: str, anchor: date, profile: str, story: Story, **extra: object
    ) -> tuple[PersonDraft, Story]:
        draft = PersonDraft(
            full_name=name,
            kind="partner",
            track_id=first_year,
            anchor_date=anchor,
            profiles=(profile,),
            tags=("cohorte 2026",),
            referred_by="Équipe de coordination",
            referral_role="coordination",
            referral_date=anchor - timedelta(days=10),
            summary=f"Patient partenaire formé·e le {anchor:%d/%m/%Y}. Profil {profile}.",
            **extra,  # type: ignore[arg-type]
        )
        return draft, story

    def patient(
        name: str, days: int, criteria: tuple[str, ...], story: Story
    ) -> tuple[PersonDraft, Story]:
        anchor = today - timedelta(days=days)
        draft = PersonDraft(
            full_name=name,
            kind="patient",
            track_id=oral,
            anchor_date=anchor,
            cadence="biweekly",
            criteria=criteria,
            referred_by=random.Random(name).choice(("Dre Martin", "Inf. Dubé", "Pharm. Roy")),
            referral_role="équipe de soins",
            referral_date=anchor,
            summary="Accompagnement au début d'un traitement oral.",
        )
        return draft, story

    return [
        partner("Geneviève Tremblay", months_ago(14), "coach", Story()),
        partner("Marc-André Gagnon", months_ago(6, -20), "ressource", Story()),
        partner(
            "Sophie Bouchard",
            months_ago(3, 4),
            "formateur",
            Story(overdue_attempts=("no_answer",)),
        ),
        partner("Luc Côté", months_ago(1), "coach", Story(call_today_at="09:30")),
        partner("Nathalie Pelletier", months_ago(12, 1), "recherche", Story(note_missing=True)),
        partner(
            "Isabelle Lavoie",
            months_ago(5),
            "coach",
            Story(action="Proposer à Isabelle le groupe de codéveloppement"),
        ),
        partner(
            "François Girard",
            months_ago(2),
            "ressource",
            Story(action="Envoyer à François le calendrier des formations"),
        ),
        patient("Jeanne Fortin", 2, ("sideration", "anxiety"), Story(call_today_at="10:30")),
        patient("Robert Morin", 20, ("isolation",), Story(safety_net=True)),
        patient(
            "Chantal Bélanger",
            44,
            ("literacy",),
            Story(
                call_today_at="14:00",
                relay="Questions sur les interactions avec les produits naturels : "
                "à relayer à la pharmacienne.",
            ),
        ),
        patient(
            "Michel Roy",
            9,
            ("not_engaging",),
            Story(overdue_attempts=("no_answer", "voicemail")),
        ),
        patient("Lucie Ouellet", 70, ("anxiety", "isolation"), Story()),
        patient(
            "André Caron",
            30,
            (),
            Story(status="paused", status_reason="Hospitalisation, reprendre contact en janvier"),
        ),
        (
            PersonDraft(
                full_name="Hélène Poirier",
                kind="former",
                track_id=first_year,
                anchor_date=months_ago(23),
                profiles=("temoin",),
                summary="Ancienne patiente partenaire : bilan annuel.",
            ),
            Story(),
        ),
        (
            PersonDraft(
                full_name="Pierre Leblanc",
                kind="former",
                track_id=first_year,
                anchor_date=months_ago(30),
                profiles=("parcours",),
                summary="A terminé son engagement après trois ans.",
            ),
            Story(status="closed", status_reason="Fin de l'engagement, remercié chaleureusement"),
        ),
    ]


def create_demo_vault(paths: VaultPaths, today: date | None = None) -> None:
    """Create the demo vault afresh in `paths` (an existing demo vault is replaced).

    The demo uses the floor key-derivation cost: its passphrase is public anyway.
    """
    if paths.data_dir.exists():
        if paths.exists() and paths.data_dir.name != "demo":
            raise ValueError("refusing to replace a vault that is not the demo")
        shutil.rmtree(paths.data_dir)
    today = today or date.today()
    vault = Vault(paths, kdf=FLOOR)
    try:
        vault.create(DEMO_PASSPHRASE)
        tracks = track_store.list_tracks(vault)
        first_year = track_store.find_track(tracks, FIRST_YEAR)
        oral = track_store.find_track(tracks, ORAL_THERAPY)
        assert first_year is not None and oral is not None
        cast = _cast(today, first_year.id, oral.id)
        now = datetime.combine(today, time(8, 45))
        phones = random.Random(514)
        drafts = [
            PersonDraft(
                **{
                    **draft.__dict__,
                    "code": f"D-{number:03d}",
                    "phone": f"514 555-{phones.randint(1000, 9999)}",
                    "preferred_time": phones.choice(("matin", "après-midi", "mardi matin", "")),
                }
            )
            for number, (draft, _) in enumerate(cast, start=1)
        ]
        ids = enrol(vault, drafts, DEMO_SETTINGS, now)
        rng = random.Random(2026)
        with vault.writing():
            for person_id, (_, story) in zip(ids, cast, strict=True):
                write_history(person_id, story, today, rng)
    finally:
        vault.release()
