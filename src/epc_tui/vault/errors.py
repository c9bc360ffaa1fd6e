"""Errors a user can cause while working with a vault.

Each carries a translation key (and parameters) rather than a sentence, so the command line
and the screens show it in the coach's language. None of them ever carries personal data.
"""

from __future__ import annotations

from typing import Any


class EpcError(Exception):
    """Base of every error we expect and explain to the user."""

    message_key = "error.generic"

    def __init__(self, message_key: str | None = None, **params: Any) -> None:
        self.message_key = message_key or type(self).message_key
        self.params = params
        super().__init__(self.message_key)


class UnlockFailed(EpcError):
    """Wrong passphrase, wrong recovery code, or a key file that was altered (one message)."""

    message_key = "error.unlock_failed"


class KeyFileDamaged(EpcError):
    """The key file cannot be read at all: not a key file of ours, or cut short."""

    message_key = "error.keyfile_damaged"


class KdfParametersRejected(EpcError):
    """Key-derivation parameters outside the allowed bounds (too weak or too costly)."""

    message_key = "error.kdf_rejected"


class VaultMissing(EpcError):
    """No vault in the data directory."""

    message_key = "error.vault_missing"


class VaultExists(EpcError):
    """A vault already exists where a new one was to be created."""

    message_key = "error.vault_exists"


class VaultBusy(EpcError):
    """Another epc process has this vault open."""

    message_key = "error.vault_busy"


class DatabaseDamaged(EpcError):
    """The database fails its integrity checks or is not an encrypted database of ours."""

    message_key = "error.database_damaged"


class UnsafeSqlite(EpcError):
    """The SQLite library loaded is not SQLCipher, or a file is stored in clear."""

    message_key = "error.unsafe_sqlite"


class SchemaTooNew(EpcError):
    """The vault was written by a newer version of epc."""

    message_key = "error.schema_too_new"


class WeakPassphrase(EpcError):
    """A passphrase too short or too guessable to protect health information."""

    message_key = "error.weak_passphrase"


class InvalidInput(EpcError):
    """A value typed by the user that cannot be accepted (dates, codes, fields)."""

    message_key = "error.invalid_input"
