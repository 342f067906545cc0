"""Messages of the Moodle (LTI 1.3) integration: launch into the hub, grades back (AGS)."""

MESSAGES = {
    # -- grades back: `iasante notes-moodle` ---------------------------------
    "lti.cli.help": "envoyer les notes d'un devoir au carnet de notes Moodle (LTI 1.3, AGS)",
    "lti.cli.config": (
        "fichier JSON de l'outil LTI (client_id, token_url, lineitems_url, "
        "private_key_file) ; défaut : <cours>/lti.json"
    ),
    "lti.cli.force": "renvoyer aussi les notes déjà envoyées (même inchangées)",
    "lti.cli.new_key": (
        "créer une paire de clés pour l'outil dans ce fichier (clé privée PEM) et "
        "afficher la clé publique à coller dans Moodle, puis quitter"
    ),
    "lti.cli.key_written": (
        "Clé privée écrite dans {path} (à garder secrète, hors de git).\n"
        "Clé publique à coller dans Moodle (« Type de clé publique : Clé RSA ») :\n{public}"
    ),
    "lti.config_unreadable": "Configuration LTI illisible ({path}) : {error}",
    "lti.config_missing": "Configuration LTI incomplète ({path}) : il manque {keys}.",
    "lti.key_unreadable": "Clé privée de l'outil illisible ({path}) : {error}",
    "lti.no_pyjwt": (
        "La bibliothèque PyJWT manque : installez les outils du hub "
        "(ci/install-hub-deps.sh, ou pip install -r requirements/hub.txt)."
    ),
    "lti.key_invalid": "La clé privée de l'outil n'est pas une clé RSA valide : {error}",
    "lti.unreachable": "Moodle ne répond pas ({url}) : {error}. Aucune note n'a été envoyée.",
    "lti.token_refused": (
        "Moodle a refusé l'accès aux notes (code {status}) : {detail}\n"
        "Vérifiez l'identifiant client, la clé publique de l'outil dans Moodle et que le "
        "service « Notes et résultats IMS LTI » est activé pour l'outil."
    ),
    "lti.lineitems_refused": (
        "Moodle a refusé la lecture des éléments d'évaluation (code {status}) : {detail}"
    ),
    "lti.lineitem_refused": (
        "Moodle a refusé de créer ou mettre à jour l'élément d'évaluation (code {status}) : "
        "{detail}"
    ),
    "lti.skip.no_identity": (
        "pas d'identité Moodle (jamais connecté depuis Moodle, et lms_user_id vide dans "
        "le carnet nbgrader)"
    ),
    "lti.skip.manual_pending": "correction manuelle en attente (note non envoyée)",
    "lti.skip.already_sent": "déjà envoyée ({score:g}), inchangée",
    "lti.refused.http": "refusée par Moodle (code {status}) : {detail}",
    "lti.refused.newer": (
        "refusée par Moodle : sa note est plus récente (modifiée dans Moodle depuis le "
        "dernier envoi ?) ; elle n'a pas été remplacée"
    ),
    "lti.refused.network": "non envoyée, Moodle injoignable : {error}",
    "lti.report.title": "Notes de « {assignment} » vers Moodle :",
    "lti.report.sent": "  envoyées : {count}",
    "lti.report.skipped": "  non envoyées : {count}",
    "lti.report.refused": "  refusées : {count}",
    "lti.report.line": "    {student:<20} {detail}",
    "lti.report.journal": "Journal des envois (relancer la commande reprend où elle s'est arrêtée) : {path}",
    # -- launch from Moodle into the hub --------------------------------------
    "lti.launch.title": "Connexion refusée",
    "lti.launch.refused": "Connexion depuis Moodle refusée : {reason}",
    "lti.launch.bad_signature": (
        "la signature du jeton de Moodle est invalide (clé de Moodle changée, ou jeton falsifié)"
    ),
    "lti.launch.wrong_audience": (
        "ce jeton a été émis pour un autre outil (identifiant client différent de celui "
        "configuré sur le hub)"
    ),
    "lti.launch.expired": (
        "le jeton de Moodle a expiré (horloges désynchronisées ou page restée ouverte "
        "trop longtemps) ; relancez l'activité depuis Moodle"
    ),
    "lti.launch.replayed": (
        "ce jeton a déjà servi ou ne correspond pas à cette connexion (nonce) ; relancez "
        "l'activité depuis Moodle"
    ),
    "lti.launch.state": (
        "la connexion n'a pas été commencée depuis ce navigateur (état OAuth absent) ; "
        "relancez l'activité depuis Moodle"
    ),
    "lti.launch.invalid": "jeton LTI invalide ({detail})",
    "lti.launch.no_role": (
        "votre rôle dans ce cours Moodle ({roles}) ne donne pas accès au hub du cours "
        "(il faut être étudiant ou enseignant)"
    ),
    "lti.launch.no_roles": "aucun rôle transmis",
    "lti.launch.wrong_deployment": "ce déploiement de l'outil ({deployment}) n'est pas celui du cours",
}
