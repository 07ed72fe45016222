"""``python -m helpers.site``: the stable command name of the course's static site builder.

The code lives in :mod:`helpers.tools.site`; this module only forwards to it (``from helpers import site`` too),
so what users type and the names tests import keep working wherever the tools live.
"""

import sys

from .tools.site import *
from .tools.site import __all__, main  # noqa: F401

if __name__ == "__main__":
    sys.exit(main())
