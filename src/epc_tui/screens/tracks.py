"""Tracks (parcours): the built-in ones to read, and the coach's own to create and edit.

A track is a list of steps — each an offset in days, weeks or months from the reference date
or from the previous meeting, with a tolerance window, a default mode and duration, and the
prompts shown during the call — and an optional repeating rule afterwards (RRULE).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from dateutil.rrule import rrulestr
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Select, Static

from epc_tui.i18n import t
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.screens.base import VaultScreen
from epc_tui.screens.caseload import track_label
from epc_tui.vault import tracks as track_store
from epc_tui.vault.errors import EpcError
from epc_tui.vault.records import CONTACT_MODES, TrackRecord
from epc_tui.vault.tracks import OFFSET_BASES, OFFSET_UNITS, StepDraft
from epc_tui.widgets.key_footer import KeyFooter
from epc_tui.widgets.navigation import NavigationBar

REPEATS = {
    "": None,
    "weekly": "FREQ=WEEKLY;INTERVAL=1",
    "biweekly": "FREQ=WEEKLY;INTERVAL=2",
    "monthly": "FREQ=MONTHLY;INTERVAL=1",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
    "yearly": "FREQ=YEARLY;INTERVAL=1",
}


def describe_step(step: StepDraft) -> str:
    """`+3 mois après la date de référence (fenêtre −14 / +14 j)`."""
    base = t(f"tracks.from.{step.offset_from}")
    unit = t(f"tracks.unit.{step.offset_unit}")
    return t(
        "tracks.step_line",
        amount=step.offset_amount,
        unit=unit,
        base=base,
        before=step.window_before_days,
        after=step.window_after_days,
    )


class TracksScreen(VaultScreen[None]):
    """The list of tracks; Enter opens one, `n` creates a new one."""

    CSS_PATH: ClassVar[list[Any]] = [styles_dir() / "tracks.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("n", "new_track", "tracks.new"),
        binding("enter", "open_track", "tracks.open", show=False),
        binding("escape", "back", "tracks.back"),
    ]

    def compose(self) -> ComposeResult:
        """A table of tracks and a preview of the selected one's steps."""
        yield NavigationBar("caseload")
        yield Static(t("tracks.title"), classes="dialog-title", id="tracks-title")
        table: DataTable[Any] = DataTable(id="tracks-table", cursor_type="row")
        yield table
        yield Static("", id="tracks-preview")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one(DataTable)
        table.add_column(t("tracks.column.name"), key="name")
        table.add_column(t("tracks.column.steps"), key="steps")
        table.add_column(t("tracks.column.repeat"), key="repeat")
        self.reload()

    def on_screen_resume(self) -> None:
        """After editing."""
        if self.is_mounted:
            self.reload()

    def reload(self) -> None:
        """Tracks are few: read them on the UI thread."""
        self.tracks = track_store.list_tracks(self.epc.vault)
        table = self.query_one(DataTable)
        table.clear()
        for track in self.tracks:
            name = Text(track_label(track.builtin_key, track.name))
            if track.builtin_key:
                name.append(f"  {t('tracks.builtin')}", style="dim")
            repeat = next((key for key, rule in REPEATS.items() if rule == track.repeat_rule), None)
            repeat_text = t(f"tracks.repeat.{repeat or 'custom'}") if track.repeat_rule else "—"
            table.add_row(name, str(len(track.steps)), repeat_text, key=str(track.id))
        self._preview()

    @on(DataTable.RowHighlighted)
    def _preview(self) -> None:
        track = self.selected()
        preview = self.query_one("#tracks-preview", Static)
        if track is None:
            preview.update("")
            return
        lines = Text()
        for step in track.steps:
            draft = StepDraft(
                label=step.label,
                offset_amount=step.offset_amount,
                offset_unit=step.offset_unit,
                offset_from=step.offset_from,
                window_before_days=step.window_before_days,
                window_after_days=step.window_after_days,
            )
            lines.append(f"• {step.label} — ", style="bold")
            lines.append(describe_step(draft) + "\n")
        preview.update(lines)

    def selected(self) -> TrackRecord | None:
        """The track under the cursor."""
        table = self.query_one(DataTable)
        tracks = getattr(self, "tracks", [])
        if not table.row_count or not tracks:
            return None
        return tracks[table.cursor_row] if table.cursor_row < len(tracks) else None

    @on(DataTable.RowSelected)
    def action_open_track(self) -> None:
        """Edit a coach-made track (a built-in one opens as a copy to adapt)."""
        track = self.selected()
        if track is not None:
            self.app.push_screen(TrackFormScreen(track.id))

    def action_new_track(self) -> None:
        """A new track."""
        self.app.push_screen(TrackFormScreen(None))

    def action_back(self) -> None:
        """Back to the caseload."""
        self.dismiss(None)

    def resume_factory(self) -> Callable[[], Screen[Any]] | None:
        """Rebuilt as it was."""
        return TracksScreen


class TrackFormScreen(VaultScreen[None]):
    """Name, repeating rule and steps of a track; a built-in track is saved as a new copy."""

    CSS_PATH: ClassVar[list[Any]] = [styles_dir() / "tracks.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("ctrl+s", "save", "tracks.save"),
        binding("escape", "cancel", "tracks.cancel"),
    ]

    def __init__(self, track_id: int | None) -> None:
        super().__init__()
        self.track_id = track_id
        self.steps: list[StepDraft] = []
        self.builtin = False

    def compose(self) -> ComposeResult:
        """Track fields, the steps so far, and a small form to add a step."""
        track = track_store.get_track(self.epc.vault, self.track_id) if self.track_id else None
        self.builtin = bool(track and track.builtin_key)
        if track is not None:
            self.steps = [
                StepDraft(
                    label=step.label,
                    offset_amount=step.offset_amount,
                    offset_unit=step.offset_unit,
                    offset_from=step.offset_from,
                    window_before_days=step.window_before_days,
                    window_after_days=step.window_after_days,
                    default_mode=step.default_mode,
                    default_duration_min=step.default_duration_min,
                    key=step.key,
                    prompts=step.prompts,
                )
                for step in track.steps
            ]
        name = ""
        if track is not None:
            name = track_label(track.builtin_key, track.name)
            if self.builtin:
                name = t("tracks.copy_of", name=name)
        repeat = next(
            (key for key, rule in REPEATS.items() if track and rule == track.repeat_rule), ""
        )
        with VerticalScroll(id="track-form"):
            title = "tracks.title_builtin" if self.builtin else "tracks.title_edit"
            yield Static(t(title if track else "tracks.title_new"), classes="dialog-title")
            yield Static(t("tracks.field.name"), classes="form-label")
            yield Input(name, id="track-name")
            yield Static(t("tracks.field.repeat"), classes="form-label")
            yield Select(
                [(t(f"tracks.repeat.{key or 'none'}"), key) for key in REPEATS]
                + [(t("tracks.repeat.custom"), "custom")],
                value=repeat if track is None or repeat or not track.repeat_rule else "custom",
                allow_blank=False,
                id="track-repeat",
            )
            yield Input(
                track.repeat_rule or "" if track else "",
                placeholder="FREQ=MONTHLY;INTERVAL=2",
                id="track-rrule",
            )
            yield Static(t("tracks.steps"), classes="form-label")
            steps: DataTable[Any] = DataTable(id="track-steps", cursor_type="row")
            yield steps
            yield Static(t("tracks.add_step"), classes="form-label")
            with Horizontal(classes="step-row"):
                yield Input(placeholder=t("tracks.field.label"), id="step-label")
                yield Input("1", id="step-amount", type="integer")
                yield Select(
                    [(t(f"tracks.unit.{unit}"), unit) for unit in OFFSET_UNITS],
                    value="months",
                    allow_blank=False,
                    id="step-unit",
                )
                yield Select(
                    [(t(f"tracks.from.{base}"), base) for base in OFFSET_BASES],
                    value="anchor",
                    allow_blank=False,
                    id="step-from",
                )
            with Horizontal(classes="step-row"):
                yield Input("7", id="step-before", type="integer")
                yield Input("14", id="step-after", type="integer")
                yield Select(
                    [(t(f"mode.{mode}"), mode) for mode in CONTACT_MODES],
                    value="phone",
                    allow_blank=False,
                    id="step-mode",
                )
                yield Input("60", id="step-duration", type="integer")
            yield Input(placeholder=t("tracks.field.prompts"), id="step-prompts")
            yield Static("", id="track-problem", classes="form-problem")
            with Horizontal(id="track-buttons"):
                yield Button(t("tracks.add"), id="step-add")
                yield Button(t("tracks.remove"), id="step-remove")
                yield Button(t("form.cancel"), id="track-cancel")
                yield Button(t("form.save"), id="track-save", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Columns and hints."""
        table = self.query_one("#track-steps", DataTable)
        table.add_column(t("tracks.column.step"), key="label")
        table.add_column(t("tracks.column.when"), key="when")
        table.add_column(t("tracks.column.prompts"), key="prompts")
        for field in ("step-amount", "step-before", "step-after", "step-duration"):
            self.query_one(f"#{field}", Input).tooltip = t(f"tracks.hint.{field}")
        self.query_one("#step-before", Input).placeholder = t("tracks.hint.step-before")
        self.query_one("#step-after", Input).placeholder = t("tracks.hint.step-after")
        self._refresh_steps()
        self._toggle_rrule()

    def _refresh_steps(self) -> None:
        table = self.query_one("#track-steps", DataTable)
        table.clear()
        for index, step in enumerate(self.steps):
            prompts = step.prompts.replace("\n", " / ")[:40]
            table.add_row(step.label, describe_step(step), prompts, key=str(index))

    @on(Select.Changed, "#track-repeat")
    def _toggle_rrule(self) -> None:
        custom = self.query_one("#track-repeat", Select).value == "custom"
        self.query_one("#track-rrule", Input).display = custom

    def _problem(self, key: str, **params: Any) -> None:
        problem = self.query_one("#track-problem", Static)
        problem.update(t(key, **params) if key else "")
        problem.set_class(bool(key), "-shown")

    @on(Button.Pressed, "#step-add")
    def add_step(self) -> None:
        """Add the step typed below the table."""

        def number(field: str) -> int:
            return int(self.query_one(f"#{field}", Input).value or "0")

        label = self.query_one("#step-label", Input).value.strip()
        if not label:
            self._problem("tracks.error.step_label")
            return
        try:
            step = StepDraft(
                label=label,
                offset_amount=number("step-amount"),
                offset_unit=str(self.query_one("#step-unit", Select).value),
                offset_from=str(self.query_one("#step-from", Select).value),
                window_before_days=number("step-before"),
                window_after_days=number("step-after"),
                default_mode=str(self.query_one("#step-mode", Select).value),
                default_duration_min=number("step-duration"),
                prompts=self.query_one("#step-prompts", Input).value.strip(),
            )
        except ValueError:
            self._problem("tracks.error.number")
            return
        self.steps.append(step)
        self._problem("")
        self.query_one("#step-label", Input).value = ""
        self.query_one("#step-prompts", Input).value = ""
        self._refresh_steps()

    @on(Button.Pressed, "#step-remove")
    def remove_step(self) -> None:
        """Remove the step under the cursor in the table."""
        table = self.query_one("#track-steps", DataTable)
        if self.steps and table.row_count:
            del self.steps[table.cursor_row]
            self._refresh_steps()

    def _repeat_rule(self) -> str | None:
        choice = self.query_one("#track-repeat", Select).value
        if choice == "custom":
            text = self.query_one("#track-rrule", Input).value.strip().upper()
            try:
                rrulestr(text)
            except (ValueError, TypeError):
                raise EpcError("tracks.error.rrule") from None
            return text or None
        return REPEATS.get(str(choice))

    @on(Button.Pressed, "#track-save")
    def action_save(self) -> None:
        """Save (a built-in track is saved as a new track of the coach)."""
        try:
            rule = self._repeat_rule()
            track_store.save_track(
                self.epc.vault,
                self.query_one("#track-name", Input).value,
                self.steps,
                repeat_rule=rule,
                track_id=None if self.builtin else self.track_id,
            )
        except EpcError as error:
            self._problem(error.message_key, **error.params)
            return
        self.notify(t("tracks.saved"))
        self.dismiss(None)

    @on(Button.Pressed, "#track-cancel")
    def action_cancel(self) -> None:
        """Leave without saving."""
        self.dismiss(None)
