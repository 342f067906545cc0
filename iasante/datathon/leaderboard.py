"""Teams, submissions and leaderboards of the datathon (instructor side).

Every submitted predictions file is read as text and validated
(:mod:`iasante.datathon.validation`); nothing a student wrote is imported or executed.
A team is ranked on the submission of its members with the best **public** score (as a
Kaggle team chooses its final submission while seeing only the public board); the final
board shows that submission's **private** score, so that fitting the public board does not
pay. Equal rounded scores share a rank.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from iasante.datathon.challenge import PRIVATE, PUBLIC
from iasante.datathon.scoring import rounded, score_parts
from iasante.datathon.validation import MAX_BYTES, PREDICTIONS_FILE, Problem, validate_file
from iasante.messages import msg

METRICS = ("score", "auc", "ece", "ecart_sensibilite", "penalite_equite", "part_signalee")


class TeamsFileError(ValueError):
    """The teams CSV cannot be used (French message)."""


@dataclass
class Submission:
    student: str
    team: str
    path: Path
    timestamp: str = ""
    problems: list[Problem] = field(default_factory=list)
    scores: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.problems and bool(self.scores)


def read_teams(path: str | Path | None) -> dict[str, str]:
    """``etudiant,equipe`` → {student: team}. No file: every student is a team of one."""
    if path is None:
        return {}
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python")
    except (OSError, ValueError, pd.errors.ParserError) as error:
        raise TeamsFileError(msg("datathon.equipes.illisible", path=path, error=error)) from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    if not {"etudiant", "equipe"} <= set(frame.columns):
        raise TeamsFileError(msg("datathon.equipes.colonnes", path=path))
    teams: dict[str, str] = {}
    for student, team in zip(
        frame["etudiant"].str.strip(), frame["equipe"].str.strip(), strict=True
    ):
        if not student:
            continue
        if student in teams and teams[student] != team:
            raise TeamsFileError(msg("datathon.equipes.doublon", path=path, student=student))
        teams[student] = team or msg("datathon.classement.solo", student=student)
    return teams


def find_submissions(
    submitted_dir: str | Path, assignment: str, filename: str = PREDICTIONS_FILE
) -> list[tuple[str, Path, str]]:
    """(student, predictions path, timestamp) for every ``<student>/<assignment>/`` folder of
    nbgrader's ``submitted/`` (the path may not exist: a missing file is reported)."""
    root = Path(submitted_dir)
    found: list[tuple[str, Path, str]] = []
    if not root.is_dir():
        return found
    for student_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink()):
        folder = student_dir / assignment
        if not folder.is_dir() or folder.is_symlink():
            continue
        stamp = folder / "timestamp.txt"
        timestamp = ""
        if stamp.is_file() and not stamp.is_symlink() and stamp.stat().st_size < 200:
            timestamp = stamp.read_text("utf-8", errors="replace").strip()
        found.append((student_dir.name, folder / filename, timestamp))
    return found


def score_submissions(
    entries: Iterable[tuple[str, Path, str]],
    labels: pd.DataFrame,
    test_ids: Iterable[str],
    train_ids: Iterable[str],
    teams: Mapping[str, str],
    *,
    max_bytes: int = MAX_BYTES,
) -> list[Submission]:
    """Validate and score every file; an invalid one keeps its problems and no score."""
    test_ids, train_ids = list(test_ids), set(train_ids)
    out = []
    for student, path, timestamp in entries:
        team = teams.get(student) or msg("datathon.classement.solo", student=student)
        sub = Submission(student, team, Path(path), timestamp)
        result = validate_file(
            path, test_ids, train_ids, root=Path(path).parent, max_bytes=max_bytes
        )
        if result.valid and result.predictions is not None:
            sub.scores = score_parts(result.predictions, labels)
        else:
            sub.problems = result.problems
        out.append(sub)
    return out


def _rank(scores: pd.Series) -> pd.Series:
    return scores.map(rounded).rank(method="min", ascending=False).astype(int)


def leaderboard(submissions: list[Submission], *, final: bool) -> pd.DataFrame:
    """One row per team: its chosen submission (best public score; ties: latest, then
    name) and the scores of the board (public, or private when ``final``)."""
    rows = []
    for sub in submissions:
        if not sub.valid:
            continue
        row: dict[str, object] = {
            "equipe": sub.team,
            "etudiant": sub.student,
            "horodatage": sub.timestamp,
        }
        row["score_public"] = sub.scores[PUBLIC]["score"]
        row.update({m: sub.scores[PRIVATE if final else PUBLIC][m] for m in METRICS})
        rows.append(row)
    columns = ["rang", "equipe", "etudiant", "horodatage", *METRICS, "score_public"]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows)
    frame = frame.sort_values(
        ["equipe", "score_public", "horodatage", "etudiant"],
        ascending=[True, False, False, True],
        kind="stable",
    ).drop_duplicates("equipe", keep="first")
    frame["cle"] = frame["score"].map(rounded)
    frame = frame.sort_values(["cle", "auc", "equipe"], ascending=[False, False, True])
    frame.insert(0, "rang", _rank(frame["score"]))
    return frame.drop(columns="cle").reset_index(drop=True)[columns]


def unranked_teams(submissions: list[Submission], board: pd.DataFrame) -> list[str]:
    ranked = set(board["equipe"])
    return sorted({s.team for s in submissions} - ranked)


def refusals(submissions: list[Submission]) -> pd.DataFrame:
    """Instructor-only table of refused files, with the reasons (French)."""
    rows = [
        {
            "etudiant": s.student,
            "equipe": s.team,
            "raisons": " | ".join(p.message for p in s.problems),
            "cles": " ".join(p.key for p in s.problems),
        }
        for s in submissions
        if not s.valid
    ]
    return pd.DataFrame(rows, columns=["etudiant", "equipe", "raisons", "cles"])


# --------------------------------------------------------------------------------------
# Writing (CSV + a self-contained HTML page with two figures)
# --------------------------------------------------------------------------------------

PUBLIC_COLUMNS = ["rang", "equipe", *METRICS]


def _figure_png(board: pd.DataFrame) -> tuple[str, str]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from iasante.plotstyle import french_axis, use_course_style

    use_course_style()
    height = max(2.5, 0.3 * len(board) + 1)
    fig, ax = plt.subplots(figsize=(7, height))
    ordered = board.iloc[::-1]
    # points, not bars: the axis does not start at 0, a bar's length would mislead
    ax.hlines(
        ordered["equipe"],
        float(board["score"].min()) - 0.02,
        ordered["score"],
        color="#999999",
        linewidth=1,
    )
    ax.plot(ordered["score"], ordered["equipe"], "o", color="#0072B2")
    ax.set_xlabel(msg("datathon.classement.axe_score"))
    ax.set_title(msg("datathon.classement.fig_scores"))
    french_axis(ax, which="x", decimals=3)
    first = _png(fig)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.scatter(board["auc"], board["ece"], color="#D55E00", marker="o")
    for _, row in board.iterrows():
        ax.annotate(
            str(row["equipe"]),
            (row["auc"], row["ece"]),
            fontsize=8,
            xytext=(3, 3),
            textcoords="offset points",
        )
    ax.set_xlabel(msg("datathon.classement.axe_auc"))
    ax.set_ylabel(msg("datathon.classement.axe_ece"))
    ax.set_title(msg("datathon.classement.fig_auc_ece"))
    french_axis(ax, which="both", decimals=3)
    second = _png(fig)
    plt.close(fig)
    return first, second


def _png(fig: object) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")  # type: ignore[attr-defined]
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}".replace(".", ",")
    return html.escape(str(value))


def render_html(board: pd.DataFrame, unranked: list[str], title: str) -> str:
    table = board[PUBLIC_COLUMNS]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_fmt(v)}</td>" for v in row) + "</tr>"
        for row in table.itertuples(index=False)
    )
    body += "".join(
        f"<tr><td>—</td><td>{html.escape(t)}</td>"
        f"<td colspan='{len(METRICS)}'>{msg('datathon.classement.non_classee')}</td></tr>"
        for t in unranked
    )
    figures = ""
    if len(board):
        first, second = _figure_png(board)
        figures = (
            f"<figure><img src='data:image/png;base64,{first}' "
            f"alt='{html.escape(msg('datathon.classement.fig_scores_alt'))}'>"
            f"<figcaption>{msg('datathon.classement.fig_scores_alt')}</figcaption></figure>"
            f"<figure><img src='data:image/png;base64,{second}' "
            f"alt='{html.escape(msg('datathon.classement.fig_auc_ece_alt'))}'>"
            f"<figcaption>{msg('datathon.classement.fig_auc_ece_alt')}</figcaption></figure>"
        )
    return (
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .6em;"
        "text-align:right}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(msg('datathon.classement.regle'))}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{figures}"
        "</body></html>\n"
    )


def write_leaderboard(
    submissions: list[Submission],
    out_dir: str | Path,
    *,
    final: bool,
    n_public: int,
    n_private: int,
) -> list[Path]:
    """Write ``classement_public.{csv,html}`` (or ``classement_final.*``, with the private
    scores) and ``refus.csv`` (instructor only: it names students) in ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    board = leaderboard(submissions, final=final)
    name = "classement_final" if final else "classement_public"
    title = (
        msg("datathon.classement.titre_final", n_private=n_private)
        if final
        else msg("datathon.classement.titre_public", n_public=n_public)
    )
    csv_path, html_path, refus_path = (
        out / f"{name}.csv",
        out / f"{name}.html",
        out / "refus.csv",
    )
    board[PUBLIC_COLUMNS].to_csv(csv_path, index=False, lineterminator="\n")
    html_path.write_text(render_html(board, unranked_teams(submissions, board), title), "utf-8")
    refusals(submissions).to_csv(refus_path, index=False, lineterminator="\n")
    return [csv_path, html_path, refus_path]
