"""SQLCipher 4 pages checked as they stream past: every page's HMAC, the database header, and
the row count of every table, without writing the database anywhere.

Verifying a backup used to write its 2 GB database out and run SQLCipher's
`cipher_integrity_check` on it. That check is simple enough to do on the bytes as they are
decrypted from the backup, in the order they come, following SQLCipher 4's documented
format (defaults, raw 32-byte key given as `x'…'`):

- the first 16 bytes of the file are the salt; the HMAC key is
  `PBKDF2-HMAC-SHA512(data key, salt XOR 0x3a each byte, 2 iterations, 32 bytes)`;
- every page of 4,096 bytes ends with an 80-byte reserve: a 16-byte IV, then the 64-byte
  `HMAC-SHA512(HMAC key, ciphertext ‖ IV ‖ page number as 4 bytes little-endian)`;
  page 1's ciphertext starts after the salt, at byte 16;
- the ciphertext is AES-256-CBC under the data key with that IV (no padding);
- like `cipher_integrity_check`, the page holding byte 2³⁰ (SQLite's lock page, never
  written) is skipped.

`tests/unit/test_backup_pages.py` shows this check and `cipher_integrity_check` report the
same pages on an intact file and on files with a byte flipped in different pages.

Row counts come from the b-trees themselves: the first 16 bytes of each page are decrypted
(one AES block: page type and cell count), interior pages in full (their children), so every
table's rows are the cells of the leaves reachable from its root in `sqlite_master`. The few
pages whose content is needed afterwards (the schema, the schema version) are read again by
the caller, from the backup, through `PageSource`.
"""

from __future__ import annotations

import hashlib
import struct
import sys
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_SIZE = 4096
SALT_SIZE = 16
IV_SIZE = 16
HMAC_SIZE = 64
RESERVE = 80
"""IV and HMAC-SHA512, rounded up to the AES block: SQLCipher 4's reserve per page."""
USABLE = PAGE_SIZE - RESERVE
HMAC_SALT_MASK = 0x3A
FAST_KDF_ITERATIONS = 2
LOCK_PAGE = 0x40000000 // PAGE_SIZE + 1
HEADER_SIZE = 100
BATCH_PAGES = 256
"""Pages checked at a time (1 MiB): their first blocks are decrypted in one call."""

TABLE_INTERIOR = 0x05
TABLE_LEAF = 0x0D
INDEX_INTERIOR = 0x02
INDEX_LEAF = 0x0A
INTERIOR = (TABLE_INTERIOR, INDEX_INTERIOR)

PageSource = Callable[[int], bytes]
"""Gives the plaintext of a page by number (already checked), for the few read twice."""


class PagesDamaged(Exception):
    """A page failed its HMAC, the header disagrees with the file, or a b-tree is broken."""


def hmac_key(data_key: bytes, salt: bytes) -> bytes:
    """SQLCipher 4's HMAC key for a raw data key and the file's salt."""
    masked = bytes(byte ^ HMAC_SALT_MASK for byte in salt)
    return hashlib.pbkdf2_hmac("sha512", data_key, masked, FAST_KDF_ITERATIONS, 32)


def decrypt_page(data_key: bytes, page: bytes | memoryview, pgno: int) -> bytes:
    """The plaintext of one encrypted page (for page 1, from byte 16 on)."""
    start = SALT_SIZE if pgno == 1 else 0
    iv = bytes(page[USABLE : USABLE + IV_SIZE])
    decryptor = Cipher(algorithms.AES(data_key), modes.CBC(iv)).decryptor()
    return decryptor.update(bytes(page[start:USABLE])) + decryptor.finalize()


@dataclass
class StreamedPages:
    """What the stream showed: header fields, and each page's type and cell count."""

    page_count: int
    header_pages: int
    bad_pages: list[int]
    types: bytearray
    cells: array[int]
    children: dict[int, array[int]] = field(default_factory=dict)
    first_page: bytes = b""


@dataclass(frozen=True)
class PagesPart:
    """What a checker fed a later stretch of the file saw (`PageChecker.part`), to be joined
    to the checker of the stretch before it (`PageChecker.absorb`): a verification split
    between two processes (`verify_helper`)."""

    first_pgno: int
    next_pgno: int
    leftover: int
    bad_pages: list[int]
    types: bytes
    cells: bytes
    children: dict[int, bytes]


class PageChecker:
    """Feed it the database file's bytes in order, in pieces of any size; then `finish`.

    A checker may also start at a later page (`first_pgno`, at a page boundary), given the
    file's salt (the first 16 bytes of page 1) for the HMAC key; its `part` is then joined to
    the checker of the pages before it.
    """

    def __init__(self, data_key: bytes, *, first_pgno: int = 1, salt: bytes | None = None) -> None:
        self._data_key = data_key
        self._buffer = bytearray()
        self._first_pgno = first_pgno
        self._next_pgno = first_pgno
        self._inner: hashlib._Hash | None = None
        self._outer: hashlib._Hash | None = None
        if first_pgno != 1:
            if salt is None or len(salt) != SALT_SIZE or first_pgno < 1:
                raise ValueError("a checker starting after page 1 needs the file's salt")
            self._start_with(salt)
        self._ecb = Cipher(algorithms.AES(data_key), modes.ECB())
        self.bad_pages: list[int] = []
        self.types = bytearray()
        self.cells: array[int] = array("H")
        self.children: dict[int, array[int]] = {}
        self.first_page = b""

    def feed(self, piece: bytes | memoryview) -> None:
        """Check the pages now available, by batches; keep the rest for the next piece."""
        self._buffer += piece
        if len(self._buffer) >= BATCH_PAGES * PAGE_SIZE:
            self._drain()

    def _drain(self) -> None:
        whole = len(self._buffer) // PAGE_SIZE
        if whole:
            view = memoryview(self._buffer)
            try:
                self._pages(view[: whole * PAGE_SIZE])
            finally:
                view.release()
            del self._buffer[: whole * PAGE_SIZE]

    def _start_with(self, salt: bytes) -> None:
        key = hmac_key(self._data_key, salt).ljust(128, b"\0")
        self._inner = hashlib.sha512(bytes(byte ^ 0x36 for byte in key))
        self._outer = hashlib.sha512(bytes(byte ^ 0x5C for byte in key))

    def _check_hmacs(self, view: memoryview, first_pgno: int, count: int) -> list[int]:
        """Page numbers among the `count` pages of `view` whose HMAC is wrong.

        SHA-512 of every page is most of verify's time. A second thread taking half of each
        batch was tried: each page's hash releases the GIL for only ~4 µs, so the two threads
        never ran at once (same wall time on an idle or a loaded machine); it was removed.
        """
        inner, outer = self._inner, self._outer
        assert inner is not None and outer is not None
        bad: list[int] = []
        tail = USABLE + IV_SIZE
        for index in range(count):
            pgno = first_pgno + index
            offset = index * PAGE_SIZE
            if pgno == LOCK_PAGE:
                continue
            digest = inner.copy()
            digest.update(view[offset + (SALT_SIZE if pgno == 1 else 0) : offset + tail])
            digest.update(pgno.to_bytes(4, "little"))
            final = outer.copy()
            final.update(digest.digest())
            if final.digest() != view[offset + tail : offset + PAGE_SIZE]:
                bad.append(pgno)
        return bad

    def _pages(self, view: memoryview) -> None:
        if self._inner is None:
            self._start_with(bytes(view[:SALT_SIZE]))
        first_pgno = self._next_pgno
        count = len(view) // PAGE_SIZE
        self._next_pgno = first_pgno + count
        self.bad_pages += self._check_hmacs(view, first_pgno, count)
        # The first AES block of every page (type and cell count) in one call: gathered by
        # strided slices, decrypted as ECB, then XORed with each page's IV (CBC's first step).
        firsts = bytearray(16 * count)
        ivs = bytearray(16 * count)
        for byte in range(16):
            firsts[byte::16] = view[byte::PAGE_SIZE].tobytes()
            ivs[byte::16] = view[USABLE + byte :: PAGE_SIZE].tobytes()
        plain = self._ecb.decryptor().update(bytes(firsts))
        mixed = (int.from_bytes(plain, "big") ^ int.from_bytes(ivs, "big")).to_bytes(
            len(plain), "big"
        )
        types = bytearray(mixed[0::16])
        cells = bytearray(2 * count)
        cells[0::2] = mixed[3::16]
        cells[1::2] = mixed[4::16]
        if first_pgno == 1:
            self.first_page = decrypt_page(self._data_key, view[:PAGE_SIZE], 1)
            header = HEADER_SIZE - SALT_SIZE
            types[0] = self.first_page[header]
            cells[0:2] = self.first_page[header + 3 : header + 5]
        if first_pgno <= LOCK_PAGE < first_pgno + count:
            types[LOCK_PAGE - first_pgno] = 0
        self.types += types
        counts = array("H", bytes(cells))
        if sys.byteorder == "little":
            counts.byteswap()
        self.cells += counts
        for index in _positions(types, INTERIOR):
            number = first_pgno + index
            offset = index * PAGE_SIZE
            if number == 1:
                plain_page = self.first_page
            else:
                plain_page = decrypt_page(self._data_key, view[offset : offset + PAGE_SIZE], number)
            try:
                self.children[number] = _children(plain_page, number)
            except PagesDamaged:
                continue  # not a b-tree page after all (overflow, free): only reachable ones count

    def authentic(self, page: bytes, pgno: int) -> bool:
        """True when `page` (a whole encrypted page) carries its right HMAC."""
        if self._inner is None or self._outer is None or len(page) != PAGE_SIZE:
            return False
        start = SALT_SIZE if pgno == 1 else 0
        digest = self._inner.copy()
        digest.update(page[start : USABLE + IV_SIZE])
        digest.update(pgno.to_bytes(4, "little"))
        final = self._outer.copy()
        final.update(digest.digest())
        return final.digest() == page[USABLE + IV_SIZE :]

    def part(self) -> PagesPart:
        """What this checker saw, as plain values a pipe can carry (see `PagesPart`)."""
        self._drain()
        return PagesPart(
            first_pgno=self._first_pgno,
            next_pgno=self._next_pgno,
            leftover=len(self._buffer),
            bad_pages=list(self.bad_pages),
            types=bytes(self.types),
            cells=self.cells.tobytes(),
            children={pgno: found.tobytes() for pgno, found in self.children.items()},
        )

    def absorb(self, part: PagesPart) -> None:
        """Join the part seen by a checker of the pages that follow this one's.

        `PagesDamaged` unless it starts exactly at the page after this checker's last one,
        both stopped at a page boundary, and its fields hold one entry per page.
        """
        self._drain()
        count = part.next_pgno - part.first_pgno
        if (
            self._buffer
            or part.leftover
            or part.first_pgno != self._next_pgno
            or count < 0
            or len(part.types) != count
            or len(part.cells) != 2 * count
        ):
            raise PagesDamaged()
        self.bad_pages += part.bad_pages
        self.types += part.types
        self.cells.frombytes(part.cells)
        for pgno, found in part.children.items():
            self.children[pgno] = array("I", found)
        self._next_pgno = part.next_pgno

    def finish(self) -> StreamedPages:
        """The pages seen; `PagesDamaged` for a partial page or a header that disagrees."""
        self._drain()
        if self._buffer or self._next_pgno == 1 or self._first_pgno != 1:
            raise PagesDamaged()
        count = self._next_pgno - 1
        header = self.first_page
        page_size = int.from_bytes(header[0:2], "big")  # header bytes 16 and 17
        reserve = header[4]  # byte 20
        change_counter = header[8:12]  # bytes 24 to 27
        valid_for = header[76:80]  # bytes 92 to 95
        header_pages = int.from_bytes(header[12:16], "big")  # bytes 28 to 31
        if page_size != PAGE_SIZE or reserve != RESERVE or change_counter != valid_for:
            raise PagesDamaged()
        return StreamedPages(
            page_count=count,
            header_pages=header_pages,
            bad_pages=list(self.bad_pages),
            types=self.types,
            cells=self.cells,
            children=self.children,
            first_page=self.first_page,
        )


def _positions(types: bytearray, wanted: tuple[int, ...]) -> list[int]:
    """Indexes in `types` holding one of the `wanted` bytes (found in C, not a Python loop)."""
    found: list[int] = []
    for value in wanted:
        at = types.find(value)
        while at != -1:
            found.append(at)
            at = types.find(value, at + 1)
    return sorted(found)


def _page_base(pgno: int) -> int:
    """Where the b-tree header starts in a page's plaintext (page 1 starts at byte 16)."""
    return HEADER_SIZE - SALT_SIZE if pgno == 1 else 0


def _cell_offsets(plain: bytes, pgno: int) -> list[int]:
    base = _page_base(pgno)
    shift = SALT_SIZE if pgno == 1 else 0
    kind = plain[base]
    header = 12 if kind in INTERIOR else 8
    count = int.from_bytes(plain[base + 3 : base + 5], "big")
    table = plain[base + header : base + header + 2 * count]
    if len(table) != 2 * count:
        raise PagesDamaged()
    offsets = [value - shift for (value,) in struct.iter_unpack(">H", table)]
    if any(not base + header <= offset < len(plain) - 4 for offset in offsets):
        raise PagesDamaged()
    return offsets


def _children(plain: bytes, pgno: int) -> array[int]:
    """Child page numbers of an interior page, the right-most last."""
    base = _page_base(pgno)
    offsets = _cell_offsets(plain, pgno)
    found = array("I", (int.from_bytes(plain[o : o + 4], "big") for o in offsets))
    found.append(int.from_bytes(plain[base + 8 : base + 12], "big"))
    return found


def tree_pages(pages: StreamedPages, root: int) -> tuple[list[int], int]:
    """The leaves of the b-tree at `root`, and how many rows it holds.

    A table b-tree's rows are its leaves' cells; an index b-tree (a table WITHOUT ROWID)
    holds rows in its interior pages too. A page out of range, seen twice, or of the wrong
    kind is `PagesDamaged`.
    """
    if not 1 <= root <= pages.page_count:
        raise PagesDamaged()
    kind = pages.types[root - 1]
    index_tree = kind in (INDEX_INTERIOR, INDEX_LEAF)
    if kind not in (TABLE_INTERIOR, TABLE_LEAF, INDEX_INTERIOR, INDEX_LEAF):
        raise PagesDamaged()
    leaves: list[int] = []
    rows = 0
    seen: set[int] = set()
    waiting = [root]
    while waiting:
        pgno = waiting.pop()
        if not 1 <= pgno <= pages.page_count or pgno in seen or pgno == LOCK_PAGE:
            raise PagesDamaged()
        seen.add(pgno)
        kind = pages.types[pgno - 1]
        if (kind in (INDEX_INTERIOR, INDEX_LEAF)) != index_tree:
            raise PagesDamaged()
        if kind in INTERIOR:
            if index_tree:
                rows += pages.cells[pgno - 1]
            below = pages.children.get(pgno)
            if below is None:
                raise PagesDamaged()
            waiting.extend(below)
        elif kind in (TABLE_LEAF, INDEX_LEAF):
            leaves.append(pgno)
            rows += pages.cells[pgno - 1]
        else:
            raise PagesDamaged()
    return leaves, rows


def _varint(data: bytes, offset: int) -> tuple[int, int]:
    value = 0
    for index in range(8):
        if offset + index >= len(data):
            raise PagesDamaged()
        byte = data[offset + index]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, offset + index + 1
    if offset + 8 >= len(data):
        raise PagesDamaged()
    return (value << 8) | data[offset + 8], offset + 9


_INT_SIZES = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}


def leaf_records(plain: bytes, pgno: int, columns: int) -> list[list[object]]:
    """The first `columns` values of every row on a table leaf page (local part only).

    Enough for the schema (type, name, table, root page) and the schema version; a value
    that does not fit in the page's local part is `PagesDamaged`.
    """
    base = _page_base(pgno)
    if plain[base] != TABLE_LEAF:
        raise PagesDamaged()
    rows: list[list[object]] = []
    for offset in _cell_offsets(plain, pgno):
        _, at = _varint(plain, offset)  # payload size
        _, at = _varint(plain, at)  # rowid
        header_size, cursor = _varint(plain, at)
        header_end = at + header_size
        body = header_end
        values: list[object] = []
        while cursor < header_end and len(values) < columns:
            serial, cursor = _varint(plain, cursor)
            value, body = _value(plain, serial, body)
            values.append(value)
        if len(values) < columns or body > len(plain):
            raise PagesDamaged()
        rows.append(values)
    return rows


def _value(data: bytes, serial: int, at: int) -> tuple[object, int]:
    if serial in (0, 10, 11):
        return None, at
    if serial == 8:
        return 0, at
    if serial == 9:
        return 1, at
    if serial in _INT_SIZES:
        size = _INT_SIZES[serial]
        return int.from_bytes(data[at : at + size], "big", signed=True), at + size
    if serial == 7:
        return struct.unpack(">d", data[at : at + 8])[0], at + 8
    size = (serial - 12) // 2
    raw = data[at : at + size]
    if len(raw) != size:
        raise PagesDamaged()
    if serial % 2:
        return raw.decode("utf-8", errors="replace"), at + size
    return raw, at + size


@dataclass(frozen=True)
class DatabaseSummary:
    """The schema version and every table's row count, read from the pages."""

    schema_version: int
    row_counts: dict[str, int]


def summarise(
    pages: StreamedPages, page: PageSource, counted: Callable[[str], bool]
) -> DatabaseSummary:
    """Row counts of the tables `counted` accepts, and the largest `schema_version.version`.

    The schema's leaves and `schema_version`'s are read through `page` (they may have gone
    by before their roots were known).
    """
    schema_leaves, _ = tree_pages(pages, 1)
    roots: dict[str, int] = {}
    for leaf in schema_leaves:
        plain = pages.first_page if leaf == 1 else page(leaf)
        for kind, name, _table, root in leaf_records(plain, leaf, 4):
            if kind == "table" and isinstance(name, str) and isinstance(root, int) and root:
                roots[name] = root
    counts = {
        name: tree_pages(pages, root)[1] for name, root in sorted(roots.items()) if counted(name)
    }
    if "schema_version" not in roots:
        raise PagesDamaged()
    version = 0
    for leaf in tree_pages(pages, roots["schema_version"])[0]:
        plain = pages.first_page if leaf == 1 else page(leaf)
        for _id, number in leaf_records(plain, leaf, 2):
            if not isinstance(number, int):
                raise PagesDamaged()
            version = max(version, number)
    return DatabaseSummary(schema_version=version, row_counts=counts)
