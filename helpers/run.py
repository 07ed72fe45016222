"""``python -m helpers.run``: the stable command name of the course runner.

The code lives in :mod:`helpers.tools.run`; this module only forwards to it (``from helpers import run`` too),
so what users type and the names tests import keep working wherever the tools live.
"""

import sys

from .tools.run import *
from .tools.run import __all__, main  # noqa: F401

if __name__ == "__main__":
    sys.exit(main())
