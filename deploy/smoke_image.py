"""Smoke test of the single-user environment built by deploy/install-image.sh (issue 21).

Run with the environment's own Python, outside any source checkout:
  - in CI, after a fresh virtual environment was built (ci/image-smoke.sh);
  - in the image: ``docker run --rm IMAGE python /usr/local/share/ia-sante/smoke_image.py``.
Checks what a student's server needs: the course package and every dataset, a kernel,
a lesson executed top to bottom, nbgrader's server and JupyterLab extensions enabled, the
French language pack and classroom settings, the nbgrader configuration (exchange
isolation plugins), jupyterhub-singleuser. Prints one line per check; exit status 1 if any
fails. Standard library + the environment's packages only.
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PREFIX = Path(sys.prefix)
SHARE = PREFIX / "share" / "ia-sante"
SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.validate_assignment",
    "nbgitpuller",
    "jupyterlab",
)
LAB_EXTENSIONS = ("@jupyter/nbgrader",)


def jupyter(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "jupyter", *args], capture_output=True, text=True, timeout=300
    )
    return re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)  # no colours


def check_package() -> str:
    import iasante

    where = Path(iasante.__file__).resolve()
    assert PREFIX.resolve() in where.parents, f"iasante imported from {where}, not {PREFIX}"
    return str(where.parent)


def check_datasets() -> str:
    import iasante.data as d

    sizes = {
        "covid": len(d.load_covid_testing()),
        "pima": len(d.load_pima("all")),
        "cancer": len(d.load_breast_cancer_fr()),
        "cim10": len(d.load_cim10()),
        "cohorte brute": len(d.load_cohort_raw()),
        "table de modélisation": len(d.modelling_table()),
    }
    for variant in ("default", "propre"):
        for table in ("patients", "stays", "diagnoses", "labs"):
            sizes[f"{variant}/{table}"] = len(d.load_cohort(table, variant=variant))
    empty = [name for name, n in sizes.items() if not n]
    assert not empty, f"empty datasets: {empty}"
    return f"{len(sizes)} tables"


def check_kernel() -> str:
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        code = "import sys, iasante; print(sys.executable, iasante.__name__)"
        out: list[str] = []
        client.execute_interactive(
            code,
            timeout=120,
            output_hook=lambda m: out.append(m["content"].get("text", "")),
        )
        text = "".join(out).strip()
        assert text.endswith("iasante"), text
        assert Path(text.split()[0]).resolve().parent == Path(sys.executable).resolve().parent
        return text.split()[0]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def check_lesson() -> str:
    import nbformat
    from nbclient import NotebookClient

    import iasante.data

    lesson = SHARE / "m00_prise_en_main.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    with tempfile.TemporaryDirectory() as work:
        # the course's layout, as nbgitpuller clones it: notebooks/ next to data/
        shutil.copytree(iasante.data.data_dir(), Path(work) / "data")
        (Path(work) / "notebooks").mkdir()
        start = time.perf_counter()
        NotebookClient(
            nb,
            timeout=120,
            kernel_name="python3",
            resources={"metadata": {"path": str(Path(work) / "notebooks")}},
        ).execute()
    errors = [
        o
        for cell in nb.cells
        if cell.cell_type == "code"
        for o in cell.outputs
        if o.get("output_type") == "error"
        and "raises-exception" not in cell.metadata.get("tags", [])
    ]
    assert not errors, f"{lesson.name}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
    return f"{lesson.name}, {len(nb.cells)} cellules, {time.perf_counter() - start:.1f} s"


def check_server_extensions() -> str:
    listing = jupyter("server", "extension", "list")
    lines = listing.splitlines()
    missing = [
        name
        for name in SERVER_EXTENSIONS
        if not any(name in line.split() and "enabled" in line for line in lines)
    ]
    assert not missing, f"not enabled: {missing}\n{listing}"
    return ", ".join(SERVER_EXTENSIONS)


def check_lab_extensions() -> str:
    listing = jupyter("labextension", "list")
    missing = [
        name
        for name in LAB_EXTENSIONS
        if not any(
            name in line and "enabled" in line and "OK" in line for line in listing.splitlines()
        )
    ]
    assert not missing, f"not enabled: {missing}\n{listing}"
    importlib.import_module("jupyterlab_language_pack_fr_FR")
    overrides = PREFIX / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "iasante.json"
    settings = json.loads(overrides.read_text(encoding="utf-8"))
    locale = settings["@jupyterlab/translation-extension:plugin"]["locale"]
    assert locale == "fr_FR", locale
    return f"{', '.join(LAB_EXTENSIONS)}, pack fr_FR, {overrides.name}"


def check_nbgrader_config() -> str:
    from traitlets.config import PyFileConfigLoader

    path = PREFIX / "etc" / "jupyter" / "nbgrader_config.py"
    config = PyFileConfigLoader(path.name, path=str(path.parent)).load_config()
    assert config.Authenticator.plugin_class == "nbgrader.auth.JupyterHubAuthPlugin"
    for step in ("release_assignment", "submit", "collect"):
        dotted = config.ExchangeFactory[step]
        module, _, name = dotted.rpartition(".")
        getattr(importlib.import_module(module), name)
    return str(path)


def check_singleuser() -> str:
    import jupyterhub

    script = Path(sys.executable).with_name("jupyterhub-singleuser")
    assert script.is_file(), script
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    return f"jupyterhub {jupyterhub.__version__}"


CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("paquet iasante installé", check_package),
    ("jeux de données", check_datasets),
    ("noyau Python", check_kernel),
    ("leçon exécutée", check_lesson),
    ("extensions serveur", check_server_extensions),
    ("extensions JupyterLab", check_lab_extensions),
    ("configuration nbgrader", check_nbgrader_config),
    ("jupyterhub-singleuser", check_singleuser),
]


def main() -> int:
    failed = 0
    start = time.perf_counter()
    for label, check in CHECKS:
        t0 = time.perf_counter()
        try:
            detail = check()
            print(f"ok    {label} ({time.perf_counter() - t0:.1f} s) : {detail}")
        except Exception as error:  # noqa: BLE001 -- report every check, then fail
            failed += 1
            message = re.sub(r"\x1b\[[0-9;]*m", "", str(error))
            print(f"ÉCHEC {label} : {type(error).__name__}: {message[-1500:]}")
    print(
        f"smoke_image : {len(CHECKS) - failed}/{len(CHECKS)} ({time.perf_counter() - start:.0f} s)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
