"""The sealed container of backup (`.epcbak`) and handover files: an authenticated header,
then the payload in AES-256-GCM chunks (age's STREAM construction).

Layout (documented in `docs/backup-format.md`)::

    magic (8 bytes) | header length (4 bytes, big-endian) | header (canonical JSON, ASCII)
    | chunk 0 | chunk 1 | … | final chunk

Every chunk is at most `chunk_size` bytes of plaintext plus a 16-byte tag. Its nonce is an
11-byte big-endian counter followed by one byte that is 1 for the final chunk and 0 otherwise;
its associated data is the whole header (magic and length included). So a flipped byte
anywhere, a chunk moved, dropped or repeated, a file cut at a chunk boundary or inside a chunk,
and bytes appended after the final chunk are all refused with `BackupDamaged`.

This module knows nothing about vaults: the caller derives the payload key and chooses what
the header says.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from epc_tui.vault.errors import EpcError

CHUNK_SIZE = 64 * 1024
MIN_CHUNK_SIZE = 4 * 1024
MAX_CHUNK_SIZE = 1024 * 1024
MAX_HEADER_SIZE = 64 * 1024
TAG_SIZE = 16
MAGIC_SIZE = 8
COUNTER_LIMIT = 1 << 88

Progress = Callable[[int], None]
"""Told the number of payload bytes handled so far."""

Cancelled = Callable[[], bool]
"""Asked between chunks whether the user cancelled the work."""


class Readable(Protocol):
    """What `unseal` reads from: an open file, or a positioned reader (`verify_helper`)."""

    def read(self, size: int, /) -> bytes:
        """Up to `size` bytes (fewer only at the end of the file)."""
        ...


class BackupDamaged(EpcError):
    """Not a backup of ours, cut short, extended or altered: refused as a whole."""

    message_key = "error.backup_damaged"


class WorkCancelled(EpcError):
    """The coach cancelled a long backup, verification or restore; nothing was changed."""

    message_key = "error.backup_cancelled"


@dataclass(frozen=True)
class SealedHeader:
    """A parsed header: its fields, and its exact bytes (the associated data of every chunk)."""

    raw: bytes
    fields: dict[str, Any]
    chunk_size: int


def canonical_json(value: Any) -> bytes:
    """One byte string per value: sorted keys, no spaces, ASCII only."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def encode_header(magic: bytes, fields: dict[str, Any]) -> SealedHeader:
    """The header bytes for `fields` (which must hold `chunk_size`)."""
    if len(magic) != MAGIC_SIZE:
        raise ValueError("magic must be 8 bytes")
    body = canonical_json(fields)
    if len(body) > MAX_HEADER_SIZE:
        raise ValueError("header too large")
    raw = magic + struct.pack(">I", len(body)) + body
    return SealedHeader(raw=raw, fields=dict(fields), chunk_size=_chunk_size(fields))


def _chunk_size(fields: dict[str, Any]) -> int:
    size = fields.get("chunk_size")
    if type(size) is not int or not MIN_CHUNK_SIZE <= size <= MAX_CHUNK_SIZE:
        raise BackupDamaged()
    return size


def _read_exactly(stream: BinaryIO, count: int) -> bytes:
    data = stream.read(count)
    if data is None or len(data) != count:
        raise BackupDamaged()
    return data


def read_header(stream: BinaryIO, magic: bytes) -> SealedHeader:
    """Parse the header at the start of `stream`; anything unexpected is `BackupDamaged`.

    Only the shape is checked here; the header is authenticated by the first chunk.
    """
    if _read_exactly(stream, MAGIC_SIZE) != magic:
        raise BackupDamaged("error.not_a_backup")
    (length,) = struct.unpack(">I", _read_exactly(stream, 4))
    if not 2 <= length <= MAX_HEADER_SIZE:
        raise BackupDamaged()
    body = _read_exactly(stream, length)
    try:
        fields = json.loads(body.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BackupDamaged() from None
    if not isinstance(fields, dict) or canonical_json(fields) != body:
        raise BackupDamaged()
    raw = magic + struct.pack(">I", length) + body
    return SealedHeader(raw=raw, fields=fields, chunk_size=_chunk_size(fields))


def derive_payload_key(secret_key: bytes, salt: bytes, purpose: bytes) -> bytes:
    """The AES-256-GCM key of one file: HKDF-SHA256 of a 32-byte key and the file's salt.

    A fresh salt per file gives each file its own key, so counter nonces never repeat.
    """
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=purpose).derive(secret_key)


def _nonce(counter: int, final: bool) -> bytes:
    if counter >= COUNTER_LIMIT:
        raise BackupDamaged()
    return counter.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def seal(
    out: BinaryIO,
    header: SealedHeader,
    key: bytes,
    pieces: Iterable[bytes],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write the header, then `pieces` sealed in chunks; return the payload length.

    The last chunk (possibly empty) carries the final flag, so the reader can tell a whole
    file from one cut at a chunk boundary.
    """
    aead = AESGCM(key)
    aad = header.raw
    size = header.chunk_size
    out.write(aad)
    buffer = bytearray()
    counter = 0
    total = 0
    for piece in pieces:
        buffer += piece
        total += len(piece)
        while len(buffer) > size:
            if cancelled is not None and cancelled():
                raise WorkCancelled()
            out.write(aead.encrypt(_nonce(counter, False), bytes(buffer[:size]), aad))
            del buffer[:size]
            counter += 1
            if progress is not None:
                progress(total - len(buffer))
    out.write(aead.encrypt(_nonce(counter, True), bytes(buffer), aad))
    if progress is not None:
        progress(total)
    return total


def unseal(
    stream: Readable,
    header: SealedHeader,
    key: bytes,
    cancelled: Cancelled | None = None,
    *,
    first: int = 0,
    stop: int | None = None,
) -> Iterator[bytes]:
    """Yield the plaintext chunk by chunk, after authenticating each one.

    A chunk is only yielded once its tag checks, and the generator raises `BackupDamaged`
    for a missing final chunk or anything after it: callers must consume it to the end
    before trusting what they wrote.

    `stream` is positioned at chunk number `first` (0: just after the header). With `stop`,
    only chunks `first` to `stop - 1` are read, each of which must be a whole, non-final
    chunk: a verification split between two processes (`verify_helper`) reads the file in
    two ranges, and the final flag and the end of the file are then the second range's to
    check.
    """
    aead = AESGCM(key)
    aad = header.raw
    record_size = header.chunk_size + TAG_SIZE
    counter = first
    record = stream.read(record_size)
    while True:
        if cancelled is not None and cancelled():
            raise WorkCancelled()
        if stop is not None:
            following = b""
            final = False
            if len(record) != record_size:
                raise BackupDamaged()
        elif len(record) < record_size:
            following = b""
            final = True
        else:
            following = stream.read(record_size)
            final = not following
        if len(record) < TAG_SIZE:
            raise BackupDamaged()
        try:
            plain = aead.decrypt(_nonce(counter, final), record, aad)
        except InvalidTag:
            raise BackupDamaged() from None
        if final:
            if stream.read(1):
                raise BackupDamaged()
            yield plain
            return
        yield plain
        counter += 1
        if stop is not None:
            if counter >= stop:
                return
            record = stream.read(record_size)
        else:
            record = following


def final_chunk_index(header: SealedHeader, payload_bytes: int) -> int:
    """The number of the final chunk of a payload of `payload_bytes` (see `seal`)."""
    return max(0, -(-payload_bytes // header.chunk_size) - 1)


def read_chunk(
    stream: BinaryIO, header: SealedHeader, key: bytes, index: int, final_index: int
) -> bytes:
    """Authenticate and return one chunk, by number, from a file already read in full once.

    For the few pieces a reader needs a second time (random access); the counter and the
    final flag are part of the nonce, so a chunk from elsewhere in the file never passes.
    """
    if not 0 <= index <= final_index:
        raise BackupDamaged()
    record_size = header.chunk_size + TAG_SIZE
    stream.seek(len(header.raw) + index * record_size)
    record = stream.read(record_size)
    final = index == final_index
    if len(record) < TAG_SIZE or (not final and len(record) != record_size):
        raise BackupDamaged()
    try:
        return AESGCM(key).decrypt(_nonce(index, final), record, header.raw)
    except InvalidTag:
        raise BackupDamaged() from None
