"""JupyterHub configuration for the course « IA en santé » (nbgrader, exchange, French UI).

Start it from the course's virtual environment (same pinned versions as the students):

    IASANTE_INSTRUCTEURS=prof1 IASANTE_ETUDIANTS=alice,bob \
        .venv/bin/jupyterhub -f deploy/jupyterhub_config.py

Everything course-specific is here; how people log in (CAS, Shibboleth, OAuth, LTI from
Moodle) and where servers run (local Unix users, Docker, Kubernetes) is the university's
choice: override ``authenticator_class`` / ``spawner_class`` below, or put this file's
course block in Zero to JupyterHub's ``hub.extraConfig`` (see deploy/helm/config.yaml).
The guide, in the order an IT department does it, is docs/deployment-hub.md.

Environment variables (all optional):
  IASANTE_COURSE_ID       nbgrader course id (default: ia-sante), as in nbgrader_config.py
  IASANTE_INSTRUCTEURS    comma-separated hub user names of the teaching team
  IASANTE_ETUDIANTS       comma-separated hub user names of the students
  IASANTE_EXCHANGE_ROOT   nbgrader exchange folder (default: /srv/nbgrader/exchange)
  IASANTE_HUB_IP / IASANTE_HUB_PORT   public address of the hub (default 127.0.0.1:8000)
  IASANTE_LTI_ISSUER      Moodle's address (e.g. https://moodle.univ.fr): log in by LTI 1.3
                          launch from Moodle instead (see « Moodle » in the guide), with
  IASANTE_LTI_CLIENT_ID   the tool's client id in Moodle (comma-separated if several)
  IASANTE_LTI_DEPLOYMENT_ID  the tool's deployment id(s) in Moodle (optional, recommended)
  IASANTE_LTI_AUTH_URL / IASANTE_LTI_JWKS_URL  default <issuer>/mod/lti/auth.php and
                          <issuer>/mod/lti/certs.php (Moodle's endpoints)
  IASANTE_CONFIG_ETUDIANTS  Jupyter configuration folder of the students' servers (default:
                          deploy/jupyter-etudiant of this repository; in an image,
                          /usr/local/etc/jupyter-etudiant)
"""

import importlib.util
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 -- injected by traitlets when JupyterHub loads this file

COURSE_ID = os.environ.get("IASANTE_COURSE_ID", "ia-sante")
EXCHANGE_ROOT = os.environ.get("IASANTE_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
COURSE_ROOT = Path(__file__).resolve().parent.parent  # this repository


def _names(variable: str) -> list[str]:
    return [n.strip() for n in os.environ.get(variable, "").split(",") if n.strip()]


INSTRUCTORS = _names("IASANTE_INSTRUCTEURS")
STUDENTS = _names("IASANTE_ETUDIANTS")

# -- Network ---------------------------------------------------------------------------
# Behind the university's reverse proxy (TLS terminated there) the hub listens locally.
c.JupyterHub.ip = os.environ.get("IASANTE_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("IASANTE_HUB_PORT", "8000"))

# -- Who may log in ----------------------------------------------------------------------
# The university's authenticator goes here (e.g. "generic-oauth", jupyterhub-ltiauthenticator
# for Moodle). Only the course's people are allowed; instructors are not hub admins.
if INSTRUCTORS or STUDENTS:
    c.Authenticator.allowed_users = set(INSTRUCTORS) | set(STUDENTS)

# -- nbgrader: one course, two groups (nbgrader 0.9 « multiple courses » convention) -------
# nbgrader's JupyterHubAuthPlugin reads the user's groups from the hub API:
#   formgrade-<course>  the teaching team (formgrader, release, collect, grade)
#   nbgrader-<course>   the students (Assignments tab: fetch, submit, fetch feedback)
# Groups are only *added to* at start-up; remove people through the hub API or admin page.
c.JupyterHub.load_groups = {
    f"formgrade-{COURSE_ID}": {"users": INSTRUCTORS},
    f"nbgrader-{COURSE_ID}": {"users": STUDENTS},
}
c.JupyterHub.load_roles = [
    {
        # The single-user server's token ($JUPYTERHUB_API_TOKEN) gets its owner's own
        # permissions: nbgrader, inside the server, reads GET /hub/api/users/<self> to know
        # the user's courses (its groups). The default `server` role cannot read groups.
        "name": "server",
        "scopes": ["inherit"],
    },
    {
        # The teaching team may list users and groups and add students to the course group
        # (formgrader's « add student » calls the hub API with the instructor's token).
        "name": f"instructeur-{COURSE_ID}",
        "description": f"Équipe pédagogique du cours {COURSE_ID}",
        "scopes": [
            "list:users",
            "read:users",
            "list:groups",
            "read:groups",
            f"groups!group=nbgrader-{COURSE_ID}",
        ],
        "groups": [f"formgrade-{COURSE_ID}"],
    },
]

# -- Or: LTI 1.3 launch from Moodle (issue 22; iasante/hub/lti.py) -------------------------
# Hub user name moodle-<Moodle user id>; Moodle's Learner -> nbgrader-<course>, Instructor
# (and teaching assistant, content developer) -> formgrade-<course>, synced at every launch
# (the authenticator manages the groups, so load_groups is left empty).
LTI_ISSUER = os.environ.get("IASANTE_LTI_ISSUER", "").rstrip("/")
if LTI_ISSUER:
    c.JupyterHub.authenticator_class = "iasante.hub.lti.CourseLTI13Authenticator"
    c.LTI13Authenticator.issuer = LTI_ISSUER
    c.LTI13Authenticator.client_id = set(_names("IASANTE_LTI_CLIENT_ID"))
    c.LTI13Authenticator.authorize_url = os.environ.get(
        "IASANTE_LTI_AUTH_URL", f"{LTI_ISSUER}/mod/lti/auth.php"
    )
    c.LTI13Authenticator.jwks_endpoint = os.environ.get(
        "IASANTE_LTI_JWKS_URL", f"{LTI_ISSUER}/mod/lti/certs.php"
    )
    c.LTI13Authenticator.tool_name = "IA en santé (JupyterHub)"
    c.CourseLTI13Authenticator.course_id = COURSE_ID
    c.CourseLTI13Authenticator.deployment_ids = set(_names("IASANTE_LTI_DEPLOYMENT_ID"))
    c.Authenticator.manage_groups = True
    c.Authenticator.allowed_users = set()  # access comes from the Moodle course role
    c.JupyterHub.load_groups = {}

# -- The single-user servers ---------------------------------------------------------------
# The course environment (this file's Python, built from requirements/constraints.txt and
# requirements/hub.txt) runs every student's JupyterLab: the whole class has the same versions.
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.default_url = "/lab"  # JupyterLab, where nbgrader's Assignments tab and Validate are
c.Spawner.environment = {
    "IASANTE_COURSE_ID": COURSE_ID,
    "IASANTE_EXCHANGE_ROOT": EXCHANGE_ROOT,  # read by deploy/nbgrader_config.py
}
c.Spawner.http_timeout = 120  # first start of a server on a busy machine
c.Spawner.start_timeout = 180

# -- Capacity: limits per student and idle culler (issue 21; docs/deployment-hub.md § 11) --
# Measured by benchmarks/bench_hub_capacity.py (benchmarks/results/hub_capacity*.md): a
# student's server and kernel hold 210 MiB (PSS; RSS 167 + 100 MiB) on lesson 00 and
# 315 MiB (RSS 168 + 227 MiB) on lesson 02 (scikit-learn). 512 MiB guaranteed covers the
# heaviest lesson; 2 GiB at most leaves room for a model fit and stops a runaway loop. A
# cell costs 0.13-0.42 s of CPU: 0.1 core guaranteed, one core at most. Enforced by
# container spawners (DockerSpawner, KubeSpawner, systemdspawner); LocalProcessSpawner
# ignores them.
c.Spawner.mem_guarantee = "512M"
c.Spawner.mem_limit = "2G"
c.Spawner.cpu_guarantee = 0.1
c.Spawner.cpu_limit = 1.0
# Stop the servers idle for an hour (students close the tab without logging out): the
# memory they hold is what limits a node. jupyterhub-idle-culler is pinned in
# requirements/hub.txt; a hub without it starts without the culler (and says so).
if importlib.util.find_spec("jupyterhub_idle_culler"):
    c.JupyterHub.services = [
        *c.JupyterHub.get("services", []),
        {
            "name": "idle-culler",
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                "--timeout=3600",
                "--cull-every=600",
            ],
        },
    ]
    c.JupyterHub.load_roles.append(
        {
            "name": "idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        }
    )
else:
    print(
        "[ia-sante] attention : jupyterhub-idle-culler absent, serveurs inactifs non arrêtés",
        file=sys.stderr,
    )

# -- Students see a student's JupyterLab (issue 23) -----------------------------------------
# nbgrader installs its instructor extensions (« Create Assignment » panel, formgrader, course
# list) for everyone. Every server of a user outside the teaching team (formgrade-<course>)
# gets deploy/jupyter-etudiant/ first on JUPYTER_CONFIG_PATH, which disables them (server and
# JupyterLab sides); Assignments (fetch, submit, feedback) and Validate stay. Default-deny: a
# user in no group is treated as a student. In an image, the folder is copied to
# /usr/local/etc/jupyter-etudiant and IASANTE_CONFIG_ETUDIANTS points the hub to it.
STUDENT_JUPYTER_CONFIG = os.environ.get(
    "IASANTE_CONFIG_ETUDIANTS", str(COURSE_ROOT / "deploy" / "jupyter-etudiant")
)
TEACHING_GROUP = f"formgrade-{COURSE_ID}"
_previous_pre_spawn_hook = c.Spawner.pre_spawn_hook if "pre_spawn_hook" in c.Spawner else None


async def student_jupyterlab(spawner):
    """Prepend the student configuration unless the user is in the teaching team."""
    if _previous_pre_spawn_hook is not None:
        result = _previous_pre_spawn_hook(spawner)
        if hasattr(result, "__await__"):
            await result
    if TEACHING_GROUP in {group.name for group in spawner.user.groups}:
        return
    env = dict(spawner.environment)  # a new dict: the configured one is shared by all users
    paths = [STUDENT_JUPYTER_CONFIG, *filter(None, [env.get("JUPYTER_CONFIG_PATH", "")])]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    spawner.environment = env


c.Spawner.pre_spawn_hook = student_jupyterlab

# -- French JupyterLab -------------------------------------------------------------------
# JupyterLab reads administrator defaults from {sys.prefix}/share/jupyter/lab/settings/
# overrides.d/; put the course's file there (French UI, no news pop-up, autosave).
try:
    from iasante.course import CourseLayout
    from iasante.course.labsettings import install_lab_settings

    install_lab_settings(CourseLayout(COURSE_ROOT))
except ImportError:  # the hub runs outside the course environment: the image does it instead
    pass

# -- The nbgrader exchange -----------------------------------------------------------------
# EXCHANGE_ROOT must exist, be shared by every single-user server (same disk, or an NFS /
# ReadWriteMany volume) and be world-writable: `install -d -m 0777 /srv/nbgrader/exchange`.
# The servers find it through deploy/nbgrader_config.py, installed as
# {sys.prefix}/etc/jupyter/nbgrader_config.py (see the guide).
if not os.path.isdir(EXCHANGE_ROOT):
    print(
        f"[ia-sante] attention : l'échange nbgrader {EXCHANGE_ROOT} n'existe pas encore "
        f"(install -d -m 0777 {EXCHANGE_ROOT})",
        file=sys.stderr,
    )
