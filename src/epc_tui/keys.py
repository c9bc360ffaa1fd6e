"""Key bindings whose descriptions follow the language, even when it changes at run time.

Declare bindings with `binding(...)`: the description is the catalogue entry
`binding.<id>`. Textual copies bindings when a node is created, so `retranslate` rewrites a
node's copies after a language change or when a screen is shown.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from textual.binding import Binding
from textual.dom import DOMNode

from epc_tui.i18n import has_message, t


def binding(
    key: str,
    action: str,
    id: str,
    *,
    show: bool = True,
    priority: bool = False,
    key_display: str | None = None,
) -> Binding:
    """A Binding with id `id` described by the message `binding.<id>`."""
    return Binding(
        key,
        action,
        t(f"binding.{id}"),
        show=show,
        priority=priority,
        id=id,
        key_display=key_display,
    )


def retranslate(node: DOMNode) -> None:
    """Refresh the descriptions of `node`'s bindings in the current language."""
    bindings_map: Any = node._bindings
    for key, bindings in list(bindings_map.key_to_bindings.items()):
        bindings_map.key_to_bindings[key] = [
            dataclasses.replace(item, description=t(f"binding.{item.id}"))
            if item.id and has_message(f"binding.{item.id}")
            else item
            for item in bindings
        ]


def retranslate_tree(root: DOMNode) -> None:
    """`retranslate` a node and everything under it."""
    retranslate(root)
    for child in root.walk_children():
        retranslate(child)
