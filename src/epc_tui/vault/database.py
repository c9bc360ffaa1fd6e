"""Opening the SQLCipher database with a raw data key and the pragmas of the security design.

Every connection (one per thread, as peewee does) follows the same recipe: silence SQLCipher's
own logging, give the raw key, probe, refuse a plain SQLite, then set the pragmas that keep
plaintext off the disk (`temp_store = MEMORY`, `secure_delete`) and writes durable.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playhouse.sqlcipher_ext import SqlCipherDatabase
from sqlcipher3 import dbapi2 as sqlcipher

from epc_tui.vault.errors import UnlockFailed, UnsafeSqlite
from epc_tui.vault.storage_errors import as_user_error, from_database_error

RAW_KEY_PATTERN = re.compile(r"^x'[0-9a-f]{64}'$")
PLAIN_SQLITE_MAGIC = b"SQLite format 3\x00"

PRAGMAS: tuple[tuple[str, str], ...] = (
    ("cipher_memory_security", "ON"),
    ("temp_store", "MEMORY"),
    ("secure_delete", "ON"),
    ("foreign_keys", "ON"),
    ("journal_mode", "WAL"),
    ("synchronous", "FULL"),
    ("busy_timeout", "5000"),
)


def raw_key_literal(data_key: bytes) -> str:
    """The `x'…'` form SQLCipher takes for a raw key, checked against the exact pattern.

    A malformed string would silently fall back to SQLCipher's passphrase KDF, so it is
    validated rather than trusted.
    """
    literal = f"x'{data_key.hex()}'"
    if len(data_key) != 32 or not RAW_KEY_PATTERN.match(literal):
        raise ValueError("the data key must be exactly 32 bytes")
    return literal


def refuse_plain_file(path: Path) -> None:
    """Refuse a database file that is stored in clear."""
    try:
        with open(path, "rb") as handle:
            if handle.read(16) == PLAIN_SQLITE_MAGIC:
                raise UnsafeSqlite()
    except FileNotFoundError:
        return


class VaultDatabase(SqlCipherDatabase):  # type: ignore[misc]
    """A peewee SQLCipher database that applies the security recipe on every connection."""

    def _connect(self) -> Any:
        key = self.connect_params.get("passphrase", "")
        if not RAW_KEY_PATTERN.match(key):
            raise UnlockFailed()
        refuse_plain_file(Path(self.database))
        conn = sqlcipher.connect(self.database, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f'PRAGMA key = "{key}"')
            configure_connection(conn)
            self._add_conn_hooks(conn)
        except BaseException as error:
            conn.close()
            explained = as_user_error(error, Path(self.database).parent)
            if explained is error:
                raise
            raise explained from None  # a full disk is not a damaged vault
        return conn

    def _set_pragmas(self, conn: Any) -> None:
        """Pragmas are set in `configure_connection`; peewee's own hook is not used."""


def configure_connection(conn: Any) -> None:
    """Probe the key and apply the pragmas on a raw sqlcipher3 connection."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlcipher.DatabaseError as error:
        if "not a database" in str(error):
            raise UnlockFailed() from None
        raise from_database_error(error) from None  # damage, or a full or read-only disk
    version = conn.execute("PRAGMA cipher_version").fetchone()
    if not version or not version[0]:
        raise UnsafeSqlite()
    for name, value in PRAGMAS:
        conn.execute(f"PRAGMA {name} = {value}")
    if conn.execute("PRAGMA temp_store").fetchone()[0] != 2:
        raise UnsafeSqlite()


def open_raw_connection(path: Path, data_key: bytes) -> Any:
    """A plain sqlcipher3 connection with the recipe, for checks outside peewee."""
    refuse_plain_file(path)
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{raw_key_literal(data_key)}"')
        configure_connection(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def new_vault_database(path: Path) -> VaultDatabase:
    """A deferred-key database object for `path` (the key is given at unlock)."""
    return VaultDatabase(str(path), passphrase="")
