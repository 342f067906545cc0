"""Messages of module 00 « Prise en main » (lesson and graded assignment)."""

MESSAGES = {
    "m00.q1.title": "Question 1 (variables)",
    "m00.q2.title": "Question 2 (IMC)",
    "m00.q3.title": "Question 3 (classe d'IMC)",
    "m00.q4.title": "Question 4 (glycémie)",
    "m00.q5.title": "Question 5 (fièvres)",
    "m00.q6.title": "Question 6 (fréquence cardiaque)",
    "m00.q7.title": "Question 7 (score d'alerte)",
    "m00.q8.title": "Question 8 (fichier CSV)",
    "m00.q9.title": "Question 9 (patients à alerter)",
    # Q1 — variables
    "m00.q1.not_attempted": "Créez les deux variables `weight_kg` et `height_m`, puis relancez cette cellule.",
    "m00.q1.is_text": "`{name}` contient du texte (entre guillemets) : écrivez le nombre sans guillemets.",
    "m00.q1.hint1": "Une variable se crée avec le signe = : `nom = valeur`. Par exemple `age = 67`.",
    "m00.q1.hint2": "En Python, la virgule décimale s'écrit avec un point : 1,74 m s'écrit `1.74`. La taille est demandée en mètres.",
    # Q2 — BMI
    "m00.q2.not_squared": "Votre IMC est trop grand d'un facteur égal à la taille : la taille doit être élevée au carré.",
    "m00.q2.rounded": "Votre IMC semble arrondi : renvoyez la valeur exacte, sans `round()` (on arrondit seulement pour l'affichage).",
    "m00.q2.hint1": "L'IMC est le poids (en kg) divisé par le carré de la taille (en m).",
    "m00.q2.hint2": "Le carré s'écrit `taille ** 2` ou `taille * taille`. N'oubliez pas `return`.",
    # Q3 — BMI class
    "m00.q3.unknown_label": "« {got} » n'est pas l'une des quatre catégories de l'énoncé : recopiez-les exactement.",
    "m00.q3.spelling": "« {got} » : la catégorie est la bonne, mais recopiez-la exactement comme dans l'énoncé (minuscules, accents, sans espace autour).",
    "m00.q3.wrong_class": "Pour un IMC de {bmi}, votre fonction ne renvoie pas la bonne catégorie. Relisez les bornes du tableau.",
    "m00.q3.hint1": "Enchaînez les conditions avec `if`, `elif` et `else`, de la plus petite borne à la plus grande.",
    "m00.q3.hint2": "Attention aux bornes : un IMC de 25 exactement est un surpoids (25 ≤ IMC < 30). Utilisez `<` et non `<=`.",
    # Q4 — glucose
    "m00.q4.wrong_direction": "Votre résultat en mmol/L est plus grand que la valeur en mg/dL : la conversion va dans le mauvais sens (divisez au lieu de multiplier).",
    "m00.q4.hint1": "1 mmol/L de glucose correspond à environ 18 mg/dL (masse molaire du glucose : 180,16 g/mol).",
    "m00.q4.hint2": "Pour passer des mg/dL aux mmol/L, on divise par 18 (ou 18,016).",
    # Q5 — fever
    "m00.q5.wrong_count": "Pour la liste {temperatures}, votre fonction compte {got} fièvre(s) : ce n'est pas le bon nombre. Relisez la définition de la fièvre dans l'énoncé.",
    "m00.q5.hint1": "Parcourez la liste avec `for t in temperatures:` et ajoutez 1 à un compteur quand la condition est vraie.",
    "m00.q5.hint2": "La fièvre est définie ici par une température supérieure ou égale à 38,0 °C : `t >= 38.0`.",
    # Q6 — heart rate sub-score
    "m00.q6.wrong_points": "Pour une fréquence cardiaque de {rate}/min, votre fonction donne {got} point(s) : ce n'est pas la valeur du tableau.",
    "m00.q6.hint1": "Recopiez le tableau ligne par ligne : une condition `if`/`elif` par ligne, dans l'ordre croissant.",
    "m00.q6.hint2": "Inspirez-vous de `respiratory_rate_points` juste au-dessus : la structure est la même, seules les bornes changent.",
    # Q7 — warning score
    "m00.q7.wrong_score": "Pour les constantes {vitals}, votre score vaut {got} : ce n'est pas la somme attendue des quatre sous-scores.",
    "m00.q7.hint1": "Lisez chaque constante dans le dictionnaire : `vitals[\"spo2\"]`, `vitals[\"temperature\"]`…",
    "m00.q7.hint2": "Appelez les quatre fonctions de sous-score (dont votre `heart_rate_points`) et additionnez leurs résultats.",
    "m00.q7.hint3": "Vérifiez que chaque constante est passée à la bonne fonction : la SpO₂ à `spo2_points`, etc.",
    # Q8 — CSV
    "m00.q8.not_attempted": "La variable `vitals` vaut encore `None` : chargez le fichier avec `pd.read_csv`.",
    "m00.q8.wrong_rows": "Votre tableau a {got} ligne(s), mais pas autant que le fichier : chargez-le en entier, sans filtrer.",
    "m00.q8.hint1": "`pd.read_csv(\"nom_du_fichier.csv\")` lit un fichier CSV et renvoie un tableau (DataFrame).",
    "m00.q8.hint2": "Le fichier `constantes_urgences.csv` est dans le même dossier que ce cahier : son nom suffit comme chemin.",
    # Q9 — number of high-risk patients
    "m00.q9.not_attempted": "La variable `n_high_risk` vaut encore `None` : calculez le nombre de patients à haut risque.",
    "m00.q9.not_a_count": "`n_high_risk` doit être un nombre (combien de patients), pas un tableau ou une liste de patients.",
    "m00.q9.wrong_count": "Vous trouvez {got} patient(s) avec un score d'au moins 5 : ce n'est pas le bon nombre. Vérifiez le seuil (≥ 5) et que tous les patients sont comptés.",
    "m00.q9.hint1": "Calculez le score de chaque ligne : `vitals.apply(warning_score, axis=1)` passe chaque ligne (comme un dictionnaire) à votre fonction.",
    "m00.q9.hint2": "Comparez ces scores au seuil : `scores >= 5` donne une série de `True`/`False`.",
    "m00.q9.hint3": "`.sum()` compte les `True`. Convertissez le résultat avec `int(...)`.",
}
