"""Translation completeness: every message in French and English, every used key defined."""

from __future__ import annotations

import re
import string
from pathlib import Path

from epc_tui.i18n import catalogue, set_language, t

SOURCE = Path(__file__).resolve().parents[2] / "src" / "epc_tui"
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_][a-z0-9_.\-]*)["']""")
BINDING_ID = re.compile(
    r"""\bbinding\(\s*["'][^"']+["']\s*,\s*["'][^"']*["']\s*,\s*["']([^"']+)["']"""
)
MESSAGE_KEY = re.compile(
    r"""\b(?:message_key\s*=|EpcError\(|Invalid\w*\(|\w+Error\()\s*["']([a-z_]+\.[a-z0-9_.\-]+)["']"""
)


def placeholders(text: str) -> set[str]:
    """Names of the `{placeholders}` in a message."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    """No empty translation, and French and English take the same parameters."""
    for key, pair in catalogue().items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        french, english = pair
        assert french.strip() and english.strip(), f"missing translation for {key}"
        assert placeholders(french) == placeholders(english), key


def used_keys() -> set[str]:
    """Message keys written literally in the source code."""
    keys: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if path.parent.name == "i18n":
            continue
        text = path.read_text(encoding="utf-8")
        keys |= set(LITERAL_KEY.findall(text))
        keys |= {f"binding.{found}" for found in BINDING_ID.findall(text)}
        keys |= set(MESSAGE_KEY.findall(text))
    return keys


def test_every_key_used_in_the_code_is_in_the_catalogue() -> None:
    """A `t("…")`, a binding id or an error key without a message fails here."""
    missing = sorted(key for key in used_keys() if key not in catalogue())
    assert not missing, f"messages missing from the catalogues: {missing}"


def test_the_check_finds_keys_at_all() -> None:
    """The scan above really sees the code (a regex that matches nothing would pass)."""
    keys = used_keys()
    assert "unlock.button" in keys
    assert "binding.app.lock" in keys
    assert "error.unlock_failed" in keys


def test_language_switch_changes_the_text() -> None:
    """The same key reads in French, then in English."""
    set_language("fr")
    assert t("unlock.button") == "Déverrouiller"
    set_language("en")
    assert t("unlock.button") == "Unlock"
