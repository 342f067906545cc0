"""`iasante valider`: a learner checks a whole assignment from a terminal, in French."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iasante import cli
from iasante.course.validate import NotebookNotFound, find_notebooks

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "m00_prise_en_main"


def test_the_notebook_is_found_by_name_path_or_workspace(tmp_path, monkeypatch):
    work = tmp_path / "espace-de-travail" / "devoirs" / ASSIGNMENT
    shutil.copytree(REPO / "release" / ASSIGNMENT, work)
    (work / f"{ASSIGNMENT} (nouvelle version abc1234).ipynb").write_text("{}")
    monkeypatch.chdir(tmp_path)
    expected = [work / f"{ASSIGNMENT}.ipynb"]
    assert find_notebooks(ASSIGNMENT) == expected
    assert find_notebooks(str(expected[0])) == expected
    with pytest.raises(NotebookNotFound, match="Aucun cahier trouvé pour « m99 »"):
        find_notebooks("m99")


@pytest.mark.slow
def test_untouched_assignment_fails_whole_french_messages(tmp_path, monkeypatch, capsys):
    shutil.copytree(REPO / "release" / ASSIGNMENT, tmp_path / ASSIGNMENT)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["valider", ASSIGNMENT]) == 1
    out = capsys.readouterr().out
    assert "✗ Test en échec : « m00.q2_bmi.assert_correct(compute_bmi) »" in out
    # whole messages, never cut at 80 characters, and nbgrader's English translated
    assert "La fonction « compute_bmi » n'est pas encore écrite. Remplacez la ligne" in out
    assert "par votre code, puis exécutez la cellule." in out
    assert "Réponse rédigée attendue" in out and "You did not provide" not in out
    assert "point(s) à revoir avant de rendre le devoir." in out


@pytest.mark.slow
def test_a_solved_assignment_passes(tmp_path, monkeypatch, capsys):
    shutil.copytree(REPO / "source" / ASSIGNMENT, tmp_path / ASSIGNMENT)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["valider", ASSIGNMENT]) == 0
    assert "Toutes les vérifications visibles passent" in capsys.readouterr().out
