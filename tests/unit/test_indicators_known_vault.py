"""A small vault whose indicators for November 2026 were counted by hand, and checks of it.

`build_known_vault` is also used by the CLI, screen and snapshot tests. Every person, check-in
and entry below is annotated with what it contributes; the expected figures are in
`test_indicators.py` with the arithmetic spelled out.

Names, codes, summaries, tags, notes, themes, relay texts and training needs hold unique
markers (`MARKER_…`) so de-identification tests can look for them in any output.
"""

from __future__ import annotations

from datetime import date, datetime

from epc_tui.vault.indicator_data import indicator_facts, theme_key
from epc_tui.vault.models import CheckIn, LogbookEntry, Person, Track, TrackStep
from epc_tui.vault.vault import Vault

MARKER = "MARKER"
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
TODAY = date(2026, 11, 23)


def _marked(what: str, number: int) -> str:
    return f"{MARKER}_{what}_{number:02d}_zq"


def markers_in(text: str) -> list[str]:
    """Every marker string found in `text`."""
    found = []
    start = text.find(MARKER)
    while start != -1:
        found.append(text[start : start + 40])
        start = text.find(MARKER, start + 1)
    return found


def build_known_vault(vault: Vault) -> None:
    """People P1–P11 with their check-ins and logbook entries (see the module docstring)."""
    with vault.writing():
        first_year = Track.get(Track.builtin_key == "first-year-support")
        oral = Track.get(Track.builtin_key == "oral-therapy")
        m1 = TrackStep.get((TrackStep.track == first_year) & (TrackStep.key == "m1"))
        j2 = TrackStep.get((TrackStep.track == oral) & (TrackStep.key == "j2"))
        number = 0

        def person(kind: str, track: Track | None, started: date, **fields: object) -> Person:
            nonlocal number
            number += 1
            return Person.create(
                code=_marked("code", number),
                full_name=_marked("name", number),
                kind=kind,
                track=track,
                anchor_date=started,
                referral_date=started,
                referred_by=_marked("referrer", number),
                phone=_marked("phone", number),
                email=_marked("email", number),
                summary=_marked("summary", number),
                tags=[_marked("tag", number)],
                status_reason=_marked("reason", number),
                created_at=datetime(2026, 1, 1, 8, 0),
                **fields,
            )

        def check_in(who: Person, kind: str, planned: date, status: str, **fields: object) -> None:
            CheckIn.create(
                person=who,
                kind=kind,
                planned_date=planned,
                status=status,
                label=_marked("label", who.id),
                **fields,
            )

        def entry(who: Person | None, when: datetime, **fields: object) -> None:
            LogbookEntry.create(
                person=who,
                body=_marked("note", who.id if who else 0),
                relay_text=_marked("relay", who.id if who else 0),
                status="final",
                created_at=when,
                updated_at=when,
                finalised_at=when,
                **fields,
            )

        # P1 partner, first year, referred in October: followed, not new.
        p1 = person("partner", first_year, date(2026, 10, 1))
        # held 10 Nov inside its window, 60 min: held, planned, in window
        check_in(
            p1,
            "planned",
            date(2026, 11, 1),
            "done",
            step=m1,
            window_start=date(2026, 10, 25),
            window_end=date(2026, 11, 15),
            held_at=datetime(2026, 11, 10, 10, 0),
            duration_seconds=3600,
        )
        # on request, 20 min: held, not a planned meeting
        check_in(
            p1,
            "on_request",
            date(2026, 11, 18),
            "done",
            held_at=datetime(2026, 11, 18, 14, 0),
            duration_seconds=1200,
        )
        # relay; training need under two vocabulary themes (typed with other capitals)
        entry(
            p1,
            datetime(2026, 11, 10, 11, 5),
            call_ended_at=datetime(2026, 11, 10, 11, 0),
            relay=True,
            themes=["Objectifs", "limites"],
            training_needs=_marked("need", 1),
        )
        # October relay: outside the period
        entry(p1, datetime(2026, 10, 20, 9, 0), relay=True)

        # P2 partner, first year, referred 5 November: new; one missed meeting; one in December.
        p2 = person("partner", first_year, date(2026, 11, 5))
        check_in(p2, "planned", date(2026, 12, 5), "planned", step=m1)
        check_in(
            p2,
            "planned",
            date(2026, 11, 6),
            "missed",
            window_start=date(2026, 11, 1),
            window_end=date(2026, 11, 8),
        )

        # P3 former partner, since 2025, closed 12 November: followed and closed.
        p3 = person(
            "former",
            first_year,
            date(2025, 1, 10),
            status="closed",
            closed_at=datetime(2026, 11, 12, 16, 0),
        )
        # yearly review held 20 Nov after its window closed on 16 Nov, 30 min
        check_in(
            p3,
            "repeat",
            date(2026, 11, 2),
            "done",
            window_start=date(2026, 10, 19),
            window_end=date(2026, 11, 16),
            held_at=datetime(2026, 11, 20, 9, 30),
            duration_seconds=1800,
        )
        # safety net; training need under a word outside the vocabulary
        entry(
            p3,
            datetime(2026, 11, 20, 10, 30),
            safety_net=True,
            themes=[_marked("theme", 3)],
            training_needs=_marked("need", 3),
        )

        # P4 patient, oral therapy, first prescription Monday 2 Nov: J+2 held on the 4th.
        p4 = person("patient", oral, date(2026, 11, 2))
        check_in(
            p4,
            "planned",
            date(2026, 11, 4),
            "done",
            step=j2,
            window_start=date(2026, 11, 4),
            window_end=date(2026, 11, 5),
            held_at=datetime(2026, 11, 4, 9, 0),
            duration_seconds=900,
        )
        entry(p4, datetime(2026, 11, 4, 9, 20), relay=True)

        # P5 patient, prescription Thursday 12 Nov: deadline Sat 14, moved to Mon 16, held
        # then (late for J+2, but inside its own window).
        p5 = person("patient", oral, date(2026, 11, 12))
        check_in(
            p5,
            "planned",
            date(2026, 11, 16),
            "done",
            step=j2,
            window_start=date(2026, 11, 16),
            window_end=date(2026, 11, 17),
            held_at=datetime(2026, 11, 16, 15, 0),
            duration_seconds=600,
        )
        # training need without any theme
        entry(p5, datetime(2026, 11, 16, 15, 30), training_needs=_marked("need", 5))

        # P6 patient, prescription Fri 20 Nov: deadline 22 Nov passed, still not held: late.
        p6 = person("patient", oral, date(2026, 11, 20))
        check_in(p6, "planned", date(2026, 11, 23), "planned", step=j2)

        # P7 patient, prescription Sun 22 Nov: deadline 24 Nov not reached: not yet due.
        p7 = person("patient", oral, date(2026, 11, 22))
        check_in(p7, "planned", date(2026, 11, 24), "planned", step=j2)

        # P8 patient, prescription 29 Oct, J+2 held 31 Oct: October only.
        p8 = person("patient", oral, date(2026, 10, 29))
        check_in(
            p8,
            "planned",
            date(2026, 10, 31),
            "done",
            step=j2,
            window_start=date(2026, 10, 31),
            window_end=date(2026, 11, 1),
            held_at=datetime(2026, 10, 31, 10, 0),
            duration_seconds=700,
        )

        # P9 patient, prescription 9 Nov, first call cancelled: due, late, and cancelled.
        p9 = person("patient", oral, date(2026, 11, 9))
        check_in(p9, "planned", date(2026, 11, 11), "cancelled", step=j2)

        # P10 partner without track, referred in December: not followed in November.
        person("partner", None, date(2026, 12, 1))
        # P11 partner, closed in October: not followed in November.
        person(
            "partner",
            first_year,
            date(2026, 2, 1),
            status="closed",
            closed_at=datetime(2026, 10, 15, 12, 0),
        )

        # The coach's own reflection (no person): a safety-net flag counted in the total only.
        entry(None, datetime(2026, 11, 16, 18, 0), kind="reflection", safety_net=True)


def test_theme_words_map_to_the_vocabulary_or_other() -> None:
    """Accents, capitals and spaces do not matter; unknown words (markers) become `other`."""
    assert theme_key("Bien-être") == "well_being"
    assert theme_key("  OBJECTIFS ") == "objectives"
    assert theme_key("Détresse  empathique") == "empathic_distress"
    assert theme_key(_marked("theme", 3)) == "other"


def test_facts_carry_no_names_codes_or_free_text(new_vault: Vault) -> None:
    """Nothing typed about a person reaches the facts: no marker in their printed form."""
    build_known_vault(new_vault)
    facts = indicator_facts(new_vault, date(2026, 1, 1), date(2026, 12, 31))
    assert len(facts.people) == 11
    assert markers_in(repr(facts)) == []
    assert markers_in(repr(facts.check_ins)) == []


def test_facts_hold_the_check_ins_and_entries_of_the_range(new_vault: Vault) -> None:
    """November: 9 check-ins planned or held in it (P8's October call is left out)."""
    build_known_vault(new_vault)
    facts = indicator_facts(new_vault, *NOVEMBER)
    held = sorted(fact.held for fact in facts.check_ins if fact.held)
    assert held == [date(2026, 11, day) for day in (4, 10, 16, 18, 20)]
    assert len(facts.check_ins) == 9
    assert len(facts.entries) == 5
    assert sorted(fact.themes for fact in facts.entries if fact.training_need) == [
        (),
        ("limits", "objectives"),
        ("other",),
    ]
