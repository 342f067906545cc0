"""Question checks of each module, one file per module (``m00``, ``m01``…).

A check computes what it expects from the inputs it gives the learner's code,
with the reference implementation kept here, so a variant of the data grades
just as well; its messages come from the catalogue and never show the expected value.
"""
