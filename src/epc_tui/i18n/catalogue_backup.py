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
}
