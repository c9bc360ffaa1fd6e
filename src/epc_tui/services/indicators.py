"""Programme indicators: pure functions of the de-identified facts of `vault.indicator_data`.

Over a period [start, end] (both days included), for every track × kind of person and in total:

- **people followed**: people whose accompaniment had begun by the end of the period (referral
  date, else anchor date, else the day they were added) and was not closed before its start;
- **new referrals**: people whose accompaniment began in the period (same start date);
- **closed accompaniments**: people closed during the period;
- **meetings held**: check-ins marked done, held in the period (every kind, on request too);
- **first contacts by J+2**: among first calls of the oral-therapy track (step `j2`) whose
  deadline — the anchor (first prescription) + 2 calendar days — falls in the period, those held
  no later than the deadline. A first call not yet held whose deadline is today or later is not
  yet due and is left out; one not held past its deadline, missed or cancelled counts as late.
  Shown as a count over the first calls due, and a percentage;
- **planned meetings held within their window**: among planned and repeating check-ins
  (not on request) held in the period, those held between their window's first and last day
  (the planned day itself when the check-in has no window), and the percentage;
- **missed** and **cancelled**: check-ins with that status planned in the period;
- **call time**: total and average duration of the meetings held with a recorded duration;
- **relays to the care team** and **safety-net flags**: logbook entries so marked, created in
  the period (a call's note is opened when the call starts); entries not about a person — the
  coach's own reflections — count in the totals only;
- **continuing-education needs by theme**: entries of the period with a training need, counted
  under each of their themes (the programme vocabulary; `other`, or `unspecified` when none).

Series per month (meetings held, on-time rate) cover the months of the period, and at least
the `SERIES_MONTHS` months ending with it, so a short period still shows a trend.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from epc_tui.vault.indicator_data import (
    FIRST_CONTACT_DELAY,
    FIRST_CONTACT_STEP,
    NO_TRACK,
    UNSPECIFIED_THEME,
    CheckInFact,
    EntryFact,
    IndicatorFacts,
    PersonFact,
    TrackFact,
    indicator_facts,
)
from epc_tui.vault.vault import Vault

SERIES_MONTHS = 6
PLANNED_KINDS = ("planned", "repeat")
KIND_ORDER = ("partner", "patient", "former")


@dataclass(frozen=True)
class Figures:
    """The figures of one group (or of everything) over a period."""

    people_followed: int = 0
    new_referrals: int = 0
    closed: int = 0
    meetings_held: int = 0
    first_contacts_due: int = 0
    first_contacts_on_time: int = 0
    planned_held: int = 0
    planned_in_window: int = 0
    missed: int = 0
    cancelled: int = 0
    timed_calls: int = 0
    call_seconds: int = 0
    relays: int = 0
    safety_net_flags: int = 0
    training_needs: int = 0
    needs_by_theme: tuple[tuple[str, int], ...] = ()

    @property
    def first_contact_rate(self) -> float | None:
        """Share of first contacts made by J+2 (0–1), None when none was due."""
        return _rate(self.first_contacts_on_time, self.first_contacts_due)

    @property
    def in_window_rate(self) -> float | None:
        """Share of planned meetings held within their window (0–1), None when none held."""
        return _rate(self.planned_in_window, self.planned_held)

    @property
    def average_call_seconds(self) -> float | None:
        """Mean duration of the timed calls, None when no call was timed."""
        return self.call_seconds / self.timed_calls if self.timed_calls else None


@dataclass(frozen=True)
class GroupFigures:
    """The figures of one track and kind of person."""

    track: TrackFact
    kind: str
    figures: Figures


@dataclass(frozen=True)
class MonthPoint:
    """One month of the series."""

    month: date  # first day of the month
    meetings_held: int
    planned_held: int
    planned_in_window: int

    @property
    def in_window_rate(self) -> float | None:
        """On-time rate of the month (0–1), None when no planned meeting was held."""
        return _rate(self.planned_in_window, self.planned_held)


@dataclass(frozen=True)
class IndicatorReport:
    """Everything the screen and the CSV show for a period."""

    start: date
    end: date
    total: Figures
    groups: tuple[GroupFigures, ...]
    months: tuple[MonthPoint, ...]


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _within(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def held_day(check_in: CheckInFact) -> date | None:
    """The day a done check-in was held (its planned day if the time was not recorded)."""
    if check_in.status != "done":
        return None
    return check_in.held or check_in.planned


def held_in_window(check_in: CheckInFact) -> bool:
    """Whether a held check-in was held between its window's first and last day."""
    day = held_day(check_in)
    if day is None:
        return False
    first = check_in.window_start or check_in.planned
    last = check_in.window_end or check_in.planned
    return first <= day <= last


def first_contact_deadline(check_in: CheckInFact) -> date | None:
    """Anchor + 2 days for a J+2 first call, None for any other check-in."""
    if check_in.step_key != FIRST_CONTACT_STEP or check_in.anchor is None:
        return None
    return check_in.anchor + FIRST_CONTACT_DELAY


def _is_followed(person: PersonFact, start: date, end: date) -> bool:
    return person.started <= end and (person.closed is None or person.closed >= start)


def figures_of(
    people: Iterable[PersonFact],
    check_ins: Iterable[CheckInFact],
    entries: Iterable[EntryFact],
    start: date,
    end: date,
    today: date,
) -> Figures:
    """The figures of the given people, check-ins and entries over [start, end]."""
    counts: Counter[str] = Counter()
    for person in people:
        counts["people_followed"] += _is_followed(person, start, end)
        counts["new_referrals"] += _within(person.started, start, end)
        counts["closed"] += _within(person.closed, start, end)
    for check_in in check_ins:
        held = held_day(check_in)
        if _within(held, start, end):
            counts["meetings_held"] += 1
            if check_in.duration_seconds:
                counts["timed_calls"] += 1
                counts["call_seconds"] += check_in.duration_seconds
            if check_in.kind in PLANNED_KINDS:
                counts["planned_held"] += 1
                counts["planned_in_window"] += held_in_window(check_in)
        if _within(check_in.planned, start, end) and check_in.status in ("missed", "cancelled"):
            counts[check_in.status] += 1
        deadline = first_contact_deadline(check_in)
        if (
            deadline is not None
            and _within(deadline, start, end)
            and (held is not None or deadline < today)
        ):
            counts["first_contacts_due"] += 1
            counts["first_contacts_on_time"] += held is not None and held <= deadline
    themes: Counter[str] = Counter()
    for entry in entries:
        if not _within(entry.day, start, end):
            continue
        counts["relays"] += entry.relay
        counts["safety_net_flags"] += entry.safety_net
        if entry.training_need:
            counts["training_needs"] += 1
            themes.update(entry.themes or (UNSPECIFIED_THEME,))
    return Figures(
        **counts,
        needs_by_theme=tuple(sorted(themes.items(), key=lambda item: (-item[1], item[0]))),
    )


def _group_order(key: tuple[TrackFact, str]) -> tuple[int, str, int, str]:
    track, kind = key
    builtin_rank = 0 if track.builtin_key else (2 if track == NO_TRACK else 1)
    kind_rank = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
    return (builtin_rank, track.builtin_key or track.name, kind_rank, kind)


def month_series(facts: IndicatorFacts, start: date, end: date) -> tuple[MonthPoint, ...]:
    """Meetings held and on-time rate for each month from `start`'s to `end`'s."""
    first = start.replace(day=1)
    counts: Counter[tuple[date, str]] = Counter()
    for check_in in facts.check_ins:
        day = held_day(check_in)
        if day is None or not first <= day <= end:
            continue
        month = day.replace(day=1)
        counts[month, "held"] += 1
        if check_in.kind in PLANNED_KINDS:
            counts[month, "planned"] += 1
            counts[month, "in_window"] += held_in_window(check_in)
    points = []
    while first <= end:
        points.append(
            MonthPoint(
                first,
                counts[first, "held"],
                counts[first, "planned"],
                counts[first, "in_window"],
            )
        )
        first += relativedelta(months=1)
    return tuple(points)


def series_start(start: date, end: date) -> date:
    """The first day the series covers: the period's start, or earlier for a short period."""
    earliest: date = end.replace(day=1) - relativedelta(months=SERIES_MONTHS - 1)
    return min(start.replace(day=1), earliest)


def compute_report(facts: IndicatorFacts, start: date, end: date, today: date) -> IndicatorReport:
    """The whole report for [start, end]; `facts` must cover at least `series_start(...)`–end."""
    person_group = {person.person_id: (person.track, person.kind) for person in facts.people}
    people: dict[tuple[TrackFact, str], list[PersonFact]] = {}
    check_ins: dict[tuple[TrackFact, str], list[CheckInFact]] = {}
    entries: dict[tuple[TrackFact, str], list[EntryFact]] = {}
    for person in facts.people:
        people.setdefault((person.track, person.kind), []).append(person)
    for check_in in facts.check_ins:
        key = person_group.get(check_in.person_id)
        if key is not None:
            check_ins.setdefault(key, []).append(check_in)
    for entry in facts.entries:
        key = person_group.get(entry.person_id) if entry.person_id is not None else None
        if key is not None:
            entries.setdefault(key, []).append(entry)
    groups = []
    for key in sorted(set(people) | set(check_ins) | set(entries), key=_group_order):
        figures = figures_of(
            people.get(key, ()), check_ins.get(key, ()), entries.get(key, ()), start, end, today
        )
        if figures != Figures():
            groups.append(GroupFigures(track=key[0], kind=key[1], figures=figures))
    total = figures_of(facts.people, facts.check_ins, facts.entries, start, end, today)
    return IndicatorReport(
        start=start,
        end=end,
        total=total,
        groups=tuple(groups),
        months=month_series(facts, series_start(start, end), end),
    )


def indicator_report(vault: Vault, start: date, end: date, today: date) -> IndicatorReport:
    """Read the facts (series included) and compute the report for [start, end]."""
    facts = indicator_facts(vault, start, end, check_ins_from=series_start(start, end))
    return compute_report(facts, start, end, today)
