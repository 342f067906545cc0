"""nbgrader configuration of the single-user servers (students and teaching team).

Install as ``{sys.prefix}/etc/jupyter/nbgrader_config.py`` of the course environment
(the Dockerfile does it). The course's own ``nbgrader_config.py`` (repository root, the
instructor's working directory) is read *after* this one and wins for course settings.
"""

import os

c = get_config()  # noqa: F821 -- injected by traitlets

# Where assignments, submissions and feedback are exchanged: a folder shared by every
# server, world-writable and sticky (chmod 1777). Same default as the course's nbgrader_config.py.
c.Exchange.root = os.environ.get("IASANTE_EXCHANGE_ROOT", "/srv/nbgrader/exchange")

# Several courses on one hub: a user's courses are its JupyterHub groups
# (nbgrader-<course> for students, formgrade-<course> for instructors).
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"

# A fetched assignment lands in ~/<course>/<assignment>/ (e.g. ~/ia-sante/m00_prise_en_main/),
# so two courses with an assignment of the same name never collide.
c.Exchange.path_includes_course = True

# Student identity in the exchange. nbgrader names a submission after the Unix user of
# the server, or after $JUPYTERHUB_USER when that Unix user is « jovyan » (Docker and
# Kubernetes images). On a hub where every server runs as the *same* other Unix user,
# set the student id explicitly in each student's ~/nbgrader_config.py:
#     c.CourseDirectory.student_id = "<hub user name>"
# (never in a file the instructor's server reads: `nbgrader collect` would then only
# collect that one student).

# -- Isolation between students (issue 21; guide § 3 bis) ------------------------------------
# With one Unix uid per student (local hub: LocalProcessSpawner and real accounts;
# Kubernetes: per-user uid from the pre_spawn_hook in deploy/helm/config.yaml), nbgrader's
# own exchange keeps students apart, once three gaps are closed (iasante/exchange.py):
# inbound/ sticky, each submission folder closed to other students (0770, instructors'
# group), and `collect` ignoring a copy whose Unix owner is not the student it names.
c.ExchangeFactory.release_assignment = "iasante.exchange.ReleaseAssignment"
c.ExchangeFactory.submit = "iasante.exchange.Submit"
c.ExchangeFactory.collect = "iasante.exchange.Collect"
