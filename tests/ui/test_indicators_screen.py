"""The indicators screen (F7), driven like a coordinator on the known vault: figures by hand."""

from __future__ import annotations

import contextlib
from typing import Any

from textual.widgets import DataTable, Input, Select, Static, TabbedContent
from textual.worker import WorkerCancelled

from epc_tui.app import EpcApp
from epc_tui.clock import FixedClock
from epc_tui.screens.indicators import IndicatorsScreen
from epc_tui.settings import Settings
from epc_tui.vault.vault import Vault
from tests.conftest import TODAY
from tests.ui.test_shell import closed_vault, unlock
from tests.unit.test_indicators_known_vault import build_known_vault, markers_in


async def settle(pilot: Any) -> None:
    """Let workers finish (a newer computation cancels an older one) and the screen redraw."""
    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_indicators(pilot: Any) -> IndicatorsScreen:
    """Unlock, press F7, wait for the figures."""
    await unlock(pilot)
    await pilot.press("f7")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, IndicatorsScreen)
    return screen


def table_rows(screen: IndicatorsScreen, table_id: str) -> dict[str, list[str]]:
    """Each line of a table: its first cell (the indicator) to the other cells."""
    table: DataTable[Any] = screen.query_one(table_id, DataTable)
    rows = {}
    for index in range(table.row_count):
        cells = [str(cell) for cell in table.get_row_at(index)]
        rows[cells[0]] = cells[1:]
    return rows


def the_app(new_vault: Vault) -> EpcApp:
    """The known vault, closed as at start-up, in an app seen on Monday 23 November 2026."""
    build_known_vault(new_vault)
    vault = closed_vault(new_vault)
    return EpcApp(vault=vault, settings=Settings(language="fr"), clock=FixedClock(TODAY))


async def test_this_month_figures_per_track_and_kind(new_vault: Vault) -> None:
    """November 2026: totals and the three groups, as counted by hand."""
    app = the_app(new_vault)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_indicators(pilot)
        assert str(screen.query_one("#period-label", Static).render()) == "novembre 2026"
        rows = table_rows(screen, "#figures-table")
        table: DataTable[Any] = screen.query_one("#figures-table", DataTable)
        titles = [str(column.label) for column in table.columns.values()]
        assert titles == [
            "Indicateur",
            "Total",
            "Première année\nPatients partenaires",
            "Première année\nAnciens patients partenaires",
            "Traitement oral\nPersonnes accompagnées",
        ]
        assert rows["Personnes suivies"] == ["9", "2", "1", "6"]
        assert rows["Nouvelles références"] == ["6", "1", "0", "5"]
        assert rows["Accompagnements terminés"] == ["1", "0", "1", "0"]
        assert rows["Rencontres tenues"] == ["5", "2", "1", "2"]
        assert rows["Premiers contacts faits à J+2"] == ["1 / 4 (25 %)", "—", "—", "1 / 4 (25 %)"]
        assert rows["Rencontres planifiées tenues dans leur fenêtre"] == [
            "3 / 4 (75 %)",
            "1 / 1 (100 %)",
            "0 / 1 (0 %)",
            "2 / 2 (100 %)",
        ]
        assert rows["Rencontres manquées"] == ["1", "1", "0", "0"]
        assert rows["Rencontres annulées"] == ["1", "0", "0", "1"]
        assert rows["Temps d'appel total"] == ["2 h 15", "1 h 20", "30 min", "25 min"]
        assert rows["Durée moyenne d'un appel"] == ["27 min", "40 min", "30 min", "12 min"]
        assert rows["Relais à l'équipe soignante"] == ["2", "1", "0", "1"]
        assert rows["Signaux filet de sécurité"] == ["2", "0", "1", "0"]

        needs = table_rows(screen, "#needs-table")
        assert needs == {
            "Objectifs": ["1", "1", "0", "0"],
            "Limites personnelles": ["1", "1", "0", "0"],
            "Autres thèmes": ["1", "0", "1", "0"],
            "Sans thème": ["1", "0", "0", "1"],
        }
        shown = "".join(str(widget.render()) for widget in screen.query(Static))
        assert markers_in(shown) == []


async def test_switching_periods_and_custom_dates(new_vault: Vault) -> None:
    """Last month shows October; custom dates typed as words give their own figures."""
    app = the_app(new_vault)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_indicators(pilot)
        screen.query_one("#period-kind", Select).value = "last_month"
        await settle(pilot)
        assert str(screen.query_one("#period-label", Static).render()) == "octobre 2026"
        assert table_rows(screen, "#figures-table")["Rencontres tenues"][0] == "1"

        screen.query_one("#period-kind", Select).value = "custom"
        await settle(pilot)
        assert screen.query_one("#custom-dates").display
        start, end = screen.query("#custom-dates Input").results(Input)
        start.value = "1/11/2026"
        end.value = "le 10 novembre 2026"
        await settle(pilot)
        assert str(screen.query_one("#period-label", Static).render()) == (
            "du 1 nov. 2026 au 10 nov. 2026"
        )
        # held on 4 and 10 November only
        assert table_rows(screen, "#figures-table")["Rencontres tenues"][0] == "2"

        end.value = "31/10/2026"
        await settle(pilot)
        message = str(screen.query_one("#period-message", Static).render())
        assert message == "La date de fin vient avant la date de début."
        assert table_rows(screen, "#figures-table")["Rencontres tenues"][0] == "2"


async def test_charts_tab_shows_the_series_in_words(new_vault: Vault) -> None:
    """`g` opens the charts; captions give each month's figures (not colour alone)."""
    app = the_app(new_vault)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_indicators(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "charts"
        meetings = str(screen.query_one("#meetings-caption", Static).render())
        assert (
            meetings == "juin 26 0 · juill. 26 0 · août 26 0 · sept. 26 0 · oct. 26 1 · nov. 26 5"
        )
        on_time = str(screen.query_one("#on-time-caption", Static).render())
        assert on_time.endswith("oct. 26 100 % · nov. 26 75 %")
        assert on_time.startswith("juin 26 —")


async def test_locking_and_unlocking_returns_to_the_same_period(new_vault: Vault) -> None:
    """After Ctrl+L and the passphrase, the indicators come back with last month chosen."""
    app = the_app(new_vault)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_indicators(pilot)
        screen.query_one("#period-kind", Select).value = "last_month"
        await settle(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not isinstance(app.screen, IndicatorsScreen)
        await unlock(pilot)
        await settle(pilot)
        assert isinstance(app.screen, IndicatorsScreen)
        assert str(app.screen.query_one("#period-label", Static).render()) == "octobre 2026"
