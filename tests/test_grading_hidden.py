"""Hidden tests never reach a student's feedback, even when the source is mis-authored."""

from __future__ import annotations

import nbformat


def test_an_unterminated_hidden_region_is_reported_and_withheld(caplog):
    """An authoring error (BEGIN without END): everything after it is withheld from the
    feedback, and the error is logged instead of silently dropped."""
    import logging

    from iasante.grading.products.feedback import StripHiddenTests

    cell = nbformat.v4.new_code_cell(
        "assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(2) == 4, 'cas_cache'\n"
    )
    cell.metadata["nbgrader"] = {"grade_id": "q1"}
    with caplog.at_level(logging.ERROR):
        out, _ = StripHiddenTests().preprocess_cell(cell, {}, 0)
    assert "cas_cache" not in out.source and "assert f(1) == 2" in out.source
    assert "never closed" in caplog.text and "q1" in caplog.text
