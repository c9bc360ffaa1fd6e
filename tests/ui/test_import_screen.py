"""Importing a spreadsheet and exporting the calendar from the application, driven like a coach."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from icalendar import Calendar
from textual.widgets import Button, Checkbox, DataTable, Input, Static

from epc_tui.app import EpcApp
from epc_tui.clock import FixedClock
from epc_tui.screens.caseload import CaseloadScreen
from epc_tui.screens.import_people import ImportPeopleScreen, PathSuggester
from epc_tui.services.enrolment import enrol
from epc_tui.settings import Settings
from epc_tui.vault import people, tracks
from epc_tui.vault.builtin_tracks import FIRST_YEAR
from epc_tui.vault.records import PersonDraft
from epc_tui.vault.vault import Vault
from tests.ui.test_caseload_screens import settle
from tests.ui.test_shell import closed_vault, unlock

PLAIN_DAYS = Settings(language="fr", skip_weekends=False, skip_holidays=False)
HEADER = "nom;type;parcours;date_reference;code\n"
GOOD = HEADER + (
    "Alice Tremblay;partenaire;soutien-premiere-annee;14/03/2026;\n"
    "[bold]Bruno[/bold] Côté;patient;traitement-oral;2026-11-20;P-BRUNO\n"
)


async def open_import(pilot: Any) -> ImportPeopleScreen:
    """Unlock, go to the caseload (F3) and press `i`."""
    await unlock(pilot)
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CaseloadScreen)
    await pilot.press("i")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ImportPeopleScreen)
    return screen


async def check_path(pilot: Any, path: Path) -> None:
    """Type the path and press Enter; wait for the reading."""
    pilot.app.screen.query_one("#import-path", Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)


def problems_text(screen: Any) -> str:
    """The problems shown under the preview."""
    return str(screen.query_one("#import-problems", Static).render())


async def test_a_bad_row_blocks_the_import_until_fixed(
    new_vault: Vault, clock: FixedClock, tmp_path: Path
) -> None:
    """Row 3 has a bad date: shown with its row, Import disabled; fixed, it imports both."""
    bad = tmp_path / "liste.csv"
    bad.write_text(GOOD.replace("2026-11-20", "2026-13-20"), encoding="utf-8-sig")
    vault = closed_vault(new_vault)
    app = EpcApp(vault=vault, settings=PLAIN_DAYS, clock=clock)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await open_import(pilot)
        await check_path(pilot, bad)
        assert "Ligne 3 : date « 2026-13-20 » non reconnue" in problems_text(screen)
        assert screen.query_one("#import-run", Button).disabled
        table = screen.query_one("#import-preview", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[1]) == "Alice Tremblay"
        await pilot.click("#import-run")
        await settle(pilot)
        assert people.list_people(vault) == []

        bad.write_text(GOOD, encoding="utf-8-sig")
        await check_path(pilot, bad)
        assert not screen.query_one("#import-run", Button).disabled
        assert table.row_count == 2
        assert str(table.get_row_at(1)[1]) == "[bold]Bruno[/bold] Côté"  # markup shown as text
        await pilot.click("#import-run")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        names = sorted(p.full_name for p in people.list_people(vault))
        assert names == ["Alice Tremblay", "[bold]Bruno[/bold] Côté"]


async def test_skip_bad_rows_checkbox_enables_a_partial_import(
    new_vault: Vault, clock: FixedClock, tmp_path: Path
) -> None:
    """With errors, ticking "only the good rows" enables Import, which creates the good ones."""
    mixed = tmp_path / "mixte.csv"
    mixed.write_text(GOOD + "Carl;astronaute;traitement-oral;01/02/2026;\n", encoding="utf-8")
    vault = closed_vault(new_vault)
    app = EpcApp(vault=vault, settings=PLAIN_DAYS, clock=clock)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await open_import(pilot)
        await check_path(pilot, mixed)
        assert "Ligne 4 : type « astronaute » inconnu" in problems_text(screen)
        assert screen.query_one("#import-run", Button).disabled
        screen.query_one("#import-skip-bad", Checkbox).value = True
        await pilot.pause()
        assert not screen.query_one("#import-run", Button).disabled
        await pilot.click("#import-run")
        await settle(pilot)
        assert len(people.list_people(vault)) == 2


async def test_wrong_encoding_and_escape_closes_without_importing(
    new_vault: Vault, clock: FixedClock, tmp_path: Path
) -> None:
    """A cp1252 file says how to save as CSV UTF-8; Escape closes and nothing was written."""
    excel = tmp_path / "excel.csv"
    excel.write_bytes(GOOD.encode("cp1252"))
    vault = closed_vault(new_vault)
    app = EpcApp(vault=vault, settings=PLAIN_DAYS, clock=clock)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await open_import(pilot)
        await check_path(pilot, excel)
        assert "CSV UTF-8" in problems_text(screen)
        assert screen.query_one("#import-run", Button).disabled
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
    assert people.list_people(vault) == []


async def test_path_completion_offers_folders_and_csv_files(tmp_path: Path) -> None:
    """`…/li` completes to the CSV file; `…/dos` to the folder with a slash; others ignored."""
    (tmp_path / "liste.csv").write_text("x")
    (tmp_path / "lisez-moi.pdf").write_text("x")
    (tmp_path / "dossier").mkdir()
    suggester = PathSuggester((".csv",))
    assert await suggester.get_suggestion(f"{tmp_path}/li") == f"{tmp_path}/liste.csv"
    assert await suggester.get_suggestion(f"{tmp_path}/dos") == f"{tmp_path}/dossier/"
    assert await suggester.get_suggestion(f"{tmp_path}/zz") is None


async def test_export_calendar_screen_writes_codes_only_and_warns_for_names(
    new_vault: Vault, clock: FixedClock, tmp_path: Path
) -> None:
    """The export dialog writes the .ics; the names switch shows a warning and adds names."""
    from epc_tui.screens.export_calendar import ExportCalendarScreen

    track = tracks.find_track(tracks.list_tracks(new_vault), FIRST_YEAR)
    assert track is not None
    draft = PersonDraft("Irène MARQUEURUI", "partner", track.id, date(2026, 11, 1), code="P-UI1")
    enrol(new_vault, [draft], PLAIN_DAYS, clock.now())
    vault = closed_vault(new_vault)
    app = EpcApp(vault=vault, settings=PLAIN_DAYS, clock=clock)
    target = tmp_path / "agenda.ics"
    async with app.run_test(size=(110, 32)) as pilot:
        await unlock(pilot)
        await settle(pilot)
        results: list[int | None] = []
        app.push_screen(ExportCalendarScreen(), results.append)
        await pilot.pause()
        screen = app.screen
        screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export-run")
        await settle(pilot)
        assert results == [3]  # m1, m3 and m6 fall within six months of 23 November
        raw = target.read_text(encoding="utf-8")
        assert "MARQUEURUI" not in raw and "P-UI1" in raw

        app.push_screen(ExportCalendarScreen(), results.append)
        await pilot.pause()
        screen = app.screen
        warning = screen.query_one("#export-names-warning", Static)
        assert not warning.display
        screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export-with-names")
        await pilot.pause()
        assert warning.display and "nom des personnes" in str(warning.render())
        await pilot.click("#export-run")
        await settle(pilot)
        summaries = [
            str(e["SUMMARY"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        ]
        assert summaries[0] == "epc · P-UI1 · Irène MARQUEURUI · Rencontre 1 mois"


async def test_closing_or_locking_during_the_import_saves_nobody(
    new_vault: Vault, clock: FixedClock, tmp_path: Path, monkeypatch: Any
) -> None:
    """The first chunk is written, then the coach leaves: the whole import is rolled back.

    Run twice: closing the dialog with Escape, and locking the application (Ctrl+L).
    """
    import threading

    import epc_tui.services.csv_import as csv_import

    rows = "".join(f"Personne {n};patient;traitement-oral;01/02/2026;\n" for n in range(6))
    listing = tmp_path / "six.csv"
    listing.write_text(HEADER + rows, encoding="utf-8")
    monkeypatch.setattr(csv_import, "ENROL_CHUNK", 2)
    real_enrol = csv_import.enrol
    first_chunk_written = threading.Event()
    coach_has_left = threading.Event()

    def gated_enrol(*args: Any, **kwargs: Any) -> list[int]:
        ids = real_enrol(*args, **kwargs)
        first_chunk_written.set()
        coach_has_left.wait(timeout=10)
        return ids

    monkeypatch.setattr(csv_import, "enrol", gated_enrol)
    vault = closed_vault(new_vault)
    app = EpcApp(vault=vault, settings=PLAIN_DAYS, clock=clock)
    async with app.run_test(size=(110, 32)) as pilot:
        for leave in ("escape", "ctrl+l"):
            first_chunk_written.clear()
            coach_has_left.clear()
            screen = await open_import(pilot) if leave == "escape" else await reopen(pilot)
            await check_path(pilot, listing)
            await pilot.click("#import-run")
            assert first_chunk_written.wait(timeout=10)
            await pilot.press(leave)
            await pilot.pause()
            assert app.screen is not screen
            coach_has_left.set()
            await settle(pilot)
            if leave == "ctrl+l":
                await unlock(pilot)
                await settle(pilot)
            assert people.list_people(vault) == []


async def reopen(pilot: Any) -> ImportPeopleScreen:
    """Back on the caseload after the first attempt: press `i` again."""
    await pilot.press("i")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ImportPeopleScreen)
    return screen
