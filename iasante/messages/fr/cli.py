"""Messages of the command line `iasante` (course layout, release, learner workspace)."""

MESSAGES = {
    "cli.description": (
        "IA en santé : cours interactif et auto-évalué. "
        "Commandes pour les apprenants (lab) et les enseignants (release, grade, demo…)."
    ),
    "cli.lab.help": "copier les cahiers du cours dans votre espace de travail, puis ouvrir JupyterLab",
    "cli.lab.workspace_help": "dossier de votre espace de travail (par défaut : {default})",
    "cli.lab.no_browser_help": "ne pas ouvrir de navigateur (serveur distant, JupyterHub)",
    "cli.lab.sync_only_help": "copier les cahiers sans lancer JupyterLab",
    "cli.lab.port_help": "port du serveur JupyterLab",
    "cli.lab.created": "  nouveau : {path}",
    "cli.lab.updated": "  mis à jour (vous ne l'aviez pas modifié) : {path}",
    "cli.lab.kept": (
        "  conservé : {path} contient votre travail ; "
        "la nouvelle version du cours est à côté : {beside}"
    ),
    "cli.lab.summary": (
        "Espace de travail : {workspace}\n"
        "{created} fichier(s) copié(s), {updated} mis à jour, {kept} conservé(s) avec votre travail."
    ),
    "cli.lab.starting": "Ouverture de JupyterLab dans {workspace} (Ctrl+C pour arrêter)…",
    "cli.lab.settings_not_installed": (
        "Remarque : les réglages de classe (interface en français) n'ont pas pu être installés "
        "dans {prefix} ; JupyterLab fonctionnera quand même."
    ),
    "cli.release.help": "régénérer release/ depuis source/ (tous les devoirs ou un seul)",
    "cli.release.assignment_help": "nom du devoir (dossier de source/) ; tous si absent",
    "cli.release.done": "Version étudiante régénérée : {path}",
    "cli.validate.help": (
        "vérifier un devoir avant de le rendre (les tests visibles, comme le bouton "
        "Validate), messages complets en français"
    ),
    "cli.validate.target_help": "nom du devoir (dossier) ou chemin du cahier .ipynb",
    "cli.validate.not_found": (
        "Aucun cahier trouvé pour « {target} » : donnez le chemin du fichier .ipynb, ou "
        "lancez la commande depuis le dossier qui contient le devoir."
    ),
    "cli.validate.title": "Vérification de {name} :",
    "cli.validate.type_changed": (
        "  ✗ Une cellule a changé de type (code ↔ texte) : « {cell} ». Remettez-la dans "
        "son type d'origine, sinon elle ne pourra pas être corrigée."
    ),
    "cli.validate.changed": (
        "  ✗ Une cellule verrouillée (consigne ou test) a été modifiée : « {cell} ». "
        "Annulez la modification : à la correction, la version d'origine sera remise."
    ),
    "cli.validate.failed": "  ✗ Test en échec : « {cell} »",
    "cli.validate.no_written_answer": (
        "Réponse rédigée attendue : écrivez-la à la place de « VOTRE RÉPONSE ICI » "
        "(elle sera lue et notée par l'enseignant)."
    ),
    "cli.validate.ok": (
        "  ✓ Toutes les vérifications visibles passent. À la correction, des tests cachés "
        "vérifieront aussi votre travail sur d'autres données."
    ),
    "cli.validate.summary": "  {count} point(s) à revoir avant de rendre le devoir.",
    "cli.list.help": "lister les devoirs et les leçons du cours",
    "cli.list.assignments": "Devoirs (source/) :",
    "cli.list.lessons": "Leçons (notebooks/) :",
    "cli.unknown_assignment": (
        "Devoir inconnu : « {name} ». Devoirs disponibles : {known}. "
        "Vérifiez l'orthographe (c'est le nom d'un dossier de source/)."
    ),
    "cli.no_assignment": "Aucun devoir trouvé dans {path} : chaque devoir est un dossier avec un cahier .ipynb.",
    "cli.missing_file": (
        "Fichier introuvable : {path}. Lancez la commande depuis le dossier du cours "
        "ou restaurez le fichier (git checkout -- <fichier>)."
    ),
    "cli.no_course": (
        "Dossier du cours introuvable. Placez-vous dans le dossier du dépôt « ia-sante » "
        "ou indiquez-le avec la variable d'environnement IASANTE_COURSE_ROOT."
    ),
    "cli.release_failed": "La génération de la version étudiante de « {name} » a échoué :\n{log}",
    "cli.error": "Erreur : {message}",
    "cli.unknown_arguments": "arguments non reconnus : {args}",
}
