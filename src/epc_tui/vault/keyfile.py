"""The key file: the database's random data key, wrapped for the passphrase and the recovery code.

Layout (JSON, version 1)::

    {"format": "epc-keyfile", "version": 1, "vault_id": "<hex>",
     "slots": [{"id": "passphrase", "kdf": {...}, "salt": "<b64>", "nonce": "<b64>",
                "wrapped": "<b64>"}, {"id": "recovery", ...}],
     "mac": "<b64>"}

Each slot is AES-256-GCM under an Argon2id key; its associated data binds the header and the
slot's own id, KDF parameters and salt. The whole document is then authenticated by an HMAC
keyed from the data key (HKDF), checked on every unlock, so damage to the slot not used today
(usually the recovery one) is noticed at once rather than on the day it is needed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from epc_tui.vault.atomic import write_atomically
from epc_tui.vault.errors import KdfParametersRejected, KeyFileDamaged, UnlockFailed
from epc_tui.vault.kdf import KdfParams, derive_key, new_salt
from epc_tui.vault.recovery import normalise_recovery_code
from epc_tui.vault.storage_errors import from_os_error

FORMAT = "epc-keyfile"
VERSION = 1
MAX_SIZE = 64 * 1024
PASSPHRASE_SLOT = "passphrase"
RECOVERY_SLOT = "recovery"
DATA_KEY_LENGTH = 32


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, length: int | None = None) -> bytes:
    if not isinstance(text, str):
        raise KeyFileDamaged()
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise KeyFileDamaged() from None
    if length is not None and len(data) != length:
        raise KeyFileDamaged()
    return data


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def mac_key_from(data_key: bytes, purpose: bytes) -> bytes:
    """A sub-key of the data key for one purpose (HKDF-SHA256)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(data_key)


def secret_bytes(secret: str, slot_id: str) -> bytes:
    """The bytes fed to Argon2id: recovery codes are normalised so typing style never matters."""
    if slot_id == RECOVERY_SLOT:
        return normalise_recovery_code(secret).encode("ascii")
    return secret.encode("utf-8")


@dataclass(frozen=True)
class Slot:
    """One wrapped copy of the data key."""

    slot_id: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped: bytes

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "id": self.slot_id,
            "kdf": self.kdf.to_dict(),
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
        }


@dataclass(frozen=True)
class KeyFile:
    """A parsed key file (nothing in it is secret without a passphrase or recovery code)."""

    vault_id: str
    slots: tuple[Slot, ...]
    mac: bytes

    def header(self) -> dict[str, Any]:
        """The authenticated header common to every slot."""
        return {"format": FORMAT, "version": VERSION, "vault_id": self.vault_id}

    def slot_aad(self, slot_id: str, kdf: KdfParams, salt: bytes) -> bytes:
        """Associated data of a slot: the header, the slot id, its KDF parameters and salt."""
        return _canonical(
            {"header": self.header(), "id": slot_id, "kdf": kdf.to_dict(), "salt": _b64(salt)}
        )

    def body(self) -> dict[str, Any]:
        """Everything the whole-file MAC covers."""
        return {**self.header(), "slots": [slot.to_dict() for slot in self.slots]}

    def to_bytes(self) -> bytes:
        """Serialised form, written to disk."""
        document = {**self.body(), "mac": _b64(self.mac)}
        return json.dumps(document, indent=1, sort_keys=True).encode("ascii") + b"\n"

    def slot(self, slot_id: str) -> Slot:
        """The slot with this id, or `KeyFileDamaged`."""
        for slot in self.slots:
            if slot.slot_id == slot_id:
                return slot
        raise KeyFileDamaged()

    def expected_mac(self, data_key: bytes) -> bytes:
        """The HMAC this file must carry under `data_key`."""
        key = mac_key_from(data_key, b"epc keyfile mac v1")
        return hmac.new(key, _canonical(self.body()), hashlib.sha256).digest()

    def unwrap(self, slot_id: str, secret: str) -> bytes:
        """Recover the data key with a passphrase or recovery code, checking the whole file.

        Raises `UnlockFailed` alike for a wrong secret and for any tampering.
        """
        slot = self.slot(slot_id)
        wrapping_key = derive_key(secret_bytes(secret, slot_id), slot.salt, slot.kdf)
        aad = self.slot_aad(slot.slot_id, slot.kdf, slot.salt)
        try:
            data_key = AESGCM(wrapping_key).decrypt(slot.nonce, slot.wrapped, aad)
        except InvalidTag:
            raise UnlockFailed() from None
        if len(data_key) != DATA_KEY_LENGTH:
            raise UnlockFailed()
        if not hmac.compare_digest(self.expected_mac(data_key), self.mac):
            raise UnlockFailed()
        return data_key


def _wrap_slot(vault_id: str, slot_id: str, secret: str, data_key: bytes, kdf: KdfParams) -> Slot:
    salt = new_salt()
    nonce = os.urandom(12)
    probe = KeyFile(vault_id=vault_id, slots=(), mac=b"")
    wrapping_key = derive_key(secret_bytes(secret, slot_id), salt, kdf)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, data_key, probe.slot_aad(slot_id, kdf, salt))
    return Slot(slot_id=slot_id, kdf=kdf, salt=salt, nonce=nonce, wrapped=wrapped)


def build_keyfile(
    data_key: bytes,
    passphrase: str,
    recovery_code: str,
    kdf: KdfParams,
    vault_id: str | None = None,
    recovery_slot: Slot | None = None,
) -> KeyFile:
    """A key file wrapping `data_key` for both secrets (or reusing an existing recovery slot)."""
    vault_id = vault_id or uuid.uuid4().hex
    passphrase_slot = _wrap_slot(vault_id, PASSPHRASE_SLOT, passphrase, data_key, kdf)
    if recovery_slot is None:
        recovery_slot = _wrap_slot(vault_id, RECOVERY_SLOT, recovery_code, data_key, kdf)
    unsigned = KeyFile(vault_id=vault_id, slots=(passphrase_slot, recovery_slot), mac=b"")
    return KeyFile(vault_id, unsigned.slots, unsigned.expected_mac(data_key))


def parse_keyfile(raw: bytes) -> KeyFile:
    """Read untrusted bytes; anything but a well-formed key file raises `KeyFileDamaged`.

    KDF parameters are checked here, before any derivation can be attempted.
    """
    if len(raw) > MAX_SIZE:
        raise KeyFileDamaged()
    try:
        document = json.loads(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise KeyFileDamaged() from None
    if not isinstance(document, dict):
        raise KeyFileDamaged()
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise KeyFileDamaged()
    if set(document) != {"format", "version", "vault_id", "slots", "mac"}:
        raise KeyFileDamaged()
    vault_id = document["vault_id"]
    if not isinstance(vault_id, str) or len(vault_id) != 32:
        raise KeyFileDamaged()
    raw_slots = document["slots"]
    if not isinstance(raw_slots, list) or len(raw_slots) != 2:
        raise KeyFileDamaged()
    slots = []
    for raw_slot in raw_slots:
        if not isinstance(raw_slot, dict) or set(raw_slot) != {
            "id",
            "kdf",
            "salt",
            "nonce",
            "wrapped",
        }:
            raise KeyFileDamaged()
        if raw_slot["id"] not in (PASSPHRASE_SLOT, RECOVERY_SLOT):
            raise KeyFileDamaged()
        try:
            kdf = KdfParams.from_dict(raw_slot["kdf"])
        except KdfParametersRejected:
            raise
        slots.append(
            Slot(
                slot_id=raw_slot["id"],
                kdf=kdf,
                salt=_unb64(raw_slot["salt"], 16),
                nonce=_unb64(raw_slot["nonce"], 12),
                wrapped=_unb64(raw_slot["wrapped"], DATA_KEY_LENGTH + 16),
            )
        )
    if {slot.slot_id for slot in slots} != {PASSPHRASE_SLOT, RECOVERY_SLOT}:
        raise KeyFileDamaged()
    return KeyFile(vault_id=vault_id, slots=tuple(slots), mac=_unb64(document["mac"], 32))


def read_keyfile(path: Path) -> KeyFile:
    """Read and parse the key file at `path`."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_SIZE + 1)
    except FileNotFoundError:
        raise KeyFileDamaged() from None
    return parse_keyfile(raw)


def write_keyfile(path: Path, keyfile: KeyFile) -> None:
    """Write atomically: a kill at any moment leaves the old file or the new one, whole.

    A full or read-only disk raises the matching `EpcError`; the old file stays untouched.
    """
    try:
        write_atomically(path, keyfile.to_bytes())
    except OSError as error:
        raise from_os_error(error) from None
