"""Messages of the data-key rotation: `epc passwd --rotate-key` and the settings' action."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- command line
    "cli.passwd_rotate_help": (
        "renouveler la clé de chiffrement du coffre (et le code de récupération)",
        "renew the vault's encryption key (and the recovery code)",
    ),
    "cli.rotate_progress": (
        "Rechiffrement du coffre : {percent} %",
        "Re-encrypting the vault: {percent}%",
    ),
    "cli.rotate_finishing": ("Finalisation…", "Finishing…"),
    "cli.rotate_done": (
        "Clé de chiffrement renouvelée. Les anciens fichiers de clé et l'ancien code de récupération n'ouvrent plus le coffre.",
        "Encryption key renewed. Old key files and the old recovery code no longer open the vault.",
    ),
    "cli.rotate_unseen_code": (
        "Un renouvellement de la clé avait été interrompu ; il est maintenant terminé et l'ancien code de récupération ne fonctionne plus.",
        "A renewal of the key had been interrupted; it is now finished and the old recovery code no longer works.",
    ),
    "error.rotate_key_alone": (
        "L'option --rotate-key s'emploie seule, avec la phrase de passe actuelle.",
        "The --rotate-key option is used on its own, with the current passphrase.",
    ),
    # -- settings screen
    "settings.security": ("Sécurité du coffre", "Vault security"),
    "binding.rotate.cancel": ("Annuler", "Cancel"),
    "settings.rotate_key": ("Renouveler la clé de chiffrement", "Renew the encryption key"),
    "rotate.title": ("Renouveler la clé de chiffrement", "Renew the encryption key"),
    "rotate.explain": (
        "Le coffre sera rechiffré avec une nouvelle clé, et vous recevrez un nouveau code de récupération. Votre phrase de passe ne change pas. Ensuite, les anciennes copies du fichier de clé et l'ancien code de récupération n'ouvriront plus le coffre. Les sauvegardes déjà faites restent utilisables avec la phrase de passe ou le code de l'époque. Utile si vous pensez qu'une copie de votre fichier de clé ou votre code a pu être vu par quelqu'un d'autre.",
        "The vault will be re-encrypted with a new key, and you will get a new recovery code. Your passphrase does not change. Afterwards, old copies of the key file and the old recovery code will no longer open the vault. Backups already made stay usable with the passphrase or code of their time. Useful if you think someone else may have seen a copy of your key file or your code.",
    ),
    "rotate.passphrase": ("Votre phrase de passe", "Your passphrase"),
    "rotate.button": ("Renouveler", "Renew"),
    "rotate.progress": ("Rechiffrement du coffre…", "Re-encrypting the vault…"),
    "rotate.finishing": ("Finalisation…", "Finishing…"),
    "rotate.working_hint": (
        "Ne fermez pas l'application. Si elle est interrompue, le coffre s'ouvrira quand même avec votre phrase de passe.",
        "Do not close the application. If it is interrupted, the vault will still open with your passphrase.",
    ),
    "rotate.done": (
        "Clé de chiffrement renouvelée. Les anciens fichiers de clé n'ouvrent plus le coffre.",
        "Encryption key renewed. Old key files no longer open the vault.",
    ),
    "rotate.unseen_code": (
        "Un renouvellement de la clé avait été interrompu ; il est maintenant terminé. Voici le nouveau code de récupération : l'ancien ne fonctionne plus.",
        "A renewal of the key had been interrupted; it is now finished. Here is the new recovery code: the old one no longer works.",
    ),
}
