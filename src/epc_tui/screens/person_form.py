"""Create or edit a person: every field checked, each problem shown under its field.

Saving a new person plans their check-ins from the track; changing the track, the reference
date or the cadence re-plans only open future check-ins (held ones never move).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Select, SelectionList, Static, TextArea

from epc_tui.i18n import t
from epc_tui.keys import binding
from epc_tui.resources import styles_dir
from epc_tui.screens.base import VaultScreen
from epc_tui.screens.caseload import track_label
from epc_tui.services.enrolment import enrol, update_and_replan
from epc_tui.services.person_form import FormValues, split_tags, validate
from epc_tui.textclean import clean_text
from epc_tui.vault import people as people_store
from epc_tui.vault import tracks as track_store
from epc_tui.vault.errors import EpcError
from epc_tui.vault.records import (
    CONTACT_MODES,
    PERSON_KINDS,
    PROFILES,
    TARGETING_CRITERIA,
    PersonDraft,
    PersonRecord,
)
from epc_tui.widgets.date_field import DateField
from epc_tui.widgets.key_footer import KeyFooter

CADENCES = ("", "weekly", "biweekly", "monthly")


class PersonFormScreen(VaultScreen[int | None]):
    """The person form; dismissed with the person's id when saved, None when abandoned."""

    CSS_PATH: ClassVar[list[Any]] = [styles_dir() / "person_form.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("ctrl+s", "save", "form.save"),
        binding("escape", "cancel", "form.cancel"),
    ]

    def __init__(self, person_id: int | None) -> None:
        super().__init__()
        self.person_id = person_id
        self.existing: PersonRecord | None = None

    def compose(self) -> ComposeResult:
        """Two columns of fields, then the text areas; Save and Cancel at the bottom."""
        vault = self.epc.vault
        today = self.epc.clock.today()
        if self.person_id is not None:
            self.existing = people_store.get_person(vault, self.person_id)
        person = self.existing
        tracks = track_store.list_tracks(vault)
        code = person.code if person else self._fresh_code()
        title_key = "form.title_edit" if person else "form.title_new"
        yield Static(t(title_key), classes="dialog-title", id="form-title")
        with VerticalScroll(id="form-body"):
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-column"):
                    yield from self._field("full_name", Input(person.full_name if person else ""))
                    yield from self._field(
                        "kind",
                        Select(
                            [(t(f"kind.{kind}"), kind) for kind in PERSON_KINDS],
                            value=person.kind if person else "partner",
                            allow_blank=False,
                        ),
                    )
                    yield from self._field(
                        "track",
                        Select(
                            [(track_label(tr.builtin_key, tr.name), tr.id) for tr in tracks],
                            value=person.track_id if person and person.track_id else tracks[0].id,
                            allow_blank=True,
                        ),
                    )
                    yield from self._field(
                        "anchor", DateField(person.anchor_date if person else None, today=today)
                    )
                    yield from self._field(
                        "cadence",
                        Select(
                            [(t(f"cadence.{c or 'none'}"), c) for c in CADENCES],
                            value=person.cadence if person and person.cadence in CADENCES else "",
                            allow_blank=False,
                        ),
                    )
                    yield from self._field("code", Input(code))
                with Vertical(classes="form-column"):
                    yield from self._field("phone", Input(person.phone if person else ""))
                    yield from self._field("email", Input(person.email if person else ""))
                    yield from self._field(
                        "preferred_mode",
                        Select(
                            [(t(f"mode.{mode}"), mode) for mode in CONTACT_MODES],
                            value=person.preferred_mode if person else "phone",
                            allow_blank=False,
                        ),
                    )
                    yield from self._field(
                        "preferred_time", Input(person.preferred_time if person else "")
                    )
                    yield from self._field(
                        "referred_by", Input(person.referred_by if person else "")
                    )
                    yield from self._field(
                        "referral_role", Input(person.referral_role if person else "")
                    )
                    yield from self._field(
                        "referral_date",
                        DateField(person.referral_date if person else None, today=today),
                    )
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-column"):
                    chosen = set(person.criteria) if person else set()
                    yield from self._field(
                        "criteria",
                        SelectionList[str](
                            *((t(f"criterion.{c}"), c, c in chosen) for c in TARGETING_CRITERIA)
                        ),
                    )
                with Vertical(classes="form-column"):
                    picked = set(person.profiles) if person else set()
                    yield from self._field(
                        "profiles",
                        SelectionList[str](
                            *((t(f"profile.{p}"), p, p in picked) for p in PROFILES)
                        ),
                    )
            yield from self._field("tags", Input(", ".join(person.tags) if person else ""))
            yield from self._field("summary", TextArea(person.summary if person else ""))
            with Horizontal(id="form-buttons"):
                yield Button(t("form.cancel"), id="form-cancel")
                yield Button(t("form.save"), id="form-save", variant="primary")
        yield KeyFooter()

    def _fresh_code(self) -> str:
        with self.epc.vault.connected():
            return people_store.new_code()

    def _field(self, name: str, widget: Any) -> ComposeResult:
        """A label, the widget (id `field-<name>`), and an empty problem line."""
        yield Static(t(f"form.field.{name}"), classes="form-label")
        widget.id = f"field-{name}"
        yield widget
        yield Static("", id=f"problem-{name}", classes="form-problem")

    def on_mount(self) -> None:
        """Start in the name."""
        self.query_one("#field-full_name", Input).focus()

    def _value(self, name: str) -> Any:
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, Select):
            return None if widget.value is Select.BLANK else widget.value
        if isinstance(widget, SelectionList):
            return tuple(widget.selected)
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, DateField):
            return widget.value
        return widget.value  # type: ignore[attr-defined]

    def _draft(self) -> tuple[PersonDraft, dict[str, str]]:
        anchor = self.query_one("#field-anchor", DateField)
        referral = self.query_one("#field-referral_date", DateField)
        values = FormValues(
            full_name=self._value("full_name"),
            kind=self._value("kind") or "",
            track_id=self._value("track"),
            anchor_text=anchor.text,
            anchor_date=anchor.value,
            code=self._value("code"),
            phone=self._value("phone"),
            email=self._value("email"),
            referral_text=referral.text,
            referral_date=referral.value,
        )
        problems = validate(values)
        code = self._value("code").strip()
        if "code" not in problems and not people_store.code_is_free(
            self.epc.vault, code, self.person_id
        ):
            problems["code"] = "form.error.code_taken"
        draft = PersonDraft(
            full_name=values.full_name,
            kind=values.kind,
            track_id=values.track_id,
            anchor_date=values.anchor_date,
            code=code,
            cadence=self._value("cadence") or "",
            phone=values.phone,
            email=values.email,
            preferred_mode=self._value("preferred_mode") or "phone",
            preferred_time=self._value("preferred_time"),
            referred_by=self._value("referred_by"),
            referral_role=self._value("referral_role"),
            referral_date=values.referral_date,
            criteria=self._value("criteria"),
            profiles=self._value("profiles"),
            tags=split_tags(self._value("tags")),
            summary=clean_text(self._value("summary")),
            uid=self.existing.uid if self.existing else "",
        )
        return draft, problems

    def _show_problems(self, problems: dict[str, str]) -> None:
        for problem in self.query(".form-problem"):
            name = str(problem.id).removeprefix("problem-")
            key = problems.get(name)
            problem.update(t(key) if key else "")  # type: ignore[attr-defined]
            problem.set_class(bool(key), "-shown")

    def action_save(self) -> None:
        """Check every field; save and plan the check-ins when all is well."""
        draft, problems = self._draft()
        self._show_problems(problems)
        if problems:
            first = next(iter(problems))
            target = self.query_one(f"#field-{first}")
            if isinstance(target, DateField):
                target.focus_input()
            else:
                target.focus()
            self.notify(t("form.fix_fields", count=len(problems)), severity="warning")
            return
        vault, settings, now = self.epc.vault, self.epc.settings, self.epc.clock.now()
        try:
            if self.person_id is None:
                person_id = enrol(vault, [draft], settings, now)[0]
                self.notify(t("form.created", name=draft.full_name))
            else:
                person_id = self.person_id
                replanned = update_and_replan(vault, person_id, draft, settings, now)
                self.notify(t("form.replanned" if replanned else "form.saved"))
        except EpcError as error:
            self.notify(t(error.message_key, **error.params), severity="error")
            return
        self.dismiss(person_id)

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        """Leave without saving."""
        self.dismiss(None)

    def resume_factory(self) -> Callable[[], Screen[Any]] | None:
        """Rebuilt (empty or from the stored person) after unlock; unsaved typing is lost,
        so the form is short and saving is one key."""
        person_id = self.person_id
        return lambda: PersonFormScreen(person_id)
