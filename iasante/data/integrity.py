"""Where the data live, and checks that committed files are present and unaltered.

Every committed data file has a SHA-256 recorded in a manifest:

* ``data/MANIFEST.json`` for the real datasets and reference tables;
* ``<cohort dir>/manifest.json`` for a cohort, written by :func:`iasante.data.write_cohort`
  together with the seed that produced it.

Checksums are computed on the bytes with ``\\r\\n`` normalised to ``\\n``, so a checkout
that converted line endings (Windows) still verifies.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from iasante.messages import msg

MANIFEST_NAME = "MANIFEST.json"
COHORT_MANIFEST_NAME = "manifest.json"
DATA_ENV = "IASANTE_DONNEES"
COHORT_ENV = "IASANTE_COHORTE"


class DataFileError(Exception):
    """A committed data file is missing or altered; the message says what to do (French)."""


class DataFileMissingError(DataFileError, FileNotFoundError):
    """A data file (or its manifest) does not exist."""


class DataFileAlteredError(DataFileError, ValueError):
    """A data file's checksum differs from the one recorded in its manifest."""


def data_dir() -> Path:
    """The datasets' folder: ``$IASANTE_DONNEES`` if set, else the repository's ``data/``
    (a source checkout or an editable install), else the copy a wheel carries as the
    package ``iasante._donnees`` (``pip install .``, the hub image's route)."""
    override = os.environ.get(DATA_ENV)
    package = Path(__file__).resolve().parents[1]
    if override:
        path = Path(override)
    elif (package.parent / "data" / MANIFEST_NAME).is_file():
        path = package.parent / "data"
    else:
        path = package / "_donnees"
    if not path.is_dir():
        raise DataFileMissingError(msg("data.data_dir_missing", path=path))
    return path


def default_cohort_dir() -> Path:
    """The committed default cohort (``data/cohorte``), or ``$IASANTE_COHORTE`` if set."""
    override = os.environ.get(COHORT_ENV)
    return Path(override) if override else data_dir() / "cohorte"


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes, line endings normalised to ``\\n``."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def display_path(path: Path) -> str:
    """A path as a learner would type it from the repository root, if possible."""
    try:
        return path.resolve().relative_to(data_dir().resolve().parent).as_posix()
    except (ValueError, DataFileError):
        return path.as_posix()


def read_manifest(manifest: Path, for_file: Path, regen: bool = False) -> dict:
    if not manifest.is_file():
        raise DataFileMissingError(
            msg(
                "data.manifest_missing",
                manifest=display_path(manifest),
                path=display_path(for_file),
                relpath=display_path(manifest),
                regen=msg("data.regen_hint") if regen else "",
            )
        )
    return json.loads(manifest.read_text(encoding="utf-8"))


def verify_file(path: Path, manifest: Path, regen: bool = False) -> Path:
    """Raise a French :class:`DataFileError` unless ``path`` matches its manifest entry."""
    hint = msg("data.regen_hint") if regen else ""
    if not path.is_file():
        raise DataFileMissingError(
            msg(
                "data.file_missing", path=display_path(path), relpath=display_path(path), regen=hint
            )
        )
    entries = read_manifest(manifest, path, regen)["files"]
    key = path.relative_to(manifest.parent).as_posix()
    expected = entries.get(key, {}).get("sha256")
    if expected is None or sha256_of(path) != expected:
        raise DataFileAlteredError(
            msg(
                "data.file_altered",
                path=display_path(path),
                manifest=display_path(manifest),
                relpath=display_path(path),
                regen=hint,
            )
        )
    return path


def check_manifest(manifest: Path) -> dict[str, str]:
    """Status of every file listed in a manifest: ``"ok"``, ``"altered"`` or ``"missing"``."""
    entries = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    status = {}
    for name, entry in entries.items():
        path = manifest.parent / name
        if not path.is_file():
            status[name] = "missing"
        else:
            status[name] = "ok" if sha256_of(path) == entry["sha256"] else "altered"
    return status


def write_manifest(manifest: Path, files: dict[str, dict], **extra: object) -> None:
    """Write a manifest for ``files`` (name relative to the manifest -> metadata)."""
    entries = {}
    for name in sorted(files):
        path = manifest.parent / name
        entries[name] = {
            **files[name],
            "sha256": sha256_of(path),
            "bytes": path.stat().st_size,
        }
    payload = {**extra, "files": entries}
    manifest.write_text(
        json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n"
    )


# Real datasets and reference tables committed in data/, with their card and licence.
COMMITTED_FILES: dict[str, dict[str, str]] = {
    "covid_testing.csv": {"card": "covid_testing.md", "licence": "MIT"},
    "pima.csv": {"card": "pima.md", "licence": "GPL-2 | GPL-3 (as distributed in R package MASS)"},
    "cim10.csv": {"card": "cim10.md", "licence": "CC-BY-4.0 (course table)"},
}


def write_data_manifest() -> Path:
    """Maintainer tool: record the checksums of :data:`COMMITTED_FILES`."""
    manifest = data_dir() / MANIFEST_NAME
    write_manifest(manifest, COMMITTED_FILES)
    return manifest


if __name__ == "__main__":
    print(write_data_manifest())
