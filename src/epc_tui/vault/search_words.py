"""The searched words found in a note's text: counting, scoring and highlighting.

One compiled pattern per query matches each word with or without its accents and in any
case (`anxiete` matches `Anxiété`, precomposed or not), so a note is never folded word by
word: a snippet or a score costs one regular-expression pass over the text, which keeps a
10 MB note searchable and fifty snippets under a few milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from epc_tui.textclean import fold

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
MIN_PREFIX = 3
"""A word being typed matches as a prefix from three letters (`anx` finds `anxiété`); one or
two letters would expand to thousands of words."""

WORD = re.compile(r"\w+", re.UNICODE)
_MARKS = "[\u0300-\u036f]*"
"""Combining accents that may follow a letter in text typed or pasted decomposed."""


@cache
def _variants() -> dict[str, str]:
    """Each unaccented letter and the Latin letters that fold to it (`e` → `eèéêë…`)."""
    variants: dict[str, set[str]] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1 and folded.isascii() and folded != char:
            variants.setdefault(folded, {folded}).add(char)
    return {letter: "".join(sorted(chars)) for letter, chars in variants.items()}


def _letter_pattern(char: str) -> str:
    variants = _variants().get(char)
    if variants is None:
        return re.escape(char) + _MARKS
    return f"[{re.escape(variants)}]{_MARKS}"


def query_words(text: str) -> tuple[list[str], bool]:
    """The folded words searched, and whether the last one is a prefix being typed."""
    words = WORD.findall(text)
    prefix = bool(words) and not text[-1].isspace() and len(words[-1]) >= MIN_PREFIX
    return [fold(word) for word in words], prefix


@dataclass(frozen=True)
class WordMatcher:
    """The searched words of one query, compiled once, applied to many texts."""

    words: tuple[str, ...]
    prefix: bool
    patterns: tuple[re.Pattern[str], ...]
    any_word: re.Pattern[str]

    @classmethod
    def of(cls, text: str) -> WordMatcher:
        """The matcher for what the coach typed (the last word a prefix while typing)."""
        words, prefix = query_words(text)
        patterns = tuple(
            _compile(word, prefix and index == len(words) - 1) for index, word in enumerate(words)
        )
        alternatives = "|".join(f"(?:{pattern.pattern})" for pattern in patterns) or "(?!)"
        return cls(tuple(words), prefix, patterns, re.compile(alternatives, re.IGNORECASE))

    def counts(self, text: str) -> list[int]:
        """How many times each searched word appears in `text`."""
        return [sum(1 for _ in pattern.finditer(text)) for pattern in self.patterns]

    def score(self, text: str) -> float:
        """Matches per hundred words when every searched word appears, else 0 (the rank of
        notes matched outside the full-text index)."""
        counts = self.counts(text)
        if not counts or not all(counts):
            return 0.0
        return 100.0 * sum(counts) / max(1, len(text.split()))

    def snippet(self, text: str, size: int = 18) -> str:
        """About `size` words of `text` around the first match, matches between the
        highlight marks, `…` where text was left out."""
        first = self.any_word.search(text)
        centre = first.start() if first else 0
        low, high = max(0, centre - 15 * size), centre + 15 * size
        words = list(WORD.finditer(text, low, high))
        if words and low > 0 and words[0].start() == low:
            words.pop(0)  # may be the end of a word cut by the window
        if words and high < len(text) and words[-1].end() == high:
            words.pop()
        if not words:
            return ""
        at = next((i for i, word in enumerate(words) if word.start() >= centre), 0)
        begin = max(0, min(at - size // 4, len(words) - size))
        end = min(len(words), begin + size)
        start, stop = words[begin].start(), words[end - 1].end()
        marked = self.any_word.sub(
            lambda match: f"{HIGHLIGHT_START}{match.group()}{HIGHLIGHT_END}", text[start:stop]
        )
        before = "…" if start > 0 and WORD.search(text, 0, start) else ""
        after = "…" if WORD.search(text, stop) else ""
        return before + marked + after


def _compile(word: str, prefix: bool) -> re.Pattern[str]:
    """A folded word matched whole (or as the start of a word), accents and case free."""
    letters = "".join(_letter_pattern(char) for char in unicodedata.normalize("NFC", word))
    tail = r"\w*" if prefix else r"(?!\w)"
    return re.compile(rf"(?<!\w){letters}{tail}", re.IGNORECASE)
