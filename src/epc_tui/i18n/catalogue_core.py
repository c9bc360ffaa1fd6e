"""Messages of the application shell, the vault and the command line: (French, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # application and navigation
    "app.name": ("epc — journal de bord du coach partenaire", "epc — the partner-coach's logbook"),
    "area.settings": ("Réglages", "Settings"),
    "binding.app.lock": ("Verrouiller", "Lock"),
    "binding.app.help": ("Aide", "Help"),
    "binding.app.quit": ("Quitter", "Quit"),
    "binding.app.area.settings": ("Réglages", "Settings"),
    "binding.unlock.recover": ("Code de récupération", "Recovery code"),
    "binding.recover.back": ("Retour", "Back"),
    "binding.help.close": ("Fermer", "Close"),
    "binding.settings.save": ("Enregistrer", "Save"),
    "command.open_area": ("Aller à cette section", "Go to this area"),
    "command.lock_help": (
        "Cacher tout et oublier la clé jusqu'à la phrase de passe",
        "Hide everything and drop the key until the passphrase is typed",
    ),
    "command.theme": ("Thème", "Theme"),
    "command.theme_help": ("Changer les couleurs de l'écran", "Change the screen colours"),
    "command.help_help": ("Touches et guide de la journée", "Keys and a guide to the day"),
    "command.quit_help": (
        "Fermer epc (le brouillon est enregistré)",
        "Close epc (drafts are saved)",
    ),
    # unlock
    "unlock.prompt": (
        "Tapez votre phrase de passe pour ouvrir le coffre.",
        "Type your passphrase to open the vault.",
    ),
    "unlock.placeholder": ("Phrase de passe", "Passphrase"),
    "unlock.button": ("Déverrouiller", "Unlock"),
    "unlock.forgot": (
        "Phrase de passe oubliée ? Utiliser le code de récupération",
        "Forgot the passphrase? Use the recovery code",
    ),
    "unlock.empty": ("Tapez d'abord votre phrase de passe.", "Type your passphrase first."),
    "unlock.deriving": (
        "Vérification de la phrase de passe… (environ une seconde)",
        "Checking the passphrase… (about a second)",
    ),
    # setup
    "setup.title": ("Bienvenue dans epc", "Welcome to epc"),
    "setup.explain": (
        "Vos notes et votre liste de personnes seront chiffrées sur cet ordinateur. "
        "Choisissez une phrase de passe : plusieurs mots faciles à retenir pour vous, "
        "difficiles à deviner pour les autres. Personne ne pourra la retrouver pour vous.",
        "Your notes and the people you follow will be encrypted on this computer. Choose a "
        "passphrase: several words easy for you to remember and hard for others to guess. "
        "Nobody can recover it for you.",
    ),
    "setup.create": ("Créer mon coffre chiffré", "Create my encrypted vault"),
    "setup.creating": (
        "Création du coffre et réglage du chiffrement pour cet ordinateur…",
        "Creating the vault and tuning the encryption for this computer…",
    ),
    "passphrase.new_label": ("Nouvelle phrase de passe", "New passphrase"),
    "passphrase.new_hint": (
        "par exemple quatre mots sans lien entre eux",
        "for example four unrelated words",
    ),
    "passphrase.repeat_label": ("Retapez-la", "Type it again"),
    "strength.empty": ("Tapez une phrase de passe.", "Type a passphrase."),
    "strength.too_short": (
        "Trop courte : au moins 10 caractères.",
        "Too short: at least 10 characters.",
    ),
    "strength.add_words": (
        "Ajoutez un ou deux mots peu courants.",
        "Add one or two uncommon words.",
    ),
    "strength.good": ("Bonne phrase de passe.", "Good passphrase."),
    "strength.level0": ("très faible", "very weak"),
    "strength.level1": ("faible", "weak"),
    "strength.level2": ("moyenne", "fair"),
    "strength.level3": ("forte", "strong"),
    "strength.level4": ("très forte", "very strong"),
    # recovery code
    "recovery.title": ("Votre code de récupération", "Your recovery code"),
    "recovery.explain": (
        "Si vous oubliez votre phrase de passe, ce code est le seul moyen d'ouvrir le coffre. "
        "Écrivez-le sur papier et rangez-le en lieu sûr, loin de l'ordinateur.",
        "If you forget your passphrase, this code is the only way to open the vault. Write it "
        "on paper and keep it somewhere safe, away from the computer.",
    ),
    "recovery.warning": ("Il ne sera plus jamais affiché.", "It will never be shown again."),
    "recovery.written_down": (
        "Je l'ai écrit et rangé en lieu sûr",
        "I have written it down and put it somewhere safe",
    ),
    "recovery.continue": ("Continuer", "Continue"),
    "recover.title": ("Réinitialiser la phrase de passe", "Reset the passphrase"),
    "recover.explain": (
        "Tapez le code de récupération noté à la création du coffre (les tirets et les "
        "majuscules n'ont pas d'importance), puis choisissez une nouvelle phrase de passe.",
        "Type the recovery code written down when the vault was created (dashes and capitals "
        "do not matter), then choose a new passphrase.",
    ),
    "recover.button": (
        "Ouvrir avec le code et changer la phrase de passe",
        "Open with the code and change the passphrase",
    ),
    "recover.bad_shape": (
        "Ce code n'a pas la forme d'un code de récupération (8 groupes de 4).",
        "This does not look like a recovery code (8 groups of 4).",
    ),
    "recover.done": ("Nouvelle phrase de passe enregistrée.", "New passphrase saved."),
    # relative dates and durations
    "when.today": ("aujourd'hui", "today"),
    "when.tomorrow": ("demain", "tomorrow"),
    "when.yesterday_overdue": ("en retard d'un jour", "overdue by 1 day"),
    "when.in_days": ("dans {days} jours", "in {days} days"),
    "when.overdue_days": ("en retard de {days} jours", "overdue by {days} days"),
    "duration.seconds": ("{seconds} s", "{seconds} s"),
    "duration.minutes": ("{minutes} min", "{minutes} min"),
    "duration.hours": ("{hours} h {minutes}", "{hours} h {minutes}"),
    # errors
    "error.generic": ("Une erreur est survenue.", "Something went wrong."),
    "error.unexpected": (
        "Erreur inattendue ({kind}). Vos données sont intactes ; relancez epc. "
        "Aucune donnée personnelle n'est affichée ici.",
        "Unexpected error ({kind}). Your data is intact; start epc again. No personal data is "
        "shown here.",
    ),
    "error.unlock_failed": (
        "Phrase de passe ou code incorrect, ou fichier de clé modifié. Rien n'a été ouvert.",
        "Wrong passphrase or code, or the key file was altered. Nothing was opened.",
    ),
    "error.keyfile_damaged": (
        "Le fichier de clé du coffre est illisible ou endommagé ; restaurez une sauvegarde.",
        "The vault's key file is unreadable or damaged; restore a backup.",
    ),
    "error.kdf_rejected": (
        "Paramètres de chiffrement refusés (trop faibles ou trop coûteux) : fichier suspect.",
        "Encryption parameters refused (too weak or too costly): suspicious file.",
    ),
    "error.vault_missing": (
        "Aucun coffre ici : lancez « epc » ou « epc init » pour en créer un.",
        'No vault here: run "epc" or "epc init" to create one.',
    ),
    "error.vault_exists": (
        "Un coffre existe déjà dans ce dossier.",
        "A vault already exists in this folder.",
    ),
    "error.vault_busy": (
        "Ce coffre est déjà ouvert dans une autre fenêtre d'epc ; fermez-la d'abord.",
        "This vault is already open in another epc window; close it first.",
    ),
    "error.database_damaged": (
        "La base de données du coffre est endommagée ; restaurez la dernière sauvegarde.",
        "The vault's database is damaged; restore the latest backup.",
    ),
    "error.unsafe_sqlite": (
        "Chiffrement indisponible ou fichier non chiffré : epc refuse de continuer.",
        "Encryption unavailable or file not encrypted: epc refuses to go on.",
    ),
    "error.schema_too_new": (
        "Ce coffre vient d'une version plus récente d'epc (schéma {found}, "
        "cette version lit jusqu'au {supported}) ; mettez epc à jour.",
        "This vault comes from a newer epc (schema {found}, this version reads up to "
        "{supported}); update epc.",
    ),
    "error.weak_passphrase": (
        "Phrase de passe trop facile à deviner : au moins 10 caractères, plusieurs mots.",
        "Passphrase too easy to guess: at least 10 characters, several words.",
    ),
    "error.passphrases_differ": (
        "Les deux phrases de passe ne sont pas identiques.",
        "The two passphrases differ.",
    ),
    "error.invalid_input": ("Valeur non valide.", "Invalid value."),
    "error.stdin_empty": (
        "Aucune phrase de passe reçue sur l'entrée standard.",
        "No passphrase received on standard input.",
    ),
    "error.no_terminal_for_passphrase": (
        "Pas de terminal pour demander la phrase de passe : utilisez --passphrase-stdin.",
        "No terminal to ask for the passphrase: use --passphrase-stdin.",
    ),
    # check
    "check.keyfile_damaged": ("le fichier de clé est endommagé", "the key file is damaged"),
    "check.database_damaged": (
        "la base de données échoue au contrôle d'intégrité",
        "the database fails its integrity check",
    ),
    "check.logbook_altered": (
        "le journal de bord a été modifié ou une note finalisée a disparu",
        "the logbook was altered or a finalised note is missing",
    ),
    "check.schema_outdated": (
        "le schéma de la base n'est pas à jour",
        "the database schema is not up to date",
    ),
    # command line
    "cli.description": (
        "epc — le journal de bord chiffré du coach partenaire.",
        "epc — the partner-coach's encrypted logbook.",
    ),
    "cli.data_dir_help": (
        "dossier des données (sinon EPC_DATA_DIR, sinon le dossier habituel)",
        "data folder (else EPC_DATA_DIR, else the usual folder)",
    ),
    "cli.passphrase_stdin_help": (
        "lire la phrase de passe sur une ligne de l'entrée standard",
        "read the passphrase from one line of standard input",
    ),
    "cli.demo_help": (
        "ouvrir un coffre de démonstration (phrase de passe : demo)",
        "open a demo vault (passphrase: demo)",
    ),
    "cli.demo_no_open_help": ("seulement le créer", "only create it"),
    "cli.demo_created": (
        "Coffre de démonstration créé dans {path} (phrase de passe : {passphrase}).",
        "Demo vault created in {path} (passphrase: {passphrase}).",
    ),
    "cli.init_help": (
        "créer un coffre et afficher le code de récupération",
        "create a vault and print the recovery code",
    ),
    "cli.init_done": ("Coffre créé dans {path}.", "Vault created in {path}."),
    "cli.recovery_code_intro": (
        "Votre code de récupération (affiché une seule fois) :",
        "Your recovery code (shown only once):",
    ),
    "cli.recovery_code_warning": (
        "Écrivez-le sur papier et rangez-le loin de l'ordinateur : c'est le seul moyen "
        "d'ouvrir le coffre si vous oubliez la phrase de passe.",
        "Write it on paper and keep it away from the computer: it is the only way to open the "
        "vault if you forget the passphrase.",
    ),
    "cli.passwd_help": (
        "changer la phrase de passe (ou la réinitialiser avec le code)",
        "change the passphrase (or reset it with the code)",
    ),
    "cli.passwd_recovery_help": (
        "utiliser le code de récupération au lieu de la phrase actuelle",
        "use the recovery code instead of the current passphrase",
    ),
    "cli.passwd_new_recovery_help": (
        "remplacer le code de récupération",
        "replace the recovery code",
    ),
    "cli.passwd_done": ("Phrase de passe changée.", "Passphrase changed."),
    "cli.check_help": (
        "vérifier le coffre : fichier de clé, chiffrement, intégrité",
        "verify the vault: key file, cipher, integrity",
    ),
    "cli.check_ok": (
        "Coffre intact (schéma version {version}).",
        "Vault intact (schema version {version}).",
    ),
    "cli.check_restore_hint": (
        "Conseil : restaurez la dernière sauvegarde avec « epc restore FICHIER ».",
        'Advice: restore the latest backup with "epc restore FILE".',
    ),
    "cli.prompt_passphrase": ("Phrase de passe :", "Passphrase:"),
    "cli.prompt_new_passphrase": ("Nouvelle phrase de passe :", "New passphrase:"),
    "cli.prompt_repeat_passphrase": ("Retapez-la :", "Type it again:"),
    "cli.prompt_recovery_code": ("Code de récupération :", "Recovery code:"),
}

MESSAGES.update(
    {
        "common.cancel": ("Annuler", "Cancel"),
        "common.ok": ("OK", "OK"),
        "common.yes": ("Oui", "Yes"),
        "common.no": ("Non", "No"),
        "help.key": ("Touche", "Key"),
        "help.action": ("Action", "Action"),
        "help.keys_here": ("Les touches de cet écran", "Keys on this screen"),
        "settings.title": ("Réglages", "Settings"),
        "settings.language": ("Langue", "Language"),
        "settings.language_auto": ("Celle du système", "The system's"),
        "settings.region": ("Région (dates et jours fériés)", "Region (dates and holidays)"),
        "settings.region_ca": ("Québec / Canada", "Québec / Canada"),
        "settings.region_fr": ("France", "France"),
        "settings.lock_after": (
            "Verrouiller après combien de minutes sans activité",
            "Lock after how many idle minutes",
        ),
        "settings.theme": ("Thème", "Theme"),
        "settings.skip_weekends": (
            "Déplacer les rencontres tombant un week-end",
            "Move meetings that fall on a weekend",
        ),
        "settings.skip_holidays": (
            "Déplacer les rencontres tombant un jour férié",
            "Move meetings that fall on a public holiday",
        ),
        "settings.attempts": (
            "Tentatives sans réponse avant de signaler un autre moyen de contact",
            "Unanswered attempts before flagging another way of contact",
        ),
        "settings.save": ("Enregistrer", "Save"),
        "settings.saved": ("Réglages enregistrés.", "Settings saved."),
        "settings.invalid_number": (
            "Nombre non valide : délai de 0,5 à 240 minutes, tentatives de 1 à 20.",
            "Invalid number: delay from 0.5 to 240 minutes, attempts from 1 to 20.",
        ),
        "settings.change_passphrase": ("Changer la phrase de passe", "Change the passphrase"),
        "settings.new_recovery_code": ("Nouveau code de récupération", "New recovery code"),
        "passwd.title": ("Changer la phrase de passe", "Change the passphrase"),
        "passwd.current": ("Phrase de passe actuelle", "Current passphrase"),
        "passwd.button": ("Changer", "Change"),
        "passwd.done": ("Phrase de passe changée.", "Passphrase changed."),
        "newcode.title": ("Nouveau code de récupération", "New recovery code"),
        "newcode.explain": (
            "L'ancien code cessera de fonctionner. Tapez votre phrase de passe pour continuer.",
            "The old code will stop working. Type your passphrase to go on.",
        ),
        "newcode.button": ("Créer un nouveau code", "Create a new code"),
    }
)
MESSAGES.update(
    {
        "settings.backup_rotation": (
            "Sauvegardes automatiques gardées : jours, semaines, mois",
            "Automatic backups kept: days, weeks, months",
        ),
        "settings.backup_rotation_hint": (
            "Par exemple 7, 4 et 12 : la dernière de chacun des 7 derniers jours, des 4 dernières semaines et des 12 derniers mois.",
            "For example 7, 4 and 12: the latest of each of the last 7 days, 4 weeks and 12 months.",
        ),
        "settings.keep_daily": ("jours", "days"),
        "settings.keep_weekly": ("semaines", "weeks"),
        "settings.keep_monthly": ("mois", "months"),
    }
)
MESSAGES.update({"command.key": ("Touche : {shortcut}", "Key: {shortcut}")})
