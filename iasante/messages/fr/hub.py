"""Messages of the JupyterHub journey (`iasante lien`, nbgitpuller links)."""

MESSAGES = {
    "hub.lien.help": "afficher le lien nbgitpuller d'un module, à coller dans Moodle",
    "hub.lien.description": (
        "Affiche un lien nbgitpuller : un clic connecte l'étudiant au JupyterHub, "
        "copie (ou met à jour) le dépôt de l'édition étudiante du cours dans son espace, puis ouvre le cahier du module. "
        "Son travail n'est jamais écrasé par une mise à jour."
    ),
    "hub.lien.hub_help": "adresse du JupyterHub, par exemple https://hub.univ.fr",
    "hub.lien.depot_help": (
        "adresse git du dépôt de l'édition étudiante (iasante edition-etudiante), "
        "par exemple https://github.com/org/ia-sante-etudiant"
    ),
    "hub.lien.complet_help": (
        "le dépôt donné est le dépôt complet du cours, solutions comprises : "
        "seulement pour un groupe en autoformation, jamais pour un devoir noté"
    ),
    "hub.lien.complet_warning": (
        "Attention : ce lien copie le dépôt complet du cours (solutions, tests cachés, barèmes) : "
        "réservé à un groupe en autoformation. Pour un groupe noté, publiez l'édition étudiante "
        "(iasante edition-etudiante) et faites le lien vers son dépôt."
    ),
    "hub.lien.full_repository": (
        "{depot} (branche {branche}) contient source/ : c'est le dépôt complet du cours, "
        "solutions comprises. Faites le lien vers le dépôt de l'édition étudiante "
        "(iasante edition-etudiante), ou ajoutez --complet pour un groupe en autoformation."
    ),
    "hub.lien.module_help": "module : m00 ou m00_prise_en_main",
    "hub.lien.branche_help": "branche git à distribuer (par défaut : main)",
    "hub.lien.devoir_help": "ouvrir le devoir noté du module (version étudiante, release/) ; par défaut",
    "hub.lien.lecon_help": "ouvrir la leçon du module (notebooks/)",
    "hub.lien.quiet_help": "n'afficher que le lien",
    "hub.lien.opens": "Ce lien ouvre {path} (module {module}).",
    "hub.lien.kind.devoir": "aucun devoir de ce nom dans source/",
    "hub.lien.kind.lecon": "aucune leçon de ce nom dans notebooks/",
    "hub.lien.none": "aucun",
    "hub.lien.unknown_kind": "type de cahier inconnu : {kind} (devoir ou lecon).",
    "hub.lien.unknown_module": (
        "Module inconnu : « {module} » ({kind}). Modules disponibles : {choices}."
    ),
    "hub.lien.ambiguous": (
        "« {module} » désigne plusieurs modules : {choices}. Donnez le nom complet."
    ),
    "hub.lien.not_released": (
        "Le devoir {module} n'a pas encore de version étudiante dans release/ : "
        "lancez d'abord « iasante release {module} »."
    ),
    "hub.lien.bad_hub": ("Adresse de hub invalide : « {url} ». Exemple : https://hub.univ.fr"),
    "hub.lien.bad_repo": (
        "Adresse de dépôt invalide : « {depot} ». Exemple : https://github.com/org/ia-sante"
    ),
    "hub.lien.bad_branch": "Le nom de branche est vide.",
}
