#!/usr/bin/env bash
# The hub image, built the way deploy/Dockerfile builds it, without a container engine
# (issue 21): copy exactly the files the Dockerfile COPYs into a temporary build context,
# run the same deploy/install-image.sh into a FRESH virtual environment (not .venv), then
# the smoke test deploy/smoke_image.py with that environment's Python, outside the checkout.
# The package is the Dockerfile's default, the student edition (built with the course's own
# `iasante edition-etudiante`, by DEV_PYTHON); PAQUET=cours takes the `cours` stage's files.
# Usage: ci/image-smoke.sh  (or `make image-smoke`); PYTHON=python3.11 to choose the base
# interpreter. Needs the package index (or a warm pip cache). Cleans up after itself.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
START=$SECONDS
WORK="$(mktemp -d "${TMPDIR:-/tmp}/iasante-image-smoke.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

CONTEXT="$WORK/context"
PAQUET="${PAQUET:-edition}"
DEV_PYTHON="${DEV_PYTHON:-.venv/bin/python}"
COPIES=0
copy_lines() {  # the Dockerfile's `COPY src DEST…` lines, into the build context
  local prefix="$1" keyword src dest target
  while read -r keyword src dest; do
    [ "$keyword" = "COPY" ] || continue
    case "$dest" in "$prefix"*) ;; *) continue ;; esac
    target="$CONTEXT/${dest#"$prefix"}"
    mkdir -p "$(dirname "$target")"
    cp -R "$src" "$target"      # docker COPY of a folder = its contents into the target
    COPIES=$((COPIES + 1))
  done < deploy/Dockerfile
}
case "$PAQUET" in
  edition) "$DEV_PYTHON" -m iasante.course.edition_cli --dossier "$CONTEXT" >/dev/null ;;
  cours) copy_lines /paquet/ ;;
  *) echo "image-smoke: PAQUET=edition or cours, not $PAQUET" >&2; exit 1 ;;
esac
copy_lines /opt/ia-sante/src/
[ "$COPIES" -gt 0 ] || { echo "image-smoke: no COPY … $DEST line in deploy/Dockerfile" >&2; exit 1; }
find "$CONTEXT" -name __pycache__ -prune -exec rm -rf {} +   # deploy/Dockerfile.dockerignore

"$PYTHON" -m venv "$WORK/venv"
"$CONTEXT/deploy/install-image.sh" "$WORK/venv/bin/python"
INSTALLED=$((SECONDS - START))
# Outside the checkout, without the developer's PYTHONPATH: only the installed environment.
(cd "$WORK" && env -u PYTHONPATH -u JUPYTER_CONFIG_PATH -u JUPYTER_PATH MPLBACKEND=Agg \
   "$WORK/venv/bin/python" "$WORK/venv/share/ia-sante/smoke_image.py")
echo "image-smoke: ok ($PAQUET, $COPIES COPY lines; install ${INSTALLED} s, total $((SECONDS - START)) s)"
