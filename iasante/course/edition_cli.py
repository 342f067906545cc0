"""``iasante edition-etudiante``: build (and optionally commit) the student edition.

Registered by ``iasante.cli`` (``COMMAND_MODULES``) through :func:`register`; the work is
done by :mod:`iasante.course.edition`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from iasante.course.edition import (
    DEFAULT_FOLDER,
    MANIFEST_NAME,
    EditionError,
    build_edition,
    commit_edition,
)
from iasante.course.layout import CourseLayout
from iasante.messages import msg


def cmd_edition(args: argparse.Namespace) -> int:
    try:
        layout = CourseLayout.discover()
    except FileNotFoundError:
        print(msg("cli.error", message=msg("cli.no_course")), file=sys.stderr)
        return 2
    target = Path(args.dossier) if args.dossier else layout.root / DEFAULT_FOLDER
    try:
        edition = build_edition(layout, target)
    except EditionError as error:
        print(msg("cli.error", message=error), file=sys.stderr)
        return 2
    print(msg("edition.done", path=edition.root, count=len(edition.files)))
    print(msg("edition.left_out_header", manifest=MANIFEST_NAME))
    for path, reason in edition.left_out:
        print(msg("edition.left_out_line", path=path, reason=reason))
    if edition.findings:
        print(msg("edition.findings_header", count=len(edition.findings)), file=sys.stderr)
        for finding in edition.findings:
            print(f"  {finding}", file=sys.stderr)
    if args.depot:
        repo = Path(args.depot)
        try:
            commit = commit_edition(edition, layout, repo, args.branche, args.message)
        except EditionError as error:
            print(msg("cli.error", message=error), file=sys.stderr)
            return 1 if edition.findings else 2
        if commit is None:
            print(msg("edition.up_to_date", branch=args.branche, repo=repo))
        else:
            print(msg("edition.committed", commit=commit[:12], branch=args.branche, repo=repo))
    return 1 if edition.findings else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    edition = subparsers.add_parser(
        "edition-etudiante",
        aliases=["student-edition"],
        help=msg("edition.help"),
        description=msg("edition.description"),
    )
    edition.add_argument("--dossier", help=msg("edition.dossier_help", default=DEFAULT_FOLDER))
    edition.add_argument("--depot", help=msg("edition.depot_help"))
    edition.add_argument("--branche", default="main", help=msg("edition.branche_help"))
    edition.add_argument("-m", "--message", help=msg("edition.message_help"))
    edition.set_defaults(func=cmd_edition)


def main(argv: list[str] | None = None) -> int:
    """``python -m iasante.course.edition_cli``: the command alone (the image build uses
    it, with only traitlets installed)."""
    parser = argparse.ArgumentParser(prog="iasante")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["edition-etudiante", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
