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


def test_dockerfile_installs_from_the_pins() -> None:
    docker = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM (python:3\.11-slim|quay\.io/jupyter/minimal-notebook)", docker, re.M)
    assert "-c requirements/constraints.txt ." in docker
    assert "-c requirements/hub.txt" in docker
    assert "overrides.d/iasante.json" in docker
    assert "etc/jupyter/nbgrader_config.py" in docker
    assert "--uid 1000 jovyan" in docker
    for path in re.findall(r"^COPY (?!--from=)(\S+)", docker, re.M):
        assert (REPO / path).exists(), f"Dockerfile copies a missing path: {path}"


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
    assert "COPY --from=paquet /paquet/ ./" in docker
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert {"submitted/", "autograded/", "gradebook.db", ".git/"} <= set(ignored)
    assert "source/" not in ignored  # the edition stage builds from it
