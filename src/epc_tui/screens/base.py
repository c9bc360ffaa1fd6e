"""What every screen showing vault data shares: locking hooks and the navigation bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.screen import Screen

from epc_tui.context import EpcContext, context_of

ResultType = TypeVar("ResultType")


class VaultScreen(Screen[ResultType]):
    """A screen that shows personal data: removed on lock, rebuilt after unlock.

    Subclasses override `save_before_lock` to write anything pending (a draft) synchronously,
    and `resume_factory` to say how to rebuild themselves — with identifiers only, never
    personal data — so unlocking returns the coach to where they were.
    """

    @property
    def epc(self) -> EpcContext:
        """The application, seen through `EpcContext`."""
        return context_of(self)

    def save_before_lock(self) -> None:
        """Write what is pending before the database closes (called on the UI thread)."""

    def resume_factory(self) -> Callable[[], Screen[Any]] | None:
        """How to rebuild this screen after unlock, or None to drop it."""
        return None
