"""nbgitpuller links: one click clones (or updates) the course on the student's hub.

By default the link points to the **student edition**'s repository (``iasante
edition-etudiante``, issue 23): a graded cohort never clones ``source/``. The full course
repository is for self-learner groups only, asked for explicitly (``--complet``).

A link looks like::

    {hub}/hub/user-redirect/git-pull?repo=…&branch=…&urlpath=lab/tree/<repo-dir>/<path>

``user-redirect`` sends the student to *their own* server after login; nbgitpuller
clones ``repo`` into ``<repo-dir>`` (the repository's name, without ``.git``) in their
home, or merges the course's changes without overwriting their edits, then opens
``urlpath``. Every value is URL-encoded like nbgitpuller's own link generator
(``encodeURIComponent``), so the link survives being pasted into Moodle.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urlsplit

from iasante.course import CourseLayout, list_assignments
from iasante.messages import msg

KINDS = ("devoir", "lecon")


class LinkError(ValueError):
    """A link cannot be built; the message is in French, for the instructor."""


@dataclass(frozen=True)
class ModuleTarget:
    """The notebook a link opens, relative to the repository root."""

    module: str
    kind: str
    path: str


def _available(layout: CourseLayout) -> tuple[list[str], list[str]]:
    assignments = list_assignments(layout)
    lessons = sorted(p.stem for p in layout.notebooks.glob("*.ipynb"))
    return assignments, lessons


def _match(name: str, candidates: list[str]) -> list[str]:
    """``m00`` matches ``m00_prise_en_main``; a full name matches itself."""
    exact = [c for c in candidates if c == name]
    return exact or [c for c in candidates if c.startswith(name + "_")]


def resolve_module(layout: CourseLayout, module: str, kind: str = "devoir") -> ModuleTarget:
    """Find the notebook of ``module`` (``m00`` or ``m00_prise_en_main``) in the course."""
    if kind not in KINDS:
        raise LinkError(msg("hub.lien.unknown_kind", kind=kind))
    name = module.strip().strip("/")
    assignments, lessons = _available(layout)
    if kind == "devoir":
        found = _match(name, assignments)
        if len(found) == 1:
            folder = layout.release / found[0]
            notebooks = sorted(folder.glob("*.ipynb"))
            if not notebooks:
                raise LinkError(msg("hub.lien.not_released", module=found[0]))
            preferred = folder / f"{found[0]}.ipynb"
            chosen = preferred if preferred in notebooks else notebooks[0]
            return ModuleTarget(found[0], kind, chosen.relative_to(layout.root).as_posix())
    else:
        found = _match(name, lessons)
        if len(found) == 1:
            path = (layout.notebooks / f"{found[0]}.ipynb").relative_to(layout.root).as_posix()
            return ModuleTarget(found[0], kind, path)
    if len(found) > 1:
        raise LinkError(msg("hub.lien.ambiguous", module=module, choices=", ".join(found)))
    existing = assignments if kind == "devoir" else lessons
    raise LinkError(
        msg(
            "hub.lien.unknown_module",
            module=module,
            kind=msg(f"hub.lien.kind.{kind}"),
            choices=", ".join(existing) or msg("hub.lien.none"),
        )
    )


def repo_dir(depot: str) -> str:
    """The folder nbgitpuller clones into: the repository's last path part, minus ``.git``."""
    path = urlsplit(depot).path if "://" in depot else depot.split(":", 1)[-1]
    name = path.rstrip("/").rsplit("/", 1)[-1]
    if name.endswith(".git"):
        name = name[: -len(".git")]
    if not name:
        raise LinkError(msg("hub.lien.bad_repo", depot=depot))
    return name


def _check_url(value: str, key: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LinkError(msg(key, url=value))
    return value


def build_link(
    hub: str, depot: str, target: ModuleTarget | str, branche: str = "main", interface: str = "lab"
) -> str:
    """The nbgitpuller link that opens ``target`` (a ModuleTarget or a repo-relative path)."""
    hub = _check_url(hub.strip(), "hub.lien.bad_hub").rstrip("/")
    if hub.endswith("/hub"):
        hub = hub[: -len("/hub")]
    depot = depot.strip()
    if not depot:
        raise LinkError(msg("hub.lien.bad_repo", depot=depot))
    if not branche.strip():
        raise LinkError(msg("hub.lien.bad_branch"))
    path = target.path if isinstance(target, ModuleTarget) else str(target)
    path = Path(path).as_posix().lstrip("/")
    urlpath = f"{interface}/tree/{repo_dir(depot)}/{path}"
    query = urlencode(
        {"repo": depot, "branch": branche.strip(), "urlpath": urlpath},
        quote_via=quote,
        safe="",
    )
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def _local_path(depot: str) -> Path | None:
    """The folder of a repository given as a local path or a ``file://`` URL, else None."""
    parts = urlsplit(depot)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    if not parts.scheme and Path(depot).is_absolute():
        return Path(depot)
    return None


def check_student_repository(depot: str, branche: str) -> None:
    """Refuse a link that would hand the full course (``source/``) to a graded cohort.

    Only a repository this machine can read is checked (a local path or ``file://``, as
    on a hub serving the edition from a disk); a remote address is taken at its word.
    """
    folder = _local_path(depot.strip())
    if folder is None or not folder.is_dir():
        return
    done = subprocess.run(
        ["git", "-C", str(folder), "ls-tree", "--name-only", branche.strip(), "--", "source"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 0 and done.stdout.strip():
        raise LinkError(msg("hub.lien.full_repository", depot=depot, branche=branche))
