"""LTI roles → nbgrader groups, and the French reasons of refused launches (no hub)."""

from __future__ import annotations

import pytest

pytest.importorskip("ltiauthenticator", reason="run ci/install-hub-deps.sh")

from iasante.hub.lti import CourseLTI13Authenticator, course_groups, explain_refusal
from iasante.messages import msg

M = "http://purl.imsglobal.org/vocab/lis/v2/membership#"


@pytest.mark.parametrize(
    ("roles", "groups"),
    [
        ([M + "Learner"], ["nbgrader-ia-sante"]),
        (["Learner"], ["nbgrader-ia-sante"]),
        ([M + "Instructor"], ["formgrade-ia-sante"]),
        (
            ["http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"],
            ["formgrade-ia-sante"],
        ),
        ([M + "Learner", M + "Instructor"], ["formgrade-ia-sante"]),  # teaching role wins
        ([M + "Mentor"], []),
        (["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"], []),
        ([], []),
    ],
)
def test_roles_map_to_one_course_group(roles, groups):
    assert course_groups(roles, "ia-sante") == groups


@pytest.mark.parametrize(
    ("upstream", "key"),
    [
        ("Signature verification failed", "lti.launch.bad_signature"),
        ('Unable to find a signing key that matches: "x"', "lti.launch.bad_signature"),
        ("Audience doesn't match", "lti.launch.wrong_audience"),
        ("azp claim does not match client_id.", "lti.launch.wrong_audience"),
        ("Signature has expired", "lti.launch.expired"),
        ("id_token issued too long ago.", "lti.launch.expired"),
        ("OAuth nonce mismatch", "lti.launch.replayed"),
        ("OAuth state missing from cookies", "lti.launch.state"),
    ],
)
def test_refusals_are_explained_in_french(upstream, key):
    assert explain_refusal(upstream) == msg(key)


def test_user_name_is_the_prefixed_moodle_user_id():
    auth = CourseLTI13Authenticator()
    assert auth.username_key == "sub" and auth.manage_groups
    assert auth.get_username({"sub": "1834", "email": "a@b.fr"}) == "moodle-1834"
    assert explain_refusal("weird") == msg("lti.launch.invalid", detail="weird")
