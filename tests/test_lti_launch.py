"""LTI 1.3 launch from a (fake) Moodle into the real local hub.

The test platform of tests/hub/ltiplatform.py plays Moodle on 127.0.0.1 (keypair, JWKS,
OIDC authorization endpoint, signed id_token); the hub runs deploy/jupyterhub_config.py
with IASANTE_LTI_* set, i.e. `iasante.hub.lti.CourseLTI13Authenticator`
(jupyterhub-ltiauthenticator). The HTTP client plays the browser: it keeps the cookies
and carries each step by hand (login initiation → authentication request → id_token
form post), so a test can tamper with the token between the platform and the hub.
Skips (with the reason) when JupyterHub, the proxy or the LTI authenticator is missing.
"""

from __future__ import annotations

import html
import http.cookiejar
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from hub.hubrun import CHROMIUM, COURSE_ID, REPO, Hub, missing_tools, request, running_hub

pytestmark = [pytest.mark.hub, pytest.mark.slow]

LEARNER_SUB, TEACHER_SUB, MENTOR_SUB = "201", "7", "301"
LEARNER, TEACHER = f"moodle-{LEARNER_SUB}", f"moodle-{TEACHER_SUB}"
TARGET_PATH = "/hub/user-redirect/lab/tree/ia-sante/m00_prise_en_main"
LOGIN_COOKIE = "jupyterhub-hub-login"


@pytest.fixture(scope="module")
def lti_hub(tmp_path_factory):
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    pytest.importorskip("ltiauthenticator", reason="run ci/install-hub-deps.sh")
    from hub.ltiplatform import (
        CLIENT_ID,
        DEPLOYMENT_ID,
        INSTRUCTOR,
        Platform,
        PlatformUser,
    )
    from hub.ltiplatform import (
        LEARNER as LEARNER_ROLE,
    )

    platform = Platform().start()
    platform.users = {
        "etudiante": PlatformUser(
            LEARNER_SUB, "chloe.martin@univ.fr", "Chloé", "Martin", [LEARNER_ROLE]
        ),
        "enseignant": PlatformUser(
            TEACHER_SUB, "p.durand@univ.fr", "Pierre", "Durand", [INSTRUCTOR]
        ),
        "mentor": PlatformUser(
            MENTOR_SUB,
            "m@univ.fr",
            "Marc",
            "Tuteur",
            ["http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"],
        ),
    }
    env = {
        "IASANTE_LTI_ISSUER": platform.url,
        "IASANTE_LTI_CLIENT_ID": CLIENT_ID,
        "IASANTE_LTI_DEPLOYMENT_ID": DEPLOYMENT_ID,
        "IASANTE_LTI_AUTH_URL": platform.auth_url,
        "IASANTE_LTI_JWKS_URL": platform.jwks_url,
    }
    try:
        with running_hub(
            tmp_path_factory.mktemp("hub-lti"), [TEACHER], [LEARNER], env=env, shared_password=False
        ) as hub:
            platform.tool_login_url = f"{hub.url}/hub/lti13/oauth_login"
            platform.tool_redirect_url = f"{hub.url}/hub/lti13/oauth_callback"
            platform.tool_target_url = f"{hub.url}{TARGET_PATH}"
            yield hub, platform
    finally:
        platform.stop()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies, no automatic redirects: each step of the launch is visible."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )

    def send(self, method: str, url: str, form: dict | None = None):
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(url, data=body, method=method)
        if body is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with self.opener.open(req, timeout=60) as answer:
                return answer.status, _lower(answer.headers), answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, _lower(error.headers), error.read().decode()

    def cookies(self) -> set[str]:
        return {c.name for c in self.jar}


def start_launch(hub: Hub, platform, browser: Browser, who: str) -> tuple[str, dict]:
    """Moodle → hub login initiation → the hub's authentication request to Moodle;
    returns the platform's answer (redirect_uri, form fields with the signed id_token)."""
    status, headers, body = browser.send(
        "POST", platform.tool_login_url, platform.login_initiation(who)
    )
    assert status == 302, f"login initiation: {status} {body[:300]}"
    location = headers["location"]
    assert location.startswith(platform.auth_url), location
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    assert query["redirect_uri"] == platform.tool_redirect_url
    return platform.authorize(query)


def launch(hub: Hub, platform, who: str, tamper=None):
    browser = Browser()
    action, fields = start_launch(hub, platform, browser, who)
    if tamper is not None:
        fields["id_token"] = tamper(fields["id_token"])
    status, headers, body = browser.send("POST", action, fields)
    return browser, fields, status, headers, body


def hub_user(hub: Hub, name: str) -> dict | None:
    """The hub's user model, None when the hub has no such user."""
    answer = request("GET", f"{hub.api}/users/{name}", token=hub.admin_token)
    assert answer.status in (200, 404), answer.text
    return answer.json() if answer.status == 200 else None


@pytest.mark.parametrize(
    ("who", "name", "group"),
    [
        ("etudiante", LEARNER, f"nbgrader-{COURSE_ID}"),
        ("enseignant", TEACHER, f"formgrade-{COURSE_ID}"),
    ],
)
def test_launch_logs_in_with_the_moodle_id_and_the_course_group(lti_hub, who, name, group):
    hub, platform = lti_hub
    browser, _, status, headers, body = launch(hub, platform, who)
    assert status == 302, f"launch refused: {status} {body[:500]}\n{hub.log_tail(3000)}"
    # the student lands where the Moodle activity points (their own server, the assignment)
    assert headers["location"] == TARGET_PATH
    assert LOGIN_COOKIE in browser.cookies()
    model = hub_user(hub, name)
    assert model["name"] == name and model["groups"] == [group], model
    # the session works: the hub's home page, logged in as that user
    status, _, page = browser.send("GET", f"{hub.url}/hub/home")
    assert status == 200 and name in page
    # a second launch (another day) is the same hub user, still in one course group
    launch(hub, platform, who)
    assert hub_user(hub, name)["groups"] == [group]


def _resign(platform, token: str, key=None, **changes) -> str:
    import jwt

    claims = jwt.decode(token, options={"verify_signature": False})
    claims.update(changes)
    return platform.id_token(claims, key=key)


def _refused(hub: Hub, browser: Browser, status: int, body: str, reason: str) -> None:
    assert status in (400, 401, 403), f"{status}: {body[:400]}"
    body = html.unescape(body)
    assert "Connexion depuis Moodle refusée" in body, body[:2000]
    assert reason in body, body[:2000]
    assert LOGIN_COOKIE not in browser.cookies(), "a refused launch must open no session"


def test_tampered_tokens_are_refused_with_a_clear_message(lti_hub):
    from hub.ltiplatform import new_key

    hub, platform = lti_hub
    stranger = new_key()
    cases = {
        # signed by another key under Moodle's key id
        "signature": (lambda t: _resign(platform, t, key=stranger), "signature du jeton"),
        # issued for another tool
        "audience": (
            lambda t: _resign(platform, t, aud="un-autre-outil"),
            "émis pour un autre outil",
        ),
        # expired two minutes ago
        "expired": (
            lambda t: _resign(platform, t, exp=int(time.time()) - 120, iat=int(time.time()) - 180),
            "a expiré",
        ),
        # a claim changed after signing (payload edited, signature kept)
        "edited": (lambda t: _edit_payload(t, sub="1"), "signature du jeton"),
    }
    for case, (tamper, reason) in cases.items():
        browser, _, status, _, body = launch(hub, platform, "mentor", tamper)
        _refused(hub, browser, status, body, reason)
        print(f"{case}: refused ({status})")
    assert hub_user(hub, f"moodle-{MENTOR_SUB}") is None
    assert hub_user(hub, "moodle-1") is None


def _edit_payload(token: str, **changes) -> str:
    import base64
    import json

    header, payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data.update(changes)
    edited = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{header}.{edited}.{signature}"


def test_a_replayed_id_token_is_refused(lti_hub):
    hub, platform = lti_hub
    first, fields, status, _, _ = launch(hub, platform, "etudiante")
    assert status == 302
    # the same form posted again (e.g. captured): its state cookie is spent
    again = Browser()
    status, _, body = again.send("POST", platform.tool_redirect_url, fields)
    _refused(hub, again, status, body, "pas été commencée depuis ce navigateur")
    # replayed inside a fresh launch of this browser: the nonce does not match
    browser = Browser()
    action, new_fields = start_launch(hub, platform, browser, "etudiante")
    new_fields["id_token"] = fields["id_token"]
    status, _, body = browser.send("POST", action, new_fields)
    _refused(hub, browser, status, body, "déjà servi")


def test_a_role_without_course_access_is_refused(lti_hub):
    hub, platform = lti_hub
    browser, _, status, _, body = launch(hub, platform, "mentor")
    _refused(hub, browser, status, body, "ne donne pas accès")
    assert "Mentor" in body
    assert hub_user(hub, f"moodle-{MENTOR_SUB}") is None


def test_another_deployment_is_refused(lti_hub):
    hub, platform = lti_hub
    browser, _, status, _, body = launch(
        hub,
        platform,
        "etudiante",
        lambda t: _resign(
            platform, t, **{"https://purl.imsglobal.org/spec/lti/claim/deployment_id": "99"}
        ),
    )
    _refused(hub, browser, status, body, "déploiement de l'outil (99)")


def _lower(headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


# -- In a real browser: click in the (fake) Moodle course, land in JupyterLab -------------


def test_browser_click_in_moodle_lands_on_the_assignment_in_french_jupyterlab(lti_hub, tmp_path):
    """Chromium opens the platform's course page and clicks the activity; the launch
    (auto-submitted forms, as Moodle does) logs the student in, nbgitpuller (the
    activity's target link, built by `iasante lien`) clones the course, and module 00
    opens in French JupyterLab. Screenshots: artifacts/hub-screenshots/lti-*.png."""
    import re

    reason = missing_tools(browser=True)
    if reason:
        pytest.skip(reason)
    from hub.ltiplatform import new_key
    from playwright.sync_api import sync_playwright
    from test_hub_browser import CHROMIUM_ARGS, SHOTS, WAIT, _course_repository

    from iasante.course import CourseLayout
    from iasante.hub.lien import build_link, repo_dir, resolve_module

    hub, platform = lti_hub
    depot = _course_repository(tmp_path / "depot")
    target = resolve_module(CourseLayout(REPO), "m00")
    link = build_link(hub.url, depot, target)
    platform.tool_target_url = link  # the Moodle activity's « URL de l'outil »
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("lti-*.png"):
        old.unlink()
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 900},
            locale="fr-FR",
        )
        page = context.pages[0] if context.pages else context.new_page()
        context.set_default_timeout(60_000)
        try:
            page.goto(f"{platform.url}/course", wait_until="domcontentloaded")
            page.screenshot(path=str(SHOTS / "lti-01-moodle.png"))
            page.click("#lancer-etudiante")
            page.wait_for_url(re.compile(rf"/user/{LEARNER}/lab/tree/"), timeout=WAIT)
            notebook = page.locator(".jp-NotebookPanel:visible")
            notebook.locator(".jp-Cell").first.wait_for(timeout=WAIT)
            menubar = page.locator(".lm-MenuBar-itemLabel")
            menubar.filter(has_text=re.compile(r"^Fichier$")).wait_for(timeout=WAIT)
            assert "Noyau" in menubar.all_inner_texts()
            assert target.path.split("/")[-1] in page.url
            notebook.locator(".jp-MarkdownOutput").first.wait_for(timeout=WAIT)
            page.locator(".jp-StatusBar-Widget").filter(has_text="Inactif").first.wait_for(
                timeout=WAIT
            )
            page.screenshot(path=str(SHOTS / "lti-02-devoir.png"))

            # A forged token (signed by another key) in the same browser: the hub's page
            # says why in French, and the launch opens nothing.
            platform.forge_with = new_key()
            page.goto(f"{platform.url}/course", wait_until="domcontentloaded")
            page.click("#lancer-enseignant")
            page.get_by_text("Connexion depuis Moodle refusée").wait_for(timeout=WAIT)
            assert "signature du jeton de Moodle est invalide" in page.content()
            page.screenshot(path=str(SHOTS / "lti-03-refus.png"))
        except Exception:
            page.screenshot(path=str(SHOTS / "lti-99-echec.png"))
            raise
        finally:
            platform.forge_with = None
            context.close()
    cloned = hub.home(LEARNER) / repo_dir(depot) / target.path
    assert cloned.is_file(), f"nbgitpuller did not clone {cloned}"
    assert hub_user(hub, LEARNER)["groups"] == [f"nbgrader-{COURSE_ID}"]
