#!/usr/bin/env bash
# The hub image, built the way deploy/Dockerfile builds it, without a container engine
# (issue 21): copy exactly the files the Dockerfile COPYs into a temporary build context,
# run the same deploy/install-image.sh into a FRESH virtual environment (not .venv), then
# the smoke test deploy/smoke_image.py with that environment's Python, outside the checkout.
# Usage: ci/image-smoke.sh  (or `make image-smoke`); PYTHON=python3.11 to choose the base
# interpreter. Needs the package index (or a warm pip cache). Cleans up after itself.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
START=$SECONDS
WORK="$(mktemp -d "${TMPDIR:-/tmp}/iasante-image-smoke.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

CONTEXT="$WORK/context"
DEST=/opt/ia-sante/src/
COPIES=0
while read -r keyword src dest; do
  [ "$keyword" = "COPY" ] || continue
  case "$dest" in "$DEST"*) ;; *) continue ;; esac
  target="$CONTEXT/${dest#"$DEST"}"
  mkdir -p "$(dirname "$target")"
  cp -R "$src" "$target"      # docker COPY of a folder = its contents into the target
  COPIES=$((COPIES + 1))
done < deploy/Dockerfile
[ "$COPIES" -gt 0 ] || { echo "image-smoke: no COPY … $DEST line in deploy/Dockerfile" >&2; exit 1; }
find "$CONTEXT" -name __pycache__ -prune -exec rm -rf {} +   # deploy/Dockerfile.dockerignore

"$PYTHON" -m venv "$WORK/venv"
"$CONTEXT/deploy/install-image.sh" "$WORK/venv/bin/python"
INSTALLED=$((SECONDS - START))
# Outside the checkout, without the developer's PYTHONPATH: only the installed environment.
(cd "$WORK" && env -u PYTHONPATH -u JUPYTER_CONFIG_PATH -u JUPYTER_PATH MPLBACKEND=Agg \
   "$WORK/venv/bin/python" "$WORK/venv/share/ia-sante/smoke_image.py")
echo "image-smoke: ok ($COPIES COPY lines; install ${INSTALLED} s, total $((SECONDS - START)) s)"
