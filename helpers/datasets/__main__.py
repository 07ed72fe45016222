"""``python -m helpers.datasets``: see :mod:`helpers.datasets.command`."""

import sys

from .command import main

sys.exit(main())
