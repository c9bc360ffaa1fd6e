"""Fixtures for the screen tests."""

from __future__ import annotations

import pytest

from epc_tui.app import EpcApp


@pytest.fixture(autouse=True)
def no_areas_built_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Screens are built when a test opens them, not in an idle moment the test happens to
    leave (which would change what a test of a first opening sees). The tests of building
    ahead (test_area_preparation.py) turn it on for their application."""
    monkeypatch.setattr(EpcApp, "PREPARE_AFTER_IDLE_SECONDS", None)
