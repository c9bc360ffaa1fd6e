"""What every screen showing vault data shares: locking hooks and the navigation bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.screen import Screen

from epc_tui.context import EpcContext, context_of

ResultType = TypeVar("ResultType")


class StyledOnceScreen(Screen[ResultType]):
    """A screen that does not make Textual restyle the whole application when first shown."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._skip_css_refresh()

    def _skip_css_refresh(self) -> None:
        """A new screen has no stale styles, but Textual 8.2.8 gives a mode's first screen a
        CSS update count of -1, so opening an area re-parsed every stylesheet of the
        application and restyled every widget of every open screen, after the one re-parse
        its own new stylesheet needs (`App._load_screen_css`) — about 0.2 s under load for the
        caseload. Taking the application's count says "up to date"; a later theme change
        still refreshes the screen as usual."""
        try:
            app = self.app
        except RuntimeError:  # built outside an application: nothing to skip
            return
        count = getattr(app, "_css_update_count", None)
        if isinstance(count, int):
            self._css_update_count = count


class VaultScreen(StyledOnceScreen[ResultType]):
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
