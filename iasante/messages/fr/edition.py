"""Messages of the student edition (`iasante edition-etudiante`, iasante/course/edition.py)."""

MESSAGES = {
    "edition.help": "produire l'édition étudiante du cours (sans solutions), à publier dans le dépôt des étudiants",
    "edition.description": (
        "Produit, à partir de release/, notebooks/, data/ et de la partie « apprenant » du paquet, "
        "le dépôt que reçoivent les étudiants : jamais source/, les copies rendues, le carnet de notes, "
        "les tests cachés, les barèmes ni les outils de l'équipe pédagogique. À relancer après chaque "
        "« iasante release », puis à pousser dans le dépôt des étudiants."
    ),
    "edition.dossier_help": "dossier de l'édition (par défaut : {default}/ dans le cours) ; il est remplacé s'il contient déjà une édition",
    "edition.depot_help": "dépôt git local (clone du dépôt des étudiants) où enregistrer l'édition comme un commit",
    "edition.branche_help": "branche du dépôt où enregistrer l'édition (par défaut : main)",
    "edition.message_help": "message du commit (par défaut : « Édition étudiante, cours <version> »)",
    "edition.done": "Édition étudiante écrite dans {path} : {count} fichiers.",
    "edition.left_out_header": "Laissé de côté (liste complète dans {manifest}) :",
    "edition.left_out_line": "  - {path} : {reason}",
    "edition.findings_header": (
        "ATTENTION : l'édition contient {count} ligne(s) qui révèlent des réponses notées ; "
        "ne la publiez pas :"
    ),
    "edition.committed": "Commit {commit} enregistré sur la branche {branch} de {repo} : poussez-le (git push).",
    "edition.up_to_date": "La branche {branch} de {repo} contient déjà cette édition : rien à enregistrer.",
    "edition.commit_message": "Édition étudiante, cours {version}",
    "edition.package_missing": "Paquet d'apprenant introuvable dans le cours : {package}.",
    "edition.not_a_course": (
        "{path} n'est pas le dépôt complet du cours (pas de dossier source/) : "
        "l'édition étudiante se produit depuis le dépôt de l'équipe pédagogique."
    ),
    "edition.not_a_folder": "{path} existe et n'est pas un dossier.",
    "edition.refuse_overwrite": (
        "{path} n'est pas vide et ne contient pas d'édition étudiante (pas de EDITION.json) : "
        "rien n'a été effacé. Choisissez un dossier vide avec --dossier."
    ),
    "edition.inside_course": (
        "{path} est un dossier du cours lui-même : choisissez un dossier à part "
        "(par exemple edition-etudiante/ ou un clone du dépôt des étudiants)."
    ),
    "edition.not_a_repo": "{path} n'est pas un dépôt git (clonez d'abord le dépôt des étudiants).",
    "edition.bad_branch": "Nom de branche git invalide : « {branch} ».",
    "edition.git_failed": "git {command} a échoué : {error}",
    "edition.refuse_commit": (
        "Édition non enregistrée : {count} ligne(s) révèlent des réponses notées (voir ci-dessus)."
    ),
    "edition.manifest.description": (
        "Édition étudiante produite par « iasante edition-etudiante » : la liste des fichiers "
        "(empreintes SHA-256) et ce que le dépôt complet du cours contient en plus, laissé de côté."
    ),
    "edition.exclu.source": "versions enseignant des devoirs : solutions, tests cachés, réponses types et barèmes",
    "edition.exclu.copies": "copies des étudiants et retours de correction (nbgrader)",
    "edition.exclu.gradebook": "carnet de notes de nbgrader",
    "edition.exclu.notes": "exports de notes et rapports de classe (données personnelles)",
    "edition.exclu.tests": "tests du cours, dont les réponses de référence des devoirs",
    "edition.exclu.grading": "outils de correction de l'équipe pédagogique (tests cachés, clés, exports)",
    "edition.exclu.hub": "outils de déploiement du hub (liens nbgitpuller, LTI)",
    "edition.exclu.edition": "outil qui produit cette édition (il lui faut le dépôt complet du cours)",
    "edition.exclu.docs": "documentation de l'équipe pédagogique et des mainteneurs",
    "edition.exclu.deploy": "kit de déploiement du JupyterHub",
    "edition.exclu.config": "configuration nbgrader de l'équipe pédagogique",
    "edition.exclu.outils": "outils de développement du cours",
    "edition.exclu.remplace": "remplacé par la version de l'édition étudiante",
    "edition.exclu.autre": "tout autre fichier du cours : l'édition ne copie que ce qu'elle liste",
    "edition.readme": """# IA en santé — édition étudiante

Ce dépôt contient tout ce dont vous avez besoin pour suivre le cours « IA en santé »
(version {version}) : les leçons, les devoirs, les données et le paquet Python `iasante`
qui vérifie vos réponses. Il ne contient **pas** les solutions des devoirs notés.

## Ce que vous trouverez ici

- `notebooks/` : les leçons, à lire et exécuter dans l'ordre (m00, m01…) ;
- `release/` : les devoirs notés, un dossier par module ;
- `data/` : les jeux de données, chacun avec sa fiche (source, licence, défauts connus) ;
  l'index est `data/README.md` ;
- `iasante/` : le paquet du cours (vérifications, retours, widgets, chargement des données) ;
- `EDITION.json` : la liste des fichiers de cette édition et ce qui a été laissé de côté.

## Travailler sur le JupyterHub de votre formation

Cliquez sur le lien donné par votre enseignant (dans Moodle) : ce dépôt est copié dans votre
espace, puis le cahier du module s'ouvre. Un nouveau clic met à jour le cours **sans jamais
écraser votre travail**. Pour un devoir noté, suivez la consigne de votre enseignant : onglet
« Assignments » (récupérer, puis rendre le devoir) et bouton « Validate » pour vérifier
votre cahier avant de le rendre.

## Travailler sur votre ordinateur

Avec Python 3.11 ou plus récent :

```bash
python -m venv .venv
source .venv/bin/activate        # Windows : .venv\\Scripts\\activate
pip install -c requirements/constraints.txt -e .
iasante lab
```

`iasante lab` copie leçons, devoirs et données dans `espace-de-travail/` et ouvre JupyterLab :
vous travaillez sur ces copies, qu'une mise à jour du cours n'écrase jamais.

## Licences

- Code (`iasante/`) : licence MIT (`LICENSE`).
- Contenus pédagogiques (leçons, devoirs, textes) : CC BY 4.0 (`LICENSE-CONTENT.md`).
- Données : chaque jeu garde sa licence, indiquée dans sa fiche et dans `data/README.md`.

Ce dépôt est produit automatiquement à partir du dépôt du cours : ne le modifiez pas ici,
vos changements seraient remplacés à la prochaine édition.
""",
}
