"""Argon2id key derivation with bounds checked before any work is done.

The parameters travel in headers (key file, backups, handover files) that an attacker can
edit, so they are validated first: below the floor a guess is too cheap, above the ceiling a
crafted file could exhaust memory or time.
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from epc_tui.vault.errors import KdfParametersRejected

KEY_LENGTH = 32
SALT_LENGTH = 16

FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_ITERATIONS = 3
CEILING_MEMORY_KIB = 2 * 1024 * 1024
CEILING_ITERATIONS = 10
CEILING_LANES = 8


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters: memory in KiB, iterations, lanes."""

    memory_kib: int = 256 * 1024
    iterations: int = 3
    lanes: int = 4

    def to_dict(self) -> dict[str, int]:
        """Plain form for a JSON header."""
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: Any) -> KdfParams:
        """Read parameters from an untrusted header; raise `KdfParametersRejected` if odd."""
        if not isinstance(raw, dict):
            raise KdfParametersRejected()
        try:
            values = {name: raw[name] for name in ("memory_kib", "iterations", "lanes")}
        except KeyError:
            raise KdfParametersRejected() from None
        if not all(type(v) is int for v in values.values()):
            raise KdfParametersRejected()
        params = cls(**values)
        check_bounds(params)
        return params


FLOOR = KdfParams(memory_kib=FLOOR_MEMORY_KIB, iterations=FLOOR_ITERATIONS, lanes=4)
DEFAULT = KdfParams()
BACKUP_DEFAULT = KdfParams(memory_kib=512 * 1024, iterations=3, lanes=4)


def _total_memory_kib() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 1024
    except (ValueError, OSError, AttributeError):
        return 8 * 1024 * 1024


def check_bounds(params: KdfParams) -> None:
    """Refuse parameters below the floor or above the ceiling (before deriving anything)."""
    values = (params.memory_kib, params.iterations, params.lanes)
    if not all(type(value) is int for value in values):
        raise KdfParametersRejected()
    ceiling_memory = min(CEILING_MEMORY_KIB, _total_memory_kib() // 2)
    if not (FLOOR_MEMORY_KIB <= params.memory_kib <= ceiling_memory):
        raise KdfParametersRejected()
    if not (FLOOR_ITERATIONS <= params.iterations <= CEILING_ITERATIONS):
        raise KdfParametersRejected()
    if not (1 <= params.lanes <= CEILING_LANES):
        raise KdfParametersRejected()
    if params.memory_kib < 8 * params.lanes:
        raise KdfParametersRejected()


def derive_key(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    """Derive a 256-bit key from a passphrase or recovery code."""
    check_bounds(params)
    if len(salt) != SALT_LENGTH:
        raise KdfParametersRejected()
    kdf = Argon2id(
        salt=salt,
        length=KEY_LENGTH,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(secret)


def new_salt() -> bytes:
    """A fresh random salt."""
    return os.urandom(SALT_LENGTH)


def calibrate(
    target_seconds: float = 0.7,
    start: KdfParams = DEFAULT,
    lowest: float = 0.5,
    highest: float = 1.0,
) -> KdfParams:
    """Adjust memory towards `lowest`–`highest` seconds on this machine, never under the floor.

    Time grows with memory × iterations (lanes run sequentially in this implementation), so
    one measurement is enough to scale memory; iterations stay at 3.
    """
    salt = new_salt()
    began = time.perf_counter()
    derive_key(b"calibration", salt, start)
    elapsed = max(time.perf_counter() - began, 1e-3)
    if lowest <= elapsed <= highest:
        return start
    scaled = int(start.memory_kib * target_seconds / elapsed)
    ceiling = min(CEILING_MEMORY_KIB, _total_memory_kib() // 2)
    memory = max(FLOOR_MEMORY_KIB, min(ceiling, scaled))
    memory -= memory % 1024
    return KdfParams(memory_kib=max(FLOOR_MEMORY_KIB, memory), iterations=3, lanes=start.lanes)


def params_for_new_vault() -> KdfParams:
    """Calibrated parameters for a new vault; `EPC_KDF=floor` (the test suite) uses the floor.

    The floor is still the security design's minimum, so the variable cannot weaken a vault
    below what the design accepts.
    """
    if os.environ.get("EPC_KDF") == "floor":
        return FLOOR
    return calibrate(start=DEFAULT)


def params_for_rewrap() -> KdfParams:
    """Parameters when rewrapping an existing vault's key (no calibration delay)."""
    return FLOOR if os.environ.get("EPC_KDF") == "floor" else DEFAULT
