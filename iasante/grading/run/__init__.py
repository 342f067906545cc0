"""One run of ``iasante grade``: nbgrader's autograde chain, spread over processes.

:mod:`.pipeline` orchestrates the steps below for one assignment:

- :mod:`.options` and :mod:`.results`: what a run is asked and what it returns;
- :mod:`.protections`: which sandbox protections the kernels get, in French;
- :mod:`.state`: the resumable state file and each submission's change signature;
- :mod:`.preload`: the modules the kernel template imports once;
- :mod:`.gradebook`: the parent's gradebook connection (the only writer);
- :mod:`.staging`: copying a submission, and swapping the graded copy in atomically;
- :mod:`.pool`: the worker processes, fed as they free up;
- :mod:`.worker`: what runs in each worker (sanitize, execute);
- :mod:`.answerkey_uses`: answer cells naming a removed answer key.
"""
