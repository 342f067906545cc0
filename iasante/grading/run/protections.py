"""The kernels' sandbox seen from the grading process: what applies here, in French.

:func:`check_sandbox` probes the machine once per run (and refuses to grade with
``--require-sandbox`` when a protection is missing); :func:`sandbox_line` is the first line
of every run's summary; :func:`describe_attempts` turns the kernel guard's records into the
French one-liners shown in the summary, the exports and the class report.
"""

from __future__ import annotations

from typing import Any

from iasante.messages import msg

from ..kernel import sandbox
from .options import GradingError, GradingOptions


def sandbox_line(report: dict[str, Any] | None) -> str:
    """One French line: which protections the grading kernels have (``iasante grade``)."""
    if report is None:
        return msg("grading.sandbox.header", parts=msg("grading.sandbox.off"))
    parts = [
        msg("grading.sandbox.landlock", abi=report["landlock"])
        if report.get("landlock")
        else msg("grading.sandbox.no_landlock"),
        msg("grading.sandbox.netns") if report.get("netns") else msg("grading.sandbox.no_netns"),
        msg("grading.sandbox.seccomp")
        if report.get("seccomp")
        else msg("grading.sandbox.no_seccomp"),
    ]
    limits = report.get("limits") or {}
    shown = []
    if "processes" in limits:
        shown.append(f"{limits['processes']} processus")
    else:
        parts.append(msg("grading.sandbox.no_nproc"))
    if limits.get("file_mb"):
        shown.append(f"fichiers ≤ {limits['file_mb']} Mo")
    if limits.get("open_files"):
        shown.append(f"{limits['open_files']} fichiers ouverts")
    if limits.get("cpu_seconds"):
        shown.append(f"{limits['cpu_seconds']} s de CPU")
    if shown:
        parts.append(msg("grading.sandbox.limits", limits=", ".join(shown)))
    return msg("grading.sandbox.header", parts=" ; ".join(parts))


def describe_attempts(records: list[dict[str, Any]]) -> list[str]:
    """French one-liners for the guard's records (sandbox reports left out)."""
    out: list[str] = []
    for record in records:
        kind = record.get("kind")
        if kind == "sandbox" or not isinstance(kind, str):
            continue
        try:
            label = msg(f"grading.sandbox.kind.{kind}")
        except Exception:  # noqa: BLE001 -- a record forged by the submission
            label = kind[:40]
        line = f"{label} ({str(record.get('what', ''))[:120]})"
        if line not in out:
            out.append(line)
    return out


def kernel_cpu_seconds(options: GradingOptions) -> int:
    """CPU seconds a kernel may use (RLIMIT_CPU): the notebook's time limit plus a margin."""
    return int(options.notebook_timeout or 600) + 60


def sandbox_failure(records: list[dict[str, Any]]) -> str:
    """Why a kernel could not start confined (its last words in the guard's pipe), or ''."""
    for record in records:
        if record.get("kind") == "sandbox" and record.get("what") in ("erreur", "refus"):
            return (
                str(record.get("error", "")).strip().splitlines()[-1:][0][:200]
                if record.get("error")
                else ""
            )
    return ""


def check_sandbox(options: GradingOptions) -> dict[str, Any] | None:
    """What the kernels' sandbox will have here; GradingError (French) if it is required
    and incomplete."""
    if not options.sandbox:
        if options.require_sandbox:
            raise GradingError(msg("grading.sandbox.required_missing", missing="tout"))
        return None
    report = sandbox.probe()
    if report.get("limits", {}).get("cpu_seconds"):
        report["limits"]["cpu_seconds"] = kernel_cpu_seconds(options)
    if options.require_sandbox and sandbox.missing(report):
        names = [msg(f"grading.sandbox.missing.{m}") for m in sandbox.missing(report)]
        raise GradingError(msg("grading.sandbox.required_missing", missing=", ".join(names)))
    return report
