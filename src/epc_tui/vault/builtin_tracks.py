"""The two tracks of the source programmes, created in every new vault.

Names shown in the interface come from the translation catalogue by `builtin_key`; the stored
name is the French one, used when a coach renames nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

FIRST_YEAR = "first-year-support"
ORAL_THERAPY = "oral-therapy"


@dataclass(frozen=True)
class StepSpec:
    """A step of a built-in track."""

    key: str
    label: str
    offset_amount: int
    offset_unit: str
    offset_from: str
    window_before_days: int
    window_after_days: int
    default_mode: str
    default_duration_min: int


@dataclass(frozen=True)
class TrackSpec:
    """A built-in track and its steps."""

    builtin_key: str
    name: str
    description: str
    repeat_rule: str | None
    repeat_from: str
    steps: tuple[StepSpec, ...]


BUILTIN_TRACKS: tuple[TrackSpec, ...] = (
    TrackSpec(
        builtin_key=FIRST_YEAR,
        name="Soutien structuré — première année",
        description=(
            "Quatre rencontres planifiées d'environ 60 minutes à 1, 3, 6 et 12 mois après "
            "la formation initiale, puis un bilan annuel."
        ),
        repeat_rule="FREQ=YEARLY;INTERVAL=1",
        repeat_from="previous",
        steps=(
            StepSpec("m1", "Rencontre 1 mois", 1, "months", "anchor", 7, 14, "phone", 60),
            StepSpec("m3", "Rencontre 3 mois", 3, "months", "anchor", 14, 14, "phone", 60),
            StepSpec("m6", "Rencontre 6 mois", 6, "months", "anchor", 14, 21, "phone", 60),
            StepSpec("m12", "Rencontre 12 mois", 12, "months", "anchor", 14, 30, "phone", 60),
        ),
    ),
    TrackSpec(
        builtin_key=ORAL_THERAPY,
        name="Accompagnement — traitement oral",
        description=(
            "Premier appel téléphonique à J+2 après la première prescription, puis un rythme "
            "décidé avec la personne accompagnée."
        ),
        repeat_rule="FREQ=WEEKLY;INTERVAL=2",
        repeat_from="previous",
        steps=(StepSpec("j2", "Premier appel (J+2)", 2, "days", "anchor", 0, 1, "phone", 30),),
    ),
)

TRACK_ALIASES: dict[str, str] = {
    # Spreadsheet spellings (folded: lower case, no accents) of the built-in tracks.
    "first-year-support": FIRST_YEAR,
    "soutien-premiere-annee": FIRST_YEAR,
    "soutien premiere annee": FIRST_YEAR,
    "first year support": FIRST_YEAR,
    "oral-therapy": ORAL_THERAPY,
    "traitement-oral": ORAL_THERAPY,
    "traitement oral": ORAL_THERAPY,
    "oral therapy": ORAL_THERAPY,
}
