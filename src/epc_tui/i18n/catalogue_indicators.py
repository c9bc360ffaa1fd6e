"""Messages of the indicators screen, their periods and the CSV export: (French, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # periods
    "period.this_month": ("Ce mois-ci", "This month"),
    "period.last_month": ("Le mois dernier", "Last month"),
    "period.last_quarter": ("Le trimestre dernier", "Last quarter"),
    "period.this_year": ("Cette année", "This year"),
    "period.custom": ("Dates choisies", "Chosen dates"),
    "period.quarter_1": ("1er trimestre {year}", "Q1 {year}"),
    "period.quarter_2": ("2e trimestre {year}", "Q2 {year}"),
    "period.quarter_3": ("3e trimestre {year}", "Q3 {year}"),
    "period.quarter_4": ("4e trimestre {year}", "Q4 {year}"),
    "period.range_label": ("du {start} au {end}", "{start} to {end}"),
    "period.error.end_before_start": (
        "La date de fin vient avant la date de début.",
        "The end date comes before the start date.",
    ),
    "period.error.unknown": ("Période inconnue.", "Unknown period."),
}
