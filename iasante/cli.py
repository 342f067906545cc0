"""The `iasante` command: one entry point for learners and instructors.

Each area of the package that has commands exposes ``register(subparsers)``;
this module only wires them, so the learner's `lab` stays independent of the
instructor's grading code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from iasante._env import ensure_scripts_on_path
from iasante.course import (
    CourseLayout,
    ReleaseError,
    generate_release,
    list_assignments,
    sync_workspace,
)
from iasante.course.labsettings import install_lab_settings
from iasante.messages import msg

DEFAULT_WORKSPACE = "espace-de-travail"
# Areas that add their own sub-commands; a missing one is simply not offered.
COMMAND_MODULES = (
    "iasante.course.edition_cli",
    "iasante.data.cli",
    "iasante.grading.cli",
    "iasante.hub.cli",
    "iasante.datathon.cli",
)


def _layout() -> CourseLayout:
    try:
        return CourseLayout.discover()
    except FileNotFoundError:
        raise SystemExit(msg("cli.error", message=msg("cli.no_course"))) from None


def cmd_lab(args: argparse.Namespace) -> int:
    layout = _layout()
    workspace = Path(args.dossier) if args.dossier else layout.root / DEFAULT_WORKSPACE
    report = sync_workspace(layout, workspace)
    for path in report.created:
        print(msg("cli.lab.created", path=path))
    for path in report.updated:
        print(msg("cli.lab.updated", path=path))
    for path, beside in report.kept_with_new_version:
        print(msg("cli.lab.kept", path=path, beside=beside))
    print(
        msg(
            "cli.lab.summary",
            workspace=workspace,
            created=len(report.created),
            updated=len(report.updated),
            kept=len(report.kept_with_new_version),
        )
    )
    if args.sync_only:
        return 0
    if install_lab_settings(layout) is None:
        print(msg("cli.lab.settings_not_installed", prefix=sys.prefix))
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={workspace}"]
    if args.no_browser:
        command.append("--no-browser")
    if args.port:
        command.append(f"--port={args.port}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI run as root; Jupyter refuses otherwise
    command.extend(args.jupyter_args)
    print(msg("cli.lab.starting", workspace=workspace), flush=True)
    try:
        return subprocess.call(command, cwd=workspace)
    except KeyboardInterrupt:
        return 0


def cmd_release(args: argparse.Namespace) -> int:
    layout = _layout()
    try:
        written = generate_release(layout, args.assignment)
    except ReleaseError as error:
        print(msg("cli.error", message=error), file=sys.stderr)
        return 2
    for path in written:
        print(msg("cli.release.done", path=path.relative_to(layout.root)))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    layout = _layout()
    print(msg("cli.list.assignments"))
    for name in list_assignments(layout):
        print(f"  {name}")
    print(msg("cli.list.lessons"))
    for path in sorted(layout.notebooks.glob("*.ipynb")):
        print(f"  {path.name}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from iasante.course.validate import NotebookNotFound, find_notebooks, report, validate_notebook

    try:
        notebooks = find_notebooks(args.target)
    except NotebookNotFound as error:
        print(msg("cli.error", message=error), file=sys.stderr)
        return 2
    ok = True
    for path in notebooks:
        validation = validate_notebook(path)
        print(report(validation), flush=True)
        ok = ok and validation.ok
    return 0 if ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iasante", description=msg("cli.description"))
    sub = parser.add_subparsers(dest="command", required=True)

    lab = sub.add_parser("lab", help=msg("cli.lab.help"))
    lab.add_argument("--dossier", help=msg("cli.lab.workspace_help", default=DEFAULT_WORKSPACE))
    lab.add_argument("--no-browser", action="store_true", help=msg("cli.lab.no_browser_help"))
    lab.add_argument("--sync-only", action="store_true", help=msg("cli.lab.sync_only_help"))
    lab.add_argument("--port", type=int, help=msg("cli.lab.port_help"))
    lab.set_defaults(func=cmd_lab)

    release = sub.add_parser("release", aliases=["publier"], help=msg("cli.release.help"))
    release.add_argument("assignment", nargs="?", help=msg("cli.release.assignment_help"))
    release.set_defaults(func=cmd_release)

    validate = sub.add_parser("valider", aliases=["validate"], help=msg("cli.validate.help"))
    validate.add_argument("target", help=msg("cli.validate.target_help"))
    validate.set_defaults(func=cmd_validate)

    listing = sub.add_parser("liste", aliases=["list"], help=msg("cli.list.help"))
    listing.set_defaults(func=cmd_list)

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name in (name, name.rsplit(".", 1)[0]):
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    ensure_scripts_on_path()
    parser = build_parser()
    # `lab` passes options it does not know to JupyterLab (--ServerApp.ip=…, tokens…).
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "lab":
        parser.error(msg("cli.unknown_arguments", args=" ".join(extra)))
    args.jupyter_args = extra
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
