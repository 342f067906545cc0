"""Messages of the data layer (`iasante.data`): loaders, integrity checks, `iasante donnees`."""

MESSAGES = {
    # Integrity of committed files
    "data.file_missing": (
        "Fichier de données introuvable : {path}.\n"
        "Que faire : restaurez-le avec `git checkout -- {relpath}`"
        "{regen}, puis relancez la cellule."
    ),
    "data.file_altered": (
        "Le fichier de données {path} a été modifié (son empreinte SHA-256 ne correspond plus "
        "à celle enregistrée dans {manifest}).\n"
        "Que faire : ne modifiez pas les fichiers de data/ ; travaillez sur une copie en mémoire "
        "(le DataFrame). Restaurez l'original avec `git checkout -- {relpath}`{regen}."
    ),
    "data.manifest_missing": (
        "Le registre des empreintes {manifest} est introuvable : impossible de vérifier {path}.\n"
        "Que faire : restaurez-le avec `git checkout -- {relpath}`{regen}."
    ),
    "data.regen_hint": " ou régénérez la cohorte avec `iasante donnees regenerer`",
    "data.data_dir_missing": (
        "Dossier de données introuvable : {path}.\n"
        "Que faire : lancez le cours depuis le dépôt cloné (qui contient data/), "
        "ou indiquez le dossier avec la variable d'environnement IASANTE_DONNEES."
    ),
    # Argument errors of loaders
    "data.bad_choice": (
        "Valeur inattendue pour {name} : {value!r}. Valeurs possibles : {choices}."
    ),
    "data.cim10_bad_code": (
        "Code CIM-10 illisible : {code!r}. Un code CIM-10 commence par une lettre suivie de "
        "deux chiffres, par exemple « I50.0 » ou « I500 »."
    ),
    "data.cim10_unknown": (
        "Code CIM-10 absent de la table du cours : {code!r}. La table ne contient que les codes "
        "utilisés par la cohorte (voir `load_cim10()`)."
    ),
    "data.nir_bad_format": (
        "NIR illisible : {nir!r}. Attendu : {length} caractères (chiffres, "
        "avec « 2A » ou « 2B » pour un département de naissance en Corse)."
    ),
    "data.cohort_not_reproducible": (
        "Impossible de reconstituer la version « propre » de cette cohorte (graine {seed}) : "
        "avec NumPy {numpy}, le générateur ne redonne pas exactement les fichiers livrés.\n"
        "Que faire : utilisez la version de NumPy du cours (`pip install -e .` dans le dépôt), "
        "ou régénérez la cohorte sur cette machine avec `iasante donnees regenerer`."
    ),
    "data.cohort_too_small": (
        "Cohorte trop petite : {n} patients demandés, il en faut au moins {minimum}."
    ),
    # Command line `iasante donnees`
    "data.cli.help": "données du cours : régénérer la cohorte synthétique, vérifier les fichiers",
    "data.cli.regen.help": "régénérer la cohorte synthétique (identique au bit près pour une graine)",
    "data.cli.regen.seed_help": "graine du générateur (par défaut : {default})",
    "data.cli.regen.dir_help": "dossier où écrire la cohorte (par défaut : {default})",
    "data.cli.regen.patients_help": "nombre de patients (par défaut : {default})",
    "data.cli.regen.done": (
        "Cohorte écrite dans {path} (graine {seed}) : {patients} patients, {stays} séjours, "
        "{diagnoses} diagnostics, {labs} résultats de biologie."
    ),
    "data.cli.regen.variant_hint": (
        "Pour que les cahiers utilisent cette cohorte, définissez IASANTE_COHORTE={path} "
        "avant de lancer JupyterLab."
    ),
    "data.cli.check.help": "vérifier les empreintes SHA-256 des fichiers de données",
    "data.cli.check.ok": "  ok        {path}",
    "data.cli.check.bad": "  ALTÉRÉ    {path}",
    "data.cli.check.missing": "  ABSENT    {path}",
    "data.cli.check.summary_ok": "Tous les fichiers de données sont intacts ({n} vérifiés).",
    "data.cli.check.summary_bad": (
        "{n} fichier(s) absent(s) ou modifié(s). Restaurez-les avec `git checkout -- data/` "
        "ou `iasante donnees regenerer`."
    ),
    "data.cli.check.regen_ok": (
        "La cohorte livrée est identique, octet pour octet, à celle que régénère la graine {seed}."
    ),
    "data.cli.check.regen_bad": (
        "La cohorte livrée diffère de celle que régénère la graine {seed} : {files}."
    ),
    "data.cli.check.regen_help": "régénérer aussi la cohorte en mémoire et la comparer octet par octet",
    "data.cli.regen.variant_needs_dir": (
        "Une variante (autre graine ou autre nombre de patients) s'écrit dans son propre dossier : "
        "ajoutez --dossier ma-variante. La cohorte livrée dans data/cohorte n'est pas modifiée."
    ),
}
