"""Version 6: a covering index for the calendar's agenda (and the today view's days).

An agenda reads the check-ins of a day or a week. Through the plain date index SQLite then
fetched each check-in's row: one scattered page per meeting, each decrypted, for hundreds of
meetings on a busy day. This index holds every column a `CheckInRecord` needs, ordered by day
and time, so a day's agenda is a few consecutive index pages. It costs about as much disk as
the check-in table itself (tens of MB at 200,000 check-ins) and one more index to keep on
each change of a check-in.
"""

from __future__ import annotations

from typing import Any

AGENDA_INDEX = "check_in_by_day"

INDEX = (
    f"CREATE INDEX IF NOT EXISTS {AGENDA_INDEX} ON check_in "
    "(planned_date, planned_time, status, person_id, step_id, kind, label, sequence, "
    "window_start, window_end, mode, duration_planned_min, held_at, duration_seconds, uid)"
)


def apply(database: Any) -> None:
    """Create the index and let the planner know it (without statistics it keeps using the
    narrower date index)."""
    database.execute_sql(INDEX)
    database.execute_sql("ANALYZE check_in")
