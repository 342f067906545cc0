"""``iasante notes-moodle <devoir>``: grades back to Moodle through LTI Advantage (AGS).

Registered by :func:`iasante.grading.cli.register`; the work is in :mod:`.lti`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from iasante.messages import msg


def register_lti(
    subparsers: argparse._SubParsersAction, course: Callable[[argparse.ArgumentParser], None]
) -> None:
    p = subparsers.add_parser("notes-moodle", aliases=["lti-notes"], help=msg("lti.cli.help"))
    p.add_argument("assignment", nargs="?", default=None, help=msg("grading.cli.assignment"))
    course(p)
    p.add_argument("--config", default=None, help=msg("lti.cli.config"))
    p.add_argument(
        "--notes-partielles", dest="partial", action="store_true", help=msg("grading.cli.partial")
    )
    p.add_argument("--force", action="store_true", help=msg("lti.cli.force"))
    p.add_argument(
        "--nouvelle-cle",
        dest="new_key",
        default=None,
        metavar="FICHIER",
        help=msg("lti.cli.new_key"),
    )
    p.set_defaults(func=cmd_notes_moodle)


def cmd_notes_moodle(args: argparse.Namespace) -> int:
    from .lti import LtiError, LtiSettings, generate_keypair, send_assignment

    if args.new_key:
        jwk = generate_keypair(args.new_key)
        public = Path(args.new_key).with_suffix(".pub.pem").read_text(encoding="utf-8")
        print(msg("lti.cli.key_written", path=args.new_key, public=public.strip()))
        print(json.dumps(jwk, indent=1))
        return 0
    if not args.assignment:
        print(msg("grading.cli.assignment"), file=sys.stderr)
        return 2
    from .privacy import PersonalDataInGit, check_private_destination

    config = Path(args.config) if args.config else Path(args.course) / "lti.json"
    try:  # the journal (who got which grade) is personal data, like the exports
        check_private_destination(Path(args.course) / "exports")
    except PersonalDataInGit as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        settings = LtiSettings.from_file(config)
        report = send_assignment(
            args.course, args.assignment, settings, allow_pending=args.partial, force=args.force
        )
    except LtiError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(msg("lti.report.title", assignment=args.assignment))
    for key, rows in (
        ("sent", report.sent),
        ("skipped", report.skipped),
        ("refused", report.refused),
    ):
        print(msg(f"lti.report.{key}", count=len(rows)))
        for student, detail in rows:
            print(msg("lti.report.line", student=student, detail=detail))
    print(msg("lti.report.journal", path=report.journal))
    return 1 if report.refused else 0
