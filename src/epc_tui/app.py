"""The application: a thin App holding the vault, the lock timer, the language and the areas.

Areas are Textual modes, each with its own screen stack. Locking saves what is pending, asks
each screen how to rebuild itself (identifiers only), removes every area and forgets the key;
unlocking rebuilds the stack where the coach was.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import PurePath
from typing import Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.worker import WorkerState

from epc_tui.areas import AREAS, area_for, home_area
from epc_tui.clock import Clock
from epc_tui.i18n import detect_language, set_language, set_region, t
from epc_tui.idle_collection import IdleCollector
from epc_tui.keys import binding, retranslate_tree
from epc_tui.resources import styles_dir
from epc_tui.settings import Settings, save_settings
from epc_tui.themes import register_themes
from epc_tui.vault.reading_threads import ReadingThreads
from epc_tui.vault.vault import Vault
from epc_tui.vault.warm_connection import WarmConnection

_ACTIVITY_EVENTS = (
    events.Key,
    events.MouseDown,
    events.MouseScrollDown,
    events.MouseScrollUp,
    events.Paste,
)


class EpcApp(App[None]):
    """epc: the partner-coach's logbook."""

    TITLE = "epc"
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        styles_dir() / name for name in ("app.tcss", "unlock.tcss", "settings.tcss")
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("ctrl+l", "lock", "app.lock", priority=True),
        binding("f1", "help", "app.help"),
        binding("ctrl+q", "quit", "app.quit", priority=True),
        *(
            binding(area.key, f"open_area('{area.mode}')", f"app.area.{area.mode}")
            for area in AREAS
        ),
    ]
    ENABLE_COMMAND_PALETTE = True
    PREPARED_AREAS: ClassVar[tuple[str, ...]] = ("caseload", "calendar", "search")
    """Areas whose screen is built ahead, in idle moments after unlocking (the slowest to
    open the first time); the others are built when first opened."""
    PREPARE_AFTER_IDLE_SECONDS: ClassVar[float | None] = 0.5
    """How long the coach must have been idle before an area is built ahead (None: never,
    and no collection in idle moments either)."""
    COLLECT_AFTER_IDLE_SECONDS: ClassVar[float] = 2.0
    """How long the coach must have been idle before a garbage collection (`IdleCollector`)."""

    def __init__(
        self,
        vault: Vault,
        settings: Settings | None = None,
        clock: Clock | None = None,
        lock_check_seconds: float = 1.0,
    ) -> None:
        self.vault = vault
        self.settings = settings or Settings()
        self.clock = clock or Clock()
        self._lock_check_seconds = lock_check_seconds
        self._last_activity = time.monotonic()
        self._resume: list[Callable[[], Screen[Any]]] = []
        self._resume_mode: str | None = None
        self._resume_bases: dict[str, Callable[[], Screen[Any]]] = {}  # area base screens
        self._switch_at_once = False
        self._every_stylesheet_read = False
        self._reading_threads = ReadingThreads(vault)
        self._collector = IdleCollector()
        self._put_aside_at_next_tick = False
        self.apply_language()
        super().__init__()
        register_themes(self)
        self.theme = self.settings.theme

    # -- language and settings -------------------------------------------------------------

    def apply_language(self) -> None:
        """Set the language and date region from the settings (or the system locale)."""
        set_language(self.settings.language or detect_language())
        set_region(self.settings.region)

    def update_settings(self, settings: Settings) -> None:
        """Save new settings and apply them at once (language without restart)."""
        self.settings = settings
        save_settings(self.vault.paths.settings, settings)
        self.apply_language()
        self.theme = settings.theme
        self._retranslate_everything()

    def _retranslate_everything(self) -> None:
        retranslate_tree(self)
        for stack in self._screen_stacks.values():
            for screen in stack:
                retranslate_tree(screen)
        self.refresh_bindings()

    def _screen_changed(self, screen: Screen[Any]) -> None:
        retranslate_tree(screen)
        self.refresh_bindings()

    # -- start ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Show vault creation on first run, otherwise the unlock screen."""
        self.title = "epc"
        retranslate_tree(self)
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self.set_interval(self._lock_check_seconds, self._lock_if_idle)
        self.set_interval(60.0, self._automatic_backup_tick)
        self.set_interval(0.25, self._use_an_idle_moment)
        self.show_lock_screen()

    def show_lock_screen(self) -> None:
        """Switch to the unlock (or first-run creation) screen."""
        from epc_tui.screens.setup import SetupScreen
        from epc_tui.screens.unlock import UnlockScreen

        mode = "unlock" if self.vault.exists() else "setup"
        if mode not in self._modes:
            self.add_mode(mode, UnlockScreen if mode == "unlock" else SetupScreen)
        self.switch_mode(mode)

    def vault_opened(self) -> None:
        """Called by the unlock and setup screens once the key is known."""
        self._last_activity = time.monotonic()
        self._open_reading_threads()
        for area in AREAS:
            if area.mode not in self._modes:
                self.add_mode(area.mode, self._resume_bases.get(area.mode) or area.factory())
        self._resume_bases.clear()
        target = self._resume_mode or home_area().mode
        resume, self._resume = self._resume, []
        self._resume_mode = None
        self.switch_mode(target)
        for build in resume:
            self.push_screen(build())
        for mode in ("unlock", "setup"):
            if mode in self._modes:
                self.remove_mode(mode)
        self.refresh_bindings()
        if not resume:
            from epc_tui.screens.note import offer_recovered_drafts

            offer_recovered_drafts(self)
        from epc_tui.screens.settings import offer_unseen_recovery_code

        offer_unseen_recovery_code(self)  # a key renewal cut short: its new recovery code
        self._collector.put_aside()  # what unlocking made; the first view's, at the next tick
        self._put_aside_at_next_tick = True

    def _open_reading_threads(self) -> None:
        """Open the reading threads of the areas whose first opening reads before drawing
        (see `ReadingThreads`). Each also reads once what its area shows first (the first
        screenful of people; this month and today), so that the pages it needs are in that
        thread's cache when the area is first shown."""
        from epc_tui.services.calendar_first import read_first
        from epc_tui.services.caseload import first_screenful
        from epc_tui.widgets.month_grid import locale_first_weekday, visible_range

        today = self.clock.today()
        self._reading_threads.open(
            "caseload", partial(first_screenful, self.vault, today, "active")
        )
        month = visible_range(today, locale_first_weekday())
        self._reading_threads.open("calendar", partial(read_first, self.vault, today, month, today))

    def reading_thread(self, name: str) -> WarmConnection:
        """A reading thread for a screen, opened at unlock for the caseload and the calendar
        (see `_open_reading_threads`), else new."""
        return self._reading_threads.take(name)

    # -- navigation -----------------------------------------------------------------------

    def action_open_area(self, mode: str) -> None:
        """Go to an area (its screen stack is kept as it was)."""
        if self.vault.is_unlocked and area_for(mode) is not None:
            self.switch_mode(mode)

    def switch_mode(self, mode: str) -> AwaitMount:
        """Show an area; one whose screen is already mounted is shown in the next frame."""
        stack = self._screen_stacks.get(mode)
        self._switch_at_once = stack is not None and bool(stack) and stack[-1].is_mounted
        try:
            return super().switch_mode(mode)
        finally:
            self._switch_at_once = False

    def delay_update(self, delay: float = 0.05) -> None:
        """Textual holds the screen still for 50 ms at every mode switch, to hide a new
        screen while it mounts; a mounted screen has nothing half-built to hide, and those
        50 ms were most of the time F3 took once the caseload had been opened."""
        if not self._switch_at_once:
            super().delay_update(delay)

    def _use_an_idle_moment(self) -> None:
        """The first time, read every stylesheet. Then, once the coach has been idle a moment
        on an area's own screen (not in a call, a form or a dialog): build the next area
        ahead, or, all built, collect the garbage. Both take the interface thread for a
        moment, hence the idle wait."""
        if not self._every_stylesheet_read:
            self._read_every_stylesheet()
        if self._put_aside_at_next_tick:
            self._put_aside_at_next_tick = False
            self._collector.put_aside()
        idle = self.PREPARE_AFTER_IDLE_SECONDS
        if idle is None or not self.is_running or not self.vault.is_unlocked:
            return  # `is_running` is False from the start of the shutdown
        if len(self.screen_stack) != 1 or area_for(self.current_mode) is None:
            return
        idle_for = time.monotonic() - self._last_activity
        if idle_for < idle or self._prepare_an_area():
            return
        if idle_for >= self.COLLECT_AFTER_IDLE_SECONDS and self._collector.due:
            self._collector.collect()

    def _read_every_stylesheet(self) -> None:
        """Read every screen's stylesheet at the first idle moment, the unlock screen shown
        (its own are read at start-up). Textual reads a screen's stylesheet when the screen
        is first shown, then parses every style of the application again and restyles every
        open screen: 15-45 ms more on each first opening of an area, a file or a call. Read
        now, once, while the coach types the passphrase; every screen then also has the same
        rules whatever was opened first."""
        self._every_stylesheet_read = True
        stylesheet = self.stylesheet
        unread = [
            path
            for path in sorted(styles_dir().glob("*.tcss"))
            if not stylesheet.has_source(str(path), "")
        ]
        for path in unread:
            stylesheet.read(path)
        if unread:
            stylesheet.reparse()
            stylesheet.update(self)

    def _prepare_an_area(self) -> bool:
        """Build the next of `PREPARED_AREAS` ahead, so that its key only switches to it, one
        at a time, once the last one built has finished reading. False when all are built
        and read."""
        prepared = {id(stack[0]) for stack in self._screen_stacks.values() if stack}
        for worker in self.workers:
            hidden = worker.node is not self.screen and id(worker.node) in prepared
            if hidden and worker.state in (WorkerState.PENDING, WorkerState.RUNNING):
                return True  # the last screen built ahead is still reading
        for mode in self.PREPARED_AREAS:
            if mode in self._modes and mode not in self._screen_stacks:
                self._init_mode(mode)  # Textual's own first step of `switch_mode`
                return True
        return False

    def on_unmount(self) -> None:
        """Nothing of this application stays frozen in the process after it ends, and no
        reading thread is left."""
        self._collector.release()
        self._reading_threads.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Navigation and locking only make sense (and only show) while unlocked."""
        if action in ("open_area", "lock"):
            return self.vault.is_unlocked
        return True

    # -- locking --------------------------------------------------------------------------

    def on_event(self, event: events.Event) -> Any:
        """Any key, click, scroll or paste counts as activity for the inactivity lock."""
        if isinstance(event, _ACTIVITY_EVENTS):
            self._last_activity = time.monotonic()
        return super().on_event(event)

    def _lock_if_idle(self) -> None:
        if not self.vault.is_unlocked:
            return
        idle = time.monotonic() - self._last_activity
        if idle >= self.settings.lock_after_minutes * 60:
            self.action_lock()

    def action_lock(self) -> None:
        """Save, remember where the coach was, remove every area and forget the key."""
        if not self.vault.is_unlocked:
            return
        from epc_tui.screens.base import VaultScreen

        current = self.current_mode
        resume: list[Callable[[], Screen[Any]]] = []
        for mode, stack in list(self._screen_stacks.items()):
            for screen in stack:
                if isinstance(screen, VaultScreen):
                    screen.save_before_lock()
            base = stack[0] if stack else None
            rebuild = base.resume_factory() if isinstance(base, VaultScreen) else None
            if rebuild is not None and area_for(mode):
                self._resume_bases[mode] = rebuild
            if mode == current:
                for screen in stack[1:]:
                    factory = screen.resume_factory() if isinstance(screen, VaultScreen) else None
                    if factory is not None:
                        resume.append(factory)
        self._resume = resume
        self._resume_mode = current if area_for(current) else None
        self.show_lock_screen()
        for area in AREAS:
            if area.mode in self._modes:
                self.remove_mode(area.mode)
        from epc_tui.services import automatic_backup  # issue 5: in a thread, never raises

        automatic_backup.on_lock(self.vault, self.settings)
        self._reading_threads.close()
        self.vault.lock()
        self._collector.release()  # the screens dropped above can be freed for good
        self.set_timer(1.0, gc.collect)  # once Textual has let go of them
        self.refresh_bindings()

    def _automatic_backup_tick(self) -> None:
        """Issue 5: start an automatic backup when due (in a thread); show its warnings."""
        from epc_tui.services import automatic_backup

        warning = automatic_backup.tick(self.vault, self.settings)
        if warning:
            self.notify(t(warning), severity="warning", timeout=15)

    # -- commands and help ----------------------------------------------------------------

    def action_help(self) -> None:
        """Open the help for the current screen."""
        from epc_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Our own palette commands, translated; Textual's "screenshot" is left out on purpose
        (it writes the screen, personal data included, to a file)."""
        if self.vault.is_unlocked:
            for area in AREAS:
                yield SystemCommand(
                    t(area.label_key),
                    t("command.open_area"),
                    lambda mode=area.mode: self.action_open_area(mode),
                )
            yield SystemCommand(t("binding.app.lock"), t("command.lock_help"), self.action_lock)
        yield SystemCommand(t("command.theme"), t("command.theme_help"), self.action_change_theme)
        yield SystemCommand(t("binding.app.help"), t("command.help_help"), self.action_help)
        yield SystemCommand(t("binding.app.quit"), t("command.quit_help"), self.action_quit)
        yield from self._screen_commands(screen)

    def _screen_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action the screen offers right now (its enabled key bindings), so each one
        is also reachable by name from the palette, with its key shown as help."""
        from functools import partial

        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            found = active.binding
            if active.node is self or not active.enabled or not found.description:
                continue
            if found.action in seen:
                continue
            seen.add(found.action)
            shown_key = found.key_display or self.get_key_display(found)
            yield SystemCommand(
                found.description,
                t("command.key", shortcut=shown_key or key),
                partial(self.run_action, found.action, active.node),
            )

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Disabled: a screenshot file would hold personal data in clear."""
        self.bell()

    def copy_to_clipboard(self, text: str) -> None:
        """Keep copies inside the application: OSC 52 would hand notes to the terminal."""
        self._clipboard = text

    # -- crashes --------------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Remember the error for `_fatal_error` (which Textual calls without it)."""
        self._crash = error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Exit after an unhandled exception without Textual's traceback of local variables
        (on this stack it showed note text and part of the key): type and places only."""
        from rich.text import Text

        from epc_tui.crash import safe_crash_report

        error = getattr(self, "_crash", None)
        kind = type(error) if error is not None else Exception
        report = safe_crash_report(kind, error.__traceback__ if error is not None else None)
        self.bell()
        self._exit_renderables.append(Text(report))
        self._close_messages_no_wait()
