"""Messages for faults of the disk and for the parts `epc check` examines (issue 7)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "error.storage_full": (
        "Le disque est plein : libérez de l'espace, puis réessayez. Rien n'a été perdu de ce qui était déjà enregistré.",
        "The disk is full: free some space, then try again. Nothing already saved was lost.",
    ),
    "error.storage_read_only": (
        "Le dossier de données est en lecture seule : epc ne peut pas y écrire. Choisissez un dossier modifiable avec --data-dir.",
        "The data folder is read-only: epc cannot write there. Choose a writable folder with --data-dir.",
    ),
    "error.storage_denied": (
        "Accès refusé au dossier de données : vérifiez qu'il vous appartient et que vous pouvez y écrire.",
        "Access to the data folder was refused: check that it belongs to you and that you can write there.",
    ),
    "error.storage_failed": (
        "Le disque a refusé l'écriture ou la lecture : vérifiez le disque (ou la clé USB), puis réessayez.",
        "The disk refused to read or write: check the disk (or the USB key), then try again.",
    ),
    "check.pages_damaged": (
        "des pages chiffrées de la base de données sont endommagées (contenu illisible ou altéré)",
        "encrypted pages of the database are damaged (unreadable or altered content)",
    ),
    "check.structure_damaged": (
        "la structure de la base de données est endommagée (fichier tronqué ou index incohérents)",
        "the structure of the database is damaged (file cut short or inconsistent indexes)",
    ),
    "note.disk_full_kept": (
        "Disque plein : la note est gardée en mémoire et sera enregistrée dès que de l'espace sera libéré. Libérez de l'espace sans fermer epc.",
        "Disk full: the note is kept in memory and will be saved as soon as space is freed. Free some space without closing epc.",
    ),
    "note.read_only_kept": (
        "Le dossier de données est en lecture seule : la note est gardée en mémoire et sera enregistrée dès que l'écriture sera possible. Ne fermez pas epc.",
        "The data folder is read-only: the note is kept in memory and will be saved as soon as writing is possible. Do not close epc.",
    ),
    "note.save_failed_kept": (
        "La note n'a pas pu être enregistrée : elle est gardée en mémoire et sera réessayée. Ne fermez pas epc.",
        "The note could not be saved: it is kept in memory and will be retried. Do not close epc.",
    ),
    "note.saved_again": (
        "La note est de nouveau enregistrée.",
        "The note is saved again.",
    ),
}
