"""Where packaged resources live: stylesheets and help pages, in a wheel or in the repository."""

from __future__ import annotations

from pathlib import Path


def styles_dir() -> Path:
    """The packaged stylesheets first (wheel), the repository's second (editable install)."""
    packaged = Path(__file__).parent / "styles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "styles"
