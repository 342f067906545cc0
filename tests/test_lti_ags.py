"""Grades back to Moodle through LTI Advantage AGS, against the test platform of
tests/hub/ltiplatform.py (a fake Moodle on 127.0.0.1 that records what it receives).

No hub needed: the tool's side is `iasante.grading.products.lti` (token by client credentials with
a signed JWT assertion, one line item per assignment, one score per student).
"""

from __future__ import annotations

import json
import time

import pytest

pytest.importorskip("jwt", reason="PyJWT missing: run ci/install-hub-deps.sh")

from hub.ltiplatform import CLIENT_ID, Platform, new_key

from iasante.grading.products.exports import QuestionScore, StudentGrades
from iasante.grading.products.lti import (
    AgsClient,
    LtiError,
    LtiSettings,
    generate_keypair,
    lti_user_id,
    send_grades,
)
from iasante.grading.status import Status
from iasante.messages import msg

ASSIGNMENT = "m00_prise_en_main"


@pytest.fixture
def tool_key(tmp_path):
    path = tmp_path / "outil.pem"
    generate_keypair(path)
    return path


@pytest.fixture
def platform(tool_key):
    from cryptography.hazmat.primitives import serialization

    public = serialization.load_pem_public_key(tool_key.with_suffix(".pub.pem").read_bytes())
    running = Platform(tool_public_key=public).start()
    yield running
    running.stop()


def settings_for(platform: Platform, key_path) -> LtiSettings:
    return LtiSettings(
        client_id=CLIENT_ID,
        token_url=platform.token_url,
        lineitems_url=platform.lineitems_url,
        private_key=key_path.read_text(encoding="utf-8"),
    )


def pending_question() -> QuestionScore:
    return QuestionScore("nb", "reflexion", 2, None, None, 0.0, True)


def graded_question(score: float) -> QuestionScore:
    return QuestionScore("nb", "q1", 18, score, None, score, False)


def simulated_class() -> list[StudentGrades]:
    """Six students: four with an LTI identity (three complete, one pending manual grading),
    one added by hand without identity, one with a Moodle id recorded in the gradebook but
    no copy."""
    return [
        StudentGrades("moodle-101", Status.GRADED, 17.5, 20, questions=[graded_question(17.5)]),
        StudentGrades("moodle-102", Status.GRADED, 0.0, 20, questions=[graded_question(0)]),
        StudentGrades("moodle-103", Status.RESTORED, 12.0, 20, questions=[graded_question(12)]),
        StudentGrades(
            "moodle-104", Status.GRADED, 9.0, 20, questions=[graded_question(9), pending_question()]
        ),
        StudentGrades("alice", Status.GRADED, 15.0, 20, questions=[graded_question(15)]),
        StudentGrades("e2024001", Status.NO_SUBMISSION, 0.0, 20, lms_user_id="205"),
    ]


def test_lti_identity_from_gradebook_or_launch_user_name():
    assert lti_user_id(StudentGrades("moodle-17", Status.GRADED, 1, 2)) == "17"
    assert lti_user_id(StudentGrades("x", Status.GRADED, 1, 2, lms_user_id=" 18 ")) == "18"
    assert lti_user_id(StudentGrades("moodle-", Status.GRADED, 1, 2)) is None
    assert lti_user_id(StudentGrades("alice", Status.GRADED, 1, 2)) is None


def test_grades_reach_the_platform_once_and_the_report_says_why(platform, tool_key, tmp_path):
    settings = settings_for(platform, tool_key)
    journal = tmp_path / "exports" / f"{ASSIGNMENT}_lti.json"
    rows = simulated_class()
    report = send_grades(rows, ASSIGNMENT, settings, journal)

    # one line item for the assignment, identified by its resourceId, with the maximum
    assert len(platform.lineitems) == 1
    item = platform.lineitems[1]
    assert (item["resourceId"], item["scoreMaximum"], item["tag"]) == (ASSIGNMENT, 20, "iasante")
    # the platform received exactly the complete graded totals, keyed by the LTI sub
    received = {
        user: (s["scoreGiven"], s["scoreMaximum"]) for user, s in platform.scores[1].items()
    }
    assert received == {"101": (17.5, 20), "102": (0.0, 20), "103": (12.0, 20)}
    for score in platform.scores[1].values():
        assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
        assert score["timestamp"].endswith("+00:00")  # and Moodle's ISO 8601 check passed
    assert dict(report.sent) == {
        "moodle-101": "17.5 / 20",
        "moodle-102": "0 / 20",
        "moodle-103": "12 / 20",
    }
    assert dict(report.skipped) == {
        "moodle-104": msg("lti.skip.manual_pending"),
        "alice": msg("lti.skip.no_identity"),
        "e2024001": msg("grading.status.no_submission"),
    }
    assert report.refused == []
    # the access token was obtained by a signed client assertion, once
    assert len(platform.used_jti) == 1

    # idempotent: a second run sends nothing and creates no second line item
    before = platform.score_count()
    again = send_grades(rows, ASSIGNMENT, settings, journal)
    assert platform.score_count() == before and len(platform.lineitems) == 1
    assert again.sent == [] and {s for s, _ in again.skipped} >= {"moodle-101", "moodle-102"}

    # a changed grade (manual grade entered) is the only one sent on the next run
    rows[3] = StudentGrades(
        "moodle-104",
        Status.GRADED,
        11.0,
        20,
        questions=[graded_question(9), QuestionScore("nb", "reflexion", 2, None, 2, 2, True)],
    )
    third = send_grades(rows, ASSIGNMENT, settings, journal)
    assert [s for s, _ in third.sent] == ["moodle-104"]
    assert platform.scores[1]["104"]["scoreGiven"] == 11.0
    assert platform.score_count() == before + 1

    # --force resends every complete copy, still on the same line item (a second later:
    # Moodle refuses a score that is not newer, to the second, than the one it holds)
    time.sleep(1.1)
    forced = send_grades(rows, ASSIGNMENT, settings, journal, force=True)
    assert len(forced.sent) == 4 and len(platform.lineitems) == 1
    data = json.loads(journal.read_text(encoding="utf-8"))
    assert set(data[item["id"]]) == {"101", "102", "103", "104"}

    # A grade changed in Moodle since (newer timestamp) is not overwritten, and said so.
    platform.scores[1]["101"]["timestamp"] = "2999-01-01T00:00:00Z"
    rows[0] = StudentGrades("moodle-101", Status.GRADED, 18.0, 20, questions=[graded_question(18)])
    newer = send_grades(rows, ASSIGNMENT, settings, journal)
    assert newer.refused == [("moodle-101", msg("lti.refused.newer"))]
    assert platform.scores[1]["101"]["scoreGiven"] == 17.5


def test_refused_scores_are_reported_and_an_interrupted_run_resumes(platform, tool_key, tmp_path):
    settings = settings_for(platform, tool_key)
    journal = tmp_path / "j.json"
    rows = simulated_class()
    platform.refuse_users = {"102"}  # e.g. unenrolled from the Moodle course since
    platform.fail_after = 2  # Moodle goes down after two score requests
    first = send_grades(rows, ASSIGNMENT, settings, journal)
    assert [s for s, _ in first.sent] == ["moodle-101"]
    refused = dict(first.refused)
    assert refused["moodle-102"] == msg(
        "lti.refused.http", status=400, detail="Incorrect score received"
    )
    assert refused["moodle-103"].startswith("refusée par Moodle (code 503)")
    assert set(platform.scores[1]) == {"101"}

    platform.fail_after = None
    platform.refuse_users = set()
    resumed = send_grades(rows, ASSIGNMENT, settings, journal)
    assert sorted(s for s, _ in resumed.sent) == ["moodle-102", "moodle-103"]
    assert ("moodle-101", msg("lti.skip.already_sent", score=17.5)) in resumed.skipped
    assert set(platform.scores[1]) == {"101", "102", "103"}
    assert len(platform.lineitems) == 1


def test_a_wrong_tool_key_gets_no_token_and_sends_nothing(platform, tmp_path):
    other = tmp_path / "autre.pem"
    generate_keypair(other)  # not the key registered on the platform
    settings = settings_for(platform, other)
    with pytest.raises(LtiError, match=r"Moodle a refusé l'accès aux notes \(code 400\)"):
        send_grades(simulated_class(), ASSIGNMENT, settings, tmp_path / "j.json")
    assert platform.scores == {} and platform.lineitems == {}


def test_no_identity_at_all_contacts_nobody(platform, tool_key, tmp_path):
    settings = settings_for(platform, tool_key)
    rows = [StudentGrades("alice", Status.GRADED, 3, 20, questions=[graded_question(3)])]
    report = send_grades(rows, ASSIGNMENT, settings, tmp_path / "j.json")
    assert report.skipped == [("alice", msg("lti.skip.no_identity"))]
    assert platform.requests == [] and platform.used_jti == set()


def test_client_assertion_is_a_verifiable_rs256_jwt(tool_key, tmp_path):
    import jwt
    from cryptography.hazmat.primitives import serialization

    settings = LtiSettings(
        CLIENT_ID,
        "https://moodle.exemple.fr/mod/lti/token.php",
        "https://moodle.exemple.fr/mod/lti/services.php/4/lineitems",
        tool_key.read_text(encoding="utf-8"),
        kid="k1",
    )
    assertion = AgsClient(settings).client_assertion()
    public = serialization.load_pem_public_key(tool_key.with_suffix(".pub.pem").read_bytes())
    claims = jwt.decode(
        assertion, public, algorithms=["RS256"], audience=settings.token_url, issuer=CLIENT_ID
    )
    assert claims["sub"] == CLIENT_ID and claims["exp"] - claims["iat"] <= 310
    assert jwt.get_unverified_header(assertion)["kid"] == "k1"
    # and a key that is not the tool's cannot verify it
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(
            assertion, new_key().public_key(), algorithms=["RS256"], audience=settings.token_url
        )


def test_settings_file_and_cli_messages(tool_key, tmp_path):
    config = tmp_path / "lti.json"
    config.write_text(json.dumps({"client_id": "c", "token_url": "t"}), encoding="utf-8")
    with pytest.raises(LtiError, match="il manque lineitems_url, private_key_file"):
        LtiSettings.from_file(config)
    config.write_text(
        json.dumps(
            {
                "client_id": "c",
                "token_url": "t",
                "lineitems_url": "l",
                "private_key_file": tool_key.name,
            }
        ),
        encoding="utf-8",
    )
    assert LtiSettings.from_file(config).private_key.startswith("-----BEGIN PRIVATE KEY")
    assert oct(tool_key.stat().st_mode & 0o777) == "0o600"
