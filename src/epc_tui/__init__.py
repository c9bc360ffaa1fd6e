"""epc — the partner-coach's logbook: an offline, encrypted terminal application."""

# The single source of the version (read by hatchling); a literal, because
# importlib.metadata costs ~40 ms at every start.
__version__ = "0.1.0"
