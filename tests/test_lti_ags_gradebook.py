"""`iasante notes-moodle`: a simulated class, graded by the real pipeline into nbgrader's
gradebook, sent to the LTI test platform; the platform receives exactly the gradebook's
totals, and only for complete copies of students with an LTI identity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("jwt", reason="PyJWT missing: run ci/install-hub-deps.sh")

from hub.ltiplatform import CLIENT_ID, Platform
from nbgrader.api import Gradebook

from iasante.grading import cli
from iasante.grading.course import load_config
from iasante.grading.products import simulate
from iasante.grading.products.exports import collect_grades
from iasante.grading.products.lti import generate_keypair
from iasante.grading.run.pipeline import grade_assignment

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "grading"
ASSIGNMENT = "ps1"
FAST = {
    "cell_timeout": 2,
    "notebook_timeout": 12,
    "memory_mb": 512,
    "progress": False,
    "preload": [],
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("lti") / "cours"
    simulate.make_course(
        course, FIXTURE, ASSIGNMENT, data=False, config_file=REPO / "nbgrader_config.py"
    )
    # hub users from LTI launches (moodle-<sub>) and one added by hand (no LTI identity)
    simulate.simulate_class(
        course, ASSIGNMENT, ["correct", "partial", "unanswered"], prefix="moodle-"
    )
    simulate.simulate_class(course, ASSIGNMENT, ["correct"], prefix="manuel")
    cfg = load_config(course)
    with Gradebook(cfg.CourseDirectory.db_url, "ia-sante") as gb:
        gb.update_or_create_student("absent", lms_user_id="555")  # no copy
    grade_assignment(course, ASSIGNMENT, workers=2, **FAST)
    return course


def test_notes_moodle_sends_the_gradebook_totals(graded, tmp_path, capsys):
    from cryptography.hazmat.primitives import serialization

    key = tmp_path / "outil.pem"
    generate_keypair(key)
    public = serialization.load_pem_public_key(key.with_suffix(".pub.pem").read_bytes())
    platform = Platform(tool_public_key=public).start()
    try:
        config = tmp_path / "lti.json"
        config.write_text(
            json.dumps(
                {
                    "client_id": CLIENT_ID,
                    "token_url": platform.token_url,
                    "lineitems_url": platform.lineitems_url,
                    "private_key_file": key.name,
                }
            ),
            encoding="utf-8",
        )
        argv = ["notes-moodle", ASSIGNMENT, "--course", str(graded), "--config", str(config)]

        # The reflections (manual) are not graded yet: only the untouched copy (whose
        # unchanged answer nbgrader scores 0 by itself) is complete; each other says why.
        assert cli.main(argv) == 0
        out = capsys.readouterr().out
        assert "envoyées : 1" in out and "correction manuelle en attente" in out
        assert "manuel01" in out and "pas d'identité Moodle" in out
        assert "absent" in out and "aucune copie rendue" in out
        assert {u: s["scoreGiven"] for u, s in platform.scores[1].items()} == {"03": 0.0}

        # The instructor grades the reflection of moodle-01 (as the formgrader does).
        cfg = load_config(graded)
        with Gradebook(cfg.CourseDirectory.db_url, "ia-sante") as gb:
            gb.find_grade("reflexion", ASSIGNMENT, ASSIGNMENT, "moodle-01").manual_score = 1
            gb.db.commit()
        assert cli.main(argv) == 0
        rows = {r.student: r for r in collect_grades(graded, ASSIGNMENT)[0]}
        assert {u: s["scoreGiven"] for u, s in platform.scores[1].items()} == {
            "01": rows["moodle-01"].score,
            "03": 0.0,
        }
        assert platform.lineitems[1]["scoreMaximum"] == rows["moodle-01"].max_score

        # Partial totals on explicit request; moodle-01 is not sent twice.
        before = platform.score_count()
        assert cli.main([*argv, "--notes-partielles"]) == 0
        out = capsys.readouterr().out
        assert platform.score_count() == before + 1  # only moodle-02 is new
        received = {u: s["scoreGiven"] for u, s in platform.scores[1].items()}
        assert received == {sub: rows[f"moodle-{sub}"].score for sub in ("01", "02", "03")}
        assert len(set(received.values())) == 3  # correct, partial, unanswered differ
        assert "déjà envoyée" in out and len(platform.lineitems) == 1
        assert (graded / "exports" / f"{ASSIGNMENT}_lti.json").is_file()

        # A platform that refuses the tool's key: exit 1, French reason, nothing sent.
        platform.tool_public_key = serialization.load_pem_public_key(_other_public_key(tmp_path))
        assert cli.main([*argv, "--force"]) == 1
        assert "Moodle a refusé l'accès aux notes" in capsys.readouterr().err
    finally:
        platform.stop()


def _other_public_key(tmp_path: Path) -> bytes:
    other = tmp_path / "autre.pem"
    generate_keypair(other)
    return other.with_suffix(".pub.pem").read_bytes()
