#!/usr/bin/env bash
# Install the course's single-user environment (what every student's server runs) into the
# Python environment of PYTHON. The one recipe used twice (issue 21):
#   - deploy/Dockerfile runs it in the image, with the base image's Python;
#   - CI runs it in a fresh virtual environment (ci/image-smoke.sh, `make image-smoke`),
#     from a copy of exactly what the Dockerfile copies, then deploy/smoke_image.py.
# Every package is pinned: requirements/constraints.txt (the course) and requirements/hub.txt
# (jupyterhub-singleuser, nbgitpuller); a whole cohort gets the versions CI tested.
# Usage, from the source folder (the repository, or the image's build context):
#   deploy/install-image.sh PYTHON          e.g. /usr/local/bin/python or /tmp/x/venv/bin/python
# The pip cache is used when there is one; the Dockerfile sets PIP_NO_CACHE_DIR=1.
set -euo pipefail
PYTHON="${1:?usage: deploy/install-image.sh PYTHON}"
SRC="$(cd "$(dirname "$0")/.." && pwd)"
PIP=("$PYTHON" -m pip --disable-pip-version-check install --quiet)

# The course package (non-editable: the datasets travel inside it as iasante._donnees),
# then JupyterHub's single-user side and nbgitpuller, pinned by hub.txt used as constraints
# (its test-only packages, Playwright, are not installed). JupyterHub's major version here
# must match the hub's (the Helm chart's hub image).
"${PIP[@]}" -c "$SRC/requirements/constraints.txt" "$SRC"
"${PIP[@]}" -c "$SRC/requirements/constraints.txt" -c "$SRC/requirements/hub.txt" \
  jupyterhub nbgitpuller
"$PYTHON" -m pip --disable-pip-version-check check

PREFIX="$("$PYTHON" -c 'import sys; print(sys.prefix)')"
# French JupyterLab (classroom defaults a learner can still change): the course's overrides.
install -D -m 0644 "$SRC/jupyter-config/lab/settings/overrides.d/iasante.json" \
  "$PREFIX/share/jupyter/lab/settings/overrides.d/iasante.json"
# nbgrader in every server: exchange folder, courses from JupyterHub groups, isolation plugins.
install -D -m 0644 "$SRC/deploy/nbgrader_config.py" "$PREFIX/etc/jupyter/nbgrader_config.py"
# The smoke test and the lesson it runs, kept in the image: after a build,
#   docker run --rm IMAGE python /usr/local/share/ia-sante/smoke_image.py
install -D -m 0644 "$SRC/deploy/smoke_image.py" "$PREFIX/share/ia-sante/smoke_image.py"
install -D -m 0644 "$SRC/notebooks/m00_prise_en_main.ipynb" \
  "$PREFIX/share/ia-sante/m00_prise_en_main.ipynb"
echo "install-image: ok ($PREFIX)"
