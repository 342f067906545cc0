"""Comparison helpers: right answers pass, wrong answers fail with the intended message."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from iasante.feedback import (
    Incorrect,
    NotAttempted,
    check_columns,
    check_dataframe,
    check_estimator,
    check_figure,
    check_in_range,
    check_number,
    check_series,
    check_type,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ check_type
def test_check_type_accepts_numpy_scalars():
    check_type(np.int64(3), int, "n")
    check_type(np.float32(3.5), float, "x")
    check_type(3, (int, float), "n")


@pytest.mark.parametrize(
    ("value", "wanted", "fragment"),
    [
        ("12", int, "« n » est un texte (str), alors qu'il faut un nombre entier (int)."),
        (True, int, "un booléen"),
        ([1, 2], pd.DataFrame, "une liste (list)"),
        (pd.Series([1]), pd.DataFrame, 'df[["colonne"]]'),
        (pd.DataFrame({"a": [1]}), pd.Series, 'df["colonne"]'),
    ],
)
def test_check_type_messages(value, wanted, fragment):
    with pytest.raises(Incorrect) as info:
        check_type(value, wanted, "n")
    assert fragment in str(info.value)


def test_check_type_none_is_not_attempted():
    with pytest.raises(NotAttempted):
        check_type(None, int, "n")


# ------------------------------------------------------------------ check_number
def test_check_number_tolerances():
    bmi = 82 / 1.74**2
    check_number(bmi, 82 / (1.74 * 1.74), name="imc")  # another correct way
    check_number(np.float64(bmi), bmi, name="imc")
    check_number(27.08, bmi, name="imc", abs_tol=0.01)
    with pytest.raises(Incorrect):
        check_number(27.08, bmi, name="imc")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (True, "booléen"),
        ("27", "texte"),
        (float("nan"), "NaN"),
        ([27.0], "liste"),
    ],
)
def test_check_number_rejects_non_numbers(value, fragment):
    with pytest.raises(Incorrect, match=fragment):
        check_number(value, 27.0, name="imc")


def test_check_number_unit_and_rounding_hints_without_expected_value():
    expected = 82 / 1.74**2  # 27.08...
    with pytest.raises(Incorrect) as info:
        check_number(82 / 174**2, expected, name="imc")  # centimetres
    text = str(info.value)
    assert "ce n'est pas la valeur attendue" in text and "unités" in text
    assert "27,08" not in text
    with pytest.raises(Incorrect) as info:
        check_number(5.0 * 18.016, 5.0, name="glycemie")
    assert "mg/dL ou mmol/L" in str(info.value)
    with pytest.raises(Incorrect) as info:
        check_number(27.0, expected, name="imc")
    assert "arrondi" in str(info.value)
    with pytest.raises(Incorrect) as info:
        check_number(12.0, expected, name="imc")
    assert "unités" not in str(info.value) and "arrondi" not in str(info.value)


def test_check_number_never_says_direction():
    for wrong in (10.0, 50.0):
        with pytest.raises(Incorrect) as info:
            check_number(wrong, 27.0, name="imc")
        assert "grand" not in str(info.value) and "petit" not in str(info.value)


# ------------------------------------------------------------------ check_in_range
def test_check_in_range():
    check_in_range(24.5, 10, 80, name="imc", unit="kg/m²")
    with pytest.raises(Incorrect) as info:
        check_in_range(
            2400,
            10,
            80,
            name="imc",
            unit="kg/m²",
            advice="Vérifiez les unités (mètres et non centimètres).",
        )
    text = str(info.value)
    assert text == (
        "« imc » vaut 2\u202f400\u00a0kg/m² : ce n'est pas une valeur plausible. "
        "Vérifiez les unités (mètres et non centimètres)."
    )
    assert "80" not in text and "10" not in text
    with pytest.raises(Incorrect, match="Vérifiez les unités et la formule"):
        check_in_range(-1, 0, 1, name="p")


# ------------------------------------------------------------------ DataFrames
@pytest.fixture
def patients():
    return pd.DataFrame(
        {
            "id": [1, 2, 3, 4, 5, 6],
            "age": [34, 150, 67, -2, 45, 88],
            "sexe": ["F", "M", "F", "M", "F", "M"],
            "poids": [60.5, 80.0, 72.3, 12.0, 55.1, 70.0],
        }
    )


def reference_clean(df):
    return df[(df["age"] >= 0) & (df["age"] <= 120)]


def test_dataframe_different_correct_approaches(patients):
    expected = reference_clean(patients)
    check_dataframe(patients.query("0 <= age <= 120"), expected, name="propre")
    check_dataframe(
        patients[patients["age"].between(0, 120)].reset_index(drop=True), expected, name="propre"
    )  # index reset: still right
    check_dataframe(patients.drop([1, 3]).sort_values("age"), expected, name="propre")
    check_dataframe(
        patients.drop([1, 3])[["sexe", "age", "poids", "id"]], expected, name="propre"
    )  # column order does not matter by default
    alt = patients.drop([1, 3]).copy()
    alt["poids"] = alt["poids"] + 1e-12
    check_dataframe(alt, expected, name="propre")


def test_dataframe_too_many_rows_names_a_row(patients):
    expected = reference_clean(patients)
    with pytest.raises(Incorrect) as info:
        check_dataframe(patients[patients["age"] >= 0], expected, name="propre")
    text = str(info.value)
    assert "trop de lignes (5)" in text and "la ligne d'index 1 ne devrait pas" in text


def test_dataframe_too_few_rows(patients):
    expected = reference_clean(patients)
    with pytest.raises(Incorrect, match="Il manque des lignes"):
        check_dataframe(patients[patients["age"].between(0, 60)], expected, name="propre")
    with pytest.raises(Incorrect, match="est vide"):
        check_dataframe(patients.iloc[0:0], expected, name="propre")


def test_dataframe_wrong_rows_kept_same_count(patients):
    expected = reference_clean(patients)
    wrong = patients.drop([0, 3])  # kept age 150, dropped a valid row
    with pytest.raises(Incorrect, match="n'a pas gardé les bonnes lignes.*index 1 "):
        check_dataframe(wrong, expected, name="propre")


def test_dataframe_missing_and_extra_columns(patients):
    expected = reference_clean(patients)
    with pytest.raises(Incorrect) as info:
        check_dataframe(expected.drop(columns=["sexe"]), expected, name="propre")
    assert "Il manque des colonnes dans « propre » : « sexe »." == str(info.value)
    with pytest.raises(Incorrect, match="colonnes en trop : « imc »"):
        check_dataframe(expected.assign(imc=1.0), expected, name="propre")
    check_dataframe(expected.assign(imc=1.0), expected, name="propre", allow_extra_columns=True)
    with pytest.raises(Incorrect, match="pas dans l'ordre"):
        check_dataframe(
            expected[["sexe", "age", "poids", "id"]],
            expected,
            name="propre",
            check_column_order=True,
        )
    check_columns(expected, ["age", "sexe"], name="propre")
    with pytest.raises(Incorrect, match="« taille »"):
        check_columns(expected, ["age", "taille"], name="propre")


def test_dataframe_wrong_values_in_a_column(patients):
    expected = patients.assign(poids_g=patients["poids"] * 1000)
    wrong = patients.assign(poids_g=patients["poids"] * 100)
    with pytest.raises(Incorrect) as info:
        check_dataframe(wrong, expected, name="df")
    text = str(info.value)
    assert "colonne « poids_g »" in text and "(6 ligne(s)" in text and "index 0" in text
    # learner reset and shuffled the index: diagnosis by column without row example
    shuffled = wrong.sample(frac=1, random_state=0).reset_index(drop=True)
    with pytest.raises(Incorrect, match="colonne « poids_g »"):
        check_dataframe(shuffled, expected, name="df")


def test_dataframe_text_instead_of_numbers_and_dates(patients):
    expected = patients.assign(date=pd.to_datetime(["2024-01-0" + str(i) for i in range(1, 7)]))
    as_text = expected.assign(age=expected["age"].astype(str))
    with pytest.raises(Incorrect, match="« age » contient du texte.*pd.to_numeric"):
        check_dataframe(as_text, expected, name="df")
    no_dates = expected.assign(date=expected["date"].dt.strftime("%Y-%m-%d"))
    with pytest.raises(Incorrect, match="pd.to_datetime"):
        check_dataframe(no_dates, expected, name="df")
    with pytest.raises(Incorrect, match="est de type float64"):
        check_dataframe(
            expected.assign(age=expected["age"].astype(float)),
            expected,
            name="df",
            check_dtype=True,
        )
    check_dataframe(expected.assign(age=expected["age"].astype(float)), expected, name="df")


def test_dataframe_row_order_when_asked(patients):
    expected = patients.sort_values("age", ascending=False)
    check_dataframe(
        patients.sort_values("age", ascending=False).reset_index(drop=True),
        expected,
        name="tri",
        check_row_order=True,
    )
    check_dataframe(patients.nlargest(6, "age"), expected, name="tri", check_row_order=True)
    with pytest.raises(Incorrect, match="pas dans l'ordre demandé"):
        check_dataframe(patients.sort_values("age"), expected, name="tri", check_row_order=True)


def test_dataframe_values_mixed_between_rows(patients):
    mixed = patients.copy()
    mixed["sexe"] = mixed["sexe"].iloc[::-1].to_numpy()
    mixed = mixed.reset_index(drop=True).rename(index=lambda i: i + 100)
    with pytest.raises(Incorrect, match="mélangées entre les lignes"):
        check_dataframe(mixed, patients, name="df")


def test_dataframe_nan_equal_nan():
    exp = pd.DataFrame({"a": [1.0, np.nan], "b": ["x", None]})
    check_dataframe(exp.iloc[::-1], exp, name="df")
    with pytest.raises(Incorrect, match="colonne « a »"):
        check_dataframe(exp.assign(a=exp["a"].fillna(0)), exp, name="df")


# ------------------------------------------------------------------ Series
def test_series_groupby_approaches(patients):
    expected = patients.groupby("sexe")["age"].mean()
    check_series(patients.groupby("sexe")["age"].mean(), expected, name="moy")
    check_series(
        patients.pivot_table(index="sexe", values="age", aggfunc="mean")["age"],
        expected,
        name="moy",
    )
    check_series(patients.groupby("sexe")[["age"]].mean(), expected, name="moy")  # 1-col frame
    check_series(expected.iloc[::-1], expected, name="moy")
    with pytest.raises(Incorrect, match="pour « F »"):
        check_series(patients.groupby("sexe")["age"].median(), expected, name="moy")
    with pytest.raises(Incorrect, match="Il manque (1|une) étiquette"):
        check_series(expected.iloc[:1], expected, name="moy")
    with pytest.raises(Incorrect, match="étiquettes inattendues : « X »"):
        check_series(pd.concat([expected, pd.Series({"X": 1.0})]), expected, name="moy")
    with pytest.raises(Incorrect, match="pas dans l'ordre"):
        check_series(expected.iloc[::-1], expected, name="moy", check_order=True)


def test_series_values_order_insensitive(patients):
    expected = patients.loc[patients["age"] > 40, "age"]
    check_series(expected.reset_index(drop=True).iloc[::-1], expected, name="ages")
    check_series(pd.Series([150, 67, 88, 45]), expected, name="ages")
    with pytest.raises(Incorrect, match="trop de valeurs"):
        check_series(patients["age"], expected, name="ages")
    with pytest.raises(Incorrect, match="valeur\\(s\\) concernée"):
        check_series(expected + 1, expected, name="ages")
    with pytest.raises(Incorrect, match="une colonne pandas"):
        check_series([150, 67, 88, 45], expected, name="ages")


# ------------------------------------------------------------------ estimators
@pytest.fixture(scope="module")
def xy():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3)) * [1, 100, 1000]
    y = (X[:, 0] > 0).astype(int)
    return X, y


def test_estimator_right_answers(xy):
    X, y = xy
    check_estimator(
        LogisticRegression().fit(X, y),
        name="modele",
        expected_type=LogisticRegression,
        n_features=3,
    )
    for pipe in (
        make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5)),
        Pipeline([("mise_a_echelle", MinMaxScaler()), ("knn", KNeighborsClassifier())]),
    ):
        pipe.fit(X, y)
        check_estimator(
            pipe,
            name="pipe",
            expected_type=KNeighborsClassifier,
            require_scaler=True,
            params={"n_neighbors": 5},
        )
    check_estimator(
        make_pipeline(StandardScaler(), KNeighborsClassifier()).fit(X, y),
        name="pipe",
        steps=[StandardScaler, KNeighborsClassifier],
        params={"kneighborsclassifier__n_neighbors": 5},
    )


def test_estimator_wrong_answers(xy):
    X, y = xy
    with pytest.raises(Incorrect, match="n'est pas entraîné.*modele.fit"):
        check_estimator(LogisticRegression(), name="modele")
    with pytest.raises(Incorrect, match="n'est pas entraîné"):
        check_estimator(make_pipeline(StandardScaler(), LogisticRegression()), name="modele")
    with pytest.raises(
        Incorrect, match="est un KNeighborsClassifier, alors qu'il faut un LogisticRegression"
    ):
        check_estimator(
            KNeighborsClassifier().fit(X, y), name="modele", expected_type=LogisticRegression
        )
    with pytest.raises(Incorrect, match="repose sur des distances"):
        check_estimator(KNeighborsClassifier().fit(X, y), name="knn", require_scaler=True)
    with pytest.raises(Incorrect, match="repose sur des distances"):
        check_estimator(
            make_pipeline(KNeighborsClassifier()).fit(X, y),
            name="knn",
            steps=[StandardScaler, KNeighborsClassifier],
        )
    with pytest.raises(Incorrect, match="« n_neighbors ».*vaut 3"):
        check_estimator(
            KNeighborsClassifier(n_neighbors=3).fit(X, y), name="knn", params={"n_neighbors": 5}
        )
    with pytest.raises(Incorrect, match="pas de paramètre « n_neighbors »"):
        check_estimator(LogisticRegression().fit(X, y), name="m", params={"n_neighbors": 5})
    with pytest.raises(Incorrect, match="entraîné sur 2 variable"):
        check_estimator(LogisticRegression().fit(X[:, :2], y), name="m", n_features=3)
    with pytest.raises(Incorrect, match="n'est pas un modèle scikit-learn"):
        check_estimator("LogisticRegression", name="m")
    with pytest.raises(Incorrect, match="n'est pas un Pipeline"):
        check_estimator(LogisticRegression().fit(X, y), name="m", steps=[StandardScaler])


# ------------------------------------------------------------------ figures
def bar_fig(with_labels=True):
    fig, ax = plt.subplots()
    ax.bar(["F", "M"], [10, 12])
    if with_labels:
        ax.set_xlabel("Sexe")
        ax.set_ylabel("Effectif (patients)")
    return fig


def test_figure_right_answers():
    check_figure(bar_fig(), name="fig", kind="bar", n_bars=2)
    check_figure(bar_fig().axes[0], name="ax", kind="bar", n_bars=2)
    # pandas draws the same chart another way
    fig, ax = plt.subplots()
    pd.Series({"F": 10, "M": 12}).plot.bar(ax=ax, xlabel="Sexe", ylabel="Effectif")
    check_figure(ax, name="ax", kind="bar", n_bars=2)
    fig, ax = plt.subplots()
    ax.hist(np.random.default_rng(0).normal(size=200), bins=10)
    ax.set(xlabel="Âge (ans)", ylabel="Effectif", title="Distribution")
    check_figure(fig, name="fig", kind="hist", require_title=True)
    fig, ax = plt.subplots()
    ax.plot([0, 0.2, 1], [0, 0.8, 1], label="modèle")
    ax.plot([0, 1], [0, 1], "--")
    ax.axhline(0.5)
    ax.set(xlabel="1 - spécificité", ylabel="Sensibilité")
    fig.suptitle("Courbe ROC")
    check_figure(fig, name="roc", kind="line", n_lines=2, require_title=True)
    fig, ax = plt.subplots()
    ax.scatter([1, 2, 3], [3, 1, 2])
    ax.set(xlabel="Âge (ans)", ylabel="Poids (kg)")
    check_figure(fig, name="nuage", kind="scatter")
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [3, 1, 2], "o")
    ax.set(xlabel="Âge (ans)", ylabel="Poids (kg)")
    check_figure(ax, name="nuage", kind="scatter")


def test_figure_wrong_answers():
    with pytest.raises(Incorrect, match="L'axe horizontal de « fig » n'a pas de titre"):
        check_figure(bar_fig(with_labels=False), name="fig")
    fig = bar_fig(with_labels=False)
    fig.axes[0].set_xlabel("Sexe")
    with pytest.raises(Incorrect, match="L'axe vertical"):
        check_figure(fig, name="fig")
    with pytest.raises(Incorrect, match="n'a pas de titre : ajoutez-en un"):
        check_figure(bar_fig(), name="fig", require_title=True)
    with pytest.raises(Incorrect, match="contient 2 barre"):
        check_figure(bar_fig(), name="fig", n_bars=3)
    with pytest.raises(Incorrect, match="ne contient pas de courbe"):
        check_figure(bar_fig(), name="fig", kind="line")
    with pytest.raises(Incorrect, match="ne contient pas d'histogramme"):
        check_figure(bar_fig(), name="fig", kind="hist")
    fig, ax = plt.subplots()
    ax.hist([1, 2, 2, 3, 3, 3], bins=3)
    with pytest.raises(Incorrect, match="ne contient pas de diagramme en barres"):
        check_figure(fig, name="fig", kind="bar", require_xlabel=False, require_ylabel=False)
    with pytest.raises(Incorrect, match="contient 1 courbe"):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        check_figure(ax, name="roc", n_lines=2, require_xlabel=False, require_ylabel=False)
    with pytest.raises(Incorrect, match="est vide"):
        check_figure(plt.figure(), name="fig")
    with pytest.raises(Incorrect, match="il faut une figure matplotlib"):
        check_figure([1, 2], name="fig")
    with pytest.raises(NotAttempted):
        check_figure(None, name="fig")


# ------------------------------------------------------------------ generic checks
def reference_bmi(weight, height):
    return weight / height**2


def test_check_cases_accepts_different_correct_functions():
    from iasante.feedback import check_cases

    cases = [(82, 1.74), (55.5, 1.62), {"weight": 120, "height": 1.9}]
    check_cases(lambda weight, height: weight / (height * height), cases, reference_bmi)
    check_cases(lambda weight, height: weight * height**-2, cases, reference_bmi)


def test_check_cases_wrong_function_names_the_call_not_the_result():
    from iasante.feedback import check_cases

    with pytest.raises(Incorrect) as info:
        check_cases(lambda w, h: w / h, [(82, 1.74)], reference_bmi, name="compute_bmi")
    text = str(info.value)
    assert text.startswith("« compute_bmi(82, 1.74) » vaut 47,1264")
    assert "27,08" not in text
    with pytest.raises(NotAttempted):
        check_cases(stub_two_args, [(82, 1.74)], reference_bmi)


def stub_two_args(w, h):
    raise NotImplementedError()


def test_check_cases_protects_reference_from_mutation():
    from iasante.feedback import check_cases

    df = pd.DataFrame({"age": [30, 150, 40]})

    def mutating(d):
        d.drop(index=1, inplace=True)
        return d

    check_cases(mutating, [(df,)], lambda d: d[d["age"] <= 120])
    assert len(df) == 3


def test_check_equal_for_text_and_bool():
    from iasante.feedback import check_equal

    check_equal("surpoids", "surpoids", name="classe")
    with pytest.raises(Incorrect, match="vaut 'Surpoids' : ce n'est pas la réponse attendue"):
        check_equal("Surpoids", "surpoids", name="classe")
    with pytest.raises(Incorrect, match="booléen"):
        check_equal(1, True, name="fievre")
    check_equal(np.bool_(True), True, name="fievre")
    check_equal(0.1 + 0.2, 0.3, name="x")


def test_dataframe_numbers_stored_as_objects_are_not_called_text():
    exp = pd.DataFrame({"a": [1.0, 2.0]})
    check_dataframe(pd.DataFrame({"a": pd.Series([1, 2], dtype=object)}), exp, name="df")
    with pytest.raises(Incorrect, match="contient du texte"):
        check_dataframe(pd.DataFrame({"a": pd.Series([1, "2"], dtype=object)}), exp, name="df")
