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
    "error.verify_helper_failed": (
        "La vérification n'a pas pu aller au bout (un de ses deux processus s'est arrêté) : rien n'est prouvé pour cette sauvegarde. Réessayez.",
        "The verification could not finish (one of its two processes stopped): nothing is proved about this backup. Try again.",
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
        "vérifie une sauvegarde sans rien restaurer : chaque octet authentifié, chaque page de la base contrôlée",
        "checks a backup without restoring anything: every byte authenticated, every database page checked",
    ),
    "cli.verify_description": (
        "Une sauvegarde vérifiée est complète et authentique : chaque bloc est authentifié, rien n'est coupé ni ajouté, "
        "et sa clé s'ouvre avec la phrase de passe ou le code de récupération. Elle contient une base de données écrite "
        "par SQLCipher avec la clé de cette sauvegarde : chaque page est contrôlée, et le nombre de pages, la version "
        "du schéma et le nombre de lignes de chaque table correspondent à son inventaire. Rien n'est écrit sur le disque. "
        "Le contrôle complet de la structure de la base (integrity_check de SQLite) se fait à chaque restauration, "
        "avant de remplacer quoi que ce soit, par « epc check », ou ici avec --full (bien plus long).",
        "A verified backup is whole and authentic: every chunk is authenticated, nothing is cut or appended, and its "
        "key opens with the passphrase or the recovery code. It holds a database written by SQLCipher under this "
        "backup's key: every page is checked, and the page count, the schema version and every table's row count "
        "match its manifest. Nothing is written to disk. The full structural check of the database (SQLite's "
        'integrity_check) runs at every restore, before anything is replaced, in "epc check", or here with --full '
        "(much longer).",
    ),
    "cli.verify_full_help": (
        "contrôle aussi toute la structure de la base, comme avant une restauration (bien plus long)",
        "also checks the database's whole structure, as before a restore (much longer)",
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
        "Sauvegarde du {date} intacte : chaque octet est authentifié et chaque page de la base de données contrôlée.",
        "Backup of {date} intact: every byte authenticated and every database page checked.",
    ),
    "cli.verify_ok_full": (
        "Sauvegarde du {date} intacte : chaque octet est authentifié, chaque page contrôlée et la structure de la base de données est saine.",
        "Backup of {date} intact: every byte authenticated, every page checked and the database's structure sound.",
    ),
    "cli.restore_confirm": (
        "La restauration remplace le coffre actuel (il sera gardé à côté jusqu'au prochain déverrouillage). Continuer ? [o/N]",
        "Restoring replaces the current vault (kept beside it until the next unlock). Continue? [y/N]",
    ),
    "cli.restore_progress_help": (
        "annonce chaque étape sur la sortie d'erreur (toujours fait dans un terminal)",
        "announce each part on standard error (always done at a terminal)",
    ),
    "cli.restore_stage_read": (
        "Restauration : déchiffrement de la sauvegarde et contrôle de chaque page…",
        "Restore: decrypting the backup and checking every page…",
    ),
    "cli.restore_read_percent": (
        "Restauration : {percent} % de la sauvegarde lus et contrôlés.",
        "Restore: {percent}% of the backup read and checked.",
    ),
    "cli.restore_stage_structure": (
        "Restauration : vérification de la structure de la base (la partie la plus longue : "
        "environ une minute pour un grand coffre)…",
        "Restore: checking the database's structure (the longest part: about a minute for a "
        "large vault)…",
    ),
    "cli.restore_stage_rekey": (
        "Restauration : adaptation de la base à la phrase de passe du coffre remplacé…",
        "Restore: re-keying the database for the vault it replaces…",
    ),
    "cli.restore_stage_swap": (
        "Restauration : mise en place de la base restaurée…",
        "Restore: putting the restored database in place…",
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
    # the backups screen
    "area.backups": ("Sauvegardes", "Backups"),
    "binding.app.area.backups": ("Sauvegardes", "Backups"),
    "binding.backups.backup_now": ("Sauvegarder", "Back up"),
    "binding.backups.verify": ("Vérifier", "Verify"),
    "binding.backups.restore": ("Restaurer", "Restore"),
    "binding.backups.cancel": ("Annuler", "Cancel"),
    "binding.backups.secret_cancel": ("Annuler", "Cancel"),
    "backups.automatic_title": ("Sauvegardes automatiques", "Automatic backups"),
    "backups.automatic_hint": (
        "Faites dans le dossier d'epc après vos changements (au plus une par heure) et au verrouillage ; on garde la dernière de chacun des {daily} derniers jours, {weekly} dernières semaines et {monthly} derniers mois. Elles ne protègent pas contre la perte de l'ordinateur : copiez aussi sur une clé USB.",
        "Made in epc's folder after your changes (at most hourly) and on lock; the latest of each of the last {daily} days, {weekly} weeks and {monthly} months is kept. They do not protect against losing the computer: copy to a USB key too.",
    ),
    "backups.col_date": ("Date", "Date"),
    "backups.col_size": ("Taille", "Size"),
    "backups.col_verified": ("Vérifiée", "Verified"),
    "backups.verified_at": ("oui, le {date}", "yes, {date}"),
    "backups.not_verified": ("pas encore", "not yet"),
    "backups.none_yet": (
        "Pas encore de sauvegarde automatique : la première se fera après vos prochains changements.",
        "No automatic backup yet: the first one follows your next changes.",
    ),
    "backups.verify_selected": ("Vérifier celle-ci (v)", "Verify this one (v)"),
    "backups.restore_selected": ("Restaurer celle-ci… (r)", "Restore this one… (r)"),
    "backups.file_title": ("Sur une clé USB ou ailleurs", "On a USB key or elsewhere"),
    "backups.drives_found": ("Clés et disques branchés : {drives}", "Drives plugged in: {drives}"),
    "backups.drives_none": (
        "Aucune clé USB détectée : branchez-la, ou tapez un dossier (Tab ou → complète le chemin).",
        "No USB key detected: plug it in, or type a folder (Tab or → completes the path).",
    ),
    "backups.path_placeholder": (
        "Dossier de la clé USB, ou fichier .epcbak à vérifier ou restaurer",
        "Folder on the USB key, or an .epcbak file to verify or restore",
    ),
    "backups.passphrase_placeholder": (
        "Votre phrase de passe (elle protégera cette copie)",
        "Your passphrase (it will protect this copy)",
    ),
    "backups.backup_here": ("Sauvegarder ici (Ctrl+B)", "Back up here (Ctrl+B)"),
    "backups.verify_file": ("Vérifier ce fichier", "Verify this file"),
    "backups.restore_file": ("Restaurer ce fichier…", "Restore this file…"),
    "backups.cancel": ("Annuler (Échap)", "Cancel (Esc)"),
    "backups.busy": (
        "Un travail est déjà en cours : attendez la fin ou annulez-le.",
        "Work is already under way: wait for it or cancel it.",
    ),
    "backups.choose_one": (
        "Choisissez d'abord une sauvegarde dans la liste.",
        "Choose a backup in the list first.",
    ),
    "backups.choose_file": (
        "Tapez le chemin d'un fichier de sauvegarde (.epcbak).",
        "Type the path of a backup file (.epcbak).",
    ),
    "backups.choose_place": (
        "Tapez le dossier où écrire la sauvegarde (par exemple la clé USB).",
        "Type the folder to write the backup to (the USB key, say).",
    ),
    "backups.type_passphrase": (
        "Retapez votre phrase de passe : elle protégera cette copie.",
        "Type your passphrase again: it will protect this copy.",
    ),
    "backups.file_exists": (
        "Un fichier porte déjà ce nom : choisissez un dossier ou un autre nom.",
        "A file already has this name: choose a folder or another name.",
    ),
    "backups.writing": ("Écriture de la sauvegarde dans {path}…", "Writing the backup to {path}…"),
    "backups.verifying": (
        "Vérification de chaque octet et de la base de données…",
        "Checking every byte and the database…",
    ),
    "backups.written": (
        "Sauvegarde écrite et vérifiée : {path} ({size}). Elle s'ouvre avec votre phrase de passe actuelle ou votre code de récupération.",
        "Backup written and verified: {path} ({size}). It opens with your current passphrase or your recovery code.",
    ),
    "backups.verified": (
        "Sauvegarde du {date} intacte : {people} personnes et {notes} notes, chaque page de la base de données contrôlée.",
        "Backup of {date} intact: {people} people and {notes} notes, every database page checked.",
    ),
    "backups.failed": (
        "La sauvegarde n'a pas pu se faire. Réessayez, ou essayez un autre endroit.",
        "The backup could not be made. Try again, or try another place.",
    ),
    "backups.restore_question": (
        "Restaurer la sauvegarde du {date} ?\n\nVotre coffre sera remplacé par cette sauvegarde : ce que vous avez écrit depuis disparaîtra du coffre. Une sauvegarde automatique de l'état actuel est faite d'abord, et l'ancien coffre est gardé jusqu'au prochain déverrouillage.\n\nepc se verrouillera ensuite : tapez votre phrase de passe pour rouvrir.",
        "Restore the backup of {date}?\n\nYour vault will be replaced by this backup: what you wrote since will be gone from the vault. An automatic backup of the current state is made first, and the previous vault is kept until the next unlock.\n\nepc will then lock: type your passphrase to open it again.",
    ),
    "backups.restore_yes": ("Oui, restaurer", "Yes, restore"),
    "backups.restore_stage_structure": (
        "Vérification de la structure de la base restaurée : la partie la plus longue (environ "
        "une minute pour un grand coffre). Échap pour annuler.",
        "Checking the restored database's structure: the longest part (about a minute for a "
        "large vault). Escape to cancel.",
    ),
    "backups.restore_stage_rekey": (
        "Adaptation de la base restaurée à la phrase de passe de ce coffre…",
        "Re-keying the restored database for this vault…",
    ),
    "backups.restoring": (
        "Vérification et préparation de la restauration…",
        "Verifying and preparing the restore…",
    ),
    "backups.restored": (
        "Sauvegarde du {date} restaurée. Tapez votre phrase de passe pour rouvrir le coffre.",
        "Backup of {date} restored. Type your passphrase to open the vault again.",
    ),
    "backups.restore_failed": (
        "La restauration n'a pas pu se terminer : votre coffre précédent est toujours en place.",
        "The restore could not finish: your previous vault is still in place.",
    ),
    "backups.secret_title": ("Sauvegarde d'un autre coffre", "Backup of another vault"),
    "backups.secret_explain": (
        "Cette sauvegarde ne s'ouvre pas avec la clé de votre coffre actuel. Tapez la phrase de passe en vigueur quand elle a été faite, ou le code de récupération.",
        "This backup does not open with your current vault's key. Type the passphrase in force when it was made, or the recovery code.",
    ),
    "backups.secret_placeholder": (
        "Phrase de passe ou code de récupération",
        "Passphrase or recovery code",
    ),
    "backups.secret_ok": ("Continuer", "Continue"),
    "backups.secret_cancel": ("Annuler", "Cancel"),
    # handover dialogs
    "backups.handover_title": ("Préparer la relève", "Handover"),
    "backups.handover_hint": (
        "Confier des personnes suivies à une autre personne coach (ou recevoir les siennes) : un fichier chiffré avec leur historique complet, protégé par une phrase de passe que vous lui donnez de vive voix.",
        "Hand people you follow to another coach (or receive theirs): an encrypted file with their whole history, protected by a passphrase you give them in person.",
    ),
    "backups.handover_export": ("Préparer la relève…", "Hand over…"),
    "backups.handover_import": ("Importer une relève…", "Import a handover…"),
    "binding.handover.close": ("Fermer", "Close"),
    "handover.close_button": ("Fermer", "Close"),
    "handover.export_title": ("Préparer la relève", "Hand over"),
    "handover.export_explain": (
        "Codes des personnes à confier, séparés par des virgules (par exemple PP-001, PP-007). Leurs rencontres, notes, modifications, actions et tentatives d'appel partent avec elles ; votre coffre n'est pas modifié.",
        "Codes of the people to hand over, separated by commas (PP-001, PP-007, say). Their check-ins, notes, amendments, actions and call attempts go with them; your vault is not changed.",
    ),
    "handover.codes_placeholder": ("Codes : PP-001, PP-007", "Codes: PP-001, PP-007"),
    "handover.folder_placeholder": (
        "Dossier où écrire le fichier (la clé USB)",
        "Folder to write the file to (the USB key)",
    ),
    "handover.new_secret": (
        "Phrase de passe du fichier (à donner de vive voix)",
        "The file's passphrase (give it in person)",
    ),
    "handover.repeat_secret": ("La même phrase de passe, encore", "The same passphrase, again"),
    "handover.export_button": ("Écrire le fichier de relève", "Write the handover file"),
    "handover.codes_missing": (
        "Tapez au moins un code de personne.",
        "Type at least one person's code.",
    ),
    "handover.working": (
        "Un instant : chiffrement (environ une seconde)…",
        "One moment: encrypting (about a second)…",
    ),
    "handover.exported": (
        "Fichier de relève écrit : {path} — {people} personne(s), {notes} note(s). Donnez la phrase de passe de vive voix, jamais avec le fichier.",
        "Handover file written: {path} — {people} person(s), {notes} note(s). Give the passphrase in person, never with the file.",
    ),
    "handover.failed": (
        "La relève n'a pas pu se faire : rien n'a été changé.",
        "The handover could not be done: nothing was changed.",
    ),
    "handover.import_title": ("Importer une relève", "Import a handover"),
    "handover.import_explain": (
        "Le fichier reçu et sa phrase de passe. Vous verrez d'abord ce qui sera ajouté et les différences avec votre coffre ; rien n'est jamais écrasé.",
        "The file received and its passphrase. You first see what will be added and the differences with your vault; nothing is ever overwritten.",
    ),
    "handover.file_placeholder": ("Fichier de relève (.epchand)", "Handover file (.epchand)"),
    "handover.secret": ("Phrase de passe du fichier", "The file's passphrase"),
    "handover.preview_button": ("Voir ce qui sera ajouté", "See what will be added"),
    "handover.import_button": ("Importer", "Import"),
    "handover.file_missing": (
        "Tapez le chemin du fichier de relève et sa phrase de passe.",
        "Type the handover file's path and its passphrase.",
    ),
    "handover.preview": (
        "Seraient ajoutées : {added} personne(s) ({known} déjà dans votre coffre), {check_ins} rencontre(s), {notes} note(s), {actions} action(s).",
        "Would be added: {added} person(s) ({known} already in your vault), {check_ins} check-in(s), {notes} note(s), {actions} action(s).",
    ),
    "handover.imported": (
        "Relève importée : {added} personne(s) ajoutée(s) ({known} déjà connue(s)), {check_ins} rencontre(s), {notes} note(s), {actions} action(s).",
        "Handover imported: {added} person(s) added ({known} already known), {check_ins} check-in(s), {notes} note(s), {actions} action(s).",
    ),
    "handover.conflicts": (
        "{count} différence(s) — votre version est gardée, à revoir :",
        "{count} difference(s) — your version is kept, to review:",
    ),
    "handover.conflict_line": ("{code} — {record} : {detail}", "{code} — {record}: {detail}"),
    "cli.check_progress_help": (
        "annonce chaque partie de la vérification à mesure (par défaut dans un terminal)",
        "announces each part of the check as it starts (the default in a terminal)",
    ),
    "check.step_keyfile": ("Vérification du fichier de clé…", "Checking the key file…"),
    "check.step_pages": (
        "Vérification de chaque page chiffrée de la base de données…",
        "Checking every encrypted page of the database…",
    ),
    "check.step_structure": (
        "Vérification de la structure de la base de données (la partie la plus longue)…",
        "Checking the database's structure (the longest part)…",
    ),
    "check.step_logbook": (
        "Vérification de la chaîne du journal de bord…",
        "Checking the logbook chain…",
    ),
}
