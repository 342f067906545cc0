"""What the instructor gets from graded submissions.

Feedback (:mod:`.feedback`, :mod:`.feedback_template`), grade exports (:mod:`.exports`,
:mod:`.privacy`), the class report (:mod:`.report`, :mod:`.diagnoses`, :mod:`.attention`),
LTI grade passback (:mod:`.lti`, :mod:`.lti_cli`), and the simulated class of the demo
(:mod:`.simulate`, :mod:`.demo`). They read the gradebook and the run's state file; none of
them runs student code.
"""
