"""The translation layer: `t("key", **params)` returns the text in the current language.

Catalogues are Python modules named `catalogue_<area>.py` in this package, each holding
`MESSAGES = {"key": ("français", "English"), ...}`. One module per area keeps parallel work
apart; a test checks that every key has both languages and the same placeholders, and that
every literal key used in the code exists.
"""

from __future__ import annotations

import importlib
import locale
import os
import pkgutil
from functools import cache
from typing import Any

LANGUAGES = ("fr", "en")
_current = {"language": "fr", "region": "CA"}


@cache
def catalogue() -> dict[str, tuple[str, str]]:
    """All messages from every `catalogue_*` module, merged."""
    merged: dict[str, tuple[str, str]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("catalogue_"):
            module = importlib.import_module(f"{__name__}.{module_info.name}")
            merged.update(module.MESSAGES)
    return merged


def detect_language() -> str:
    """French when the system locale is French (or unknown to be English), else English."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return "fr" if value.lower().startswith("fr") else "en"
    try:
        system = locale.getlocale()[0] or ""
    except ValueError:
        system = ""
    return "en" if system and not system.lower().startswith("fr") else "fr"


def set_language(language: str) -> None:
    """Switch the language of every later `t()` call."""
    _current["language"] = language if language in LANGUAGES else "fr"


def current_language() -> str:
    """`fr` or `en`."""
    return _current["language"]


def set_region(region: str) -> None:
    """`CA` (Québec, fr_CA) or `FR` (France, fr_FR): dates and holidays follow it."""
    _current["region"] = "FR" if region.upper() == "FR" else "CA"


def current_region() -> str:
    """`CA` or `FR`."""
    return _current["region"]


def t(key: str, **params: Any) -> str:
    """The message `key` in the current language, formatted with `params`.

    An unknown key returns the key itself, so a gap shows instead of crashing (the
    completeness test makes sure there are none).
    """
    pair = catalogue().get(key)
    if pair is None:
        return key
    text = pair[LANGUAGES.index(_current["language"])]
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def has_message(key: str) -> bool:
    """True when `key` is in the catalogue."""
    return key in catalogue()
