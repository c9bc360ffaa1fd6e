"""Messages of the spreadsheet import and the calendar (.ics) export: (French, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # import: how problems read
    "import.at_line": ("Ligne {line} : {reason}", "Line {line}: {reason}"),
    "import.unnamed_column": ("colonne {letter} sans titre", "untitled column {letter}"),
    # import: the whole file
    "import.error.unreadable": (
        "Ce fichier ne peut pas être lu comme un tableur.",
        "This file cannot be read as a spreadsheet.",
    ),
    "import.error.missing_file": (
        "Fichier introuvable : vérifiez le chemin.",
        "File not found: check the path.",
    ),
    "import.error.cannot_read": (
        "Impossible de lire ce fichier (droits d'accès ?).",
        "Cannot read this file (permissions?).",
    ),
    "import.error.is_directory": (
        "C'est un dossier : choisissez un fichier .csv.",
        "This is a folder: choose a .csv file.",
    ),
    "import.error.not_regular": (
        "Ce n'est pas un fichier ordinaire : choisissez un fichier .csv.",
        "This is not a regular file: choose a .csv file.",
    ),
    "import.error.too_big": (
        "Fichier trop gros pour un import (plus de {limit} Mo).",
        "File too big to import (over {limit} MB).",
    ),
    "import.error.too_many_rows": (
        "Trop de lignes pour un seul import (plus de {limit}) : découpez le fichier.",
        "Too many rows for one import (over {limit}): split the file.",
    ),
    "import.error.utf16": (
        "Ce fichier est en UTF-16 : dans le tableur, enregistrez-le au format « CSV UTF-8 ».",
        'This file is UTF-16: in the spreadsheet, save it as "CSV UTF-8".',
    ),
    "import.error.binary": (
        "Ce fichier n'est pas un fichier texte CSV (un classeur .xlsx ?) : enregistrez-le au format « CSV UTF-8 ».",
        'This is not a CSV text file (an .xlsx workbook?): save it as "CSV UTF-8".',
    ),
    "import.error.not_utf8": (
        "Le fichier n'est pas en UTF-8 (premier caractère illisible à la ligne {line}) : dans Excel, choisissez « Enregistrer sous » puis « CSV UTF-8 (délimité par des virgules) ».",
        'The file is not UTF-8 (first unreadable character on line {line}): in Excel, choose "Save as" then "CSV UTF-8 (comma delimited)".',
    ),
    "import.error.empty": ("Le fichier est vide.", "The file is empty."),
    "import.error.no_rows": (
        "Le fichier ne contient aucune personne sous la ligne de titres.",
        "The file holds no person under the header row.",
    ),
    "import.error.csv_broken": (
        "Le fichier CSV est mal formé à partir d'ici (guillemet non fermé ?).",
        "The CSV file is malformed from here (an unclosed quote?).",
    ),
    "import.error.duplicate_column": (
        "la colonne « {column} » apparaît deux fois.",
        'the column "{column}" appears twice.',
    ),
    "import.error.missing_columns": (
        "colonnes obligatoires absentes : {columns}.",
        "required columns missing: {columns}.",
    ),
    "import.error.has_errors": (
        "Rien n'a été importé : {count} ligne(s) en erreur.",
        "Nothing was imported: {count} row(s) with errors.",
    ),
    "import.error.cancelled": (
        "Import interrompu : rien n'a été enregistré.",
        "Import stopped: nothing was saved.",
    ),
    # import: one row
    "import.error.extra_cells": (
        "plus de cellules ({cells}) que de colonnes ({columns}) : un séparateur dans une cellule sans guillemets ?",
        "more cells ({cells}) than columns ({columns}): a separator inside an unquoted cell?",
    ),
    "import.error.cell_too_long": (
        "une cellule dépasse {limit} caractères.",
        "a cell is longer than {limit} characters.",
    ),
    "import.error.name_missing": ("le nom est vide.", "the name is empty."),
    "import.error.name_too_long": (
        "le nom dépasse {limit} caractères.",
        "the name is longer than {limit} characters.",
    ),
    "import.error.kind_missing": (
        "le type est vide (partenaire, patient ou ancien).",
        "the kind is empty (partner, patient or former).",
    ),
    "import.error.kind_unknown": (
        "type « {value} » inconnu : partenaire, patient ou ancien.",
        'unknown kind "{value}": partner, patient or former.',
    ),
    "import.error.track_missing": ("le parcours est vide.", "the track is empty."),
    "import.error.track_unknown": (
        "parcours « {value} » inconnu : soutien-premiere-annee, traitement-oral ou le nom d'un de vos parcours.",
        'unknown track "{value}": first-year-support, oral-therapy or the name of one of your tracks.',
    ),
    "import.error.date_missing": ("la date de référence est vide.", "the reference date is empty."),
    "import.error.date_invalid": (
        "date « {value} » non reconnue : écrivez 2026-03-14 ou 14/03/2026.",
        'date "{value}" not understood: write 2026-03-14 or 14/03/2026.',
    ),
    "import.error.phone_invalid": (
        "numéro de téléphone invalide (7 à 15 chiffres, poste permis).",
        "invalid phone number (7 to 15 digits, extension allowed).",
    ),
    "import.error.email_invalid": ("adresse courriel invalide.", "invalid e-mail address."),
    "import.error.code_invalid": (
        "code « {value} » invalide : lettres, chiffres, tirets, 32 caractères au plus.",
        'invalid code "{value}": letters, digits and hyphens, 32 characters at most.',
    ),
    "import.error.code_repeated": (
        "le code {code} est déjà à la ligne {first}.",
        "the code {code} is already on line {first}.",
    ),
    "import.error.code_taken": (
        "le code {code} est déjà utilisé dans le coffre.",
        "the code {code} is already used in the vault.",
    ),
    "import.error.referrer_too_long": (
        "« référé par » dépasse {limit} caractères.",
        '"referred by" is longer than {limit} characters.',
    ),
    "import.error.notes_too_long": (
        "les notes dépassent {limit} caractères.",
        "the notes are longer than {limit} characters.",
    ),
    # import: warnings
    "import.warning.unknown_columns": (
        "Colonnes non reconnues, non importées : {columns}.",
        "Columns not recognised, not imported: {columns}.",
    ),
    "import.warning.formula": (
        "la cellule {column} commence comme une formule ; elle est gardée telle quelle, comme du texte.",
        "the {column} cell starts like a formula; it is kept as typed, as text.",
    ),
    "import.warning.date_far": (
        "la date de référence {value} est à plus d'un an : faute de frappe ?",
        "the reference date {value} is more than a year ahead: a typo?",
    ),
    # import: command line
    "cli.import_help": (
        "importe des personnes depuis un tableur (CSV)",
        "import people from a spreadsheet (CSV)",
    ),
    "cli.import_file_help": (
        "le fichier .csv (voir docs/import.md pour les colonnes)",
        "the .csv file (see docs/import.md for the columns)",
    ),
    "cli.import_dry_run_help": ("vérifie seulement, n'enregistre rien", "only check, save nothing"),
    "cli.import_skip_bad_help": (
        "importe les lignes valides et ignore celles en erreur",
        "import the good rows and skip the bad ones",
    ),
    "cli.import_would_create": (
        "{count} personne(s) seraient créées (essai : rien n'a été enregistré).",
        "{count} person(s) would be created (dry run: nothing was saved).",
    ),
    "cli.import_created": (
        "{count} personne(s) créées avec leurs rencontres planifiées.",
        "{count} person(s) created with their planned check-ins.",
    ),
    "cli.import_skipped": (
        "{count} ligne(s) en erreur ignorées.",
        "{count} row(s) with errors skipped.",
    ),
    "cli.import_nothing": (
        "Rien n'a été importé : corrigez les lignes ci-dessus puis recommencez.",
        "Nothing was imported: fix the rows above and try again.",
    ),
    "cli.warning": ("attention : {message}", "warning: {message}"),
    # import: the screen
    "import.title": ("Importer des personnes (tableur CSV)", "Import people (CSV spreadsheet)"),
    "import.explain": (
        "Colonnes : nom, type, parcours, date_reference ; facultatives : telephone, courriel, code, reference_par, notes. Séparateur , ou ; — enregistrez en « CSV UTF-8 ».",
        'Columns: name, kind, track, anchor_date; optional: phone, email, code, referred_by, notes. Separator , or ; — save as "CSV UTF-8".',
    ),
    "import.path_label": ("Fichier .csv", "File .csv"),
    "import.path_placeholder": ("~/Documents/personnes.csv", "~/Documents/people.csv"),
    "import.check": ("Vérifier", "Check"),
    "import.button": ("Importer", "Import"),
    "import.skip_bad": ("Importer seulement les lignes valides", "Import only the good rows"),
    "import.reading": ("Lecture du fichier…", "Reading the file…"),
    "import.importing": ("Import en cours : {done} / {total}…", "Importing: {done} / {total}…"),
    "import.summary": (
        "{good} personne(s) prêtes à importer sur {rows} ligne(s) ; {bad} ligne(s) en erreur.",
        "{good} person(s) ready to import out of {rows} row(s); {bad} row(s) with errors.",
    ),
    "import.more_errors": ("… et {count} autre(s) problème(s).", "… and {count} more problem(s)."),
    "import.done": ("{count} personne(s) importées.", "{count} person(s) imported."),
    "import.column.line": ("Ligne", "Line"),
    "import.column.name": ("Nom", "Name"),
    "import.column.kind": ("Type", "Kind"),
    "import.column.track": ("Parcours", "Track"),
    "import.column.date": ("Date de référence", "Reference date"),
    "import.column.code": ("Code", "Code"),
    "binding.import.cancel": ("Fermer", "Close"),
    "binding.import.check": ("Vérifier", "Check"),
    # calendar export
    "ics.summary.follow_up": ("Rencontre de suivi", "Follow-up meeting"),
    "ics.summary.on_request": ("Rencontre sur demande", "Meeting on request"),
    "ics.calendar_name": ("epc — rencontres", "epc — check-ins"),
    "ics.error.bad_period": (
        "La date de fin est avant la date de début.",
        "The end date is before the start date.",
    ),
    "ics.error.period_too_long": (
        "Période trop longue : 5 ans au plus.",
        "Period too long: 5 years at most.",
    ),
    "ics.error.cannot_write": (
        "Impossible d'écrire le fichier (dossier absent ou droits d'accès ?).",
        "Cannot write the file (missing folder or permissions?).",
    ),
    "ics.error.is_directory": (
        "C'est un dossier : donnez un nom de fichier, par exemple rencontres.ics.",
        "This is a folder: give a file name, for example check-ins.ics.",
    ),
    "ics.with_names_warning": (
        "Attention : ce calendrier contient le nom des personnes. Ne le synchronisez pas avec un service en ligne et ne l'envoyez pas par courriel.",
        "Warning: this calendar holds people's names. Do not sync it with an online service and do not e-mail it.",
    ),
    "cli.export_ics_file_help": ("le fichier .ics à écrire", "the .ics file to write"),
    "cli.export_ics_from_help": (
        "premier jour (par défaut : aujourd'hui)",
        "first day (default: today)",
    ),
    "cli.export_ics_to_help": (
        "dernier jour (par défaut : dans 6 mois)",
        "last day (default: in 6 months)",
    ),
    "cli.export_ics_names_help": (
        "ajoute le nom des personnes (déconseillé)",
        "add people's names (not advised)",
    ),
    "cli.export_ics_done": (
        "{count} rencontre(s) du {start} au {end} exportées dans {path}.",
        "{count} check-in(s) from {start} to {end} exported to {path}.",
    ),
    # calendar export: the screen
    "export_ics.title": ("Exporter le calendrier (.ics)", "Export the calendar (.ics)"),
    "export_ics.explain": (
        "Les rencontres prévues, pour votre propre agenda : seulement le code pseudonyme et l'étape, sans nom ni information de santé.",
        "Planned check-ins, for your own calendar: only the pseudonymous code and the step, no name, no health information.",
    ),
    "export_ics.path_label": ("Fichier .ics", "File .ics"),
    "export_ics.from_label": ("Du", "From"),
    "export_ics.to_label": ("Au", "To"),
    "export_ics.with_names": ("Inclure les noms", "Include names"),
    "export_ics.button": ("Exporter", "Export"),
    "export_ics.done": ("{count} rencontre(s) exportées.", "{count} check-in(s) exported."),
    "binding.export_ics.cancel": ("Fermer", "Close"),
}
