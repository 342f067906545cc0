"""A Python that other Unix users can run, seeing this environment's packages.

The development and CI virtual environments are often built from an interpreter under
``/root`` (pyenv), which the test's student accounts cannot execute. This builds, in a
world-readable folder, a virtual environment whose interpreter is the system's Python of
the same minor version and whose ``site-packages``, ``share`` and ``etc`` are symbolic
links to this environment's: same packages (``.pth`` files included), same Jupyter
extensions and settings; its ``bin/`` holds this environment's entry-point scripts
(``nbgrader``, ``alembic``…) re-pointed at the new interpreter: put it first in ``PATH``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def runnable_by(user: str, python: str) -> bool:
    done = subprocess.run(
        ["runuser", "-u", user, "--", python, "-c", "import nbgrader, jupyterhub"],
        capture_output=True,
        timeout=120,
    )
    return done.returncode == 0


def shared_python(dest: Path, probe_user: str) -> str:
    """This environment's Python if ``probe_user`` can run it, else a bridge under ``dest``."""
    if runnable_by(probe_user, sys.executable):
        return sys.executable
    minor = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system = shutil.which(minor, path="/usr/bin:/usr/local/bin")
    if system is None:
        raise RuntimeError(f"no system {minor} that other users can run")
    subprocess.run([system, "-m", "venv", "--without-pip", str(dest)], check=True)
    prefix = Path(sys.prefix)
    site = dest / "lib" / minor / "site-packages"
    shutil.rmtree(site)
    os.symlink(prefix / "lib" / minor / "site-packages", site)
    for folder in ("share", "etc"):
        if (prefix / folder).is_dir():
            os.symlink(prefix / folder, dest / folder)
    for script in (prefix / "bin").iterdir():
        target = dest / "bin" / script.name
        if target.exists() or not script.is_file():
            continue
        head = script.read_bytes()[:200]
        if head.startswith(b"#!") and str(prefix).encode() in head.split(b"\n", 1)[0]:
            body = script.read_text(encoding="utf-8").split("\n", 1)[1]
            target.write_text(f"#!{dest / 'bin' / 'python'}\n{body}", encoding="utf-8")
            target.chmod(0o755)
    python = str(dest / "bin" / "python")
    if not runnable_by(probe_user, python):
        raise RuntimeError(f"{python} cannot import the course environment as {probe_user}")
    return python
