"""`iasante donnees …`: regenerate the synthetic cohort, verify committed data files.

Wired into the main command by :mod:`iasante.cli` through :func:`register`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from iasante.data.cohort import (
    DEFAULT_N_PATIENTS,
    DEFAULT_SEED,
    FILES,
    generate_cohort,
    to_csv_bytes,
    write_cohort,
)
from iasante.data.integrity import (
    COHORT_MANIFEST_NAME,
    MANIFEST_NAME,
    check_manifest,
    data_dir,
    default_cohort_dir,
    display_path,
)
from iasante.messages import msg


def cmd_regenerate(args: argparse.Namespace) -> int:
    variant = (args.seed, args.patients) != (DEFAULT_SEED, DEFAULT_N_PATIENTS)
    if variant and not args.dossier:
        # The committed cohort is what lessons and graded tests were written on:
        # a variant goes to its own folder, never over it.
        print(msg("data.cli.regen.variant_needs_dir"), file=sys.stderr)
        return 2
    target = Path(args.dossier) if args.dossier else data_dir() / "cohorte"
    tables = write_cohort(target, seed=args.seed, n_patients=args.patients)
    print(
        msg(
            "data.cli.regen.done",
            path=target,
            seed=args.seed,
            patients=len(tables["patients"]),
            stays=len(tables["stays"]),
            diagnoses=len(tables["diagnoses"]),
            labs=len(tables["labs"]),
        )
    )
    if args.dossier:
        print(msg("data.cli.regen.variant_hint", path=target.resolve()))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    manifests = [data_dir() / MANIFEST_NAME]
    cohort = Path(args.dossier) if args.dossier else default_cohort_dir()
    manifests.append(cohort / COHORT_MANIFEST_NAME)
    bad = checked = 0
    for manifest in manifests:
        if not manifest.is_file():
            print(msg("data.cli.check.missing", path=display_path(manifest)))
            bad += 1
            continue
        for name, status in check_manifest(manifest).items():
            checked += 1
            path = display_path(manifest.parent / name)
            if status == "ok":
                print(msg("data.cli.check.ok", path=path))
            else:
                bad += 1
                key = "data.cli.check.missing" if status == "missing" else "data.cli.check.bad"
                print(msg(key, path=path))
    if bad:
        print(msg("data.cli.check.summary_bad", n=bad), file=sys.stderr)
        return 1
    print(msg("data.cli.check.summary_ok", n=checked))
    if args.regenerer:
        import json

        info = json.loads((cohort / COHORT_MANIFEST_NAME).read_text(encoding="utf-8"))
        tables = generate_cohort(info["seed"], info["n_patients"], defects=info["defects"])
        differ = [
            name
            for key, name in FILES.items()
            if (cohort / name).read_bytes().replace(b"\r\n", b"\n") != to_csv_bytes(tables[key])
        ]
        if differ:
            print(
                msg("data.cli.check.regen_bad", seed=info["seed"], files=", ".join(differ)),
                file=sys.stderr,
            )
            return 1
        print(msg("data.cli.check.regen_ok", seed=info["seed"]))
    return 0


def register(subparsers: Any) -> None:
    """Add ``donnees`` (with ``regenerer`` and ``verifier``) to the main parser."""
    parser = subparsers.add_parser(
        "donnees", help=msg("data.cli.help"), description=msg("data.cli.help")
    )
    sub = parser.add_subparsers(dest="donnees_command", required=True)

    regen = sub.add_parser(
        "regenerer", help=msg("data.cli.regen.help"), description=msg("data.cli.regen.help")
    )
    regen.add_argument(
        "--seed",
        "--graine",
        type=int,
        default=DEFAULT_SEED,
        help=msg("data.cli.regen.seed_help", default=DEFAULT_SEED),
    )
    regen.add_argument(
        "--dossier", default=None, help=msg("data.cli.regen.dir_help", default="data/cohorte")
    )
    regen.add_argument(
        "--patients",
        type=int,
        default=DEFAULT_N_PATIENTS,
        help=msg("data.cli.regen.patients_help", default=DEFAULT_N_PATIENTS),
    )
    regen.set_defaults(func=cmd_regenerate)

    check = sub.add_parser(
        "verifier", help=msg("data.cli.check.help"), description=msg("data.cli.check.help")
    )
    check.add_argument(
        "--dossier", default=None, help=msg("data.cli.regen.dir_help", default="data/cohorte")
    )
    check.add_argument("--regenerer", action="store_true", help=msg("data.cli.check.regen_help"))
    check.set_defaults(func=cmd_check)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point: ``python -m iasante.data.cli donnees verifier``."""
    parser = argparse.ArgumentParser(prog="iasante")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
