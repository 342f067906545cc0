#!/usr/bin/env bash
# Install what the JupyterHub tests (tests/test_hub*.py, marker `hub`) need, idempotently:
#   - Python: JupyterHub, nbgitpuller, Playwright (pinned in requirements/hub.txt) into .venv;
#   - Node: configurable-http-proxy (JupyterHub's proxy) into .hub-tools/ (git-ignored by
#     the .gitignore this script writes there);
#   - Chromium from the system packages, only when /usr/bin/chromium is missing (needs root);
#   - PostgreSQL (Debian's postgresql), only when no initdb is found (needs root).
# Never downloads a browser through Playwright (`playwright install` is not used).
# Usage: ci/install-hub-deps.sh   (from anywhere; VENV=path overrides .venv)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
CHP_VERSION="5.3.0"
TOOLS=".hub-tools"

if [ ! -x "$VENV/bin/python" ]; then
  echo "install-hub-deps: $VENV/bin/python missing; run 'make install' first." >&2
  exit 1
fi
"$VENV/bin/python" -m pip install --quiet -c requirements/constraints.txt -r requirements/hub.txt

mkdir -p "$TOOLS"
printf '*\n' > "$TOOLS/.gitignore"
if [ ! -x "$TOOLS/node_modules/.bin/configurable-http-proxy" ] || \
   ! grep -q "\"version\": \"$CHP_VERSION\"" \
     "$TOOLS/node_modules/configurable-http-proxy/package.json" 2>/dev/null; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "install-hub-deps: npm (Node.js) is required for configurable-http-proxy." >&2
    exit 1
  fi
  npm install --no-audit --no-fund --loglevel=error --prefix "$TOOLS" \
    "configurable-http-proxy@$CHP_VERSION"
fi

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-hub-deps: /usr/bin/chromium missing and not root; the browser test will skip." >&2
  else
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  fi
fi
# PostgreSQL (the gradebook on PostgreSQL, tests/test_gradebook_postgres.py): Debian's
# server package, whose programs live in /usr/lib/postgresql/<version>/bin.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-hub-deps: PostgreSQL missing and not root; the PostgreSQL gradebook test will skip." >&2
  else
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
  fi
fi
echo "install-hub-deps: ok ($("$VENV/bin/python" -c 'import jupyterhub; print("jupyterhub", jupyterhub.__version__)'), configurable-http-proxy $CHP_VERSION, $( [ -x /usr/bin/chromium ] && echo chromium || echo 'no chromium'))"
