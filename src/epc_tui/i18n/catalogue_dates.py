"""Messages of typed dates and times (date fields and date options): (French, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "date.error.empty": ("Tapez une date.", "Type a date."),
    "date.error.not_understood": (
        "Date non comprise : essayez 14/03/2026, 14 mars 2026, demain ou dans 3 mois.",
        "Date not understood: try 14/03/2026, 14 March 2026, tomorrow or in 3 months.",
    ),
    "date.error.day_first": (
        "Le jour vient en premier : 25/12/2026 pour le 25 décembre.",
        "The day comes first: 25/12/2026 for 25 December.",
    ),
    "date.error.no_such_day": (
        "Ce jour n'existe pas dans le calendrier.",
        "That day does not exist in the calendar.",
    ),
    "date.error.year_out_of_range": (
        "L'année doit être comprise entre 1900 et 2100.",
        "The year must be between 1900 and 2100.",
    ),
    "time.error.not_understood": (
        "Heure non comprise : essayez 14 h 30, 14:30 ou 2 pm.",
        "Time not understood: try 14:30, 2 pm or 14 h 30.",
    ),
    "date_field.understood": ("Compris : {date}", "Understood: {date}"),
    "date_field.placeholder": (
        "14/03/2026, demain, jeudi prochain, dans 3 mois…",
        "14/03/2026, tomorrow, next Thursday, in 3 months…",
    ),
}
