"""French texts of the explorers (``iasante.widgets``): labels, titles, clinical summaries.

``*mot*`` marks an English term in italics (rendered as <em> in HTML, plain in figures).
"""

MESSAGES = {
    # --- Shared -----------------------------------------------------------------------------
    "widgets.static_notice": (
        "Affichage statique : les curseurs interactifs ne sont pas disponibles ici. "
        "Ouvrez le notebook dans JupyterLab, avec ipywidgets installé, pour les utiliser."
    ),
    "widgets.static_fallback_notice": (
        "Image fixe de l'explorateur (valeurs de départ) : ouvrez le cahier dans "
        "JupyterLab et exécutez-le pour faire bouger les curseurs."
    ),
    "widgets.undefined": "non définie",
    "widgets.threshold": "Seuil",
    "widgets.sick": "Malades",
    "widgets.healthy": "Non-malades",
    "widgets.predicted_pos": "Test positif",
    "widgets.predicted_neg": "Test négatif",
    "widgets.truth": "Réalité",
    "widgets.prediction": "Prédiction du modèle",
    # --- Threshold explorer -----------------------------------------------------------------
    "widgets.threshold.cm_title": "Matrice de confusion au seuil {threshold}",
    "widgets.threshold.tp": "Vrais positifs\nmalades détectés",
    "widgets.threshold.fn": "Faux négatifs\npatients manqués",
    "widgets.threshold.fp": "Faux positifs\nfausses alertes",
    "widgets.threshold.tn": "Vrais négatifs\nnon-malades rassurés",
    "widgets.threshold.roc_title": "Courbe ROC",
    "widgets.threshold.roc_x": "1 − spécificité (taux de fausses alertes)",
    "widgets.threshold.roc_y": "Sensibilité",
    "widgets.threshold.roc_model": "Modèle",
    "widgets.threshold.roc_chance": "Hasard",
    "widgets.threshold.roc_point": "Seuil actuel",
    "widgets.threshold.intro": (
        "Un patient est déclaré positif quand son score est supérieur ou égal au seuil "
        "({threshold})."
    ),
    "widgets.threshold.sens": (
        "Sensibilité (*recall*) : {value}. Sur {n_sick} malades, {tp} sont détectés et "
        "{fn} sont des patients manqués."
    ),
    "widgets.threshold.spec": (
        "Spécificité : {value}. Sur {n_healthy} non-malades, {tn} sont rassurés à juste "
        "titre et {fp} reçoivent une fausse alerte."
    ),
    "widgets.threshold.ppv": (
        "VPP (*precision*) : {value}. Sur {n_pos} tests positifs, {tp} concernent vraiment "
        "un malade."
    ),
    "widgets.threshold.npv": (
        "VPN : {value}. Sur {n_neg} tests négatifs, {tn} concernent vraiment un non-malade."
    ),
    # --- Prevalence explorer ----------------------------------------------------------------
    "widgets.prevalence.sens": "Sensibilité",
    "widgets.prevalence.spec": "Spécificité",
    "widgets.prevalence.prev": "Prévalence",
    "widgets.prevalence.curve_title": "VPP et VPN selon la prévalence",
    "widgets.prevalence.curve_x": "Prévalence de la maladie (échelle logarithmique)",
    "widgets.prevalence.curve_y": "Valeur prédictive",
    "widgets.prevalence.ppv_label": "VPP (*precision*)",
    "widgets.prevalence.npv_label": "VPN",
    "widgets.prevalence.current": "Prévalence choisie",
    "widgets.prevalence.icons_title": "Sur {n} personnes testées",
    "widgets.prevalence.icon_tp": "Malades détectés (vrais positifs)",
    "widgets.prevalence.icon_fn": "Malades manqués (faux négatifs)",
    "widgets.prevalence.icon_fp": "Fausses alertes (faux positifs)",
    "widgets.prevalence.icon_tn": "Non-malades rassurés (vrais négatifs)",
    "widgets.prevalence.summary": (
        "Sur {n} personnes testées, {sick} sont malades : le test en détecte {tp} et en "
        "manque {fn}. Parmi les {healthy} non-malades, {fp} reçoivent une fausse alerte. "
        "Sur {n_pos} tests positifs, {tp} seulement concernent un malade : "
        "VPP = {ppv}. Sur {n_neg} tests négatifs, {tn} concernent un non-malade : VPN = {npv}."
    ),
    # --- Subgroup audit explorer ------------------------------------------------------------
    "widgets.subgroup.group_var": "Groupes",
    "widgets.subgroup.sens_title": "Sensibilité par groupe",
    "widgets.subgroup.fpr_title": "Taux de fausses alertes par groupe",
    "widgets.subgroup.calib_title": "Calibration par groupe",
    "widgets.subgroup.calib_x": "Risque prédit",
    "widgets.subgroup.calib_y": "Taux observé",
    "widgets.subgroup.perfect": "Calibration parfaite",
    "widgets.subgroup.rate_axis": "Proportion",
    "widgets.subgroup.small_groups": (
        "Attention : {groups} compte(nt) moins de {n_min} patients. Leurs chiffres sont "
        "très incertains."
    ),
    "widgets.subgroup.intro": (
        "Seuil {threshold}. Comparez les groupes : un écart de sensibilité signifie plus de "
        "patients manqués dans un groupe, un écart de faux positifs plus de fausses alertes."
    ),
    "widgets.col.groupe": "Groupe",
    "widgets.col.effectif": "Effectif",
    "widgets.col.prevalence": "Prévalence",
    "widgets.col.sensibilite": "Sensibilité (*recall*)",
    "widgets.col.taux_faux_positifs": "Taux de faux positifs",
    "widgets.col.specificite": "Spécificité",
    "widgets.col.vpp": "VPP (*precision*)",
    "widgets.col.risque_predit": "Risque prédit moyen",
    "widgets.col.taux_observe": "Taux observé",
    "widgets.col.overall": "Ensemble",
    # --- Per-group thresholds explorer (module 04) ------------------------------------------
    "widgets.group_thresholds.slider": "Seuil {group}",
    "widgets.group_thresholds.sens_title": "Sensibilité par groupe",
    "widgets.group_thresholds.fpr_title": "Taux de fausses alertes par groupe",
    "widgets.group_thresholds.alerts_title": "Alertes (part des patients)",
    "widgets.group_thresholds.rate_axis": "Proportion",
    "widgets.group_thresholds.summary": (
        "Au total : {alerts} alertes sur {n} ({selection}), sensibilité globale "
        "{sens}, VPP globale {ppv}. Écarts entre groupes : sensibilité {gap_sens}, taux de "
        "faux positifs {gap_fpr}, taux de sélection {gap_sel}."
    ),
    "widgets.group_thresholds.points": "{n} points",
    "widgets.group_thresholds.intro": (
        "Un seuil par groupe. Rapprocher les sensibilités déplace les fausses alertes et "
        "change le nombre total d'alertes : regardez les deux."
    ),
    # Calibration explorer (module 03)
    "widgets.calibration.shift": "Décalage (logit)",
    "widgets.calibration.slope": "Étalement (pente)",
    "widgets.calibration.perfect": "Calibration parfaite",
    "widgets.calibration.model": "Modèle (par dixième de risque)",
    "widgets.calibration.x": "Risque prédit moyen",
    "widgets.calibration.y": "Proportion observée d'évènements",
    "widgets.calibration.title": "Risque annoncé contre risque observé",
    "widgets.calibration.hist_x": "Risque prédit",
    "widgets.calibration.hist_y": "Nombre de séjours",
    "widgets.calibration.hist_title": "Distribution des risques prédits",
    "widgets.calibration.readmitted": "Avec évènement",
    "widgets.calibration.not_readmitted": "Sans évènement",
    "widgets.calibration.intro": "Risques déplacés : décalage {shift}, étalement {slope} (0 et 1 : le modèle tel quel).",
    "widgets.calibration.mean": "Risque moyen prédit {predicted}, proportion observée {observed}.",
    "widgets.calibration.brier": "Score de Brier : {value} (plus bas = mieux).",
    "widgets.calibration.intercept_slope": "Intercept de calibration : {intercept} (idéal 0) ; pente de calibration : {slope} (idéal 1).",
    "widgets.calibration.auc": "AUC : {value} — elle ne bouge pas, car l'ordre des patients ne change pas.",
    # --- Monitoring (drift) explorer ------------------------------------------------------
    "widgets.drift.period": "Période",
    "widgets.drift.site": "Site",
    "widgets.drift.site_name": "site {site}",
    "widgets.drift.all_sites": "tous les sites",
    "widgets.drift.suptitle": "Un modèle se surveille période par période ({site})",
    "widgets.drift.perf_title": "AUC et observé / attendu",
    "widgets.drift.oe": "Observé / attendu",
    "widgets.drift.period_axis": "Période",
    "widgets.drift.value_axis": "Valeur (1 = calibré en moyenne)",
    "widgets.drift.calib_title": "Calibration : début et période choisie",
    "widgets.drift.alert_rate": "Taux d'alerte",
    "widgets.drift.rate_title": "Alertes (risque ≥ {threshold})",
    "widgets.drift.summary": (
        "Période {period}, {site} : {n} séjours ; AUC {auc} ; observé / attendu {oe} "
        "(taux observé {observed} pour un risque prédit moyen de {predicted}) ; "
        "{alerts} des séjours déclenchent une alerte. Comparez à la première période "
        "({reference}) : un ratio sous 1 veut dire que le modèle surestime le risque."
    ),
}
