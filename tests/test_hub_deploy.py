"""The deployment kit's files agree with each other and with the course (no hub needed).

The Dockerfile and the Helm values cannot be run here (no Docker engine, no cluster):
these checks catch the drift that would only show on the university's hub.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from traitlets.config import Config, PyFileConfigLoader

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
COURSE_ID = "ia-sante"


def _load(path: Path, monkeypatch, **env: str) -> Config:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    loader = PyFileConfigLoader(path.name, path=str(path.parent))
    return loader.load_config()


def test_hub_config_groups_roles_and_exchange(monkeypatch, tmp_path) -> None:
    config = _load(
        DEPLOY / "jupyterhub_config.py",
        monkeypatch,
        IASANTE_INSTRUCTEURS="prof",
        IASANTE_ETUDIANTS="alice, bob",
        IASANTE_EXCHANGE_ROOT=str(tmp_path),
    )
    hub = config.JupyterHub
    assert hub.load_groups == {
        f"formgrade-{COURSE_ID}": {"users": ["prof"]},
        f"nbgrader-{COURSE_ID}": {"users": ["alice", "bob"]},
    }
    roles = {role["name"]: role for role in hub.load_roles}
    assert roles["server"]["scopes"] == ["inherit"]
    instructor = roles[f"instructeur-{COURSE_ID}"]
    assert instructor["groups"] == [f"formgrade-{COURSE_ID}"]
    assert f"groups!group=nbgrader-{COURSE_ID}" in instructor["scopes"]
    assert config.Authenticator.allowed_users == {"prof", "alice", "bob"}
    assert config.Spawner.default_url == "/lab"
    assert Path(config.Spawner.cmd[0]).name == "jupyterhub-singleuser"
    assert config.Spawner.environment["IASANTE_EXCHANGE_ROOT"] == str(tmp_path)


def test_server_nbgrader_config(monkeypatch) -> None:
    config = _load(
        DEPLOY / "nbgrader_config.py", monkeypatch, IASANTE_EXCHANGE_ROOT="/srv/nbgrader/exchange"
    )
    assert config.Exchange.root == "/srv/nbgrader/exchange"
    assert config.Exchange.path_includes_course is True
    assert config.Authenticator.plugin_class == "nbgrader.auth.JupyterHubAuthPlugin"
    assert "student_id" not in config.CourseDirectory  # would break the instructor's collect


def test_exchange_path_is_the_same_everywhere(monkeypatch) -> None:
    monkeypatch.delenv("IASANTE_EXCHANGE_ROOT", raising=False)
    course = _load(REPO / "nbgrader_config.py", monkeypatch)
    server = _load(DEPLOY / "nbgrader_config.py", monkeypatch)
    assert course.Exchange.root == server.Exchange.root == "/srv/nbgrader/exchange"
    helm = (DEPLOY / "helm" / "config.yaml").read_text(encoding="utf-8")
    docker = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert "mountPath: /srv/nbgrader/exchange" in helm
    assert "IASANTE_EXCHANGE_ROOT: /srv/nbgrader/exchange" in helm
    assert "IASANTE_EXCHANGE_ROOT=/srv/nbgrader/exchange" in docker


def test_helm_values_parse_and_carry_the_course_block() -> None:
    yaml = pytest.importorskip("yaml")
    values = yaml.safe_load((DEPLOY / "helm" / "config.yaml").read_text(encoding="utf-8"))
    single = values["singleuser"]
    assert single["defaultUrl"] == "/lab"
    assert single["uid"] == 1000  # jovyan: nbgrader then names submissions after the hub user
    claims = [v["persistentVolumeClaim"]["claimName"] for v in single["storage"]["extraVolumes"]]
    pvc = yaml.safe_load((DEPLOY / "helm" / "exchange-pvc.yaml").read_text(encoding="utf-8"))
    assert claims == [pvc["metadata"]["name"]]
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]
    block = values["hub"]["extraConfig"]["iasante-nbgrader"]
    c = Config()
    exec(compile(block, "extraConfig", "exec"), {"c": c})  # what Z2JH's hub does with it
    assert set(c.JupyterHub.load_groups) == {f"formgrade-{COURSE_ID}", f"nbgrader-{COURSE_ID}"}
    roles = {role["name"]: role for role in c.JupyterHub.load_roles}
    assert roles["server"]["scopes"] == ["inherit"]
    assert roles[f"instructeur-{COURSE_ID}"]["groups"] == [f"formgrade-{COURSE_ID}"]


def test_dockerfile_is_a_thin_wrapper_around_the_install_script() -> None:
    """What CI runs (ci/image-smoke.sh: install-image.sh in a fresh venv) is what the image runs."""
    docker = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    script = (DEPLOY / "install-image.sh").read_text(encoding="utf-8")
    assert re.search(r"^FROM \S+:3\.11[.\w-]*@sha256:[0-9a-f]{64}$", docker, re.M), (
        "base not pinned"
    )
    assert "deploy/install-image.sh /usr/local/bin/python" in docker
    # every Python package of the image comes from the script; the edition stage's builder
    # installs traitlets in a throw-away stage only
    final_stage = docker.rsplit("\nFROM ", 1)[1]
    assert "pip install" not in final_stage
    assert '-c "$SRC/requirements/constraints.txt" "$SRC"' in script
    assert '-c "$SRC/requirements/hub.txt"' in script
    assert "overrides.d/iasante.json" in script
    assert "etc/jupyter/nbgrader_config.py" in script
    assert "--uid 1000 jovyan" in docker
    # `COPY --from=paquet` takes the package from a build stage, not from the context
    copies = re.findall(r"^COPY (?!--from=)(\S+) (\S+)$", docker, re.M)
    for path, _ in copies:
        assert (REPO / path).exists(), f"Dockerfile copies a missing path: {path}"
    # the script's own inputs are in the build context (what ci/image-smoke.sh stages)
    staged = {
        dest.removeprefix("/opt/ia-sante/src/").removeprefix("/paquet/") for _, dest in copies
    }
    for needed in re.findall(r'"\$SRC/([^"]+)"', script):
        assert any(needed == p or needed.startswith(p + "/") for p in staged), needed
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make image-smoke" in ci


def test_french_hub_templates_extend_jupyterhub_and_render() -> None:
    jinja2 = pytest.importorskip("jinja2")
    jupyterhub = pytest.importorskip("jupyterhub")
    from jupyterhub._data import DATA_FILES_PATH

    original = Path(DATA_FILES_PATH) / "templates"
    ours = sorted((DEPLOY / "templates").glob("*.html"))
    assert {p.name for p in ours} >= {"login.html", "spawn_pending.html", "error.html"}
    for path in ours:
        text = path.read_text(encoding="utf-8")
        parent = re.search(r'{% extends "([^"]+)" %}', text).group(1)
        assert (original / parent.removeprefix("templates/")).is_file(), parent
        blocks = set(re.findall(r"{% block (\w+)", text))
        parent_blocks = set(
            re.findall(r"{%-? block (\w+)", (original / path.name).read_text(encoding="utf-8"))
        ) | set(re.findall(r"{%-? block (\w+)", (original / "page.html").read_text()))
        assert blocks <= parent_blocks, f"{path.name}: unknown blocks {blocks - parent_blocks}"
    # rendered as JupyterHub does (its PrefixLoader « templates/ » + template_paths first)
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PrefixLoader({"templates": jinja2.FileSystemLoader([str(original)])}, "/"),
                jinja2.FileSystemLoader([str(DEPLOY / "templates"), str(original)]),
            ]
        )
    )
    page = env.get_template("login.html").render(
        authenticator_login_url="/hub/login",
        xsrf="x",
        static_url=lambda *a, **k: "",
        base_url="/hub/",
        authenticator=None,
        parsed_scopes=[],
        login_error="mauvais",
    )
    for french in ("Connexion", "Identifiant", "Mot de passe", "Se connecter", "incorrect"):
        assert french in page, french
    assert "Sign in" not in page and "Username:" not in page
    assert jupyterhub.__version__.startswith("6."), "check the block names for this version"


def test_helm_isolation_hook_and_french_pages() -> None:
    yaml = pytest.importorskip("yaml")
    values = yaml.safe_load((DEPLOY / "helm" / "config.yaml").read_text(encoding="utf-8"))
    hub = values["hub"]
    c = Config()
    exec(compile(hub["extraConfig"]["iasante-isolation"], "extraConfig", "exec"), {"c": c})
    hook = c.KubeSpawner.pre_spawn_hook

    class Group:
        def __init__(self, name: str) -> None:
            self.name = name

    class User:
        def __init__(self, uid: int, groups: list[str]) -> None:
            self.id, self.groups = uid, [Group(g) for g in groups]

    class Spawner:
        def __init__(self, user: User) -> None:
            self.user = user

    alice, bob, prof = (
        Spawner(User(7, [f"nbgrader-{COURSE_ID}"])),
        Spawner(User(8, [f"nbgrader-{COURSE_ID}"])),
        Spawner(User(9, [f"formgrade-{COURSE_ID}"])),
    )
    for spawner in (alice, bob, prof):
        hook(spawner)
    assert len({alice.uid, bob.uid, prof.uid}) == 3 and min(alice.uid, bob.uid) >= 100000
    assert alice.gid == alice.uid and alice.supplemental_gids == []
    assert prof.supplemental_gids == [2000]
    # one extraFiles entry per French template, mounted where template_paths points
    c2 = Config()
    exec(compile(hub["extraConfig"]["iasante-templates"], "extraConfig", "exec"), {"c": c2})
    (folder,) = c2.JupyterHub.template_paths
    mounted = {Path(f["mountPath"]) for f in hub["extraFiles"].values()}
    assert mounted == {Path(folder) / p.name for p in (DEPLOY / "templates").glob("*.html")}
    init = values["singleuser"]["initContainers"][0]["command"][-1]
    assert "chmod 1777" in init


def test_server_config_plugs_the_isolation_exchange() -> None:
    config = PyFileConfigLoader("nbgrader_config.py", path=str(DEPLOY)).load_config()
    assert config.ExchangeFactory.submit == "iasante.exchange.Submit"
    assert config.ExchangeFactory.collect == "iasante.exchange.Collect"
    assert config.ExchangeFactory.release_assignment == "iasante.exchange.ReleaseAssignment"


def test_hub_requirements_are_pinned_and_agree_with_the_course() -> None:
    def pins(path: Path) -> dict[str, str]:
        out = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                name, _, version = line.partition("==")
                assert version, f"{path.name}: not pinned with ==: {line}"
                out[name.lower().replace("_", "-")] = version
        return out

    hub = pins(REPO / "requirements" / "hub.txt")
    course = pins(REPO / "requirements" / "constraints.txt")
    assert {"jupyterhub", "nbgitpuller", "playwright"} <= set(hub)
    clashes = {n: (v, course[n]) for n, v in hub.items() if n in course and course[n] != v}
    assert not clashes, f"hub.txt and constraints.txt disagree: {clashes}"


def test_hub_tests_skip_with_a_reason_without_their_tools(monkeypatch, tmp_path) -> None:
    import sys

    from hub import hubrun

    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "jupyterhub", None)  # import fails as if not installed
        assert "ci/install-hub-deps.sh" in hubrun.missing_tools()
    monkeypatch.setattr(hubrun, "find_proxy", lambda: None)
    reason = hubrun.missing_tools()
    assert reason is None or "ci/install-hub-deps.sh" in reason
    monkeypatch.setattr(hubrun, "CHROMIUM", tmp_path / "pas-de-chromium")
    monkeypatch.setattr(hubrun, "find_proxy", lambda: "/bin/true")
    reason = hubrun.missing_tools(browser=True)
    assert reason is None or "install-hub-deps.sh" in reason or "node" in reason
    if hubrun.missing_tools() is None:  # everything but the browser is here
        assert "chromium" in hubrun.missing_tools(
            browser=True
        ) or "playwright" in hubrun.missing_tools(browser=True)


# -- Students see a student's JupyterLab (issue 23) -----------------------------------------


class _Group:
    def __init__(self, name: str) -> None:
        self.name = name


class _Spawner:
    def __init__(self, groups: list[str], environment: dict[str, str]) -> None:
        self.user = type("User", (), {"groups": [_Group(g) for g in groups]})()
        self.environment = environment


def _student_hook_applies(hook, groups: list[str], environment: dict[str, str]) -> dict:
    import asyncio

    spawner = _Spawner(groups, environment)
    asyncio.run(hook(spawner))
    return spawner.environment


@pytest.mark.parametrize("where", ["hub config", "helm"])
def test_students_get_the_student_jupyter_config_instructors_do_not(
    where: str, monkeypatch, tmp_path
) -> None:
    if where == "hub config":
        config = _load(DEPLOY / "jupyterhub_config.py", monkeypatch, IASANTE_EXCHANGE_ROOT="/x")
        folder = str(DEPLOY / "jupyter-etudiant")
    else:
        yaml = pytest.importorskip("yaml")
        values = yaml.safe_load((DEPLOY / "helm" / "config.yaml").read_text(encoding="utf-8"))
        config = Config()
        block = values["hub"]["extraConfig"]["iasante-etudiants"]
        exec(compile(block, "extraConfig", "exec"), {"c": config})
        folder = "/usr/local/etc/jupyter-etudiant"
    hook = config.Spawner.pre_spawn_hook
    shared = {"JUPYTER_CONFIG_PATH": "/etc/autre", "A": "1"}
    student = _student_hook_applies(hook, [f"nbgrader-{COURSE_ID}"], shared)
    assert student["JUPYTER_CONFIG_PATH"].split(":") == [folder, "/etc/autre"]
    assert student["A"] == "1"
    assert shared["JUPYTER_CONFIG_PATH"] == "/etc/autre"  # the configured dict is not mutated
    nobody = _student_hook_applies(hook, [], {})
    assert nobody["JUPYTER_CONFIG_PATH"] == folder  # default-deny: no group = student
    prof = _student_hook_applies(hook, [f"formgrade-{COURSE_ID}"], dict(shared))
    assert prof == shared
    if where == "helm":  # the teaching team's image carries the grading tools
        spawner = _Spawner([f"formgrade-{COURSE_ID}"], {})
        import asyncio

        asyncio.run(hook(spawner))
        assert spawner.image.endswith("singleuser-enseignant:2026.1")


def test_student_jupyter_config_disables_instructor_extensions_only() -> None:
    import json

    folder = DEPLOY / "jupyter-etudiant"
    server = json.loads((folder / "jupyter_server_config.json").read_text(encoding="utf-8"))
    extensions = server["ServerApp"]["jpserver_extensions"]
    assert extensions == {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.course_list": False,
        "nbgrader.server_extensions.assignment_list": True,
        "nbgrader.server_extensions.validate_assignment": True,
    }
    lab = json.loads((folder / "labconfig" / "page_config.json").read_text(encoding="utf-8"))
    assert lab["disabledExtensions"] == {
        "@jupyter/nbgrader:create-assignment": True,
        "@jupyter/nbgrader:formgrader": True,
        "@jupyter/nbgrader:course-list": True,
    }
    docker = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY deploy/jupyter-etudiant/ /usr/local/etc/jupyter-etudiant/" in docker


def test_students_image_installs_the_student_edition() -> None:
    """Issue 23: the default image's package is the edition's (no grading, no answer key)."""
    docker = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^ARG PAQUET=edition$", docker, re.M)
    assert "python -m iasante.course.edition_cli --dossier /paquet" in docker
    assert "COPY --from=paquet /paquet/ /opt/ia-sante/src/" in docker
    # BuildKit reads <Dockerfile>.dockerignore instead of the root .dockerignore
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    assert {"submitted/", "autograded/", "gradebook.db", ".git/"} <= set(ignored)
    assert "source/" not in ignored  # the edition stage builds from it
