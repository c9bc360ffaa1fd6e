"""Storage and cryptography: key file, key derivation, the SQLCipher database, models.

Nothing here imports Textual (an import-linter contract enforces it).
"""
