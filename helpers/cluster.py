"""``python -m helpers.cluster``: the stable command name; the code lives in :mod:`helpers.tools.cluster`."""

from .tools.cluster import main

if __name__ == "__main__":
    raise SystemExit(main())
