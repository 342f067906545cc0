"""The DU student's journey on a real JupyterHub, through nbgrader's exchange.

One hub on 127.0.0.1 (deploy/jupyterhub_config.py + test overrides, see tests/hub/hubrun.py),
one instructor and two students. The instructor releases module 00 with stock nbgrader;
each student fetches it through *their* single-user server's nbgrader API (the REST
endpoints of the JupyterLab extension, via the hub's proxy, with their own API token);
alice answers, bob submits the untouched notebook; the instructor collects, grades and
returns feedback; each student fetches feedback that shows the right score.
Skips (with the reason) when JupyterHub or configurable-http-proxy is missing.
"""

from __future__ import annotations

import json
import time

import nbformat
import pytest
from hub.course import (
    ASSIGNMENT,
    NOTEBOOK,
    answered,
    copy_release_course,
    feedback_scores,
    grade,
    instructor_env,
    nbgrader,
    points,
    server_post,
)
from hub.hubrun import COURSE_ID, REPO, Hub, missing_tools, request, running_hub

from iasante.course import CourseLayout
from iasante.course.edition import build_edition

pytestmark = [pytest.mark.hub, pytest.mark.slow]

INSTRUCTOR, GOOD, UNTOUCHED = "prof", "alice", "bob"


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    with running_hub(tmp_path_factory.mktemp("hub"), [INSTRUCTOR], [GOOD, UNTOUCHED]) as running:
        yield running


def _statuses(listing: list[dict]) -> set[str]:
    return {item["status"] for item in listing if item.get("assignment_id") == ASSIGNMENT}


def _cells(path) -> list[tuple[str, str, dict]]:
    nb = nbformat.read(path, as_version=4)
    return [(c.cell_type, c.source, c.metadata.get("nbgrader", {})) for c in nb.cells]


def test_release_fetch_submit_collect_grade_feedback(hub: Hub, tmp_path) -> None:
    timings: dict[str, float] = {}
    start = time.monotonic()

    # -- Instructor: the course in their home, released through the exchange ---------------
    course = copy_release_course(REPO, hub.home(INSTRUCTOR))
    env = instructor_env(hub.exchange, course)
    hub.spawn(INSTRUCTOR, GOOD, UNTOUCHED)
    timings["servers"] = time.monotonic() - start
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force", env=env)
    nbgrader(course, "release_assignment", ASSIGNMENT, "--force", env=env)
    released = hub.exchange / COURSE_ID / "outbound" / ASSIGNMENT / NOTEBOOK
    assert released.is_file()

    tokens = {user: hub.user_token(user) for user in (INSTRUCTOR, GOOD, UNTOUCHED)}

    # The instructor's server runs formgrader on the course (config read from its cwd).
    formgrader = request(
        "GET", f"{hub.server_url(INSTRUCTOR)}/formgrader", token=tokens[INSTRUCTOR]
    )
    assert formgrader.status == 200, formgrader.text[:500]

    # -- Students: the course is theirs through their JupyterHub group -------------------
    for user in (GOOD, UNTOUCHED):
        courses = request("GET", f"{hub.server_url(user)}/courses", token=tokens[user]).json()
        assert courses == {"success": True, "value": [COURSE_ID]}, courses
        listing = request(
            "GET", f"{hub.server_url(user)}/assignments?course_id={COURSE_ID}", token=tokens[user]
        ).json()
        assert listing["success"] and _statuses(listing["value"]) == {"released"}, listing

    # -- Fetch ------------------------------------------------------------------------------
    fetched = {}
    for user in (GOOD, UNTOUCHED):
        listing = server_post(hub, user, tokens[user], "fetch")
        assert "fetched" in _statuses(listing), listing
        fetched[user] = hub.home(user) / COURSE_ID / ASSIGNMENT / NOTEBOOK
        assert fetched[user].is_file(), f"{user}: nothing fetched into {fetched[user].parent}"
    timings["fetched"] = time.monotonic() - start
    # What they fetched is the student edition's notebook (issue 23): the class answers
    # and is graded on exactly what the students' repository carries.
    edition = build_edition(CourseLayout(REPO), tmp_path / "edition")
    in_edition = _cells(edition.root / "release" / ASSIGNMENT / NOTEBOOK)
    assert all(_cells(path) == in_edition for path in fetched.values())

    # -- alice answers (saved through the contents API, as JupyterLab does); bob does not ---
    notebook = answered(fetched[GOOD], course / "source" / ASSIGNMENT / NOTEBOOK)
    saved = request(
        "PUT",
        f"{hub.server_url(GOOD)}/api/contents/{COURSE_ID}/{ASSIGNMENT}/{NOTEBOOK}",
        token=tokens[GOOD],
        data={"type": "notebook", "format": "json", "content": notebook},
    )
    assert saved.status in (200, 201), saved.text[:500]
    on_disk = nbformat.read(fetched[GOOD], as_version=4)
    assert not [c for c in on_disk.cells if c.cell_type == "code" and "VOTRE CODE ICI" in c.source]

    # -- Submit -----------------------------------------------------------------------------
    for user in (GOOD, UNTOUCHED):
        listing = server_post(hub, user, tokens[user], "submit")
        assert "submitted" in _statuses(listing), listing
    inbound = sorted(p.name.split("+")[0] for p in (hub.exchange / COURSE_ID / "inbound").iterdir())
    assert inbound == [GOOD, UNTOUCHED], f"submissions not named after the hub users: {inbound}"
    timings["submitted"] = time.monotonic() - start

    # -- Instructor: collect, grade, feedback ----------------------------------------------
    nbgrader(course, "collect", ASSIGNMENT, env=env)
    for user in (GOOD, UNTOUCHED):
        assert (course / "submitted" / user / ASSIGNMENT / NOTEBOOK).is_file()
    grader = grade(course, ASSIGNMENT, env)
    print(f"graded with: {grader}")
    nbgrader(course, "generate_feedback", ASSIGNMENT, "--force", env=env)
    nbgrader(course, "release_feedback", ASSIGNMENT, env=env)
    timings["graded"] = time.monotonic() - start

    # -- Students: fetch feedback; the score is theirs --------------------------------------
    # alice: every auto-graded point (17 in module 00); the reflection awaits a human grader.
    auto_points, total_points = points(course / "source" / ASSIGNMENT / NOTEBOOK)
    expected = {GOOD: auto_points, UNTOUCHED: 0.0}
    for user in (GOOD, UNTOUCHED):
        server_post(hub, user, tokens[user], "fetch_feedback")
        pages = list((hub.home(user) / COURSE_ID / ASSIGNMENT / "feedback").glob("*/*.html"))
        assert len(pages) == 1, f"{user}: feedback files {pages}"
        scores = feedback_scores(pages[0].read_text(encoding="utf-8"))
        assert scores, f"{user}: no score in {pages[0]}"
        total, maximum = scores[0]
        assert maximum == total_points, scores
        assert total == expected[user], f"{user}: feedback shows {total} / {maximum}"
    timings["feedback"] = time.monotonic() - start
    print("timings (s):", json.dumps({k: round(v, 1) for k, v in timings.items()}))

    # Graded copies are named after the hub users, never after the shared Unix account.
    for step in ("submitted", "autograded", "feedback"):
        students = sorted(p.name for p in (course / step).iterdir() if not p.name.startswith("."))
        assert students == [GOOD, UNTOUCHED], f"{step}/: {students}"
