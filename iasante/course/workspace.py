"""The learner's personal workspace: copies of the course notebooks that updates never overwrite.

A learner works on copies, never on the files of the repository, so ``git pull``
(or nbgitpuller on a hub) can update the course without touching an answer.
A manifest records the fingerprint of every file as it was copied: a copy the
learner has not changed is refreshed when the course changes, a copy the learner
has changed is kept and the new course version is written beside it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from iasante.course.layout import CourseLayout

MANIFEST = ".iasante-copies.json"
IGNORED_PARTS = {".ipynb_checkpoints", "__pycache__"}


@dataclass
class SyncReport:
    """What one synchronisation did, file by file (paths relative to the workspace)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept_with_new_version: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _course_files(layout: CourseLayout) -> dict[str, Path]:
    """Map each workspace path to the course file it comes from.

    Lessons go to ``lecons/``, student versions of assignments to ``devoirs/`` and
    the datasets to ``data/``, so relative paths such as ``../data/x.csv`` used in
    lessons work in the workspace exactly as in the repository.
    """
    mapping: dict[str, Path] = {}
    for folder, target in ((layout.notebooks, "lecons"), (layout.release, "devoirs")):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not IGNORED_PARTS & set(path.parts):
                mapping[f"{target}/{path.relative_to(folder).as_posix()}"] = path
    if layout.data.is_dir():
        for path in sorted(layout.data.rglob("*")):
            if path.is_file() and not IGNORED_PARTS & set(path.parts):
                mapping[f"data/{path.relative_to(layout.data).as_posix()}"] = path
    return mapping


def _beside(path: Path, stamp: str) -> Path:
    """A free name next to ``path`` for the new course version (never overwrites)."""
    candidate = path.with_name(f"{path.stem} (nouvelle version {stamp}){path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} (nouvelle version {stamp}, {n}){path.suffix}")
        n += 1
    return candidate


def sync_workspace(layout: CourseLayout, workspace: Path) -> SyncReport:
    """Bring the course's files into ``workspace`` without ever overwriting a learner's work."""
    workspace.mkdir(parents=True, exist_ok=True)
    manifest_path = workspace / MANIFEST
    try:
        manifest: dict[str, str] = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        manifest = {}
    report = SyncReport()
    for rel, origin in _course_files(layout).items():
        target = workspace / rel
        new_print = _fingerprint(origin)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, target)
            manifest[rel] = new_print
            report.created.append(rel)
            continue
        current = _fingerprint(target)
        if current == new_print:
            manifest[rel] = new_print
            report.unchanged.append(rel)
        elif manifest.get(rel) == current:
            # The learner never touched this copy: it is safe to refresh it.
            shutil.copy2(origin, target)
            manifest[rel] = new_print
            report.updated.append(rel)
        elif manifest.get(rel) == new_print:
            # The learner edited the copy and the course has not changed since it was
            # copied: nothing new to offer (a « nouvelle version » identical to the
            # course file was written here before, beside every edited notebook).
            report.unchanged.append(rel)
        else:
            # The learner's work stays where it is; the new version goes beside it.
            already = [
                p
                for p in target.parent.glob(f"{target.stem} (nouvelle version *")
                if _fingerprint(p) == new_print
            ]
            if already:
                report.unchanged.append(rel)
                continue
            beside = _beside(target, new_print[:7])
            shutil.copy2(origin, beside)
            report.kept_with_new_version.append((rel, beside.relative_to(workspace).as_posix()))
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return report
