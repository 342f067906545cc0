"""Answer keys of the graded questions, for the answer tests only (never in ``iasante/``).

The learner's kernel imports ``iasante``: a reference function there is an answer one call
away. The graded reference of each question is computed in the hidden tests of
``source/``; these plain functions let ``tests/test_mNN_answers.py`` build right answers
and pin the clinical tables to their published sources.
"""
