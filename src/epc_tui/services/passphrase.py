"""Passphrase strength, as shown by the strength meter and enforced at creation.

zxcvbn estimates how many guesses an attacker needs; with Argon2id at ~0.7 s per guess a
score of 3 ("safely unguessable: moderate protection from offline attacks") is the minimum.
"""

from __future__ import annotations

from dataclasses import dataclass

from epc_tui.vault.errors import WeakPassphrase

MINIMUM_SCORE = 3
MINIMUM_LENGTH = 10
_ANALYSED_LENGTH = 100  # zxcvbn is quadratic; longer passphrases are strong anyway


@dataclass(frozen=True)
class Strength:
    """A passphrase's estimated strength: score 0–4 and a translation key for advice."""

    score: int
    advice_key: str

    @property
    def acceptable(self) -> bool:
        """True when strong enough to protect a vault."""
        return self.score >= MINIMUM_SCORE


def assess(passphrase: str) -> Strength:
    """Estimate the strength of `passphrase`."""
    if len(passphrase) < MINIMUM_LENGTH:
        return Strength(min(_score(passphrase), 1), "strength.too_short")
    score = _score(passphrase)
    advice = "strength.good" if score >= MINIMUM_SCORE else "strength.add_words"
    return Strength(score, advice)


def _score(passphrase: str) -> int:
    if not passphrase:
        return 0
    from zxcvbn import zxcvbn

    return int(zxcvbn(passphrase[:_ANALYSED_LENGTH])["score"])


def require_strong(passphrase: str) -> None:
    """Raise `WeakPassphrase` unless the passphrase is acceptable."""
    if not assess(passphrase).acceptable:
        raise WeakPassphrase()
