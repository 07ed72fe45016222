"""The course's commands: ``run`` (execute notebooks into the research record), ``present`` (Voila for class,
driven only by its instructor) and ``site`` (the static HTML course). Notebooks never import this package.

What users type is an interface and keeps working wherever the code lives: ``python -m helpers.run``,
``python -m helpers.present``, ``python -m helpers.site`` (thin modules that forward here) and the make targets.

Modules: ``parameters`` (a notebook's declared parameters and the checked ``-p`` values), ``record``
(executed notebooks made reproducible: no timestamps, machine paths or random widget ids), ``staging``
(atomic runs: stage, then promote together), ``run``, ``present`` with ``presenter_server`` (the hardened
Voila), ``site``.
"""
