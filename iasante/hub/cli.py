"""``iasante lien``: the nbgitpuller link an instructor pastes into Moodle.

Registered by ``iasante.cli`` (``COMMAND_MODULES``) through :func:`register`.
"""

from __future__ import annotations

import argparse
import sys

from iasante.course import CourseLayout
from iasante.hub.lien import LinkError, build_link, check_student_repository, resolve_module
from iasante.messages import msg


def cmd_lien(args: argparse.Namespace) -> int:
    try:
        layout = CourseLayout.discover()
    except FileNotFoundError:
        print(msg("cli.error", message=msg("cli.no_course")), file=sys.stderr)
        return 2
    try:
        target = resolve_module(layout, args.module, args.kind)
        if not args.complet:
            check_student_repository(args.depot, args.branche)
        link = build_link(args.hub, args.depot, target, branche=args.branche)
    except LinkError as error:
        print(msg("cli.error", message=error), file=sys.stderr)
        return 2
    print(link)
    if args.complet:
        print(msg("hub.lien.complet_warning"), file=sys.stderr)
    if not args.quiet:
        print(msg("hub.lien.opens", path=target.path, module=target.module), file=sys.stderr)
    return 0


def register(subparsers) -> None:
    lien = subparsers.add_parser(
        "lien", aliases=["link"], help=msg("hub.lien.help"), description=msg("hub.lien.description")
    )
    lien.add_argument("--hub", required=True, help=msg("hub.lien.hub_help"))
    lien.add_argument("--depot", required=True, help=msg("hub.lien.depot_help"))
    lien.add_argument("--module", required=True, help=msg("hub.lien.module_help"))
    lien.add_argument("--branche", default="main", help=msg("hub.lien.branche_help"))
    kind = lien.add_mutually_exclusive_group()
    kind.add_argument(
        "--devoir",
        dest="kind",
        action="store_const",
        const="devoir",
        help=msg("hub.lien.devoir_help"),
    )
    kind.add_argument(
        "--lecon", dest="kind", action="store_const", const="lecon", help=msg("hub.lien.lecon_help")
    )
    lien.add_argument("--complet", action="store_true", help=msg("hub.lien.complet_help"))
    lien.add_argument("-q", "--quiet", action="store_true", help=msg("hub.lien.quiet_help"))
    lien.set_defaults(func=cmd_lien, kind="devoir")
