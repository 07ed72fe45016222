"""``python -m helpers.cluster``: a Dask cluster on this machine (127.0.0.1) for trying the sweeps out.

It starts Dask's own ``dask scheduler`` and ``dask worker`` commands (nothing home-made), prints the address
and how to point the suite at it, and stops them all on Ctrl+C. On real machines a researcher runs the same
two commands by hand, one scheduler and one worker per machine::

    dask scheduler --host 0.0.0.0 --port 8786                 # on the scheduler machine
    dask worker tcp://SCHEDULER:8786 --nthreads 1 --nworkers 8  # on every worker machine (helpers installed)
    python -m helpers.run 04 --scheduler tcp://SCHEDULER:8786   # or export TRUSTLAB_DASK_SCHEDULER=...
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["main"]


def _free_port(preferred: int) -> int:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]


def _dask_command() -> list[str]:
    dask = Path(sys.executable).with_name("dask")
    if dask.exists():
        return [str(dask)]
    found = shutil.which("dask")
    if found is None:
        raise SystemExit("the 'dask' command is missing: pip install -r requirements.txt installs it")
    return [found]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.cluster", description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2, one per core)")
    parser.add_argument("--port", type=int, default=8786, help="scheduler port (another one if busy)")
    args = parser.parse_args(argv)
    if not 1 <= args.workers <= 256:
        parser.error(f"--workers must be between 1 and 256, got {args.workers}")
    port = _free_port(args.port)
    address = f"tcp://127.0.0.1:{port}"
    dask = _dask_command()
    common = ["--no-dashboard"]
    processes = [subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), *common])]
    time.sleep(2.0)
    processes += [
        subprocess.Popen([*dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", *common])
        for _ in range(args.workers)
    ]
    print(
        f"\nDask scheduler at {address} with {args.workers} workers (Ctrl+C stops them).\n"
        f"  python -m helpers.run 04 --quick --scheduler {address}\n"
        f"  make run SCHEDULER={address}\n"
        f"  export TRUSTLAB_DASK_SCHEDULER={address}   # then papermill, make lab and nbval use it too\n",
        flush=True,
    )
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        print("a Dask process stopped; shutting the cluster down", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    raise SystemExit(main())
