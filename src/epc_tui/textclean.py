"""Cleaning text that comes from outside: pastes, CSV cells, handover files.

Terminal escape sequences and control characters are removed so that a name or a note can
never drive the terminal; bidirectional overrides are removed so text cannot be disguised.
Newlines and tabs are kept where multi-line text is expected. Emoji, accents, right-to-left
letters and zero-width joiners (used inside emoji) stay.
"""

from __future__ import annotations

import re
import unicodedata

_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]"  # two-character sequences
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_KEEP_MULTILINE = {"\n", "\t"}


def _is_control(char: str, multiline: bool) -> bool:
    code = ord(char)
    if multiline and char in _KEEP_MULTILINE:
        return False
    return code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F or char in _BIDI_CONTROLS


def clean_text(text: str, multiline: bool = True) -> str:
    """Text with escape sequences, control and bidi-override characters removed.

    Carriage returns become newlines (Windows line ends) in multi-line text.
    """
    text = _ESCAPE_SEQUENCE.sub("", text)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if not _is_control(ch, multiline))


def clean_line(text: str) -> str:
    """A single-line field (a name, a code, a phone number): no control characters, trimmed."""
    return " ".join(clean_text(text, multiline=False).split())


def fold(text: str) -> str:
    """Lower case without accents, so `helene` finds `Hélène` and `anxiete` finds `anxiété`:
    the one comparison used by filters, search highlighting and spreadsheet headers."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
