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
    # figures
    "indicators.total": ("Total", "Total"),
    "indicators.percent": ("{value} %", "{value}%"),
    "indicators.line.people_followed": ("Personnes suivies", "People followed"),
    "indicators.line.new_referrals": ("Nouvelles références", "New referrals"),
    "indicators.line.closed": ("Accompagnements terminés", "Closed accompaniments"),
    "indicators.line.meetings_held": ("Rencontres tenues", "Meetings held"),
    "indicators.line.first_contacts_on_time": (
        "Premiers contacts faits à J+2",
        "First contacts made by D+2",
    ),
    "indicators.line.first_contacts_due": (
        "Premiers contacts attendus à J+2",
        "First contacts due by D+2",
    ),
    "indicators.line.first_contacts_rate": (
        "Premiers contacts faits à J+2 (%)",
        "First contacts made by D+2 (%)",
    ),
    "indicators.line.planned_in_window": (
        "Rencontres planifiées tenues dans leur fenêtre",
        "Planned meetings held within their window",
    ),
    "indicators.line.planned_held": ("Rencontres planifiées tenues", "Planned meetings held"),
    "indicators.line.in_window_rate": (
        "Rencontres planifiées tenues dans leur fenêtre (%)",
        "Planned meetings held within their window (%)",
    ),
    "indicators.line.missed": ("Rencontres manquées", "Missed meetings"),
    "indicators.line.cancelled": ("Rencontres annulées", "Cancelled meetings"),
    "indicators.line.call_time_total": ("Temps d'appel total", "Total call time"),
    "indicators.line.call_time_average": ("Durée moyenne d'un appel", "Average call time"),
    "indicators.line.relays": ("Relais à l'équipe soignante", "Relays to the care team"),
    "indicators.line.safety_net_flags": ("Signaux filet de sécurité", "Safety-net flags"),
    "indicators.line.training_needs": (
        "Besoins de formation continue",
        "Continuing-education needs",
    ),
    "indicators.track.first-year-support": (
        "Soutien structuré — première année",
        "Structured support — first year",
    ),
    "indicators.track.oral-therapy": (
        "Accompagnement — traitement oral",
        "Support — oral therapy",
    ),
    "indicators.track.none": ("Sans parcours", "No track"),
    "indicators.kind.partner": ("Patients partenaires", "Patient partners"),
    "indicators.kind.patient": ("Personnes accompagnées", "Accompanied patients"),
    "indicators.kind.former": ("Anciens patients partenaires", "Former patient partners"),
    "indicators.theme.objectives": ("Objectifs", "Objectives"),
    "indicators.theme.limits": ("Limites personnelles", "Personal limits"),
    "indicators.theme.engagement": ("Sens de l'engagement", "Meaning of the engagement"),
    "indicators.theme.skills": ("Compétences", "Skills"),
    "indicators.theme.confidence": ("Confiance", "Confidence"),
    "indicators.theme.well_being": ("Bien-être", "Well-being"),
    "indicators.theme.empathic_distress": ("Détresse empathique", "Empathic distress"),
    "indicators.theme.compassion_fatigue": ("Fatigue de compassion", "Compassion fatigue"),
    "indicators.theme.training": ("Formation", "Training"),
    "indicators.theme.succession": ("Relève", "Succession"),
    "indicators.theme.expectations": ("Attentes", "Expectations"),
    "indicators.theme.other": ("Autres thèmes", "Other themes"),
    "indicators.theme.unspecified": ("Sans thème", "No theme"),
    # CSV
    "indicators.csv.period_start": ("début de période", "period start"),
    "indicators.csv.period_end": ("fin de période", "period end"),
    "indicators.csv.track": ("parcours", "track"),
    "indicators.csv.person_kind": ("type de personne", "kind of person"),
    "indicators.csv.month": ("mois", "month"),
    "indicators.csv.indicator": ("indicateur", "indicator"),
    "indicators.csv.label": ("libellé", "label"),
    "indicators.csv.value": ("valeur", "value"),
    "indicators.csv.need_label": (
        "Besoins de formation continue — {theme}",
        "Continuing-education needs — {theme}",
    ),
    "indicators.csv.month_meetings_held": (
        "Rencontres tenues — {month}",
        "Meetings held — {month}",
    ),
    "indicators.csv.month_in_window_rate": (
        "Rencontres planifiées tenues dans leur fenêtre (%) — {month}",
        "Planned meetings held within their window (%) — {month}",
    ),
    # command line
    "cli.export_help": (
        "exporter le calendrier (.ics) ou les indicateurs (.csv)",
        "export the calendar (.ics) or the indicators (.csv)",
    ),
    "cli.export_indicators_help": (
        "indicateurs du programme en CSV, sans nom ni texte libre",
        "programme indicators as CSV, with no names or free text",
    ),
    "cli.export_ics_help": (
        "rencontres planifiées en iCalendar (codes seulement)",
        "planned check-ins as iCalendar (codes only)",
    ),
    "cli.export_from_help": (
        "premier jour de la période (par défaut : le 1er du mois)",
        "first day of the period (default: the 1st of the month)",
    ),
    "cli.export_to_help": (
        "dernier jour de la période (par défaut : aujourd'hui)",
        "last day of the period (default: today)",
    ),
    "cli.export_indicators_done": (
        "Indicateurs {period} enregistrés dans {path}.",
        "Indicators for {period} written to {path}.",
    ),
    "cli.export_is_directory": (
        "Ce chemin est un dossier : donnez un nom de fichier.",
        "That path is a folder: give a file name.",
    ),
    "cli.export_no_folder": (
        "Le dossier de destination n'existe pas.",
        "The destination folder does not exist.",
    ),
    # screen
    "area.indicators": ("Indicateurs", "Indicators"),
    "binding.app.area.indicators": ("Indicateurs", "Indicators"),
    "binding.indicators.period": ("Période", "Period"),
    "binding.indicators.figures": ("Chiffres", "Figures"),
    "binding.indicators.needs": ("Besoins", "Needs"),
    "binding.indicators.charts": ("Graphiques", "Charts"),
    "binding.indicators.refresh": ("Recalculer", "Recompute"),
    "indicators.tab.figures": ("Chiffres", "Figures"),
    "indicators.tab.needs": ("Besoins de formation", "Training needs"),
    "indicators.tab.charts": ("Graphiques", "Charts"),
    "indicators.column.indicator": ("Indicateur", "Indicator"),
    "indicators.choose_dates": (
        "Tapez la date de début et la date de fin.",
        "Type the start and end dates.",
    ),
    "indicators.computing": ("{period} — calcul en cours…", "{period} — computing…"),
    "indicators.no_needs": (
        "Aucun besoin de formation noté pendant cette période.",
        "No training need noted during this period.",
    ),
    "indicators.chart.meetings": ("Rencontres tenues par mois", "Meetings held per month"),
    "indicators.chart.on_time": (
        "Rencontres planifiées tenues dans leur fenêtre (%)",
        "Planned meetings held within their window (%)",
    ),
}
