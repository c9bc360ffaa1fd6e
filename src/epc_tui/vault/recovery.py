"""Recovery codes: 160 random bits written as 8 groups of 4 characters.

Crockford's base32 alphabet has no I, L, O or U, so a code read aloud or copied by hand is
forgiving: lower case, spaces, dashes, and O/I/L typed for 0/1 are all accepted.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 8
GROUP_SIZE = 4
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_recovery_code() -> str:
    """A fresh code like `7K2M-Q9XD-…` (8 groups, 160 bits)."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_SIZE))
    return "-".join(chars[i : i + GROUP_SIZE] for i in range(0, len(chars), GROUP_SIZE))


def normalise_recovery_code(typed: str) -> str:
    """The canonical form of a code as typed: upper case, no separators, confusables fixed."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    return cleaned.translate(_CONFUSABLE)


def looks_like_recovery_code(typed: str) -> bool:
    """True when the typed text has the shape of a recovery code (before any crypto)."""
    code = normalise_recovery_code(typed)
    return len(code) == GROUPS * GROUP_SIZE and all(ch in ALPHABET for ch in code)
