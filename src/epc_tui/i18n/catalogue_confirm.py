"""Messages of the confirmation dialog: (French, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "confirm.no": ("Non, annuler", "No, cancel"),
    "confirm.reason": ("Raison (facultative)", "Reason (optional)"),
    "binding.confirm.cancel": ("Annuler", "Cancel"),
}
