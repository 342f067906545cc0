"""A student in a real browser: Chromium (Playwright) on a real JupyterHub.

Logs in, follows the instructor's nbgitpuller link (built by `iasante lien`, pointing to a
local git repository of the student edition: no network) which clones it and opens module 00 in
JupyterLab (French UI), runs the notebook, sees a visible check's French message, clicks
nbgrader's Validate button and sees the validation dialog; then, in nbgrader's Assignments
panel, fetches the assignment the instructor released through the exchange and submits it.
Her JupyterLab has no « Create Assignment » panel and no formgrader; the instructor's has both.
Screenshots of each step go to artifacts/hub-screenshots/ (kept by CI, git-ignored).
Skips (with the reason) without JupyterHub, configurable-http-proxy, Playwright or
/usr/bin/chromium. Never downloads a browser.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from hub.course import ASSIGNMENT, copy_release_course, instructor_env, nbgrader
from hub.hubrun import (
    CHROMIUM,
    COURSE_ID,
    PASSWORD,
    REPO,
    Hub,
    missing_tools,
    running_hub,
)

from iasante.course import CourseLayout
from iasante.course.edition import MANIFEST_NAME, build_edition
from iasante.hub.lien import build_link, check_student_repository, repo_dir, resolve_module

pytestmark = [pytest.mark.hub, pytest.mark.slow]

STUDENT = "chloe"
INSTRUCTOR = "prof"
SHOTS = REPO / "artifacts" / "hub-screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
WAIT = 240_000  # ms: spawning and the first JupyterLab load are slow on a shared machine


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    reason = missing_tools(browser=True)
    if reason:
        pytest.skip(reason)
    with running_hub(tmp_path_factory.mktemp("hub-browser"), [INSTRUCTOR], [STUDENT]) as running:
        yield running


@pytest.fixture()
def page(hub, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # A fresh profile each time (Playwright passes it as --user-data-dir).
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 900},
            locale="fr-FR",
        )
        try:
            context.set_default_timeout(60_000)
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def _course_repository(dest: Path) -> str:
    """The students' repository, as on GitHub (a file:// URL): the student edition built by
    `iasante edition-etudiante` from this course, committed as its own repository."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed: nbgitpuller needs it")
    work = dest / "ia-sante-etudiant"
    build_edition(CourseLayout(REPO), work)
    git = [
        "git",
        "-c",
        "user.name=Enseignant",
        "-c",
        "user.email=prof@univ.example",
        "-c",
        "init.defaultBranch=main",
    ]
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "Édition étudiante"]):
        subprocess.run([*git, *args], cwd=work, check=True, capture_output=True)
    return work.resolve().as_uri()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name))


def test_student_runs_and_validates_module_00(hub: Hub, page, tmp_path) -> None:
    for old in SHOTS.glob("*.png"):
        old.unlink()
    depot = _course_repository(tmp_path / "depot")
    # The instructor released module 00 through the nbgrader exchange (stock commands).
    course = copy_release_course(REPO, hub.home(INSTRUCTOR))
    env = instructor_env(hub.exchange, course)
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force", env=env)
    nbgrader(course, "release_assignment", ASSIGNMENT, "--force", env=env)
    try:
        _journey(hub, page, depot)
        _instructor_sees_the_teaching_tools(hub, page)
    except Exception:
        _shot(page, "99-echec.png")  # what the student saw when the test failed
        raise


def _journey(hub: Hub, page, depot: str) -> None:
    start = time.monotonic()

    # 1. Log in on the hub.
    page.goto(f"{hub.url}/hub/login", wait_until="domcontentloaded")
    page.fill("#username_input", STUDENT)
    page.fill("#password_input", PASSWORD)
    _shot(page, "01-login.png")
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{STUDENT}/lab"), timeout=WAIT)
    page.wait_for_selector("#jp-main-dock-panel", timeout=WAIT)

    # 2. The instructor's link (as pasted into Moodle): nbgitpuller clones the course into
    #    ~/<repo>/ and opens module 00. JupyterLab speaks French.
    #    The link points to the student edition (what `iasante lien` accepts by default):
    #    the clone holds the assignment but no source/ (solutions, hidden tests).
    target = resolve_module(CourseLayout(REPO), "m00")
    check_student_repository(depot, "main")
    link = build_link(hub.url, depot, target)
    page.goto(link, wait_until="domcontentloaded")
    page.wait_for_url(re.compile(rf"/user/{STUDENT}/lab/tree/"), timeout=WAIT)
    clone = hub.home(STUDENT) / repo_dir(depot)
    cloned = clone / target.path
    assert cloned.is_file(), f"nbgitpuller did not clone {cloned}"
    assert (clone / MANIFEST_NAME).is_file()
    leaked = [
        p
        for p in ("source", "tests", "iasante/grading", "nbgrader_config.py")
        if (clone / p).exists()
    ]
    assert not leaked, f"the student's clone holds instructor material: {leaked}"
    notebook = page.locator(".jp-NotebookPanel:visible")
    notebook.locator(".jp-Cell").first.wait_for(timeout=WAIT)
    menubar = page.locator(".lm-MenuBar-itemLabel")
    menubar.filter(has_text=re.compile(r"^Fichier$")).wait_for(timeout=WAIT)
    labels = menubar.all_inner_texts()
    assert "Fichier" in labels and "Noyau" in labels, labels
    # The kernel is ready: « Inactif » (idle) in the status bar.
    page.locator(".jp-StatusBar-Widget").filter(has_text="Inactif").first.wait_for(timeout=WAIT)
    _shot(page, "02-notebook.png")

    # 3. Run the notebook (menu Exécution › Exécuter toutes les cellules): the run stops at
    #    the first unanswered question, as in class. Then a wrong answer to question 1 and
    #    its visible check, which answers in French.
    menubar.filter(has_text=re.compile(r"^Exécution$")).click()
    page.get_by_role("menuitem", name=re.compile(r"^Exécuter toutes les cellules")).click()
    answer = notebook.locator(".jp-CodeCell").filter(has_text="VOTRE CODE ICI").first
    answer.locator(".jp-OutputArea-output").first.wait_for(timeout=WAIT)
    # (text_content, not inner_text: JupyterLab does not lay out cells off screen)
    assert "NotImplementedError" in (answer.locator(".jp-OutputArea").text_content() or "")
    answer.scroll_into_view_if_needed()

    answer.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.type('weight_kg = "82"\nheight_m = 1.74')
    page.keyboard.press("Shift+Enter")  # runs the answer, selects its check
    page.keyboard.press("Shift+Enter")  # runs the check
    check = notebook.locator(".jp-CodeCell").filter(has_text="Vérification (question 1)")
    message = check.locator(".jp-OutputArea").filter(has_text="contient du texte")
    message.wait_for(timeout=WAIT)
    text = message.text_content() or ""
    assert "écrivez le nombre sans guillemets" in text, text
    message.scroll_into_view_if_needed()
    _shot(page, "03-message.png")

    # 4. Save, then nbgrader's Validate button (notebook toolbar) and its dialog.
    page.keyboard.press("Control+S")
    # Wait for the save to finish (the tab loses its « modified » dot): Validate saves
    # again, and two overlapping saves make JupyterLab ask « Fichier modifié ».
    page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").wait_for(
        state="detached", timeout=WAIT
    )
    validate = notebook.locator(".validate-button, button:has-text('Validate')").first
    validate.click()
    dialog = page.locator(".jp-Dialog")
    dialog.filter(has_text=re.compile("Validation Results|Validation failed")).wait_for(
        timeout=WAIT
    )
    body = dialog.text_content() or ""
    assert "Validation Results" in body and "contient du texte" in body, body
    _shot(page, "04-validate.png")
    dialog.get_by_role("button", name=re.compile("^ok$", re.I)).click()

    # 5. A student's JupyterLab: no « Create Assignment » panel, no formgrader (menu and
    #    server side), the Assignments list and Validate only.
    _assert_teaching_tools(page, hub, STUDENT, present=False)
    menubar.filter(has_text=re.compile(r"^Nbgrader$")).click()
    page.get_by_role("menuitem", name=re.compile(r"Assignment List")).wait_for(timeout=WAIT)
    _shot(page, "05-menu-etudiant.png")
    page.keyboard.press("Escape")

    # 6. Menu Nbgrader › Assignment List: fetch what the instructor released, then submit.
    menubar.filter(has_text=re.compile(r"^Nbgrader$")).click()
    page.get_by_role("menuitem", name=re.compile(r"Assignment List")).click()
    released = page.locator("#released_assignments_list").filter(has_text=ASSIGNMENT)
    released.get_by_role("button", name="Fetch").click(timeout=WAIT)
    fetched = page.locator("#fetched_assignments_list").filter(has_text=ASSIGNMENT)
    fetched.get_by_role("button", name="Submit").wait_for(timeout=WAIT)
    assert (hub.home(STUDENT) / COURSE_ID / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
    _shot(page, "06-assignments.png")
    fetched.get_by_role("button", name="Submit").click()
    submitted = page.locator("#submitted_assignments_list").filter(has_text=ASSIGNMENT)
    submitted.wait_for(timeout=WAIT)
    inbound = [p.name for p in (hub.exchange / COURSE_ID / "inbound").iterdir()]
    assert [n.split("+")[:2] for n in inbound] == [[STUDENT, ASSIGNMENT]], inbound
    _shot(page, "07-submit.png")
    print(f"browser journey: {time.monotonic() - start:.0f} s; screenshots in {SHOTS}")


def _assert_teaching_tools(page, hub: Hub, user: str, present: bool) -> None:
    """« Create Assignment » side panel, Formgrader and Course List menu entries, and the
    formgrader server page: all there for the teaching team, none for a student."""
    panel = page.locator(".jp-SideBar .lm-TabBar-tab").filter(has_text="Create Assignment")
    menubar = page.locator(".lm-MenuBar-itemLabel")
    menubar.filter(has_text=re.compile(r"^Nbgrader$")).click()
    items = page.locator(".lm-Menu-itemLabel")
    items.filter(has_text="Assignment List").first.wait_for(timeout=WAIT)
    labels = set(items.all_inner_texts())
    page.keyboard.press("Escape")
    formgrader = page.request.get(f"{hub.url}/user/{user}/formgrader")
    if present:
        assert panel.count() == 1, "the teaching team has no « Create Assignment » panel"
        assert {"Formgrader", "Course List"} <= labels, labels
        assert formgrader.status == 200, formgrader.status
    else:
        assert panel.count() == 0, "a student sees the « Create Assignment » panel"
        assert not {"Formgrader", "Course List", "Create assignment"} & labels, labels
        assert formgrader.status == 404, formgrader.status
        # Validate (notebook toolbar) and the Assignments list stay.
        assert page.locator(".validate-button, button:has-text('Validate')").count() >= 1


def _instructor_sees_the_teaching_tools(hub: Hub, page) -> None:
    page.goto(f"{hub.url}/hub/logout", wait_until="domcontentloaded")
    page.goto(f"{hub.url}/hub/login", wait_until="domcontentloaded")
    page.fill("#username_input", INSTRUCTOR)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{INSTRUCTOR}/lab"), timeout=WAIT)
    # The instructor's version of module 00 (in their course copy), as when authoring.
    source = f"source/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    page.goto(f"{hub.url}/user/{INSTRUCTOR}/lab/tree/{source}", wait_until="domcontentloaded")
    page.locator(".jp-NotebookPanel:visible .jp-Cell").first.wait_for(timeout=WAIT)
    _assert_teaching_tools(page, hub, INSTRUCTOR, present=True)
    tab = page.locator(".jp-SideBar .lm-TabBar-tab").filter(has_text="Create Assignment")
    tab.click()
    page.locator(".jp-SideBar .lm-TabBar-tab.lm-mod-current").filter(
        has_text="Create Assignment"
    ).wait_for(timeout=WAIT)
    page.wait_for_timeout(1000)  # the panel lays out its notebook's cells
    _shot(page, "08-enseignant-create-assignment.png")
    page.locator(".lm-MenuBar-itemLabel").filter(has_text=re.compile(r"^Nbgrader$")).click()
    page.get_by_role("menuitem", name=re.compile(r"^Formgrader")).wait_for(timeout=WAIT)
    _shot(page, "09-enseignant-menu.png")
    page.keyboard.press("Escape")
