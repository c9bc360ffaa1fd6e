"""The high-contrast theme passes WCAG AA (4.5:1) for every text colour on every background."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.theme import Theme

from epc_tui.app import EpcApp
from epc_tui.settings import Settings
from epc_tui.themes import HIGH_CONTRAST
from epc_tui.vault.vault import Vault

AA_NORMAL_TEXT = 4.5

TEXT_ON_BACKGROUNDS = [
    (text, ground)
    for text in (
        "foreground",
        "text-muted",
        "text-disabled",
        "text-primary",
        "text-secondary",
        "text-accent",
        "text-warning",
        "text-error",
        "text-success",
        "link-color",
    )
    for ground in ("background", "surface", "panel", "boost-on-surface")
]
PAIRED = [
    ("footer-key-foreground", "footer-key-background"),
    ("footer-description-foreground", "footer-description-background"),
    ("footer-foreground", "footer-background"),
    ("block-cursor-foreground", "block-cursor-background"),
    ("block-cursor-blurred-foreground", "block-cursor-blurred-background"),
    ("input-cursor-foreground", "input-cursor-background"),
    ("input-selection-foreground", "input-selection-background"),
    ("screen-selection-foreground", "screen-selection-background"),
    ("button-color-foreground", "primary"),
    ("button-color-foreground", "error"),
    ("button-color-foreground", "success"),
    ("button-color-foreground", "warning"),
    ("link-color-hover", "link-background-hover"),
    ("foreground", "block-hover-background"),
]


def relative_luminance(color: Color) -> float:
    """WCAG 2.x relative luminance of an opaque sRGB colour."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)


def contrast(first: Color, second: Color) -> float:
    """WCAG contrast ratio, from 1 (same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def resolved(theme: Theme) -> dict[str, Color]:
    """Every colour variable of the theme, made opaque by blending over its background."""
    variables = theme.to_color_system().generate()
    background = Color.parse(variables["background"])
    colours: dict[str, Color] = {}
    for name, value in variables.items():
        try:
            colour = Color.parse(value)
        except Exception:  # style words such as "bold", or Textual's "auto 60%"
            continue
        colours[name] = background + colour
    colours["boost-on-surface"] = colours["surface"] + Color.parse(variables["boost"])
    return colours


def test_contrast_formula_matches_known_values() -> None:
    """Black on white is 21:1, a colour on itself 1:1, #767676 on white about 4.54:1."""
    white, black = Color.parse("#FFFFFF"), Color.parse("#000000")
    assert contrast(white, black) == pytest.approx(21.0)
    assert contrast(white, white) == pytest.approx(1.0)
    assert contrast(Color.parse("#767676"), white) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("text", "ground"), TEXT_ON_BACKGROUNDS + PAIRED)
def test_high_contrast_theme_passes_aa(text: str, ground: str) -> None:
    """Text colour `text` on background `ground` is at least 4.5:1."""
    colours = resolved(HIGH_CONTRAST)
    ratio = contrast(colours[text], colours[ground])
    assert ratio >= AA_NORMAL_TEXT, f"{text} on {ground}: {ratio:.2f}:1"


def test_the_same_check_fails_on_ordinary_themes() -> None:
    """The check can fail: Textual's light theme has warnings and footer keys below AA."""
    from textual.theme import BUILTIN_THEMES

    colours = resolved(BUILTIN_THEMES["textual-light"])
    assert contrast(colours["text-warning"], colours["panel"]) < AA_NORMAL_TEXT
    assert contrast(colours["footer-key-foreground"], colours["footer-key-background"]) < 4.5


def test_the_app_offers_the_theme_and_applies_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The app registers the theme (so settings and the palette list it) and applies it."""
    from epc_tui.vault.paths import VaultPaths

    app = EpcApp(vault=Vault(VaultPaths(tmp_path)), settings=Settings(theme="epc-high-contrast"))
    assert "epc-high-contrast" in app.available_themes
    assert app.theme == "epc-high-contrast"
