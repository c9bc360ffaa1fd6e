"""Our own themes, registered with the App beside Textual's: a high-contrast one for tired eyes.

`epc-high-contrast` is white and saturated light colours on black. Every colour used for text
(plain, muted, primary, warning, error, success, footer keys, cursor, selection) is at least
4.5:1 against every background it is drawn on — WCAG AA for normal text; tests/unit/test_themes.py
computes the ratios. Muted text is a solid light grey rather than Textual's half-transparent
foreground, which would fall under the threshold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.theme import Theme

if TYPE_CHECKING:
    from textual.app import App

HIGH_CONTRAST = Theme(
    name="epc-high-contrast",
    primary="#FFD700",
    secondary="#7FDBFF",
    accent="#FFFF00",
    warning="#FFB347",
    error="#FF8080",
    success="#7CFC7C",
    foreground="#FFFFFF",
    background="#000000",
    surface="#0A0A0A",
    panel="#1C1C1C",
    boost="#FFFFFF0A",
    dark=True,
    variables={
        "text-muted": "#D6D6D6",
        "text-disabled": "#B8B8B8",
        "foreground-muted": "#D6D6D6",
        "foreground-disabled": "#B8B8B8",
        "border": "#FFD700",
        "border-blurred": "#A0A0A0",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFD700",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#FFFFFF",
        "block-cursor-blurred-background": "#3A3A3A",
        "block-hover-background": "#262626",
        "input-cursor-foreground": "#000000",
        "input-cursor-background": "#FFFFFF",
        "input-selection-background": "#0050A0",
        "input-selection-foreground": "#FFFFFF",
        "screen-selection-background": "#0050A0",
        "screen-selection-foreground": "#FFFFFF",
        "footer-foreground": "#FFFFFF",
        "footer-background": "#1C1C1C",
        "footer-key-foreground": "#FFD700",
        "footer-key-background": "#1C1C1C",
        "footer-description-foreground": "#FFFFFF",
        "footer-description-background": "#1C1C1C",
        "footer-item-background": "#1C1C1C",
        "button-foreground": "#000000",
        "button-color-foreground": "#000000",
        "link-color": "#7FDBFF",
        "link-color-hover": "#000000",
        "link-background-hover": "#7FDBFF",
        "scrollbar": "#A0A0A0",
        "scrollbar-hover": "#D6D6D6",
        "scrollbar-active": "#FFD700",
        "scrollbar-background": "#1C1C1C",
    },
)

THEMES: tuple[Theme, ...] = (HIGH_CONTRAST,)


def register_themes(app: App[Any]) -> None:
    """Make our themes selectable (settings, command palette) before one is applied."""
    for theme in THEMES:
        app.register_theme(theme)
