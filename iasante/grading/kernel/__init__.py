"""Kernel machinery of ``iasante grade``: how student code is run, confined and watched.

- :mod:`.managers`: jupyter_client kernel managers, provisioners (fork or ordinary launch)
  and the fast-ready client; the zygote server's parent side;
- :mod:`.zygote` and :mod:`.forkprotocol`: the pre-imported template process that forks one
  kernel per request, and the few bytes both ends exchange;
- :mod:`.sandbox` and :mod:`.guard`: confinement applied in the kernel before student code
  runs, and the in-kernel audit hook that records attempts;
- :mod:`.timebudget`: the shrinking cell timeout after a first timeout.

Nothing is imported here: ``python -m iasante.grading.kernel.zygote`` must import as little
as possible before it forks.
"""
