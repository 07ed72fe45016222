"""Test-wide setup: outputs of every notebook run during tests go to a temporary folder, never the repo.

The kernels that nbval and papermill start inherit this process's environment, so setting
``TRUSTLAB_OUTPUT_DIR`` here keeps the committed figures/ and results/ untouched, and ``TRUSTLAB_PROGRESS=off``
keeps sweep progress bars out of the outputs nbval compares.
"""

import os
import tempfile

_OUTPUT = tempfile.mkdtemp(prefix="trustlab-test-output-")
os.environ["TRUSTLAB_OUTPUT_DIR"] = _OUTPUT
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("TRUSTLAB_PROGRESS", "off")
