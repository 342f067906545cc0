"""Read a gradebook the way formgrader does, over and over, from its own process.

    python gradebook_reader.py <db_url> <course_id> <assignment> <stop_file> <out.jsonl>

formgrader reads the gradebook through nbgrader's ``Gradebook`` in two ways: its pages keep
one open for the server's lifetime (``nbgrader_gradebook`` in the server's settings) and
its REST API (``NbGraderAPI``) opens a new one per request. This loop does both until
``stop_file`` exists -- the long-lived one every 0.2 s (a new transaction each time, so it
sees what was committed), a new one every few seconds (each opening runs nbgrader's
``alembic heads``: seconds on a busy machine) -- and writes one JSON line per read:
``{"t": ..., "how": "kept"|"new", "scores": {student: [score, max_score]}}`` or
``{"t": ..., "how": ..., "error": "..."}`` (a lock error, a broken connection...).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any


def _read(gb: Any, assignment: str) -> dict[str, Any]:
    return {
        "scores": {
            sub.student_id: [sub.score, sub.max_score]
            for sub in gb.assignment_submissions(assignment)
        },
        # formgrader's « Manage Students » page: every student with their totals
        "students": len(gb.student_dicts()),
    }


def main(db_url: str, course_id: str, assignment: str, stop_file: str, out: str) -> None:
    from nbgrader.api import Gradebook

    kept = Gradebook(db_url, course_id)
    last_new = 0.0
    with open(out, "w", encoding="utf-8") as sink:
        while not Path(stop_file).exists():
            ways = ["kept"] + (["new"] if time.monotonic() - last_new > 3 else [])
            for how in ways:
                line: dict[str, Any] = {"t": time.time(), "how": how}
                try:
                    if how == "kept":
                        kept.db.rollback()  # end the previous read's transaction
                        line.update(_read(kept, assignment))
                    else:
                        with Gradebook(db_url, course_id) as gb:
                            line.update(_read(gb, assignment))
                        last_new = time.monotonic()
                except Exception as error:  # noqa: BLE001 -- every failure is the finding
                    line["error"] = f"{type(error).__name__}: {error}"
                sink.write(json.dumps(line) + "\n")
                sink.flush()
            time.sleep(0.2)
    kept.close()


if __name__ == "__main__":
    main(*sys.argv[1:6])
