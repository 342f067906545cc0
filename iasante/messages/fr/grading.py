"""Messages of the instructor grading pipeline (`iasante grade`, `demo`, `export`...)."""

MESSAGES = {
    # -- statuses of a submission (one per student and assignment) ----------
    "grading.status.graded": "corrigé",
    "grading.status.restored": "corrigé (cellules supprimées ou modifiées remises en place)",
    "grading.status.cell_timeout": "corrigé (une cellule a dépassé le délai et a été interrompue)",
    "grading.status.memory_error": "corrigé (une cellule a dépassé la limite de mémoire)",
    "grading.status.timed_out": "non corrigé : délai total du notebook dépassé",
    "grading.status.kernel_died": "non corrigé : le noyau Python s'est arrêté pendant l'exécution",
    "grading.status.invalid_notebook": "non corrigé : notebook illisible (fichier JSON invalide)",
    "grading.status.missing_notebook": "non corrigé : notebook absent du dossier rendu",
    "grading.status.no_submission": "aucune copie rendue",
    "grading.status.error": "non corrigé : erreur inattendue ({detail})",
    "grading.status.suspect": "corrigé, à vérifier : tentative bloquée ou vérifications modifiées ({detail})",
    "grading.status.skipped": "déjà corrigé (conservé ; --force pour recorriger)",
    # -- grade command -------------------------------------------------------
    "grading.unknown_assignment": (
        "Le devoir « {assignment} » est inconnu du carnet de notes. "
        "Lancez d'abord « nbgrader generate_assignment {assignment} »."
    ),
    "grading.fork_unavailable": (
        "Attention : le démarrage rapide des noyaux (fork) n'est pas disponible sur ce "
        "système ({reason}) ; correction avec des noyaux ordinaires, plus lente."
    ),
    "grading.progress": "Correction de {assignment}",
    # -- sandbox (bac à sable) of the grading kernels ------------------------------------
    "grading.sandbox.header": "Bac à sable des noyaux : {parts}",
    "grading.sandbox.off": "désactivé (--sans-bac-a-sable) : le code des étudiants a vos droits",
    "grading.sandbox.landlock": "fichiers limités (Landlock ABI {abi})",
    "grading.sandbox.no_landlock": "AUCUNE limite de fichiers (Landlock indisponible)",
    "grading.sandbox.netns": "réseau coupé (espace de noms réseau vide)",
    "grading.sandbox.no_netns": "réseau NON isolé par espace de noms",
    "grading.sandbox.seccomp": "appels système filtrés (seccomp : pas de connexion, de ptrace ni d'io_uring)",
    "grading.sandbox.missing.landlock": "limites de fichiers (Landlock)",
    "grading.sandbox.missing.netns": "espace de noms réseau",
    "grading.sandbox.missing.seccomp": "filtre d'appels système (seccomp)",
    "grading.sandbox.missing.processus": "limite du nombre de processus",
    "grading.sandbox.no_seccomp": "pas de filtre seccomp",
    "grading.sandbox.limits": "limites : {limits}",
    "grading.sandbox.no_nproc": "nombre de processus NON limité (pas d'espace de noms utilisateur)",
    "grading.sandbox.unsupported": (
        "Attention : le bac à sable n'existe que sous Linux ; sur ce système ({platform}), le "
        "code des étudiants s'exécute avec vos droits (lecture de source/, du carnet de notes, "
        "réseau). Corrigez sur un serveur Linux pour un cours noté."
    ),
    "grading.sandbox.required_missing": (
        "Correction refusée (--require-sandbox) : protection(s) indisponible(s) sur cette "
        "machine : {missing}. Voir docs/instructor-grading.md."
    ),
    "grading.sandbox.failed": "noyau non confiné (bac à sable incomplet ou en échec)",
    "grading.sandbox.attempts": "  {student} : {attempts}",
    "grading.sandbox.attempts_header": "  tentatives détectées (copies à vérifier) :",
    "grading.sandbox.kind.source": "lecture de source/",
    "grading.sandbox.kind.release": "lecture de release/",
    "grading.sandbox.kind.autres_copies": "accès aux copies d'autres étudiants",
    "grading.sandbox.kind.cours": "accès au dossier du cours",
    "grading.sandbox.kind.base_de_notes": "accès au carnet de notes",
    "grading.sandbox.kind.lecture_hors_dossier": "lecture hors du dossier de la copie",
    "grading.sandbox.kind.ecriture_hors_dossier": "écriture hors du dossier de la copie",
    "grading.sandbox.kind.reseau": "réseau",
    "grading.sandbox.kind.processus": "lancement de processus",
    "grading.sandbox.kind.signal": "signal à un autre processus",
    "grading.kernel.provisioners_missing": "Les lanceurs de noyaux d'iasante ne sont pas enregistrés auprès de jupyter_client (point d'entrée « jupyter_client.kernel_provisioners ») : l'installation du paquet est antérieure à cette version. Réinstallez-le (`make install` ou `pip install -e .`), puis relancez la correction.",
    "grading.sandbox.kind.alteration": "modification des vérifications",
    "grading.sandbox.kind.cle_de_correction": "appel d'une clé de correction retirée du paquet",
    "grading.sandbox.kind.emplacement_correcteur": "import d'un emplacement réservé au correcteur",
    "grading.summary_header": "Correction de « {assignment} » : {count} copie(s) en {seconds:.1f} s.",
    "grading.summary_line": "  {status} : {count}",
    "grading.summary_kernels": "  noyaux : {mode}, {workers} correcteur(s) en parallèle",
    "grading.kernel_mode.fork": "clonés (fork) depuis un modèle préchargé",
    "grading.kernel_mode.standard": "ordinaires",
    "grading.resume_note": (
        "{count} copie(s) déjà corrigée(s) conservée(s) ; ajoutez --force pour les recorriger."
    ),
    "grading.interrupted": (
        "Correction interrompue : les copies terminées sont enregistrées ; "
        "relancez la même commande pour reprendre."
    ),
    # -- output limits ----------------------------------------------------
    "grading.output_truncated": "[… sortie tronquée : {count} caractères de plus non conservés]",
    "grading.output_dropped": (
        "[sortie non conservée : le cahier dépasse la taille de sorties autorisée "
        "({count} caractères)]"
    ),
    # -- feedback ---------------------------------------------------------
    "grading.hidden_tests_note": "# (tests cachés : non affichés dans le retour)",
    "grading.hidden_output_note": "(détail masqué : il provient des tests cachés)",
    "grading.feedback_done": "Retours écrits dans {path} ({count} fichier(s)).",
    "grading.feedback_release_hint": (
        "Pour les rendre aux étudiants via l'échange nbgrader : "
        "iasante feedback {assignment} --release"
    ),
    "grading.feedback_released": "Retours publiés dans l'échange nbgrader.",
    "grading.feedback_released_for": "Retours publiés dans l'échange nbgrader pour {count} étudiant(s).",
    "grading.feedback_withheld": (
        "Retour de {student} retenu : il montrait {count} ligne(s) des tests cachés "
        "(sans doute affichées par le code de la copie). Les autres retours ne sont pas "
        "bloqués ; relisez cette copie avant de lui rendre un retour."
    ),
    "grading.feedback_not_exchanged": (
        "Copies déposées à la main (sans passage par l'échange), retours non publiés : "
        "{students}. Remettez-leur le fichier HTML de feedback/ directement."
    ),
    "grading.feedback_failed": "Retour de {student} impossible à produire : {error}",
    "grading.see_log": "Détails (trace complète) : {path}",
    "grading.feedback_release_failed": "Publication des retours impossible : {error}",
    # feedback page labels (nbgrader's feedback template, in French)
    "grading.feedback.score": "Note :",
    "grading.feedback.test_cell": "Cellule de test",
    "grading.feedback.code_answer": "Réponse en code",
    "grading.feedback.written_answer": "Réponse rédigée",
    "grading.feedback.task": "Tâche",
    "grading.feedback.comment": "Commentaire",
    "grading.feedback.comments": "Commentaires :",
    "grading.feedback.late_penalty": "Pénalité de retard",
    "grading.feedback.top": "haut de page",
    "grading.feedback.student_answer": "Votre réponse",
    "grading.feedback.student_task": "Votre tâche",
    "grading.feedback.no_response": "Pas de réponse.",
    # -- exports ------------------------------------------------------------
    "grading.export_done": "Exports écrits :\n  {paths}",
    "grading.export.feedback_column": "Statut de la correction",
    "grading.export.reason_column": "Raison",
    "grading.export.no_moodle_id": (
        "pas d'identifiant Moodle ({field}) dans le carnet de notes ni dans la "
        "correspondance : Moodle refuserait tout le fichier"
    ),
    "grading.export.manual_pending": "correction manuelle en attente (note non exportée)",
    "grading.export.rejected": (
        "{count} étudiant(s) hors du fichier Moodle (sans identifiant Moodle ; Moodle "
        "aurait refusé tout le fichier) : {students}. Détail : {path}"
    ),
    "grading.export.blank": (
        "{count} étudiant(s) sans note dans le fichier Moodle (case vide, pas 0) : {students}"
    ),
    "grading.export.pending_hint": (
        "Des réponses attendent leur correction manuelle (formgrader) : notez-les puis "
        "relancez l'export, ou exportez quand même les notes partielles avec "
        "--notes-partielles."
    ),
    # -- report -------------------------------------------------------------
    "grading.report.title": "Rapport de classe : {assignment}",
    "grading.report.success_title": "Taux de réussite par question",
    "grading.report.success_xlabel": "Réussite (% des points obtenus)",
    "grading.report.distribution_title": "Distribution des notes",
    "grading.report.distribution_xlabel": "Note (sur {max_score:g})",
    "grading.report.distribution_ylabel": "Nombre d'étudiants",
    "grading.report.summary": (
        "{graded} copie(s) corrigée(s) sur {total} ; note moyenne {mean:.1f} / {max_score:g}, "
        "médiane {median:.1f}."
    ),
    "grading.report.hardest": (
        "Question la moins réussie : {question} ({rate:.0f} % des points). "
        "C'est sans doute celle à reprendre en cours."
    ),
    "grading.report.table_question": "Question",
    "grading.report.table_points": "Points",
    "grading.report.table_rate": "Réussite",
    "grading.report.table_type": "Type",
    "grading.report.type_auto": "automatique",
    "grading.report.type_manual": "manuelle (à corriger)",
    "grading.report.statuses": "Statut des copies",
    "grading.report.manual_pending": "non encore notée",
    "grading.privacy.tracked": (
        "Refusé : {path} est dans un dépôt git et n'est pas ignoré par git ; ces fichiers "
        "nomment les étudiants (e-mails, notes) et seraient publiés au prochain « git add ». "
        "Choisissez un dossier hors du dépôt (-o), ajoutez-le au .gitignore, ou forcez "
        "avec --dans-git."
    ),
    "grading.feedback_pending_held": (
        "Retours non publiés, correction manuelle en attente : {students}. Notez-les dans "
        "le formgrader puis relancez, ou publiez quand même avec --notes-partielles."
    ),
    "grading.cli.in_git": "écrire quand même dans un dossier suivi par git (données personnelles)",
    "grading.kernel.fork_refused": "le modèle de noyaux a refusé de créer un noyau ({reply})",
    "grading.kernel.died_before_ready": "le noyau s'est arrêté avant d'être prêt",
    "grading.kernel.not_ready": "le noyau n'a pas répondu en {seconds} s",
    "grading.kernel.template_failed": "le modèle de noyaux n'a pas démarré ({line!r})",
    "grading.demo.feedback_problem": "retours retenus {withheld}, en échec {failed}",
    "grading.attention.title": "À regarder en premier",
    "grading.attention.intro": "Copies à ouvrir avant de publier notes et retours :",
    "grading.attention.none": "Aucune copie ne demande d'attention particulière.",
    "grading.attention.manual_pending": "réponse à corriger à la main (formgrader)",
    "grading.report.diagnoses": "Erreurs diagnostiquées, par question",
    "grading.report.diagnoses_intro": (
        "Pour chaque question, le diagnostic des vérifications qui ont échoué et le "
        "nombre d'étudiants concernés (un étudiant compte une fois par question)."
    ),
    "grading.report.table_diagnosis": "Diagnostic",
    "grading.report.table_key": "Clé du catalogue",
    "grading.report.table_students": "Étudiants",
    "grading.report.diag_hidden": "la vérification visible passe, un test caché échoue",
    "grading.report.diag_unknown": "message non reconnu dans le catalogue",
    "grading.report.diag_error": "erreur Python non interceptée : {name}",
    "grading.report.no_diagnoses": "Aucune vérification en échec.",
    "grading.report.done": "Rapport écrit : {path}",
    # -- demo ---------------------------------------------------------------
    "grading.demo.no_assignment": "Aucun devoir dans {path} : rien à démontrer.",
    "grading.demo.start": (
        "Démonstration sur le devoir « {assignment} » : classe simulée de {count} étudiants "
        "dans {path}"
    ),
    "grading.demo.done": (
        "Démonstration terminée. Résultats :\n"
        "  carnet de notes : {gradebook}\n"
        "  copies corrigées : {autograded}\n"
        "  retours (HTML) : {feedback}\n"
        "  exports CSV : {exports}\n"
        "  rapport de classe : {report}"
    ),
    # -- CLI help -----------------------------------------------------------
    "grading.cli.grade_help": "corriger toutes les copies d'un devoir (en parallèle)",
    "grading.cli.demo_help": "simuler une classe, la corriger et produire retours, exports, rapport",
    "grading.cli.export_help": "exporter les notes (CSV nbgrader, par question, Moodle)",
    "grading.cli.partial": (
        "ne pas attendre les corrections manuelles : exporter vers Moodle le total "
        "provisoire et publier les retours des copies dont une réponse attend sa "
        "correction (par défaut : case vide, retour non publié)"
    ),
    "grading.cli.report_help": "rapport de classe : réussite par question et distribution des notes",
    "grading.cli.feedback_help": "produire les retours HTML (sans les tests cachés)",
    "grading.cli.assignment": "nom du devoir (dossier de source/)",
    "grading.cli.course": "dossier du cours nbgrader (défaut : dossier courant)",
    "grading.cli.workers": "nombre de correcteurs en parallèle (défaut : nombre de cœurs)",
    "grading.cli.force": "recorriger aussi les copies déjà corrigées",
    "grading.cli.students": "ne corriger que ces étudiants",
    "grading.cli.cell_timeout": "délai maximal par cellule, en secondes",
    "grading.cli.notebook_timeout": "délai maximal par notebook, en secondes",
    "grading.cli.memory": "mémoire maximale par noyau, en Mio",
    "grading.cli.no_fork": "utiliser des noyaux ordinaires (sans fork)",
    "grading.cli.require_sandbox": (
        "refuser de corriger si une protection du bac à sable manque (conseillé sur un hub)"
    ),
    "grading.cli.no_sandbox": (
        "exécuter les copies sans bac à sable (déconseillé : à réserver au débogage)"
    ),
    "grading.cli.output": "dossier de sortie",
    "grading.cli.moodle_id": "colonne d'identifiant Moodle (ex. email, idnumber, username)",
    "grading.cli.moodle_map": "CSV étudiant → identifiant Moodle (colonnes : student_id,<identifiant>)",
    "grading.cli.release": "publier aussi les retours dans l'échange nbgrader",
    "grading.cli.demo_students": "taille de la classe simulée",
    "grading.cli.quiet": "pas de barre de progression",
}
