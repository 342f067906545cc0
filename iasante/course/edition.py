"""The student edition: the part of the course a graded student may see, as its own repository.

The course repository holds, one folder away from each student notebook, its solutions,
hidden tests and marking schemes (``source/``), and the instructor's tools (grading, hub,
deployment docs). A graded cohort must receive none of it: the instructor builds this
edition after each ``iasante release`` and pushes it to a *separate* repository, the one
the nbgitpuller links (``iasante lien``) point to.

What goes in is an allow-list — ``release/``, ``notebooks/``, ``data/``, the learner
packages of ``iasante`` (checks, feedback, widgets, data loaders, ``iasante lab``), the
licences — plus a generated README, pyproject and manifest (``EDITION.json``). Anything
else of the course (a new folder included) stays out until it is added here on purpose.
The same course gives a byte-identical tree: no date, no absolute path, files written in
sorted order; the optional git commit reuses the course's last commit date.

:func:`scan_edition` looks in every file for what must never reach a student (nbgrader
markers, marking-scheme lines, graded reference functions) so a build that would leak
says so instead of publishing.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from iasante.course.layout import EDITION_MANIFEST, CourseLayout
from iasante.messages import msg

MANIFEST_NAME = EDITION_MANIFEST
FORMAT = "iasante-edition-etudiante/1"
DEFAULT_FOLDER = "edition-etudiante"

#: Course folders copied whole (minus caches).
COPIED_TREES = ("release", "notebooks", "data", "jupyter-config", "requirements")
#: Course files copied as they are.
COPIED_FILES = ("LICENSE", "LICENSE-CONTENT.md")
#: The parts of the package a learner's notebooks and ``iasante lab`` import. Not
#: ``iasante.grading`` (hidden-test machinery, answer-key names, grade exports) nor
#: ``iasante.hub`` (links, LTI): ``iasante.cli`` skips a command area that is missing.
LEARNER_PACKAGES = (
    "iasante",
    "iasante.course",
    "iasante.data",
    "iasante.datathon",
    "iasante.exercises",
    "iasante.feedback",
    "iasante.feedback.compare",
    "iasante.messages",
    "iasante.messages.fr",
    "iasante.widgets",
)
PACKAGE_DATA = ("*.py", "*.json", "*.csv", "*.txt", "*.md")
#: Modules of the learner packages that are instructor tools: this builder (it names the
#: markers it looks for) and its command, useless without ``source/``.
INSTRUCTOR_MODULES = ("iasante/course/edition.py", "iasante/course/edition_cli.py")
IGNORED_PARTS = frozenset({".ipynb_checkpoints", "__pycache__", ".pytest_cache", ".DS_Store"})

#: What the edition leaves out on purpose, with the reason (catalogue key) written in the
#: manifest; the same list whatever the course folder holds, so the manifest is stable.
EXCLUSIONS = (
    ("source/", "edition.exclu.source"),
    ("autograded/", "edition.exclu.copies"),
    ("submitted/", "edition.exclu.copies"),
    ("feedback/", "edition.exclu.copies"),
    ("gradebook.db", "edition.exclu.gradebook"),
    ("exports/", "edition.exclu.notes"),
    ("rapports/", "edition.exclu.notes"),
    ("tests/", "edition.exclu.tests"),
    ("iasante/grading/", "edition.exclu.grading"),
    ("iasante/hub/", "edition.exclu.hub"),
    *((module, "edition.exclu.edition") for module in INSTRUCTOR_MODULES),
    ("docs/", "edition.exclu.docs"),
    ("deploy/", "edition.exclu.deploy"),
    ("nbgrader_config.py", "edition.exclu.config"),
    ("benchmarks/", "edition.exclu.outils"),
    ("ci/", "edition.exclu.outils"),
    ("Makefile", "edition.exclu.outils"),
    ("CONTRIBUTING.md", "edition.exclu.outils"),
    ("CHANGELOG.md", "edition.exclu.outils"),
    ("README.md", "edition.exclu.remplace"),
    ("pyproject.toml", "edition.exclu.remplace"),
    ("*", "edition.exclu.autre"),
)

# -- What must never be in the edition ------------------------------------------------------
MARKERS = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "HIDDEN TESTS",
    "### BEGIN",
    "### END",
    "MARK SCHEME",
)
RUBRIC = re.compile(r"Barème sur \d|Réponse type et barème|BEGIN RUBRIC")
RUBRIC_TOKENS = ("Barème", "barème", "RUBRIC")  # cheap pre-check of RUBRIC
REFERENCE = re.compile(r"\bdef (reference_\w+)")


class EditionError(RuntimeError):
    """The edition cannot be built or committed; the message is in French."""


@dataclass(frozen=True)
class Finding:
    """One line of the edition that would reveal graded answers."""

    path: str
    line: int
    kind: str  # "marqueur", "barème", "référence", "clé"
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind} : {self.text}"


@dataclass
class Edition:
    """A built edition: where, which files, what was left out, what the scan found."""

    root: Path
    files: dict[str, str] = field(default_factory=dict)  # path -> sha256
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    findings: list[Finding] = field(default_factory=list)


# -- Collecting ---------------------------------------------------------------------------


def _kept(relative: Path) -> bool:
    return not (IGNORED_PARTS & set(relative.parts)) and relative.suffix != ".pyc"


def _tree(folder: Path, prefix: str) -> dict[str, Path]:
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if path.is_file() and _kept(relative):
            found[f"{prefix}/{relative.as_posix()}"] = path
    return found


def _package_files(root: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in LEARNER_PACKAGES:
        folder = root.joinpath(*package.split("."))
        if not (folder / "__init__.py").is_file():
            raise EditionError(msg("edition.package_missing", package=package))
        for pattern in PACKAGE_DATA:
            for path in folder.glob(pattern):
                relative = path.relative_to(root).as_posix()
                if path.is_file() and relative not in INSTRUCTOR_MODULES:
                    found[relative] = path
    return found


def course_files(layout: CourseLayout) -> dict[str, Path]:
    """Edition path → course file, for everything copied (not the generated files)."""
    root = layout.root
    files: dict[str, Path] = {}
    for name in COPIED_TREES:
        files.update(_tree(root / name, name))
    for name in COPIED_FILES:
        if (root / name).is_file():
            files[name] = root / name
    files.update(_package_files(root))
    return files


def _version(root: Path) -> str:
    with (root / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def _dependencies(root: Path) -> list[str]:
    with (root / "pyproject.toml").open("rb") as handle:
        return [str(d) for d in tomllib.load(handle)["project"]["dependencies"]]


def pyproject_text(root: Path) -> str:
    """The edition's pyproject: the course's dependencies, the learner packages only.

    ``pip install .`` from the edition (a self-taught student, the hub image) installs
    no grading code and no answer key; the datasets travel as ``iasante._donnees``
    exactly as in the course's own wheel.
    """
    packages = [*LEARNER_PACKAGES, "iasante._donnees", "iasante._donnees.cohorte"]
    deps = "".join(f"  {json.dumps(d, ensure_ascii=False)},\n" for d in _dependencies(root))
    listed = "".join(f'  "{p}",\n' for p in packages)
    return (
        "# Édition étudiante du cours « IA en santé » : fichier produit par\n"
        "# `iasante edition-etudiante` ; ne pas modifier ici.\n"
        "[build-system]\n"
        'requires = ["setuptools>=77"]\n'
        'build-backend = "setuptools.build_meta"\n\n'
        "[project]\n"
        'name = "iasante"\n'
        f'version = "{_version(root)}"\n'
        'description = "IA en santé : édition étudiante (leçons, devoirs, données)"\n'
        'readme = "README.md"\n'
        'requires-python = ">=3.11"\n'
        'license = "MIT"\n'
        'license-files = ["LICENSE", "LICENSE-CONTENT.md"]\n'
        'authors = [{ name = "IA en santé contributors" }]\n'
        f"dependencies = [\n{deps}]\n\n"
        "[project.scripts]\n"
        'iasante = "iasante.cli:main"\n\n'
        "[tool.setuptools]\n"
        f"packages = [\n{listed}]\n\n"
        "[tool.setuptools.package-dir]\n"
        '"iasante._donnees" = "data"\n\n'
        "[tool.setuptools.package-data]\n"
        '"*" = ["*.json", "*.csv", "*.txt", "*.md"]\n'
    )


GITIGNORE = (
    "__pycache__/\n*.pyc\n*.egg-info/\n.ipynb_checkpoints/\nbuild/\n"
    "# l'espace de travail créé par `iasante lab` : vos copies, jamais écrasées\n"
    "/espace-de-travail/\n"
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(version: str, contents: dict[str, bytes]) -> bytes:
    manifest = {
        "format": FORMAT,
        "cours": {"nom": "IA en santé", "version": version},
        "description": msg("edition.manifest.description"),
        "exclus": [{"chemin": path, "raison": msg(key)} for path, key in EXCLUSIONS],
        "fichiers": {path: _sha256(data) for path, data in sorted(contents.items())},
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def edition_contents(layout: CourseLayout) -> dict[str, bytes]:
    """Every file of the edition (path → bytes), the manifest included."""
    if not layout.source.is_dir():
        raise EditionError(msg("edition.not_a_course", path=layout.root))
    contents = {path: source.read_bytes() for path, source in course_files(layout).items()}
    version = _version(layout.root)
    contents["README.md"] = msg("edition.readme", version=version).encode("utf-8")
    contents["pyproject.toml"] = pyproject_text(layout.root).encode("utf-8")
    contents[".gitignore"] = GITIGNORE.encode("utf-8")
    contents[MANIFEST_NAME] = _manifest(version, contents)
    return contents


def left_out(layout: CourseLayout, contents: Iterable[str]) -> list[tuple[str, str]]:
    """What of this course folder the edition does not carry (top level, package areas)."""
    reasons = {path.rstrip("/"): key for path, key in EXCLUSIONS if path != "*"}
    shipped = {path.split("/", 1)[0] for path in contents}
    missing: list[tuple[str, str]] = []
    for entry in sorted(layout.root.iterdir()):
        if entry.name == "iasante":
            for name, key in reasons.items():
                if name.startswith("iasante/") and (layout.root / name).exists():
                    missing.append(
                        (name + ("/" if (layout.root / name).is_dir() else ""), msg(key))
                    )
            continue
        if entry.name.startswith(".") or entry.name in shipped - {"README.md", "pyproject.toml"}:
            continue
        key = reasons.get(entry.name, "edition.exclu.autre")
        missing.append((entry.name + ("/" if entry.is_dir() else ""), msg(key)))
    return missing


# -- Writing ------------------------------------------------------------------------------


def _clear(target: Path) -> None:
    """Empty a previous edition (its ``.git`` kept: the folder may be a student-repo clone)."""
    if target.exists() and not target.is_dir():
        raise EditionError(msg("edition.not_a_folder", path=target))
    if not target.exists():
        return
    entries = [e for e in target.iterdir() if e.name != ".git"]
    if entries and not (target / MANIFEST_NAME).is_file():
        raise EditionError(msg("edition.refuse_overwrite", path=target))
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def build_edition(layout: CourseLayout, target: Path) -> Edition:
    """Write the student edition of ``layout`` into ``target`` and scan it.

    ``target`` must be empty, missing, or a previous edition (it is then replaced,
    its ``.git`` kept). The course itself is only read.
    """
    target = target.resolve()
    if target == layout.root.resolve() or layout.root.resolve() in target.parents:
        inside = target.relative_to(layout.root.resolve()).parts[:1]
        if not inside or inside[0] in {*COPIED_TREES, "iasante", "source"}:
            raise EditionError(msg("edition.inside_course", path=target))
    contents = edition_contents(layout)
    _clear(target)
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(contents):
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(contents[path])
        os.chmod(destination, 0o644)
    edition = Edition(
        root=target,
        files={path: _sha256(data) for path, data in sorted(contents.items())},
        left_out=left_out(layout, contents),
    )
    edition.findings = scan_edition(target)
    return edition


# -- Scanning -----------------------------------------------------------------------------


def former_answer_keys() -> frozenset[str]:
    """Names of the graded reference functions removed from the package (issue 14), when
    the grading package that lists them is installed; empty otherwise."""
    try:
        module = importlib.import_module("iasante.grading.answerkeys")
    except ImportError:
        return frozenset()
    return frozenset(getattr(module, "FORMER_ANSWER_KEYS", frozenset()))


def scan_text(path: str, text: str, names: frozenset[str] = frozenset()) -> list[Finding]:
    """The lines of one file that reveal solutions, hidden tests, rubrics or answer keys."""
    findings: list[Finding] = []
    name_pattern = (
        re.compile(r"\b(" + "|".join(sorted(map(re.escape, names))) + r")\b") if names else None
    )
    # Most files (the datasets) hold none of it: one pass over the whole text decides.
    if not any(token in text for token in (*MARKERS, *RUBRIC_TOKENS, "reference_", *names)):
        return findings
    for number, line in enumerate(text.splitlines(), start=1):
        excerpt = line.strip()[:120]
        if any(marker in line for marker in MARKERS):
            findings.append(Finding(path, number, "marqueur", excerpt))
        elif RUBRIC.search(line):
            findings.append(Finding(path, number, "barème", excerpt))
        elif REFERENCE.search(line):
            findings.append(Finding(path, number, "référence", excerpt))
        elif name_pattern and name_pattern.search(line):
            findings.append(Finding(path, number, "clé", excerpt))
    return findings


def scan_edition(root: Path, names: frozenset[str] | None = None) -> list[Finding]:
    """Scan every file under ``root`` (``.git`` excepted); ``names`` defaults to
    :func:`former_answer_keys`."""
    names = former_answer_keys() if names is None else names
    findings: list[Finding] = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or ".git" in relative.parts:
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        findings.extend(scan_text(relative.as_posix(), text, names))
    return findings


# -- Committing ---------------------------------------------------------------------------


def _git(repo: Path, *args: str, env: dict[str, str] | None = None, check: bool = True) -> str:
    """Run git on ``repo`` (a folder, or with ``env``'s GIT_DIR/GIT_WORK_TREE, from it)."""
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=False
    )
    if check and done.returncode != 0:
        raise EditionError(msg("edition.git_failed", command=" ".join(args), error=done.stderr))
    return done.stdout.strip()


def _course_date(layout: CourseLayout) -> str:
    """The course's last commit date (so the same course gives the same commit), else a
    fixed date: never the clock."""
    done = subprocess.run(
        ["git", "-C", str(layout.root), "log", "-1", "--format=%cI"],
        capture_output=True,
        text=True,
        check=False,
    )
    date = done.stdout.strip() if done.returncode == 0 else ""
    return date or "2026-01-01T00:00:00+00:00"


def commit_edition(
    edition: Edition, layout: CourseLayout, repo: Path, branch: str, message: str | None = None
) -> str | None:
    """Commit the edition's tree on ``branch`` of the git repository ``repo``, after the
    branch's current tip (nbgitpuller merges, so the students' history must continue).

    Uses a private index: the repository's working tree and checked-out branch are not
    touched. Returns the new commit, or None when the branch already holds this tree.
    Refuses an edition whose scan found something.
    """
    if edition.findings:
        raise EditionError(msg("edition.refuse_commit", count=len(edition.findings)))
    if not repo.is_dir():
        raise EditionError(msg("edition.not_a_repo", path=repo))
    git_dir = _git(repo, "rev-parse", "--absolute-git-dir", check=False)
    if not git_dir:
        raise EditionError(msg("edition.not_a_repo", path=repo))
    if _git(repo, "check-ref-format", "--branch", branch, check=False) != branch:
        raise EditionError(msg("edition.bad_branch", branch=branch))
    date = _course_date(layout)
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "GIT_DIR": git_dir,
            "GIT_INDEX_FILE": str(Path(scratch) / "index"),
            "GIT_WORK_TREE": str(edition.root),
            "GIT_AUTHOR_NAME": "IA en santé",
            "GIT_AUTHOR_EMAIL": "edition-etudiante@ia-sante.invalid",
            "GIT_COMMITTER_NAME": "IA en santé",
            "GIT_COMMITTER_EMAIL": "edition-etudiante@ia-sante.invalid",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
        }
        work = edition.root
        _git(work, "add", "--all", "--force", "--", ".", env=env)
        tree = _git(work, "write-tree", env=env)
        tip = _git(
            work, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", env=env, check=False
        )
        if tip and _git(work, "rev-parse", f"{tip}^{{tree}}", env=env) == tree:
            return None
        text = message or msg("edition.commit_message", version=_version(layout.root))
        parents = ["-p", tip] if tip else []
        commit = _git(work, "commit-tree", tree, *parents, "-m", text, env=env)
        _git(work, "update-ref", f"refs/heads/{branch}", commit, *([tip] if tip else []), env=env)
    return commit
