"""Module 06 data: the phishing corpus and the « de-identified » extract.

The corpus is generated in memory, always the same for a seed, and points nowhere real:
every address and link uses the reserved ``.example`` domain (RFC 2606). The extract
carries no direct identifier, and its hidden-test variant is another cohort.
"""

from __future__ import annotations

import re

import pandas as pd

from iasante.data.phishing import generate_phishing_corpus
from iasante.exercises import m06

DOMAIN = re.compile(r"(?:https?://|@)([A-Za-z0-9.-]+)")


def test_corpus_is_deterministic_and_seeded():
    a, b = generate_phishing_corpus(2026), generate_phishing_corpus(2026)
    pd.testing.assert_frame_equal(a, b)
    assert not generate_phishing_corpus(7)["message"].equals(a["message"])
    assert list(a.columns) == ["expediteur", "objet", "texte", "message", "hameconnage"]
    assert set(a["hameconnage"]) == {0, 1}
    assert 0.3 < a["hameconnage"].mean() < 0.5


def test_corpus_points_nowhere_real():
    corpus = pd.concat([generate_phishing_corpus(s) for s in (2026, 7)])
    text = " ".join(corpus["expediteur"]) + " " + " ".join(corpus["message"])
    domains = set(DOMAIN.findall(text))
    assert domains
    assert all(d.endswith(".example") for d in domains), sorted(domains)


def test_filter_is_good_not_perfect():
    """The lesson reads the filter's errors: there must be a few, not many."""
    from sklearn.metrics import roc_auc_score

    X_train, X_test, y_train, y_test = m06.phishing_split()
    scores = m06.phishing_model(X_train, y_train).predict_proba(X_test)[:, 1]
    assert 0.95 < roc_auc_score(y_test, scores) < 1.0


def test_extract_has_no_direct_identifier_and_one_row_per_patient():
    extract = m06.deidentified_extract()
    assert not {"nom", "prenom", "nir", "ipp", "adresse"} & set(extract.columns)
    assert extract["pseudo"].is_unique and len(extract) == len(m06.named_directory())
    raw = m06._tables(None)["raw_patients"]
    assert not set(extract["pseudo"]) & set(raw["ipp"].astype(str))


def test_variant_is_another_cohort_and_copies_are_handed_out():
    base, variant = m06.deidentified_extract(), m06.deidentified_extract(m06.HIDDEN_TESTS_SEED)
    assert not base["date_naissance"].equals(variant["date_naissance"])
    base.loc[0, "sexe"] = "X"
    assert m06.deidentified_extract().loc[0, "sexe"] != "X"
