"""The real application under a pseudo-terminal, killed with SIGKILL while a note is typed:
the draft holds everything typed up to about two seconds before the kill, and is offered again.

No test double: `python -m epc_tui` is started on a real vault, the passphrase and the note are
typed as key presses into the terminal, then the process is killed without any chance to save.
`benchmarks/fault_runs.py --scenario typing` repeats this with random timings.
"""

from __future__ import annotations

import time
from datetime import date, datetime

from benchmarks.fault_runs import TYPING_PACE, AppUnderPty, typing_loss

from epc_tui.vault import check_ins, logbook, people
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.records import PersonDraft
from epc_tui.vault.vault import Vault
from tests.conftest import PASSPHRASE


def a_person_to_call_today(vault: Vault) -> int:
    """One person with a single check-in planned today (first line of the today view)."""
    draft = PersonDraft(full_name="Denise Appel", kind="patient", track_id=None, anchor_date=None)
    person_id = people.add_person(vault, draft, [], datetime.now())
    check_ins.add_check_in(vault, person_id, date.today(), at=datetime.now())
    return person_id


def test_kill_9_while_typing_loses_at_most_two_seconds(new_vault: Vault) -> None:
    """Typed, paused, typed again, killed: every word before the last pause is in the draft;
    then typing steadily and killed mid-word: what is lost is at most the last ~2 s."""
    person_id = a_person_to_call_today(new_vault)
    paths = new_vault.paths
    new_vault.release()
    app = AppUnderPty(paths.data_dir)
    try:
        app.open_first_call(PASSPHRASE)
        app.type("Premier passage. ", pause=0.03)
        time.sleep(2.5)  # a pause: autosave writes
        steady = "deuxieme passage tape sans arret jusqu'a la coupure"
        app.type(steady, pause=TYPING_PACE)  # about 2.5 s of typing, then the kill at once
    finally:
        app.kill()
    vault = Vault(paths, kdf=FLOOR)
    vault.unlock(PASSPHRASE)
    try:
        drafts = logbook.recovered_drafts(vault)
        assert [d.person_id for d in drafts] == [person_id], "the draft is not offered"
        body = drafts[0].body
        assert body.startswith("Premier passage. "), "words typed before a pause were lost"
        assert typing_loss("Premier passage. " + steady, body) == ""
    finally:
        vault.release()
