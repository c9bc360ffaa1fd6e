"""The searched words in a note's text: accents and case free, whole words or a prefix being
typed, highlighted snippets bounded in size even for a 10 MB note."""

from __future__ import annotations

import unicodedata

from epc_tui.vault.search_words import HIGHLIGHT_END, HIGHLIGHT_START, WordMatcher


def marked(snippet: str) -> list[str]:
    """The highlighted words of a snippet."""
    return [part.split(HIGHLIGHT_END)[0] for part in snippet.split(HIGHLIGHT_START)[1:]]


def test_words_match_without_accents_in_any_case_and_form() -> None:
    """`anxiete ` (a finished word) matches every spelling of `anxiété`, precomposed or
    decomposed, but not `anxiétés`; while typing, it is a prefix."""
    decomposed = unicodedata.normalize("NFD", "anxiété")
    text = f"Anxiété, anxiete, ANXIÉTÉ, {decomposed}; anxiétés, panxiete."
    assert WordMatcher.of("anxiete ").counts(text) == [4]
    assert WordMatcher.of("anxiete").counts(text) == [5]
    assert WordMatcher.of("Élise").counts("elise ELISE Élise élisée") == [4]


def test_score_needs_every_word_and_grows_with_density() -> None:
    """A text missing one searched word scores 0; more matches per word score higher."""
    matcher = WordMatcher.of("sommeil fatigue ")
    assert matcher.score("Le sommeil seulement.") == 0
    dense = matcher.score("Sommeil et fatigue.")
    sparse = matcher.score("Un mot sur le sommeil et la fatigue parmi beaucoup d'autres choses.")
    assert dense > sparse > 0


def test_snippet_highlights_every_match_around_the_first() -> None:
    """The snippet starts a little before the first match, marks each match as written,
    and says with `…` that text was left out."""
    text = "Début. " * 40 + "Elle parle de son anxiété, très anxieuse avant la chimio. " * 2
    snippet = WordMatcher.of("anx").snippet(text)
    assert marked(snippet)[:2] == ["anxiété", "anxieuse"]
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet.split()) <= 19
    assert WordMatcher.of("absent ").snippet("Court texte.") == "Court texte"


def test_a_10_mb_note_gets_a_small_snippet_at_its_last_word() -> None:
    """A match at the very end of 10 MB of text is found, highlighted, and the snippet stays
    a line long; control characters in the text stay plain characters of the snippet."""
    text = "Lorem ipsum \u200f\U0001f600 dolor. " * 400_000 + "Le mot zèbre."
    matcher = WordMatcher.of("zebre ")
    assert matcher.counts(text) == [1]
    snippet = matcher.snippet(text)
    assert marked(snippet) == ["zèbre"]
    assert len(snippet) < 300
