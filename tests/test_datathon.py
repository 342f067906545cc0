"""The datathon (module 07): challenge from a secret, file validation, scoring, leaderboard.

A simulated datathon of 14 teams runs through the instructor's CLI in a temporary course;
its ranking is recomputed independently with scikit-learn; hidden labels are searched for
everywhere a learner or git could see them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import recall_score, roc_auc_score

from iasante.cli import main
from iasante.datathon import challenge as ch
from iasante.datathon import leaderboard as lb
from iasante.datathon.scoring import FAIRNESS_TOLERANCE, score_predictions
from iasante.datathon.validation import CAPACITY, validate_file, validate_frame, validate_text

REPO = Path(__file__).resolve().parents[1]
SECRET = "une phrase secrète pour les tests du datathon"
OTHER_SECRET = "une autre phrase, un autre défi, mêmes effets"


@cache
def challenge(secret: str = SECRET) -> ch.Challenge:
    return ch.build_challenge(secret)


def frame_for(c: ch.Challenge, p: np.ndarray, share: float = 0.2) -> pd.DataFrame:
    threshold = float(np.quantile(p, 1 - share))
    return pd.DataFrame(
        {
            "sejour_id": c.test["sejour_id"],
            "probabilite": p,
            "decision": (p >= threshold).astype(int),
        }
    )


def skilled(c: ch.Challenge, skill: float, seed: int, bias: float = 0.0) -> np.ndarray:
    """Probabilities of a team of a given skill (uses the hidden labels: a simulation)."""
    y = c.labels.set_index("sejour_id").loc[c.test["sejour_id"], "readmission_30j"].to_numpy()
    rng = np.random.default_rng(seed)
    logit = -2.2 + skill * (y - 0.13) + rng.normal(0, 1, len(y)) + bias
    return 1 / (1 + np.exp(-logit))


# --------------------------------------------------------------------------------------
# The challenge
# --------------------------------------------------------------------------------------


@pytest.mark.slow  # fast tier (make test-fast) under a minute: seconds each
def test_same_secret_same_challenge_other_secret_other_challenge() -> None:
    a, b = challenge(), ch.build_challenge(SECRET)
    pd.testing.assert_frame_equal(a.train, b.train)
    pd.testing.assert_frame_equal(a.test, b.test)
    pd.testing.assert_frame_equal(a.labels, b.labels)
    other = challenge(OTHER_SECRET)
    assert not set(other.test["sejour_id"]) & set(a.test["sejour_id"])
    assert a.fingerprint != other.fingerprint


@pytest.mark.parametrize("secret", [SECRET, OTHER_SECRET])
def test_the_challenge_has_the_intended_effects(secret: str) -> None:
    c = challenge(secret)
    train_year = pd.to_datetime(c.train["date_entree"]).dt.year
    test_year = pd.to_datetime(c.test["date_entree"]).dt.year
    assert set(train_year) == {2022, 2023} and set(test_year) == {2024}
    assert set(c.train["site"]) == set(c.test["site"]) == {"A", "B"}
    # no label in the test table, one stay per patient, no stay shared with training
    assert "readmission_30j" not in c.test.columns
    assert c.test["patient_id"].is_unique
    assert not set(c.test["sejour_id"]) & set(c.train["sejour_id"])
    assert (c.test["date_sortie"] <= ch.LAST_TEST_DISCHARGE).all()
    assert "décès" not in set(c.test["mode_sortie"])
    # opaque identifiers: nothing of the generator's numbering survives
    assert c.test["sejour_id"].str.match(r"^SJ[0-9A-F]{10}$").all()
    # public / private parts
    share = (c.labels["partie"] == ch.PUBLIC).mean()
    assert abs(share - ch.PUBLIC_FRACTION) < 0.01

    # the heart-failure programme: the excess risk of heart failure falls in 2024
    def hf_excess(frame: pd.DataFrame, y: pd.Series) -> float:
        hf = frame["diagnostic_principal"].to_numpy() == "I50.0"
        return float(y[hf].mean() - y[~hf].mean())

    first_train = c.train.drop_duplicates("patient_id")
    y_test = c.labels.set_index("sejour_id").loc[c.test["sejour_id"], "readmission_30j"]
    before = hf_excess(first_train, first_train["readmission_30j"].astype(int).to_numpy())
    after = hf_excess(c.test, y_test.to_numpy())
    assert before > 0.04 and after < before - 0.03, (before, after)
    assert 0.08 < y_test.mean() < 0.18


def test_private_folder_ignored_by_git_and_private(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    private = tmp_path / "datathon-prive" / "m07_datathon"
    ch.write_private(challenge(), private)
    assert oct(private.stat().st_mode & 0o777) == "0o700"
    assert oct((private / ch.LABELS_FILE).stat().st_mode & 0o777) == "0o600"
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    assert "etiquettes" not in tracked and tracked.strip() == ""


# --------------------------------------------------------------------------------------
# Validation: every kind of invalid file is named
# --------------------------------------------------------------------------------------


def _valid_frame() -> pd.DataFrame:
    return frame_for(challenge(), skilled(challenge(), 1.0, 0))


def _keys(text: str) -> list[str]:
    c = challenge()
    return [p.key for p in validate_text(text, c.test["sejour_id"], c.train["sejour_id"]).problems]


def _csv(frame: pd.DataFrame, **kwargs: object) -> str:
    return frame.to_csv(index=False, **kwargs)  # type: ignore[arg-type]


def test_a_valid_file_passes_and_is_aligned_on_the_test_table() -> None:
    c = challenge()
    shuffled = _valid_frame().sample(frac=1, random_state=3)
    result = validate_frame(shuffled, c.test["sejour_id"], c.train["sejour_id"])
    assert result.valid, result.report()
    assert list(result.predictions["sejour_id"]) == list(c.test["sejour_id"])


def _mutations() -> dict[str, str]:
    good = _valid_frame()
    c = challenge()
    out = {}
    out["datathon.ids.manquants"] = _csv(good.iloc[10:])
    out["datathon.ids.doublons"] = _csv(pd.concat([good, good.iloc[:3]]))
    train_rows = pd.DataFrame(
        {"sejour_id": c.train["sejour_id"].iloc[:5], "probabilite": 0.1, "decision": 0}
    )
    out["datathon.ids.entrainement"] = _csv(pd.concat([good, train_rows]))
    extra = pd.DataFrame({"sejour_id": ["SJ0000000000"], "probabilite": [0.1], "decision": [0]})
    out["datathon.ids.inconnus"] = _csv(pd.concat([good, extra]))
    bad = good.copy()
    bad.loc[0, "probabilite"] = 1.7
    out["datathon.proba.hors_bornes"] = _csv(bad)
    bad = good.copy()
    bad.loc[[1, 2], "probabilite"] = np.nan
    out["datathon.proba.manquante"] = _csv(bad)
    bad = good.copy().astype({"probabilite": object})
    bad.loc[0, "probabilite"] = "élevée"
    out["datathon.proba.texte"] = _csv(bad)
    out["datathon.proba.virgule"] = _csv(good, decimal=",")
    out["datathon.fichier.point_virgule"] = _csv(good, sep=";")
    out["datathon.colonnes.en_trop"] = good.to_csv()  # the index written as a column
    out["datathon.colonnes.manquantes"] = _csv(good.drop(columns="decision"))
    bad = good.copy()
    bad["decision"] = bad["decision"].map({0: "non", 1: "oui"})
    out["datathon.decision.valeurs"] = _csv(bad)
    bad = good.copy()
    low = bad["probabilite"].idxmin()
    bad.loc[low, "decision"] = 1
    out["datathon.decision.incoherente"] = _csv(bad)
    out["datathon.decision.capacite"] = _csv(frame_for(c, skilled(c, 1.0, 0), share=0.5))
    out["datathon.fichier.vide"] = ""
    return out


MUTATION_KEYS = [
    "datathon.ids.manquants",
    "datathon.ids.doublons",
    "datathon.ids.entrainement",
    "datathon.ids.inconnus",
    "datathon.proba.hors_bornes",
    "datathon.proba.manquante",
    "datathon.proba.texte",
    "datathon.proba.virgule",
    "datathon.fichier.point_virgule",
    "datathon.colonnes.en_trop",
    "datathon.colonnes.manquantes",
    "datathon.decision.valeurs",
    "datathon.decision.incoherente",
    "datathon.decision.capacite",
    "datathon.fichier.vide",
]


@cache
def mutations() -> dict[str, str]:
    return _mutations()


@pytest.mark.parametrize("key", MUTATION_KEYS)
def test_each_invalid_kind_is_named(key: str) -> None:
    keys = _keys(mutations()[key])
    assert keys and keys[0] == key, keys


def test_messages_name_the_problem_in_french() -> None:
    c = challenge()
    result = validate_text(
        mutations()["datathon.ids.entrainement"], c.test["sejour_id"], c.train["sejour_id"]
    )
    assert "entraînement" in result.report() and "refusé" in result.report()


def test_files_that_try_to_cheat_are_refused(tmp_path: Path) -> None:
    c = challenge()
    team = tmp_path / "equipe"
    team.mkdir()
    secret_place = tmp_path / "ailleurs"
    secret_place.mkdir()
    (secret_place / "predictions.csv").write_text(_csv(_valid_frame()), "utf-8")
    # a link to a file outside the folder
    (team / "predictions.csv").symlink_to(secret_place / "predictions.csv")
    keys = [
        p.key
        for p in validate_file(team / "predictions.csv", c.test["sejour_id"], root=team).problems
    ]
    assert keys == ["datathon.fichier.lien"]
    # a folder of the team that is a link outside
    (team / "sous").symlink_to(secret_place, target_is_directory=True)
    keys = [
        p.key
        for p in validate_file(
            team / "sous" / "predictions.csv", c.test["sejour_id"], root=team
        ).problems
    ]
    assert keys == ["datathon.fichier.hors_dossier"]
    # a huge file is refused before being read
    huge = team / "enorme.csv"
    with open(huge, "wb") as handle:
        handle.truncate(50_000_000)
    start = time.perf_counter()
    keys = [p.key for p in validate_file(huge, c.test["sejour_id"], root=team).problems]
    assert keys == ["datathon.fichier.trop_gros"] and time.perf_counter() - start < 1
    # not UTF-8
    latin = team / "latin.csv"
    latin.write_bytes(_csv(_valid_frame()).replace("sejour_id", "séjour_id").encode("latin-1"))
    assert [p.key for p in validate_file(latin, c.test["sejour_id"]).problems] == [
        "datathon.fichier.encodage"
    ]


# --------------------------------------------------------------------------------------
# Scoring, reproduced independently
# --------------------------------------------------------------------------------------


def independent_score(pred: pd.DataFrame, labels: pd.DataFrame, part: str) -> float:
    """The documented rule, recomputed with scikit-learn and pandas."""
    m = labels[labels["partie"] == part].merge(pred, on="sejour_id")
    y, p, d = m["readmission_30j"], m["probabilite"], m["decision"]
    auc = roc_auc_score(y, p)
    ranked = m.sort_values(["probabilite", "sejour_id"]).reset_index(drop=True)
    ranked["groupe"] = ranked.index * 10 // len(ranked)
    g = ranked.groupby("groupe").agg(
        n=("probabilite", "size"), obs=("readmission_30j", "mean"), pred=("probabilite", "mean")
    )
    ece = float((g["n"] / len(ranked) * (g["obs"] - g["pred"]).abs()).sum())
    c2s = m["c2s"].astype(bool)
    gap = abs(recall_score(y[c2s], d[c2s]) - recall_score(y[~c2s], d[~c2s]))
    return auc - ece - max(0.0, gap - FAIRNESS_TOLERANCE)


def test_score_matches_an_independent_computation() -> None:
    c = challenge()
    for seed, skill in enumerate((0.5, 1.0, 2.0)):
        pred = frame_for(c, skilled(c, skill, seed, bias=0.3 * seed))
        m = c.labels.merge(pred, on="sejour_id")
        ours = score_predictions(
            m["readmission_30j"], m["probabilite"], m["decision"], m["c2s"], m["sejour_id"]
        )
        assert ours["score"] == pytest.approx(
            independent_score(pred, c.labels.assign(partie="tout"), "tout"), abs=1e-12
        )


def test_a_miscalibrated_or_unfair_model_loses_points() -> None:
    c = challenge()
    p = skilled(c, 1.5, 1)
    good = frame_for(c, p)
    m = c.labels.merge(good, on="sejour_id")
    base = score_predictions(
        m["readmission_30j"], m["probabilite"], m["decision"], m["c2s"], m["sejour_id"]
    )
    doubled = score_predictions(
        m["readmission_30j"], np.sqrt(m["probabilite"]), m["decision"], m["c2s"], m["sejour_id"]
    )
    assert doubled["auc"] == pytest.approx(base["auc"]) and doubled["ece"] > base["ece"] + 0.03
    unfair = m["decision"].where(~m["c2s"], 0)  # nobody with C2S is ever flagged
    worse = score_predictions(
        m["readmission_30j"], m["probabilite"], unfair, m["c2s"], m["sejour_id"]
    )
    assert worse["ecart_sensibilite"] > 0.3 and worse["score"] < base["score"] - 0.2


# --------------------------------------------------------------------------------------
# A simulated datathon through the CLI
# --------------------------------------------------------------------------------------

TEAMS = {f"etu{i:02d}": f"Équipe {i // 2 + 1}" for i in range(20)}  # 10 teams of two
SOLO = ["etu20", "etu21", "etu22", "etu23"]  # four teams of one (not in the CSV)
INVALID = {  # student: (content key in mutations(), expected key)
    "etu03": "datathon.ids.entrainement",
    "etu05": "datathon.proba.hors_bornes",
    "etu07": "datathon.decision.incoherente",
    "etu09": "datathon.fichier.point_virgule",
    "etu21": "datathon.ids.doublons",
}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cours")
    shutil.copy(REPO / "nbgrader_config.py", root)
    (root / "source" / "m07_datathon").mkdir(parents=True)
    shutil.copy(
        REPO / "source" / "m07_datathon" / "m07_datathon.ipynb", root / "source" / "m07_datathon"
    )
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    old = os.environ.get("IASANTE_COURSE_ROOT")
    os.environ["IASANTE_COURSE_ROOT"] = str(root)
    secret_file = root.parent / "secret.txt"
    secret_file.write_text(SECRET + "\n", "utf-8")
    assert (
        main(["datathon", "preparer", "--course", str(root), "--secret-fichier", str(secret_file)])
        == 0
    )
    c = challenge()
    pd.DataFrame({"etudiant": list(TEAMS), "equipe": list(TEAMS.values())}).to_csv(
        root / "equipes.csv", index=False
    )
    for i, student in enumerate([*TEAMS, *SOLO]):
        folder = root / "submitted" / student / "m07_datathon"
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text(f"2026-12-02 10:{i:02d}:00.000000 UTC")
        if student in INVALID:
            text = mutations()[INVALID[student]]
        else:
            text = _csv(frame_for(c, skilled(c, 0.3 + 0.15 * i, 100 + i, bias=0.1 * (i % 3))))
        (folder / "predictions.csv").write_text(text, "utf-8")
    # student code lying next to a file must never run in the scoring process
    trap = root / "submitted" / "etu00" / "m07_datathon"
    for name in ("predictions.py", "sitecustomize.py", "conftest.py", "__init__.py"):
        (trap / name).write_text(f"open({str(root / 'PIEGE')!r}, 'w').write('exécuté')\n")
    (root / "submitted" / "etu01" / "m07_datathon" / "predictions.csv").unlink()  # forgot it
    yield root
    if old is None:
        del os.environ["IASANTE_COURSE_ROOT"]
    else:
        os.environ["IASANTE_COURSE_ROOT"] = old


def _run_board(course: Path, final: bool, capsys: pytest.CaptureFixture[str]) -> str:
    args = [
        "datathon",
        "classement",
        "--course",
        str(course),
        "--equipes",
        str(course / "equipes.csv"),
    ]
    assert main([*args, "--final"] if final else args) == 0
    return capsys.readouterr().out


@pytest.mark.slow  # fast tier (make test-fast) under a minute: seconds each
def test_preparer_writes_public_and_private_parts_apart(course: Path) -> None:
    data = course / "source" / "m07_datathon" / "donnees"
    test = pd.read_csv(data / "test.csv", dtype=str)
    assert "readmission_30j" not in test.columns
    private = course / "datathon-prive" / "m07_datathon"
    assert (private / ch.LABELS_FILE).is_file()
    assert not list((course / "source").rglob("etiquettes*"))
    # same secret again: same files
    before = (data / "test.csv").read_bytes()
    assert main(["datathon", "preparer", "--course", str(course)]) == 0  # reuses the stored one
    assert (data / "test.csv").read_bytes() == before
    # another secret into the same private folder is refused
    assert main(["datathon", "preparer", "--course", str(course), "--secret", OTHER_SECRET]) == 2


@pytest.mark.slow  # fast tier (make test-fast) under a minute: seconds each
def test_simulated_datathon_public_then_final(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _run_board(course, final=False, capsys=capsys)
    assert not (course / "PIEGE").exists(), "student code ran in the scoring process"
    board_dir = course / "datathon-prive" / "m07_datathon" / "classement"
    public = pd.read_csv(board_dir / "classement_public.csv")
    refus = pd.read_csv(board_dir / "refus.csv")
    # each invalid file reported with its reason; the others still ranked
    by_student = dict(zip(refus["etudiant"], refus["cles"], strict=True))
    for student, key in INVALID.items():
        assert by_student[student].split()[0] == key, (student, by_student[student])
        assert student in out
    assert by_student["etu01"] == "datathon.fichier.absent"
    # 10 pair teams (each has one valid member at least) + 3 valid solo teams
    assert len(public) == 13 and public["equipe"].is_unique
    assert "Équipe 1" in set(public["equipe"])
    unranked = msg_unranked(board_dir / "classement_public.html")
    assert "etu21 (seul)" in unranked  # its only file was refused
    assert "base64" in unranked  # the figures are in the page

    _run_board(course, final=True, capsys=capsys)
    final = pd.read_csv(board_dir / "classement_final.csv")
    c = challenge()
    # recompute every team independently: best public member, then its private score
    expected = []
    for team in sorted(set(final["equipe"])):
        members = [s for s in [*TEAMS, *SOLO] if (TEAMS.get(s) or f"{s} (seul)") == team]
        scored = []
        for s in members:
            path = course / "submitted" / s / "m07_datathon" / "predictions.csv"
            if s in INVALID or not path.exists():
                continue
            pred = pd.read_csv(path, dtype={"sejour_id": str})
            scored.append(
                (
                    independent_score(pred, c.labels, "public"),
                    independent_score(pred, c.labels, "prive"),
                )
            )
        best = max(scored)
        expected.append((team, best[1]))
    got = dict(zip(final["equipe"], final["score"], strict=True))
    for team, score in expected:
        assert got[team] == pytest.approx(score, abs=1e-9), team
    ordered = sorted(expected, key=lambda t: -round(t[1], 3))
    assert [round(s, 3) for _, s in ordered] == [round(s, 3) for s in final["score"]]
    assert list(final["rang"]) == sorted(final["rang"])


def msg_unranked(path: Path) -> str:
    return path.read_text("utf-8")


@pytest.mark.slow  # fast tier (make test-fast) under a minute: seconds each
def test_hidden_labels_never_leave_the_private_folder(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run_board(course, final=True, capsys=capsys)
    assert main(["release", "m07_datathon"]) == 0  # the student version, with the public data
    assert (course / "release" / "m07_datathon" / "donnees" / "test.csv").is_file()
    private = course / "datathon-prive"
    labels = challenge().labels
    test_ids = set(labels["sejour_id"])
    secret_bytes = SECRET.encode()
    label_bytes = (private / "m07_datathon" / ch.LABELS_FILE).read_bytes()
    learner_visible = [p for p in course.rglob("*") if p.is_file() and private not in p.parents]
    learner_visible += list((private / "m07_datathon" / "classement").glob("classement_*"))
    assert learner_visible
    for path in learner_visible:
        data = path.read_bytes()
        assert secret_bytes not in data, path
        assert label_bytes[200:400] not in data, path
        if path.suffix == ".csv" and b"sejour_id" in data[:200]:
            frame = pd.read_csv(path, dtype=str, nrows=5)
            has_ids = frame["sejour_id"].isin(test_ids).any() if "sejour_id" in frame else False
            assert not (has_ids and "readmission_30j" in frame.columns), path
    # git sees neither the labels nor the secret (the private folder ignores itself)
    subprocess.run(["git", "add", "-A"], cwd=course, check=True)
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=course, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert tracked and not [t for t in tracked if t.startswith("datathon-prive")]


def test_the_repository_holds_no_hidden_labels() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert not [t for t in tracked if "etiquettes" in t or t.startswith("datathon-prive")]
    assert not [
        t for t in tracked if t.startswith(("source/m07", "release/m07")) and "/donnees/" in t
    ], "the default challenge is built in memory, not committed"


def test_teams_file_errors_are_french(tmp_path: Path) -> None:
    bad = tmp_path / "equipes.csv"
    bad.write_text("nom,groupe\na,b\n", "utf-8")
    with pytest.raises(lb.TeamsFileError, match="etudiant"):
        lb.read_teams(bad)
    bad.write_text("etudiant,equipe\na,X\na,Y\n", "utf-8")
    with pytest.raises(lb.TeamsFileError, match="deux équipes"):
        lb.read_teams(bad)
    bad.write_text("etudiant;equipe\na;X\nb;\n", "utf-8")  # a French spreadsheet's CSV
    assert lb.read_teams(bad) == {"a": "X", "b": "b (seul)"}


@pytest.mark.slow  # fast tier (make test-fast) under a minute: seconds each
def test_scoring_forty_teams_takes_seconds(tmp_path: Path) -> None:
    c = challenge()
    entries = []
    for i in range(40):
        folder = tmp_path / f"etu{i}" / "m07_datathon"
        folder.mkdir(parents=True)
        (folder / "predictions.csv").write_text(_csv(frame_for(c, skilled(c, 1, i))), "utf-8")
        entries.append((f"etu{i}", folder / "predictions.csv", ""))
    start = time.perf_counter()
    subs = lb.score_submissions(entries, c.labels, c.test["sejour_id"], c.train["sejour_id"], {})
    lb.write_leaderboard(subs, tmp_path / "out", final=True, n_public=1, n_private=1)
    elapsed = time.perf_counter() - start
    assert all(s.valid for s in subs) and elapsed < 20, elapsed


def test_capacity_bounds_are_those_the_notebook_states() -> None:
    assert CAPACITY == (0.10, 0.30)


def test_load_public_default_then_instructor_challenge(tmp_path: Path) -> None:
    default = ch.load_public(tmp_path)
    assert default.default and "readmission_30j" not in default.test.columns
    fit, valid = ch.local_validation_split(default.train)
    assert set(pd.to_datetime(fit["date_entree"]).dt.year) == {2022}
    assert valid["patient_id"].is_unique and "readmission_30j" in valid.columns
    ch.write_public(challenge(), tmp_path)
    mine = ch.load_public(tmp_path)
    assert not mine.default and mine.info["empreinte"] == challenge().fingerprint
    assert list(mine.test["sejour_id"]) == list(challenge().test["sejour_id"])
    assert not list(tmp_path.rglob("etiquettes*"))
