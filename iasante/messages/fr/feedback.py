"""French messages of ``iasante.feedback`` (checks, hints, solution reveal).

Rule for every template here (enforced by tests/test_feedback_catalogue.py): a
message may interpolate only what belongs to the learner or to the statement —
their own value, the name of their object, column names, units, type names,
the exception they raised. Never an expected value, never a number taken from
a solution run. No digit is written in these texts.
"""

MESSAGES = {
    # --- Outcome banners -------------------------------------------------------------------
    "feedback.outcome.not_attempted": "À vous de jouer",
    "feedback.outcome.incorrect": "Pas encore",
    "feedback.outcome.correct": "Correct",
    "feedback.correct.default": "Bravo, votre réponse est juste.",
    "feedback.question.numbered": "Question {n}",
    "feedback.correct.graded": (
        "Vérification réussie : {question}. À la correction, des tests cachés vérifieront "
        "aussi votre réponse sur d'autres données."
    ),
    "feedback.hint.invite_named": "Besoin d'aide ? Exécutez {var}.hint() pour un indice.",
    "feedback.hint.invite": "Besoin d'aide ? Un indice est disponible avec .hint().",
    # --- Calling the learner's function ----------------------------------------------------
    "feedback.call.not_callable": (
        "Votre réponse est {actual}, alors qu'il faut une fonction. Définissez-la avec def, "
        "puis exécutez la cellule."
    ),
    "feedback.call.not_implemented": (
        "La fonction « {name} » n'est pas encore écrite. Remplacez la ligne "
        "raise NotImplementedError(…) par votre code, puis exécutez la cellule."
    ),
    "feedback.call.empty_body": (
        "La fonction « {name} » est encore vide : écrivez son code, puis exécutez la cellule."
    ),
    "feedback.call.returned_none": (
        "La fonction « {name} » ne renvoie rien (None). Avez-vous oublié return à la fin ?"
    ),
    "feedback.call.raised": "Votre fonction a levé une erreur : {exc_type} ({exc_msg}).",
    "feedback.call.raised_no_msg": "Votre fonction a levé une erreur : {exc_type}.",
    "feedback.answer.missing": (
        "Vous n'avez pas encore donné de réponse pour « {name} ». Écrivez votre code, "
        "exécutez la cellule, puis relancez la vérification. Si vous l'avez déjà écrite, "
        "la cellule de votre réponse s'est sans doute arrêtée sur une erreur : "
        "relisez le message sous cette cellule."
    ),
    "feedback.answer.missing_generic": (
        "Vous n'avez pas encore donné de réponse. Écrivez votre code, exécutez la cellule, "
        "puis relancez la vérification."
    ),
    "feedback.check.crashed": (
        "La vérification n'a pas pu aller au bout avec votre réponse "
        "({exc_type} : {exc_msg}). Vérifiez le type et la forme de votre réponse."
    ),
    # --- Types -----------------------------------------------------------------------------
    "feedback.type.wrong": "« {name} » est {actual}, alors qu'il faut {wanted}.",
    "feedback.type.dataframe_one_column": (
        "« {name} » est une colonne seule (Series), alors qu'il faut un tableau (DataFrame). "
        'Utilisez des doubles crochets : df[["colonne"]].'
    ),
    "feedback.type.series_from_dataframe": (
        "« {name} » est un tableau (DataFrame), alors qu'il faut une seule colonne (Series). "
        'Utilisez des crochets simples : df["colonne"].'
    ),
    "feedback.typename.DataFrame": "un tableau pandas (DataFrame)",
    "feedback.typename.Series": "une colonne pandas (Series)",
    "feedback.typename.int": "un nombre entier (int)",
    "feedback.typename.float": "un nombre décimal (float)",
    "feedback.typename.number": "un nombre",
    "feedback.typename.str": "un texte (str)",
    "feedback.typename.bool": "un booléen (True ou False)",
    "feedback.typename.list": "une liste (list)",
    "feedback.typename.tuple": "un tuple",
    "feedback.typename.dict": "un dictionnaire (dict)",
    "feedback.typename.set": "un ensemble (set)",
    "feedback.typename.NoneType": "vide (None)",
    "feedback.typename.ndarray": "un tableau NumPy (ndarray)",
    "feedback.typename.function": "une fonction",
    "feedback.typename.Figure": "une figure matplotlib (Figure)",
    "feedback.typename.Axes": "un graphique matplotlib (Axes)",
    "feedback.typename.other": "un objet de type {type_name}",
    "feedback.typename.or": " ou ",
    # --- Numbers ---------------------------------------------------------------------------
    "feedback.number.nan": (
        "« {name} » vaut NaN (valeur manquante) : votre calcul a sans doute rencontré "
        "des valeurs manquantes ou une division par zéro."
    ),
    "feedback.number.bool": (
        "« {name} » est un booléen (True ou False), alors qu'il faut un nombre."
    ),
    "feedback.number.wrong": "« {name} » vaut {value} : ce n'est pas la valeur attendue.",
    "feedback.number.hint_units": (
        "Vérifiez les unités ou un facteur multiplicatif (mètres ou centimètres, "
        "proportion ou pourcentage, grammes ou milligrammes…)."
    ),
    "feedback.number.hint_glucose": ("Vérifiez l'unité de la glycémie : mg/dL ou mmol/L."),
    "feedback.number.hint_rounding": (
        "Vous êtes tout près : avez-vous arrondi trop tôt ou oublié une partie du calcul ?"
    ),
    "feedback.value.wrong": "« {name} » vaut {value} : ce n'est pas la réponse attendue.",
    "feedback.range.outside": (
        "« {name} » vaut {value}{unit} : ce n'est pas une valeur plausible."
    ),
    "feedback.range.default_advice": "Vérifiez les unités et la formule.",
    # --- Collections / DataFrames / Series -------------------------------------------------
    "feedback.df.missing_columns": "Il manque des colonnes dans « {name} » : {columns}.",
    "feedback.df.extra_columns": (
        "« {name} » contient des colonnes en trop : {columns}. Gardez seulement celles "
        "que demande l'énoncé."
    ),
    "feedback.df.column_order": (
        "Les colonnes de « {name} » ne sont pas dans l'ordre demandé par l'énoncé."
    ),
    "feedback.df.too_many_rows": (
        "« {name} » a trop de lignes ({n_rows}) : certaines lignes auraient dû être retirées."
    ),
    "feedback.df.too_few_rows": (
        "Il manque des lignes dans « {name} » ({n_rows}) : vous en avez trop retiré."
    ),
    "feedback.df.example_extra_row": (
        "Par exemple, la ligne d'index {row} ne devrait pas y figurer."
    ),
    "feedback.df.example_missing_rows": ("Des lignes qui devaient être gardées ont disparu."),
    "feedback.df.wrong_rows": (
        "« {name} » n'a pas gardé les bonnes lignes : par exemple, la ligne d'index {row} "
        "ne devrait pas y figurer."
    ),
    "feedback.df.wrong_values": (
        "Les valeurs de la colonne « {column} » ne sont pas celles attendues "
        "({n_wrong} ligne(s) concernée(s))."
    ),
    "feedback.df.wrong_values_example": "Regardez par exemple la ligne d'index {row}.",
    "feedback.df.wrong_dtype": (
        "La colonne « {column} » est de type {dtype}, alors qu'il faut {type_name}."
    ),
    "feedback.df.not_numeric": (
        "La colonne « {column} » contient du texte au lieu de nombres. "
        "Pensez à la convertir, par exemple avec pd.to_numeric."
    ),
    "feedback.df.not_datetime": (
        "La colonne « {column} » ne contient pas des dates. "
        "Pensez à la convertir avec pd.to_datetime."
    ),
    "feedback.df.wrong_row_order": (
        "Les lignes de « {name} » ne sont pas dans l'ordre demandé (vérifiez le tri)."
    ),
    "feedback.df.rows_mixed": (
        "Chaque colonne de « {name} » contient les bonnes valeurs, mais pas sur les bonnes "
        "lignes : les valeurs ont été mélangées entre les lignes."
    ),
    "feedback.df.empty": "« {name} » est vide : aucune ligne n'a été gardée.",
    "feedback.series.too_long": (
        "« {name} » contient trop de valeurs ({n_rows}) : certaines auraient dû être retirées."
    ),
    "feedback.series.too_short": (
        "Il manque des valeurs dans « {name} » ({n_rows}) : vous en avez trop retiré."
    ),
    "feedback.series.wrong_values": (
        "Les valeurs de « {name} » ne sont pas celles attendues ({n_wrong} valeur(s) concernée(s))."
    ),
    "feedback.series.extra_labels": (
        "L'index de « {name} » contient des étiquettes inattendues : {labels}."
    ),
    "feedback.series.missing_labels": (
        "Il manque {n_missing} étiquette(s) dans l'index de « {name} » (un groupe oublié ?)."
    ),
    "feedback.series.wrong_value_at": (
        "La valeur de « {name} » pour « {label} » n'est pas celle attendue."
    ),
    "feedback.series.wrong_order": (
        "Les valeurs de « {name} » ne sont pas dans l'ordre demandé (vérifiez le tri)."
    ),
    "feedback.series.wrong_name": (
        "La colonne « {name} » ne porte pas le nom demandé par l'énoncé (elle s'appelle {label})."
    ),
    # --- scikit-learn estimators -----------------------------------------------------------
    "feedback.model.not_estimator": (
        "« {name} » n'est pas un modèle scikit-learn (il est {actual})."
    ),
    "feedback.model.not_fitted": (
        "Le modèle « {name} » n'est pas entraîné : appelez {name}.fit(X_train, y_train) "
        "avant de le renvoyer."
    ),
    "feedback.model.wrong_type": (
        "Le modèle « {name} » est un {actual}, alors qu'il faut un {type_name}."
    ),
    "feedback.model.missing_step": (
        "Le pipeline « {name} » ne contient pas d'étape {type_name}, ou pas à la bonne place."
    ),
    "feedback.model.not_pipeline": (
        "« {name} » n'est pas un Pipeline : enchaînez les étapes avec make_pipeline(...)."
    ),
    "feedback.model.needs_scaler": (
        "Le modèle « {name} » ({actual}) repose sur des distances : les variables doivent "
        "être à la même échelle. Ajoutez une étape de mise à l'échelle (par exemple "
        "StandardScaler) avant lui, dans le même Pipeline."
    ),
    "feedback.model.wrong_param": (
        "Le paramètre « {param} » du modèle « {name} » vaut {value} : relisez l'énoncé."
    ),
    "feedback.model.unknown_param": (
        "Le modèle « {name} » n'a pas de paramètre « {param} » : est-ce le bon modèle ?"
    ),
    "feedback.model.wrong_n_features": (
        "Le modèle « {name} » a été entraîné sur {n_features} variable(s) : ce n'est pas le "
        "nombre attendu. Vérifiez les colonnes de X."
    ),
    # --- matplotlib figures ----------------------------------------------------------------
    "feedback.figure.not_figure": (
        "« {name} » est {actual}, alors qu'il faut une figure matplotlib (Figure ou Axes). "
        "Renvoyez par exemple fig ou ax."
    ),
    "feedback.figure.empty": "La figure « {name} » est vide : rien n'y a été tracé.",
    "feedback.figure.wrong_kind": (
        "La figure « {name} » ne contient pas {kind_label}. Relisez l'énoncé."
    ),
    "feedback.figure.kind.bar": "de diagramme en barres",
    "feedback.figure.kind.line": "de courbe",
    "feedback.figure.kind.hist": "d'histogramme",
    "feedback.figure.kind.scatter": "de nuage de points",
    "feedback.figure.wrong_n_bars": (
        "La figure « {name} » contient {n} barre(s) : ce n'est pas le nombre attendu "
        "(une barre par catégorie ?)."
    ),
    "feedback.figure.wrong_n_lines": (
        "La figure « {name} » contient {n} courbe(s) : ce n'est pas le nombre attendu."
    ),
    "feedback.figure.no_xlabel": (
        "L'axe horizontal de « {name} » n'a pas de titre : ajoutez-le avec "
        "ax.set_xlabel(...) (avec l'unité s'il s'agit d'une mesure)."
    ),
    "feedback.figure.no_ylabel": (
        "L'axe vertical de « {name} » n'a pas de titre : ajoutez-le avec "
        "ax.set_ylabel(...) (avec l'unité s'il s'agit d'une mesure)."
    ),
    "feedback.figure.no_title": (
        "La figure « {name} » n'a pas de titre : ajoutez-en un avec ax.set_title(...), "
        "qui dit ce qu'il faut y voir."
    ),
    # --- Hints, solutions, usage record ----------------------------------------------------
    "feedback.hint.title": "Indice {n} sur {total}",
    "feedback.hint.none": "Il n'y a pas d'indice pour cette question.",
    "feedback.hint.out_of_range": (
        "Les indices de cette question vont de {first} à {total} : choisissez un numéro "
        "dans cet intervalle."
    ),
    "feedback.hint.next": "Encore bloqué ? Essayez l'indice suivant : {var}.hint({n}).",
    "feedback.hint.then_solution": (
        "C'était le dernier indice. Si vous êtes toujours bloqué, {var}.solution() "
        "affiche une solution."
    ),
    "feedback.solution.title": "Une solution possible",
    "feedback.solution.note": (
        "D'autres façons de faire sont justes aussi. Prenez le temps de comprendre chaque "
        "ligne, puis essayez de la réécrire sans regarder."
    ),
    "feedback.solution.unavailable": (
        "La solution n'est pas disponible dans un devoir noté. Utilisez les indices "
        "(.hint()) et relisez le cours."
    ),
    "feedback.usage.title": "Aides utilisées",
    "feedback.usage.empty": "Vous n'avez utilisé aucun indice ni aucune solution.",
    "feedback.usage.hints": "{question} : indice(s) {steps}",
    "feedback.usage.solution": "{question} : solution affichée",
    "feedback.usage.hints_and_solution": "{question} : indice(s) {steps}, puis solution affichée",
}
