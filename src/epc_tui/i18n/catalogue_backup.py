"""Messages of backups, restore and handover (préparer la relève): (French, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # errors
    "error.backup_damaged": (
        "Ce fichier de sauvegarde est endommagé, incomplet ou a été modifié : il est refusé et rien n'a été changé.",
        "This backup file is damaged, incomplete or was altered: it is refused and nothing was changed.",
    ),
    "error.not_a_backup": (
        "Ce fichier n'est pas une sauvegarde epc.",
        "This file is not an epc backup.",
    ),
    "error.backup_cancelled": (
        "Opération annulée : rien n'a été changé.",
        "Cancelled: nothing was changed.",
    ),
    "error.backup_unlock_failed": (
        "Phrase de passe ou code de récupération incorrect pour cette sauvegarde (ou fichier modifié).",
        "Wrong passphrase or recovery code for this backup (or the file was altered).",
    ),
    "error.backup_no_space": (
        "Plus assez d'espace sur le disque : la sauvegarde n'a pas été faite et aucun fichier incomplet n'a été laissé. Libérez de l'espace ou choisissez un autre endroit.",
        "Not enough disk space: the backup was not made and no incomplete file was left. Free some space or choose another place.",
    ),
    "error.backup_unreadable": (
        "Impossible d'ouvrir ce fichier ou ce dossier (absent, débranché ou sans permission).",
        "Cannot open this file or folder (missing, unplugged or not permitted).",
    ),
    "error.restore_needs_current_vault": (
        "Cette sauvegarde vient d'un autre coffre : tapez aussi la phrase de passe du coffre actuel pour le remplacer.",
        "This backup comes from another vault: also type the current vault's passphrase to replace it.",
    ),
    "error.backup_database_damaged": (
        "La base de données contenue dans cette sauvegarde est endommagée : elle est refusée et votre coffre n'a pas été touché.",
        "The database inside this backup is damaged: it is refused and your vault was not touched.",
    ),
    "error.backup_too_new": (
        "Cette sauvegarde a été faite par une version plus récente d'epc : mettez epc à jour pour la restaurer.",
        "This backup was made by a newer version of epc: update epc to restore it.",
    ),
    "error.handover_unlock_failed": (
        "Ce n'est pas la phrase de passe de ce dossier de relève.",
        "This is not the passphrase of this handover file.",
    ),
    "error.handover_unknown_code": (
        "Aucune personne avec le code « {code} » dans votre coffre : vérifiez les codes choisis.",
        'Nobody with the code "{code}" in your vault: check the chosen codes.',
    ),
    "error.handover_not_imported": (
        "Le dossier de relève n'a pas pu être importé : rien n'a été changé dans votre coffre.",
        "The handover file could not be imported: nothing was changed in your vault.",
    ),
    # automatic backups
    "backup.auto_low_space": (
        "Sauvegarde automatique suspendue : le disque est presque plein. Libérez de l'espace ou faites une sauvegarde sur une clé USB.",
        "Automatic backup paused: the disk is almost full. Free some space or back up to a USB key.",
    ),
    "backup.auto_failed": (
        "La sauvegarde automatique n'a pas pu se faire. Faites une sauvegarde sur une clé USB depuis l'écran Sauvegardes (F6).",
        "The automatic backup could not be made. Back up to a USB key from the Backups screen (F6).",
    ),
    # command line
    "cli.backup_help": (
        "écrit une sauvegarde chiffrée du coffre dans FICHIER (ou dans le dossier FICHIER), puis la vérifie",
        "writes an encrypted backup of the vault to FILE (or into the folder FILE), then verifies it",
    ),
    "cli.backup_file_help": (
        "le fichier .epcbak à écrire, ou un dossier (par exemple la clé USB)",
        "the .epcbak file to write, or a folder (a USB key, say)",
    ),
    "cli.backup_force_help": (
        "remplace le fichier s'il existe déjà",
        "replaces the file if it already exists",
    ),
    "cli.verify_help": (
        "vérifie chaque octet d'une sauvegarde et la base qu'elle contient, sans rien restaurer",
        "checks every byte of a backup and the database inside it, restoring nothing",
    ),
    "cli.restore_help": (
        "restaure une sauvegarde : tout est vérifié d'abord, l'ancien coffre est gardé à côté",
        "restores a backup: everything is verified first, the previous vault is kept beside it",
    ),
    "cli.restore_yes_help": (
        "confirme le remplacement du coffre actuel sans poser la question",
        "confirms replacing the current vault without asking",
    ),
    "cli.handover_help": (
        "préparer la relève : exporter ou importer des personnes suivies",
        "handover: export or import people followed",
    ),
    "cli.handover_export_help": (
        "écrit les personnes choisies (--people CODE,CODE) et leur historique dans un dossier de relève chiffré",
        "writes the chosen people (--people CODE,CODE) and their history to an encrypted handover file",
    ),
    "cli.handover_import_help": (
        "ajoute un dossier de relève à votre coffre, sans rien écraser",
        "adds a handover file to your vault, overwriting nothing",
    ),
    "cli.handover_dry_run_help": (
        "montre ce qui serait ajouté et les différences, sans rien changer",
        "shows what would be added and the differences, changing nothing",
    ),
    "cli.prompt_backup_secret": (
        "Phrase de passe (ou code de récupération) de la sauvegarde :",
        "The backup's passphrase (or recovery code):",
    ),
    "cli.prompt_current_passphrase": (
        "Phrase de passe du coffre actuel (qui sera remplacé) :",
        "Passphrase of the current vault (to be replaced):",
    ),
    "cli.prompt_handover_new": (
        "Phrase de passe du dossier de relève (à donner à la personne qui prend la relève) :",
        "Passphrase for the handover file (to give to the coach taking over):",
    ),
    "cli.prompt_handover_secret": (
        "Phrase de passe du dossier de relève :",
        "The handover file's passphrase:",
    ),
    "cli.backup_done": (
        "Sauvegarde écrite et vérifiée : {path} ({size}). Elle s'ouvre avec votre phrase de passe actuelle ou votre code de récupération.",
        "Backup written and verified: {path} ({size}). It opens with your current passphrase or your recovery code.",
    ),
    "cli.backup_contents": (
        "Elle contient {people} personnes, {check_ins} rencontres et {notes} notes du journal de bord.",
        "It holds {people} people, {check_ins} check-ins and {notes} logbook notes.",
    ),
    "cli.verify_ok": (
        "Sauvegarde du {date} intacte : chaque octet est authentifié et la base de données est saine.",
        "Backup of {date} intact: every byte authenticated and the database sound.",
    ),
    "cli.restore_confirm": (
        "La restauration remplace le coffre actuel (il sera gardé à côté jusqu'au prochain déverrouillage). Continuer ? [o/N]",
        "Restoring replaces the current vault (kept beside it until the next unlock). Continue? [y/N]",
    ),
    "cli.restore_done": (
        "Sauvegarde du {date} restaurée.",
        "Backup of {date} restored.",
    ),
    "cli.restore_previous_kept": (
        "L'ancien coffre est gardé dans {path} jusqu'au prochain déverrouillage réussi.",
        "The previous vault is kept in {path} until the next successful unlock.",
    ),
    "cli.restore_rekeyed": (
        "Le coffre restauré s'ouvre avec la phrase de passe et le code de récupération du coffre qu'il remplace.",
        "The restored vault opens with the passphrase and recovery code of the vault it replaces.",
    ),
    "cli.restore_keyfile_written": (
        "Le coffre restauré s'ouvre avec la phrase de passe de la sauvegarde ou le code de récupération.",
        "The restored vault opens with the backup's passphrase or the recovery code.",
    ),
    "cli.handover_exported": (
        "Dossier de relève écrit : {path} — {people} personne(s), {notes} note(s). Donnez la phrase de passe de vive voix, jamais avec le fichier.",
        "Handover file written: {path} — {people} person(s), {notes} note(s). Give the passphrase in person, never with the file.",
    ),
    "cli.handover_imported": (
        "Relève importée : {added} personne(s) ajoutée(s), {known} déjà connue(s) ; {check_ins} rencontre(s), {notes} note(s) et {actions} action(s) ajoutées.",
        "Handover imported: {added} person(s) added, {known} already known; {check_ins} check-in(s), {notes} note(s) and {actions} action(s) added.",
    ),
    "cli.handover_dry_run": (
        "Essai sans rien changer : {added} personne(s) seraient ajoutée(s), {known} déjà connue(s) ; {check_ins} rencontre(s), {notes} note(s) et {actions} action(s) seraient ajoutées.",
        "Dry run, nothing changed: {added} person(s) would be added, {known} already known; {check_ins} check-in(s), {notes} note(s) and {actions} action(s) would be added.",
    ),
    "cli.handover_conflicts": (
        "{count} différence(s) : votre version a été gardée, à revoir :",
        "{count} difference(s): your version was kept, to review:",
    ),
    "cli.handover_conflict_line": ("{code} — {record} : {detail}", "{code} — {record}: {detail}"),
    "handover.record.person": ("fiche de la personne", "person's record"),
    "handover.record.check_in": ("rencontre", "check-in"),
    "handover.record.note": ("note du journal de bord", "logbook note"),
    "handover.record.action": ("action de suivi", "follow-up action"),
    "handover.record.attempt": ("tentative d'appel", "call attempt"),
    "backup.size_kib": ("{size} Kio", "{size} KiB"),
    "backup.size_mib": ("{size} Mio", "{size} MiB"),
    "error.backup_exists": (
        "Ce fichier existe déjà : choisissez un autre nom (ou --force pour le remplacer).",
        "This file already exists: choose another name (or --force to replace it).",
    ),
    "error.restore_confirm": (
        "La restauration remplace le coffre actuel : ajoutez --yes pour le confirmer.",
        "Restoring replaces the current vault: add --yes to confirm.",
    ),
    "error.restore_not_confirmed": (
        "Restauration annulée : rien n'a été changé.",
        "Restore cancelled: nothing was changed.",
    ),
}
