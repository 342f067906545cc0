"""``iasante datathon preparer | classement`` (instructor commands, in French).

``preparer`` derives the challenge from a secret, writes the public tables into
``source/<devoir>/donnees/`` and the hidden labels into a private folder (mode 700, with
its own ``.gitignore``), outside ``source/``, ``release/`` and git.
``classement`` reads every ``submitted/<étudiant>/<devoir>/predictions.csv`` as text,
validates it and scores it in this process, never in a kernel that runs student code.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path

import pandas as pd

from iasante.messages import msg

ASSIGNMENT = "m07_datathon"
PRIVATE_DIR = "datathon-prive"


def _root(course: str) -> Path:
    from iasante.course import CourseLayout

    try:
        return CourseLayout.discover(Path(course)).root
    except FileNotFoundError:
        raise SystemExit(msg("cli.error", message=msg("cli.no_course"))) from None


def _private_dir(args: argparse.Namespace, root: Path) -> Path:
    return Path(args.prive) if args.prive else root / PRIVATE_DIR / args.devoir


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def cmd_preparer(args: argparse.Namespace) -> int:
    from iasante.datathon import challenge as ch

    root = _root(args.course)
    private = _private_dir(args, root)
    if any(_inside(private, root / d) for d in ("source", "release")):
        print(
            msg("cli.error", message=msg("datathon.cli.prive_dans_devoir", path=private)),
            file=sys.stderr,
        )
        return 2
    secret = args.secret
    if args.secret_file:
        secret = Path(args.secret_file).read_text("utf-8").strip()
    stored = ch.read_secret(private)
    if secret is None:
        secret = stored
    if secret is None:
        secret = secrets.token_urlsafe(24)
        print(msg("datathon.cli.secret_tire", path=private / ch.SECRET_FILE))
    if len(secret) < ch.MIN_SECRET_LENGTH:
        print(
            msg(
                "cli.error", message=msg("datathon.cli.secret_court", minimum=ch.MIN_SECRET_LENGTH)
            ),
            file=sys.stderr,
        )
        return 2
    if stored is not None and stored != secret:
        print(
            msg("cli.error", message=msg("datathon.cli.secret_autre", path=private)),
            file=sys.stderr,
        )
        return 2
    challenge = ch.build_challenge(secret)
    ch.store_secret(private, secret)
    labels_path = ch.write_private(challenge, private)
    written = ch.write_public(challenge, root / "source" / args.devoir)
    n_public = int((challenge.labels[ch.PART] == ch.PUBLIC).sum())
    print(
        msg(
            "datathon.cli.prepare",
            fingerprint=challenge.fingerprint,
            n_train=len(challenge.train),
            n_test=len(challenge.test),
            n_public=n_public,
            n_private=len(challenge.test) - n_public,
        )
    )
    for path in written:
        print(msg("datathon.cli.public_ecrit", path=path))
    print(msg("datathon.cli.prive_ecrit", path=labels_path))
    print(msg("datathon.cli.relancer_release", assignment=args.devoir))
    return 0


def cmd_classement(args: argparse.Namespace) -> int:
    from iasante.datathon import challenge as ch
    from iasante.datathon import leaderboard as lb

    root = _root(args.course)
    private = _private_dir(args, root)
    if not (private / ch.LABELS_FILE).is_file():
        print(
            msg("cli.error", message=msg("datathon.cli.pas_prepare", path=private)), file=sys.stderr
        )
        return 2
    data = root / "source" / args.devoir / ch.DATA_FOLDER
    if not (data / ch.TEST_FILE).is_file():
        print(
            msg("cli.error", message=msg("datathon.cli.public_absent", path=data)), file=sys.stderr
        )
        return 2
    labels = ch.read_labels(private)
    test_ids = pd.read_csv(data / ch.TEST_FILE, usecols=[ch.ID], dtype=str)[ch.ID]
    train_ids = pd.read_csv(data / ch.TRAIN_FILE, usecols=[ch.ID], dtype=str)[ch.ID]
    try:
        teams = lb.read_teams(args.equipes)
    except lb.TeamsFileError as error:
        print(msg("cli.error", message=error), file=sys.stderr)
        return 2
    submitted = Path(args.depots) if args.depots else root / "submitted"
    entries = lb.find_submissions(submitted, args.devoir)
    if not entries:
        print(
            msg(
                "datathon.classement.aucun_depot",
                filename="predictions.csv",
                folder=submitted,
                assignment=args.devoir,
            ),
            file=sys.stderr,
        )
    subs = lb.score_submissions(entries, labels, test_ids, train_ids, teams)
    for sub in subs:
        if not sub.valid:
            report = "\n".join(f"  - {p.message}" for p in sub.problems)
            print(msg("datathon.cli.refus", student=sub.student, team=sub.team, report=report))
    out = Path(args.sortie) if args.sortie else private / "classement"
    n_public = int((labels[ch.PART] == ch.PUBLIC).sum())
    paths = lb.write_leaderboard(
        subs, out, final=args.final, n_public=n_public, n_private=len(labels) - n_public
    )
    board = lb.leaderboard(subs, final=args.final)
    print(
        msg(
            "datathon.cli.bilan",
            n_files=len(subs),
            n_valid=sum(s.valid for s in subs),
            n_teams=len(board),
        )
    )
    for path in paths:
        print(msg("datathon.cli.ecrit", path=path))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from iasante.datathon.challenge import MIN_SECRET_LENGTH

    top = subparsers.add_parser("datathon", help=msg("datathon.cli.help"))
    sub = top.add_subparsers(dest="datathon_command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--course", default=".", help=msg("grading.cli.course"))
        p.add_argument(
            "--devoir", default=ASSIGNMENT, help=msg("datathon.cli.devoir_help", default=ASSIGNMENT)
        )
        p.add_argument(
            "--prive",
            default=None,
            help=msg("datathon.cli.prive_help", default=f"{PRIVATE_DIR}/<devoir>"),
        )

    prep = sub.add_parser("preparer", aliases=["prepare"], help=msg("datathon.cli.preparer_help"))
    common(prep)
    secret = prep.add_mutually_exclusive_group()
    secret.add_argument(
        "--secret", default=None, help=msg("datathon.cli.secret_help", minimum=MIN_SECRET_LENGTH)
    )
    secret.add_argument(
        "--secret-fichier",
        dest="secret_file",
        default=None,
        help=msg("datathon.cli.secret_file_help"),
    )
    prep.set_defaults(func=cmd_preparer)

    board = sub.add_parser(
        "classement", aliases=["score"], help=msg("datathon.cli.classement_help")
    )
    common(board)
    board.add_argument("--depots", default=None, help=msg("datathon.cli.depots_help"))
    board.add_argument("--equipes", default=None, help=msg("datathon.cli.equipes_help"))
    board.add_argument("--final", action="store_true", help=msg("datathon.cli.final_help"))
    board.add_argument("--sortie", default=None, help=msg("datathon.cli.sortie_help"))
    board.set_defaults(func=cmd_classement)
