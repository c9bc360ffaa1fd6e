"""The sealed container (`backup_format`): round trips, and every kind of damage refused."""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epc_tui.vault.backup_format import (
    MIN_CHUNK_SIZE,
    TAG_SIZE,
    BackupDamaged,
    WorkCancelled,
    encode_header,
    read_header,
    seal,
    unseal,
)

MAGIC = b"EPCTEST\n"
KEY = bytes(range(32))
CHUNK = MIN_CHUNK_SIZE


def sealed(payload: bytes, chunk: int = CHUNK) -> bytes:
    """A whole container holding `payload` in chunks of `chunk` bytes."""
    header = encode_header(MAGIC, {"chunk_size": chunk, "note": "en-tête"})
    out = io.BytesIO()
    seal(out, header, KEY, [payload[i : i + 1000] for i in range(0, len(payload), 1000)])
    return out.getvalue()


def opened(data: bytes) -> bytes:
    """Read a container back; raises `BackupDamaged` for anything wrong."""
    stream = io.BytesIO(data)
    header = read_header(stream, MAGIC)
    return b"".join(unseal(stream, header, KEY))


def header_length(data: bytes) -> int:
    """Bytes taken by magic, length and header."""
    return 12 + int.from_bytes(data[8:12], "big")


PAYLOAD = os.urandom(3 * CHUNK + 123)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 123])
def test_round_trip_at_every_boundary(size: int) -> None:
    """Empty, partial, exact and multi-chunk payloads come back identical."""
    payload = PAYLOAD[:size]
    assert opened(sealed(payload)) == payload


def test_the_header_fields_come_back() -> None:
    """What the writer put in the header is what the reader sees."""
    stream = io.BytesIO(sealed(b"abc"))
    assert read_header(stream, MAGIC).fields == {"chunk_size": CHUNK, "note": "en-tête"}


def test_a_flipped_byte_anywhere_is_refused() -> None:
    """Every byte of the header and a spread of payload bytes, flipped one at a time."""
    data = sealed(PAYLOAD)
    positions = list(range(header_length(data)))
    positions += list(range(header_length(data), len(data), 97)) + [len(data) - 1]
    for position in positions:
        damaged = bytearray(data)
        damaged[position] ^= 0x40
        with pytest.raises(BackupDamaged):
            opened(bytes(damaged))


def test_truncation_at_chunk_boundaries_and_inside_chunks_is_refused() -> None:
    """A file cut after any whole chunk (the classic STREAM attack) or mid-chunk fails."""
    data = sealed(PAYLOAD)
    start = header_length(data)
    record = CHUNK + TAG_SIZE
    cuts = [start + record * n for n in range(4)]
    cuts += [start + record * n + offset for n in range(4) for offset in (1, 15, 16, 17, 500)]
    cuts += [0, 5, 10, start - 1, len(data) - 1]
    for cut in cuts:
        if cut >= len(data):
            continue
        with pytest.raises(BackupDamaged):
            opened(data[:cut])


def test_appended_bytes_are_refused() -> None:
    """Anything after the final chunk, one byte or a whole fake chunk, is refused."""
    data = sealed(PAYLOAD)
    for extra in (b"\x00", os.urandom(TAG_SIZE), os.urandom(CHUNK + TAG_SIZE)):
        with pytest.raises(BackupDamaged):
            opened(data + extra)
    exact = sealed(PAYLOAD[: 2 * CHUNK])
    with pytest.raises(BackupDamaged):
        opened(exact + exact[-(CHUNK + TAG_SIZE) :])


def test_reordered_dropped_or_repeated_chunks_are_refused() -> None:
    """Chunks carry their position in the nonce: swapping, dropping or repeating one fails."""
    data = sealed(PAYLOAD)
    start = header_length(data)
    record = CHUNK + TAG_SIZE
    chunks = [data[start + i * record : start + (i + 1) * record] for i in range(4)]
    head = data[:start]
    for order in ([1, 0, 2, 3], [0, 2, 1, 3], [0, 1, 3], [0, 0, 1, 2, 3], [0, 1, 2, 2, 3]):
        with pytest.raises(BackupDamaged):
            opened(head + b"".join(chunks[i] for i in order))
    assert opened(head + b"".join(chunks)) == PAYLOAD


def test_a_wrong_key_or_another_magic_is_refused() -> None:
    """The payload key and the file kind are both checked."""
    data = sealed(b"secret")
    stream = io.BytesIO(data)
    header = read_header(stream, MAGIC)
    with pytest.raises(BackupDamaged):
        b"".join(unseal(stream, header, bytes(32)))
    with pytest.raises(BackupDamaged):
        read_header(io.BytesIO(data), b"EPCOTHER")


def test_cancelling_stops_sealing() -> None:
    """A cancelled writer stops between chunks with `WorkCancelled`."""
    header = encode_header(MAGIC, {"chunk_size": CHUNK})
    with pytest.raises(WorkCancelled):
        seal(io.BytesIO(), header, KEY, [PAYLOAD], cancelled=lambda: True)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_give_only_the_documented_error(data: bytes) -> None:
    """Arbitrary bytes, with or without our magic in front, raise `BackupDamaged` only."""
    for candidate in (data, MAGIC + data):
        with pytest.raises(BackupDamaged):
            opened(candidate)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_random_damage_to_a_real_file_gives_only_the_documented_error(data: st.DataObject) -> None:
    """Random overwrites, cuts and insertions in a valid file raise `BackupDamaged` only."""
    original = sealed(PAYLOAD[: CHUNK + 50])
    position = data.draw(st.integers(0, len(original) - 1))
    garbage = data.draw(st.binary(min_size=1, max_size=40))
    mode = data.draw(st.sampled_from(["overwrite", "insert", "cut"]))
    if mode == "overwrite":
        damaged = original[:position] + garbage + original[position + len(garbage) :]
    elif mode == "insert":
        damaged = original[:position] + garbage + original[position:]
    else:
        damaged = original[:position]
    if damaged == original:
        return
    with pytest.raises(BackupDamaged):
        opened(damaged)
