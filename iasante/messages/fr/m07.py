"""Messages of module 07 « Datathon » (graded assignment: format checks)."""

MESSAGES = {
    "m07.q1.title": "Question 1 (le seuil de décision)",
    "m07.q2.title": "Question 2 (le tableau de prédictions)",
    "m07.q3.title": "Question 3 (le fichier rendu)",
    "m07.defi.absent": "Passez aussi `defi`, le défi chargé au début du cahier (`defi = load_public()`), sans le modifier.",
    "m07.q1.bounds": "`seuil` doit être un nombre strictement compris entre 0 et 1 : c'est une probabilité de réadmission.",
    "m07.q1.proba_not_numbers": "`{name}` doit contenir les probabilités prédites pour les séjours du test (des nombres).",
    "m07.q1.hint1": "La décision signale les séjours dont la probabilité atteint le seuil : `proba >= seuil`. La part signalée est la moyenne de ce tableau de vrai/faux : `(proba >= seuil).mean()`.",
    "m07.q1.hint2": "Pour signaler environ une part `q` des séjours, prenez le quantile `1 - q` des probabilités : `seuil = float(np.quantile(proba, 1 - q))`, avec `q` entre 0,10 et 0,30.",
    "m07.q2.train_set": "`predictions` contient les séjours du tableau d'**entraînement** : prédisez les séjours de `defi.test`, ceux que le classement note.",
    "m07.q2.not_this_threshold": "La colonne `decision` de `predictions` n'est pas `probabilite >= seuil` avec votre `seuil` : recalculez-la après avoir choisi le seuil.",
    "m07.q2.hint1": "Le tableau a trois colonnes : `sejour_id` (reprise de `defi.test`), `probabilite` (vos `proba`) et `decision` (0 ou 1).",
    "m07.q2.hint2": '`pd.DataFrame({"sejour_id": defi.test["sejour_id"], "probabilite": proba, "decision": (proba >= seuil).astype(int)})`.',
    "m07.q3.stale": "Le fichier `predictions.csv` ne contient pas les mêmes prédictions que votre tableau `predictions` : réexécutez la cellule qui l'écrit, après votre dernier modèle.",
    "m07.q3.hint1": 'Écrivez le fichier dans le dossier du devoir : `predictions.to_csv("predictions.csv", index=False)`.',
    "m07.q3.hint2": "C'est ce fichier, rendu avec votre devoir, que l'enseignant classe : réécrivez-le chaque fois que vous changez de modèle.",
}
