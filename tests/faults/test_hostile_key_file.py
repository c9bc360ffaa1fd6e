"""Hostile key files built from a real one: byte-level and structure-level mutations never
crash the reader, and never yield a data key other than the vault's own.

tests/unit/test_vault_security.py already feeds random bytes, single flipped bytes and cuts;
these properties mutate a valid file more cleverly (several edits at once, any JSON value in
any field, slots removed, swapped or duplicated) and then try to unlock with the right
passphrase, since a reader that parses a tampered file is only safe if the unlock refuses it.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epc_tui.vault import keyfile
from epc_tui.vault.errors import KdfParametersRejected, KeyFileDamaged, UnlockFailed
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.recovery import new_recovery_code

PASSPHRASE = "cheval agrafe batterie correcte"
DATA_KEY = bytes(range(32))
RECOVERY = new_recovery_code()
ORIGINAL = keyfile.build_keyfile(DATA_KEY, PASSPHRASE, RECOVERY, FLOOR)
ORIGINAL_BYTES = ORIGINAL.to_bytes()
DOCUMENTED = (KeyFileDamaged, KdfParametersRejected, UnlockFailed)
# Each example may run Argon2id at the floor cost (~0.2 s): few examples, no deadline.
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FAST = settings(max_examples=400, deadline=None)


def outcome(raw: bytes) -> bytes | None:
    """The data key `raw` yields with the right passphrase, or None when refused as documented.

    Any other exception escapes and fails the test.
    """
    try:
        parsed = keyfile.parse_keyfile(raw)
        return parsed.unwrap(keyfile.PASSPHRASE_SLOT, PASSPHRASE)
    except DOCUMENTED:
        return None


@st.composite
def byte_mutations(draw: st.DrawFn) -> bytes:
    """The key file after 1–5 byte edits (flip, delete, insert, duplicate, truncate)."""
    data = bytearray(ORIGINAL_BYTES)
    for _ in range(draw(st.integers(1, 5))):
        if not data:
            break
        kind = draw(st.sampled_from(["flip", "delete", "insert", "duplicate", "truncate"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 24))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=24))
        elif kind == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 48))]
        else:
            del data[at:]
    return bytes(data)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children),
    max_leaves=8,
)
PLACES = [
    ("format",),
    ("version",),
    ("vault_id",),
    ("mac",),
    ("slots",),
    ("slots", 0, "id"),
    ("slots", 0, "salt"),
    ("slots", 0, "nonce"),
    ("slots", 0, "wrapped"),
    ("slots", 0, "kdf"),
    ("slots", 0, "kdf", "memory_kib"),
    ("slots", 0, "kdf", "iterations"),
    ("slots", 0, "kdf", "lanes"),
    ("slots", 1, "wrapped"),
    ("slots", 1, "kdf", "memory_kib"),
]


def document() -> dict[str, Any]:
    """A fresh parsed copy of the original key file."""
    loaded: dict[str, Any] = json.loads(ORIGINAL_BYTES)
    return loaded


def put(target: Any, place: tuple[Any, ...], value: Any) -> None:
    """Set `value` at `place` inside nested dicts and lists."""
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = value


@FAST
@given(raw=byte_mutations())
def test_byte_mutations_never_crash_the_reader(raw: bytes) -> None:
    """Several byte edits at once: the parser raises only its documented errors (no
    key derivation is attempted here, so many examples run)."""
    with contextlib.suppress(KeyFileDamaged, KdfParametersRejected):
        keyfile.parse_keyfile(raw)


@SLOW
@given(raw=byte_mutations())
def test_byte_mutations_never_unlock_to_another_key(raw: bytes) -> None:
    """With the right passphrase a mutated file is refused as documented or, when the edit
    only touched layout, gives back exactly the vault's own data key."""
    assert outcome(raw) in (None, DATA_KEY)


@SLOW
@given(place=st.sampled_from(PLACES), value=JSON_VALUES)
def test_any_json_value_in_any_field_is_refused_or_harmless(
    place: tuple[Any, ...], value: Any
) -> None:
    """Replacing one field by any JSON value (wrong type, NaN, a huge KDF cost, a nested
    list): documented refusal, or the same data key — never a crash, never another key."""
    changed = document()
    put(changed, place, value)
    raw = json.dumps(changed).encode("ascii")
    assert outcome(raw) in (None, DATA_KEY)


@pytest.mark.parametrize(
    "edit",
    ["drop recovery", "drop passphrase", "swap slots", "duplicate passphrase", "extra field"],
)
def test_structural_edits_are_refused_or_harmless(edit: str) -> None:
    """Slots removed, swapped or duplicated, or an unknown field added: all refused (the
    whole-file MAC covers the order of the slots too)."""
    changed = document()
    slots = changed["slots"]
    if edit == "drop recovery":
        changed["slots"] = [slot for slot in slots if slot["id"] != "recovery"]
    elif edit == "drop passphrase":
        changed["slots"] = [slot for slot in slots if slot["id"] != "passphrase"]
    elif edit == "swap slots":
        changed["slots"] = list(reversed(slots))
    elif edit == "duplicate passphrase":
        changed["slots"] = [slots[0], slots[0]]
    else:
        changed["comment"] = "ajouté à la main"
    result = outcome(json.dumps(changed).encode("ascii"))
    assert result is None


def test_the_unmutated_file_unlocks() -> None:
    """The negative control: the original bytes (and a re-serialised copy) give the data key,
    so the properties above are not passed by a reader that refuses everything."""
    assert outcome(ORIGINAL_BYTES) == DATA_KEY
    assert outcome(json.dumps(document()).encode("ascii")) == DATA_KEY
