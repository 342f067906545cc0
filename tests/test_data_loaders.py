"""Loaders: one call per dataset, proper dtypes, offline, French errors on missing/altered files."""

from __future__ import annotations

import shutil
import socket

import pandas as pd
import pytest

import iasante.data as D
from iasante.data.integrity import DATA_ENV, data_dir


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of data/ the test may damage."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target, ignore=shutil.ignore_patterns("m00_*"))
    monkeypatch.setenv(DATA_ENV, str(target))
    monkeypatch.delenv("IASANTE_COHORTE", raising=False)
    return target


def test_covid_testing_is_the_published_table_with_its_defects():
    df = D.load_covid_testing()
    assert df.shape == (15524, 17)
    assert df["age"].max() == 138  # impossible age, kept on purpose
    assert (df["rec_ver_tat"] < 0).any()  # negative turnaround time
    assert (df["ct_result"] == 45).mean() > 0.5  # 45 = not detected
    assert df["payor_group"].isna().mean() > 0.4
    assert isinstance(df["result"].dtype, pd.CategoricalDtype)
    assert str(df["drive_thru_ind"].dtype) == "boolean"


def test_pima_splits():
    train, test, every = D.load_pima("train"), D.load_pima("test"), D.load_pima("all")
    assert len(train) == 200 and len(test) == 332 and len(every) == 532
    assert list(train.columns) == ["npreg", "glu", "bp", "skin", "bmi", "ped", "age", "type"]
    assert list(train["type"].cat.categories) == ["No", "Yes"]
    assert train["type"].eq("Yes").sum() == 68
    with pytest.raises(ValueError, match="Valeurs possibles"):
        D.load_pima("validation")


def test_breast_cancer_fr_fixes_the_label_direction():
    df = D.load_breast_cancer_fr()
    assert df.shape == (569, 32)
    assert df["maligne"].sum() == 212  # 212 malignant, 357 benign
    assert (df["diagnostic"] == "maligne").sum() == 212
    assert "rayon_moyenne" in df.columns and "dimension_fractale_pire" in df.columns


@pytest.mark.parametrize("table", ["patients", "stays", "diagnoses", "labs"])
@pytest.mark.parametrize("variant", ["default", "propre"])
def test_cohort_tables_have_proper_dtypes(table, variant):
    df = D.load_cohort(table, variant)
    assert len(df) > 1000
    if table == "stays":
        assert pd.api.types.is_datetime64_any_dtype(df["date_entree"])
        assert str(df["readmission_30j"].dtype) == "boolean"
        assert isinstance(df["site"].dtype, pd.CategoricalDtype)
    if table == "patients":
        assert df["departement"].dropna().str.len().eq(2).all()  # « 01 » keeps its zero
        assert str(df["c2s"].dtype) == "boolean"


def test_french_table_names_are_accepted():
    assert D.load_cohort("sejours").equals(D.load_cohort("stays"))
    with pytest.raises(ValueError, match="Valeurs possibles"):
        D.load_cohort("admissions")


def test_propre_is_default_without_defects():
    dirty, clean = D.load_cohort("stays"), D.load_cohort("stays", "propre")
    assert dirty.duplicated().any() and not clean.duplicated().any()
    assert set(clean["sejour_id"]) == set(dirty["sejour_id"])


def test_raw_cohort_has_direct_identifiers():
    raw = D.load_cohort_raw()
    assert {"nom", "prenom", "nir", "date_naissance", "adresse"} <= set(raw.columns)
    assert len(raw) == len(D.load_cohort("patients"))


def test_modelling_table_one_row_per_stay():
    m = D.modelling_table()
    assert m["sejour_id"].is_unique
    assert {"creatinine", "diagnostic_principal", "c2s", "readmission_30j", "annee"} <= set(
        m.columns
    )


def _all_loaders():
    yield D.load_covid_testing
    yield lambda: D.load_pima("all")
    yield D.load_breast_cancer_fr
    yield D.load_cim10
    yield D.load_cohort_raw
    for table in ("patients", "stays", "diagnoses", "labs"):
        yield lambda table=table: D.load_cohort(table)
        yield lambda table=table: D.load_cohort(table, "propre")


def test_no_loader_touches_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    from iasante.data import loaders

    loaders._clean_cohort_bytes.cache_clear()
    for load in _all_loaders():
        assert len(load()) > 0


def test_missing_file_gives_french_actionable_error(data_copy):
    (data_copy / "covid_testing.csv").unlink()
    with pytest.raises(D.DataFileMissingError) as caught:
        D.load_covid_testing()
    text = str(caught.value)
    assert "introuvable" in text and "covid_testing.csv" in text
    assert "git checkout -- " in text
    assert isinstance(caught.value, FileNotFoundError)


def test_altered_file_gives_french_actionable_error(data_copy):
    path = data_copy / "pima.csv"
    path.write_text(path.read_text().replace("train,5,86", "train,5,860", 1))
    with pytest.raises(D.DataFileAlteredError) as caught:
        D.load_pima()
    assert "a été modifié" in str(caught.value) and "pima.csv" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_altered_cohort_suggests_regeneration(data_copy):
    path = data_copy / "cohorte" / "sejours.csv"
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(D.DataFileAlteredError, match="iasante donnees regenerer"):
        D.load_cohort("stays")
    (data_copy / "cohorte" / "patients.csv").unlink()
    with pytest.raises(D.DataFileMissingError, match="iasante donnees regenerer"):
        D.load_cohort("patients")


def test_windows_line_endings_still_verify(data_copy):
    path = data_copy / "pima.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert len(D.load_pima("all")) == 532


def test_cohort_variant_in_another_folder(tmp_path, monkeypatch):
    D.write_cohort(tmp_path / "variante", seed=5, n_patients=200)
    monkeypatch.setenv("IASANTE_COHORTE", str(tmp_path / "variante"))
    assert len(D.load_cohort("patients")) == 200
    assert len(D.load_cohort("patients", "propre")) == 200
    assert len(D.load_cohort("patients", dossier=tmp_path / "variante")) == 200


def test_propre_refuses_a_cohort_this_machine_cannot_reproduce(data_copy):
    import json

    from iasante.data import loaders

    manifest = data_copy / "cohorte" / "manifest.json"
    info = json.loads(manifest.read_text(encoding="utf-8"))
    info["seed"] = 1  # files of seed 2026 but a manifest claiming seed 1
    manifest.write_text(json.dumps(info), encoding="utf-8")
    loaders._clean_cohort_bytes.cache_clear()
    with pytest.raises(D.DataFileAlteredError, match="propre"):
        D.load_cohort("patients", "propre")
