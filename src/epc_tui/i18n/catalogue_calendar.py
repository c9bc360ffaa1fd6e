"""Messages of the calendar (month grid, day agenda and its dialogs): (French, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "area.calendar": ("Calendrier", "Calendar"),
    "binding.app.area.calendar": ("Calendrier", "Calendar"),
    # month grid keys
    "binding.month_grid.previous-day": ("Jour précédent", "Previous day"),
    "binding.month_grid.next-day": ("Jour suivant", "Next day"),
    "binding.month_grid.previous-week": ("Semaine précédente", "Previous week"),
    "binding.month_grid.next-week": ("Semaine suivante", "Next week"),
    "binding.month_grid.previous-month": ("Mois précédent", "Previous month"),
    "binding.month_grid.next-month": ("Mois suivant", "Next month"),
    "binding.month_grid.month-start": ("Début du mois", "Start of month"),
    "binding.month_grid.month-end": ("Fin du mois", "End of month"),
    "binding.month_grid.today": ("Aujourd'hui", "Today"),
    # agenda actions
    "binding.calendar.reschedule": ("Déplacer", "Reschedule"),
    "binding.calendar.export-ics": ("Exporter (.ics)", "Export (.ics)"),
    "binding.calendar.done": ("Tenue", "Held"),
    "binding.calendar.missed": ("Manquée", "Missed"),
    "binding.calendar.cancel": ("Annulée", "Cancelled"),
    "binding.calendar.new": ("Sur demande", "On request"),
    "binding.calendar.today": ("Aujourd'hui", "Today"),
    "binding.calendar.open-person": ("Fiche", "Person"),
    "binding.calendar.call": ("Appeler", "Call"),
    # the screen
    "calendar.legend": (
        "{overdue} en retard · {held} toutes tenues · [23] aujourd'hui\n"
        "PgPréc/PgSuiv : mois · t : aujourd'hui · Tab : rencontres",
        "{overdue} overdue · {held} all held · [23] today\n"
        "PgUp/PgDn: month · t: today · Tab: meetings",
    ),
    "calendar.column.time": ("Heure", "Time"),
    "calendar.column.person": ("Personne", "Person"),
    "calendar.column.step": ("Rencontre", "Meeting"),
    "calendar.column.status": ("Statut", "Status"),
    "calendar.column.attempts": ("Essais", "Tries"),
    "calendar.column.note": ("Journal", "Logbook"),
    "calendar.day_title": ("{day} · {count} rencontres", "{day} · {count} meetings"),
    "calendar.day_title_one": ("{day} · 1 rencontre", "{day} · 1 meeting"),
    "calendar.no_meeting": (
        "Aucune rencontre ce jour-là. « n » planifie une rencontre sur demande.",
        "No meeting that day. “n” plans a meeting on request.",
    ),
    "calendar.actions_title": ("Suivis à faire ce jour-là", "Follow-ups due that day"),
    "calendar.actions_more": ("… et {count} autres suivis", "… and {count} more follow-ups"),
    "calendar.no_actions": ("Aucun suivi à faire ce jour-là.", "No follow-up due that day."),
    "calendar.note_final": ("✓ écrite", "✓ written"),
    "calendar.note_draft": ("✎ brouillon", "✎ draft"),
    "calendar.summary": (
        "{person} — {step}, prévue le {date}",
        "{person} — {step}, planned on {date}",
    ),
    "calendar.summary_at": (
        "{person} — {step}, prévue le {date} à {time}",
        "{person} — {step}, planned on {date} at {time}",
    ),
    "calendar.moved": ("Rencontre déplacée au {date}.", "Meeting moved to {date}."),
    "calendar.marked": ("Rencontre marquée « {status} ».", "Meeting marked “{status}”."),
    "calendar.added": (
        "Rencontre sur demande planifiée le {date}.",
        "Meeting on request planned on {date}.",
    ),
    # shared fields
    "calendar.field.time": ("Heure (facultative)", "Time (optional)"),
    "calendar.field.time_placeholder": ("ex. 14 h 30", "e.g. 2:30 pm"),
    # reschedule
    "calendar.reschedule.title": ("Déplacer la rencontre", "Reschedule the meeting"),
    "calendar.reschedule.new_date": ("Nouvelle date", "New date"),
    "calendar.reschedule.date_placeholder": (
        "ex. jeudi prochain, 14/12/2026, dans 2 semaines",
        "e.g. next Thursday, 14/12/2026, in 2 weeks",
    ),
    "calendar.reschedule.reason": (
        "Raison (facultative, gardée dans l'historique)",
        "Reason (optional, kept in the history)",
    ),
    "calendar.reschedule.reason_placeholder": (
        "ex. à la demande de la personne",
        "e.g. at the person's request",
    ),
    "calendar.reschedule.confirm": ("Déplacer", "Reschedule"),
    # cancel
    "calendar.cancel.title": ("Annuler cette rencontre ?", "Cancel this meeting?"),
    "calendar.cancel.reason": (
        "Raison (facultative, gardée dans l'historique)",
        "Reason (optional, kept in the history)",
    ),
    "calendar.cancel.reason_placeholder": ("ex. hospitalisation", "e.g. in hospital"),
    "calendar.cancel.confirm": ("Annuler la rencontre", "Cancel the meeting"),
    "calendar.cancel.keep": ("Garder la rencontre", "Keep the meeting"),
    # meeting on request
    "calendar.new.title": ("Planifier une rencontre sur demande", "Plan a meeting on request"),
    "calendar.new.filter_placeholder": (
        "Avec qui ? Tapez un nom, un code ou une étiquette",
        "With whom? Type a name, a code or a tag",
    ),
    "calendar.new.date": ("Date", "Date"),
    "calendar.new.confirm": ("Planifier", "Plan"),
    "calendar.new.more": (
        "… et {count} autres : précisez la recherche",
        "… and {count} more: type more to narrow",
    ),
    "calendar.new.nobody": ("Personne ne correspond.", "Nobody matches."),
    "calendar.new.choose_person": (
        "Choisissez la personne dans la liste.",
        "Choose the person in the list.",
    ),
}
