"""Module 07 « Datathon »: a team challenge on hidden labels, scored outside student code.

* :mod:`~iasante.datathon.challenge` — the challenge derived from an instructor's secret
  (public tables for the teams, hidden labels for the instructor);
* :mod:`~iasante.datathon.validation` — the predictions file, validated without labels;
* :mod:`~iasante.datathon.scoring` — the documented score (AUC, calibration, fairness);
* :mod:`~iasante.datathon.leaderboard` — teams, best submission per team, public and final
  leaderboards (HTML and CSV);
* :mod:`~iasante.datathon.cli` — ``iasante datathon preparer | classement``.
"""

from iasante.datathon.challenge import (
    DEFAULT_SECRET,
    Challenge,
    PublicChallenge,
    build_challenge,
    default_challenge,
    load_public,
    local_validation_split,
)
from iasante.datathon.scoring import score_predictions
from iasante.datathon.validation import (
    CAPACITY,
    PREDICTIONS_FILE,
    decisions_at,
    validate_file,
    validate_frame,
)

__all__ = [
    "CAPACITY",
    "DEFAULT_SECRET",
    "PREDICTIONS_FILE",
    "Challenge",
    "PublicChallenge",
    "build_challenge",
    "decisions_at",
    "default_challenge",
    "load_public",
    "local_validation_split",
    "score_predictions",
    "validate_file",
    "validate_frame",
]
