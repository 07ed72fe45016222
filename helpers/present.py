"""Presenter mode: the notebooks' widgets served through Voila for class, code hidden, on this machine only.

    python -m helpers.present               # every notebook: Voila shows a list to pick from
    python -m helpers.present 04            # one notebook (a number prefix or a name)
    python -m helpers.present 04 --quick    # small sizes (quick=True): the page is ready sooner
    python -m helpers.present 04 -p seed 7  # any notebook parameter, as in ``python -m helpers.run``

Voila executes the notebook in a fresh kernel, then shows its markdown, figures and widgets without the code.
The server listens on 127.0.0.1 only. Figures and results written while presenting go to ``build/present/``,
never over the committed ``figures/`` and ``results/``. Stop the server with Ctrl+C.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

from . import paths
from .run import RunnerError, parse_parameters, select

HOST = "127.0.0.1"
DEFAULT_PORT = 8866
PRESENT_DIR = paths.ROOT / "build" / "present"


def free_port(preferred: int | None = None) -> int:
    """``preferred`` if nothing listens on it at 127.0.0.1, else a free port chosen by the system."""
    if preferred:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((HOST, preferred))
                return preferred
            except OSError:
                pass
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def prepared_copy(source: Path, folder: Path, parameters: dict) -> Path:
    """A copy of ``source`` in ``folder`` without outputs or saved widget state, with ``parameters`` injected
    after the ``parameters`` cell (papermill's convention), so Voila runs it with those values."""
    import nbformat
    from papermill.parameterize import parameterize_notebook

    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    if parameters:
        nb.metadata["papermill"] = nbformat.from_dict({})
        nb = parameterize_notebook(nb, parameters)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    nbformat.write(nb, target)
    return target


def voila_command(target: Path, port: int, open_browser: bool = False) -> list[str]:
    """The Voila command line of the presenter mode: loopback only, code hidden, light theme."""
    command = [
        sys.executable, "-m", "voila", str(target),
        f"--port={port}", f"--Voila.ip={HOST}", "--Voila.port_retries=0",
        "--theme=light", "--strip_sources=True", "--show_tracebacks=True",
    ]  # fmt: skip
    if not open_browser:
        command.append("--no-browser")
    return command


def environment(output_root: Path | None = None, base: dict | None = None) -> dict:
    """The environment of the Voila server and its kernels: outputs away from the committed record, one BLAS
    thread (the laptop stays responsive while a widget redraws)."""
    env = dict(os.environ if base is None else base)
    env["TRUSTLAB_OUTPUT_DIR"] = str(output_root or PRESENT_DIR / "output")
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    env.setdefault("MKL_NUM_THREADS", "1")
    return env


def target_for(names: list[str], parameters: dict, folder: Path = PRESENT_DIR / "notebooks") -> Path:
    """What Voila should serve: one notebook, or the notebooks folder (a list to choose from).

    Without parameters the committed notebooks are served as they are; with parameters, prepared copies are.
    """
    chosen = select(names)
    if not chosen:
        raise RunnerError("no notebooks found in notebooks/")
    if not parameters:
        return chosen[0] if names and len(chosen) == 1 else paths.NOTEBOOKS
    copies = [prepared_copy(source, folder, parameters) for source in chosen]
    return copies[0] if len(copies) == 1 else folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.present", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="a number or name, e.g. 04 (default: all, as a list)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("KEY", "VALUE"),
                        help="override a notebook parameter (a Python literal)")  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="set quick=True (small sizes, faster start)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"preferred port (default {DEFAULT_PORT})"
    )
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    args = parser.parse_args(argv)
    try:
        parameters = parse_parameters(args.parameter, args.quick)
        target = target_for(args.notebooks, parameters)
    except RunnerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    port = free_port(args.port)
    url = f"http://{HOST}:{port}/"
    what = target.name if target.is_file() else "all notebooks (pick one from the list)"
    print(f"Presenter mode: {what}" + (f" with {parameters}" if parameters else ""))
    print(f"Open {url} (the first page takes as long as the notebook runs). Stop with Ctrl+C.", flush=True)
    try:
        return subprocess.call(voila_command(target, port, open_browser=not args.no_browser),
                               env=environment(), cwd=str(paths.ROOT))  # fmt: skip
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
