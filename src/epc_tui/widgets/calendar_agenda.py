"""The calendar's day agenda: the caseload's on-demand table, holding the day's agenda lines.

A busy day of a large vault holds hundreds of meetings; refilling a `DataTable` with them on
every move of the selected day cost most of the time of a move. This table keeps the day's
list and draws only the lines on screen (see `caseload_table`).
"""

from __future__ import annotations

from epc_tui.vault.check_ins import AgendaEntry
from epc_tui.widgets.caseload_table import CaseloadTable


class AgendaTable(CaseloadTable[AgendaEntry]):
    """One line per check-in of the selected day, drawn when on screen."""

    def index_of(self, check_in_id: int) -> int | None:
        """The line of a check-in, if it is in the agenda."""
        return next(
            (index for index, record in enumerate(self.rows) if record.id == check_in_id), None
        )
