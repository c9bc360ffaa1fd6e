"""epc — the partner-coach's logbook: an offline, encrypted terminal application."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("epc-tui")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
