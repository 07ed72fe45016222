"""``python -m helpers.present``: the stable command name of the course's presenter mode (Voila).

The code lives in :mod:`helpers.tools.present`; this module only forwards to it (``from helpers import present`` too),
so what users type and the names tests import keep working wherever the tools live.
"""

import sys

from .tools.present import *
from .tools.present import __all__, main  # noqa: F401

if __name__ == "__main__":
    sys.exit(main())
