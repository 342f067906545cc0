"""Subcommands of ``iasante`` for instructors: grade, feedback, export, rapport, demo.

``iasante.cli`` calls :func:`register` with its argparse subparsers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from iasante.messages import msg

from .products.privacy import PersonalDataInGit, check_private_destination
from .runlog import log_path


def _course(p: argparse.ArgumentParser) -> None:
    p.add_argument("--course", default=".", help=msg("grading.cli.course"))


def register(subparsers: argparse._SubParsersAction) -> None:
    grade = subparsers.add_parser("grade", aliases=["corriger"], help=msg("grading.cli.grade_help"))
    grade.add_argument("assignment", help=msg("grading.cli.assignment"))
    _course(grade)
    grade.add_argument("-j", "--workers", type=int, default=None, help=msg("grading.cli.workers"))
    grade.add_argument("--force", action="store_true", help=msg("grading.cli.force"))
    grade.add_argument(
        "--student", action="append", dest="students", help=msg("grading.cli.students")
    )
    grade.add_argument(
        "--cell-timeout", type=int, default=None, help=msg("grading.cli.cell_timeout")
    )
    grade.add_argument(
        "--notebook-timeout", type=float, default=600, help=msg("grading.cli.notebook_timeout")
    )
    grade.add_argument("--memory", type=int, default=2048, help=msg("grading.cli.memory"))
    grade.add_argument("--no-fork", action="store_true", help=msg("grading.cli.no_fork"))
    grade.add_argument(
        "--require-sandbox",
        "--exiger-bac-a-sable",
        action="store_true",
        dest="require_sandbox",
        help=msg("grading.cli.require_sandbox"),
    )
    grade.add_argument(
        "--no-sandbox",
        "--sans-bac-a-sable",
        action="store_true",
        dest="no_sandbox",
        help=msg("grading.cli.no_sandbox"),
    )
    grade.add_argument("-q", "--quiet", action="store_true", help=msg("grading.cli.quiet"))
    grade.set_defaults(func=cmd_grade)

    feedback = subparsers.add_parser(
        "feedback", aliases=["retours"], help=msg("grading.cli.feedback_help")
    )
    feedback.add_argument("assignment", help=msg("grading.cli.assignment"))
    _course(feedback)
    feedback.add_argument(
        "--student", action="append", dest="students", help=msg("grading.cli.students")
    )
    feedback.add_argument("--release", action="store_true", help=msg("grading.cli.release"))
    feedback.add_argument(
        "--notes-partielles", dest="partial", action="store_true", help=msg("grading.cli.partial")
    )
    feedback.set_defaults(func=cmd_feedback)

    export = subparsers.add_parser("export", help=msg("grading.cli.export_help"))
    export.add_argument("assignment", help=msg("grading.cli.assignment"))
    _course(export)
    export.add_argument("-o", "--output", default=None, help=msg("grading.cli.output"))
    export.add_argument("--moodle-id", default="email", help=msg("grading.cli.moodle_id"))
    export.add_argument("--moodle-map", default=None, help=msg("grading.cli.moodle_map"))
    export.add_argument(
        "--notes-partielles", dest="partial", action="store_true", help=msg("grading.cli.partial")
    )
    export.add_argument(
        "--dans-git", dest="in_git", action="store_true", help=msg("grading.cli.in_git")
    )
    export.set_defaults(func=cmd_export)

    report = subparsers.add_parser(
        "rapport", aliases=["report"], help=msg("grading.cli.report_help")
    )
    report.add_argument("assignment", help=msg("grading.cli.assignment"))
    _course(report)
    report.add_argument("-o", "--output", default=None, help=msg("grading.cli.output"))
    report.add_argument(
        "--dans-git", dest="in_git", action="store_true", help=msg("grading.cli.in_git")
    )
    report.set_defaults(func=cmd_report)

    from .products.lti_cli import register_lti

    register_lti(subparsers, _course)

    demo = subparsers.add_parser("demo", help=msg("grading.cli.demo_help"))
    demo.add_argument("assignment", nargs="?", default=None, help=msg("grading.cli.assignment"))
    demo.add_argument("-o", "--output", default="demo-output", help=msg("grading.cli.output"))
    demo.add_argument("-n", "--size", type=int, default=16, help=msg("grading.cli.demo_students"))
    demo.add_argument("-j", "--workers", type=int, default=None, help=msg("grading.cli.workers"))
    demo.add_argument("-q", "--quiet", action="store_true", help=msg("grading.cli.quiet"))
    demo.set_defaults(func=cmd_demo)


def cmd_grade(args: argparse.Namespace) -> int:
    from .kernel import sandbox
    from .run.options import GradingError, GradingOptions
    from .run.pipeline import grade_assignment
    from .run.protections import check_sandbox, sandbox_line

    options = GradingOptions(
        workers=args.workers,
        force=args.force,
        students=args.students,
        cell_timeout=args.cell_timeout,
        notebook_timeout=args.notebook_timeout,
        memory_mb=args.memory,
        fork=not args.no_fork,
        progress=not args.quiet,
        sandbox=not args.no_sandbox,
        require_sandbox=args.require_sandbox,
    )
    try:
        # first line of the output: which protections the kernels will have
        if options.sandbox and not sandbox.apply_supported():
            print(msg("grading.sandbox.unsupported", platform=sys.platform), file=sys.stderr)
        print(sandbox_line(check_sandbox(options)), flush=True)
        run = grade_assignment(args.course, args.assignment, options)
    except GradingError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(msg("grading.interrupted"), file=sys.stderr)
        return 130
    print(run.summary())
    print_attention(args.course, args.assignment)
    return 0


def print_attention(course: str | Path, assignment: str) -> None:
    """Name the students whose copy the instructor should open (see :mod:`.attention`)."""
    from .products.attention import attention_list
    from .products.exports import collect_grades

    names = attention_list(collect_grades(course, assignment)[0])
    if not names:
        print(msg("grading.attention.none"))
        return
    print(msg("grading.attention.title") + " :")
    for student, reason in names:
        print(f"  {student:<16} {reason}")


def cmd_feedback(args: argparse.Namespace) -> int:
    from .products.feedback import generate_feedback, release_feedback

    result = generate_feedback(args.course, args.assignment, args.students)
    folder = Path(args.course).resolve() / "feedback"
    print(msg("grading.feedback_done", path=folder, count=len(result.written)))
    for student, lines in sorted(result.withheld.items()):
        print(msg("grading.feedback_withheld", student=student, count=len(lines)), file=sys.stderr)
    for student, error in sorted(result.failed.items()):
        print(msg("grading.feedback_failed", student=student, error=error), file=sys.stderr)
    if result.withheld or result.failed:
        print(msg("grading.see_log", path=log_path(args.course, args.assignment)), file=sys.stderr)
    if args.release:
        released = result.students  # only what was asked, written and safe
        if not args.partial:
            from .products.exports import collect_grades

            rows = collect_grades(args.course, args.assignment)[0]
            pending = sorted(r.student for r in rows if r.manual_pending)
            held = [s for s in released if s in pending]
            if held:
                print(
                    msg("grading.feedback_pending_held", students=", ".join(held)), file=sys.stderr
                )
                released = [s for s in released if s not in held]
        if released:
            try:
                skipped = release_feedback(args.course, args.assignment, released)
            except Exception as exc:  # noqa: BLE001 -- exchange missing, permissions...
                print(msg("grading.feedback_release_failed", error=exc), file=sys.stderr)
                return 1
            print(msg("grading.feedback_released_for", count=len(released) - len(skipped)))
            if skipped:
                print(msg("grading.feedback_not_exchanged", students=", ".join(skipped)))
    else:
        print(msg("grading.feedback_release_hint", assignment=args.assignment))
    return 1 if result.withheld or result.failed else 0


def cmd_export(args: argparse.Namespace) -> int:
    from .products.exports import export_grades_report, read_mapping

    mapping = read_mapping(args.moodle_map, args.moodle_id) if args.moodle_map else None
    out = Path(args.output) if args.output else Path(args.course) / "exports"
    try:
        check_private_destination(out, args.in_git)
    except PersonalDataInGit as exc:
        print(exc, file=sys.stderr)
        return 1
    paths, moodle = export_grades_report(
        args.course, args.assignment, args.output, args.moodle_id, mapping, args.partial
    )
    print(msg("grading.export_done", paths="\n  ".join(str(p) for p in paths.values())))
    if moodle.rejected:
        names = ", ".join(s for s, _ in moodle.rejected)
        print(
            msg(
                "grading.export.rejected",
                count=len(moodle.rejected),
                students=names,
                path=paths["moodle_rejected"],
            ),
            file=sys.stderr,
        )
    if moodle.blank:
        names = ", ".join(s for s, _ in moodle.blank)
        print(msg("grading.export.blank", count=len(moodle.blank), students=names))
    if any(reason == msg("grading.export.manual_pending") for _, reason in moodle.blank):
        print(msg("grading.export.pending_hint"), file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .products.report import class_report

    out = Path(args.output) if args.output else Path(args.course) / "rapports"
    try:
        check_private_destination(out, args.in_git)
    except PersonalDataInGit as exc:
        print(exc, file=sys.stderr)
        return 1
    paths = class_report(args.course, args.assignment, args.output)
    print(msg("grading.report.done", path=paths["html"]))
    print_attention(args.course, args.assignment)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .products.demo import run_demo

    run_demo(
        args.output, args.assignment, size=args.size, workers=args.workers, progress=not args.quiet
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Standalone entry point (``python -m iasante.grading.cli``)."""
    parser = argparse.ArgumentParser(prog="iasante")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
