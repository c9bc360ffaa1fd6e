"""The calendar's footer: greys its keys in place when only whether they apply changed.

Moving through days changes the highlighted meeting, and with its status which keys apply (a
held meeting cannot be marked held again nor rescheduled). `KeyFooter` then recomposed — every
key widget built, styled and mounted again, 10–12 ms of the UI thread right after the move's
frame, in front of the next key. When the keys are the same but for whether they apply, this
footer only greys or ungreys the ones that changed; anything else (another language, other
keys) is composed again as before.
"""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from epc_tui.widgets.key_footer import KeyFooter

# What a key widget shows (key, its display, description, action, tooltip) and whether it
# applies.
KeyShown = tuple[tuple[str, str, str, str, str], bool]


class CalendarFooter(KeyFooter):
    """A `KeyFooter` that greys keys in place instead of composing them again."""

    async def recompose(self) -> None:
        """Compose again, unless greying or ungreying keys in place is enough."""
        if not self.grey_in_place():
            await super().recompose()

    def grey_in_place(self) -> bool:
        """Grey or ungrey the key widgets shown if they are the keys to show but for whether
        they apply; False (nothing touched) if anything else differs."""
        wanted = self._keys_wanted()
        shown = list(self.query_children(FooterKey))
        if wanted is None or not shown or len(shown) != len(wanted):
            return False
        for widget, (what, _enabled) in zip(shown, wanted, strict=True):
            tooltip = widget.tooltip if isinstance(widget.tooltip, str) else ""
            current = (widget.key, widget.key_display, widget.description, widget.action, tooltip)
            if current != what:
                return False
        for widget, (_what, enabled) in zip(shown, wanted, strict=True):
            if widget._disabled == enabled:  # where FooterKey keeps whether it applies
                widget._disabled = not enabled
                widget.set_class(not enabled, "-disabled")
        return True

    def _keys_wanted(self) -> list[KeyShown] | None:
        """The keys Textual's `Footer.compose` would show, in its order: the first binding
        of each action shown, then the command palette's; None when it would group keys
        (not handled here)."""
        app = self.app
        active = self.screen.active_bindings
        first: dict[str, KeyShown] = {}
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in first:
                continue
            if binding.group is not None:
                return None
            what = (
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                tooltip or "",
            )
            first[binding.action] = (what, enabled)
        wanted = list(first.values())
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            palette = active.get(app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _node, binding, enabled, _tooltip = palette
                what = (
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    binding.tooltip or binding.description,
                )
                wanted.append((what, enabled))
        return wanted
