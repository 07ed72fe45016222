"""Presenter mode: the notebooks' widgets served through Voila for class, code hidden, driven only by the
instructor who started it.

    python -m helpers.present               # every notebook: Voila shows a list to pick from
    python -m helpers.present 04            # one notebook (a number prefix or a name)
    python -m helpers.present 04 --quick    # small sizes (quick=True): the page is ready sooner
    python -m helpers.present 04 -p seed 7  # any notebook parameter, checked as in ``python -m helpers.run``

Voila executes the notebook in a fresh kernel, then shows its markdown, figures and widgets without the code.
The server listens on 127.0.0.1 only and asks for a token, printed in the URL it opens (as Jupyter does): a
request without it, with a foreign Host header or from another origin starts no kernel (see
``presenter_server``). Kernels idle for ``CULL_IDLE_SECONDS`` are shut down; viewers never see tracebacks.
Figures and results written while presenting go to ``build/present/``, never over the committed ``figures/``
and ``results/``. Stop the server with Ctrl+C.
"""

from __future__ import annotations

import argparse
import html
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from pathlib import Path

from .. import EXPLICIT_PARAMETERS_ENV, paths
from .parameters import RunnerError, add_parameter_arguments, resolve_parameters
from .presenter_server import TOKEN_ENV
from .run import select
from .staging import make_folder

__all__ = [
    "CULL_IDLE_SECONDS",
    "DEFAULT_PORT",
    "HOST",
    "PRESENT_DIR",
    "environment",
    "free_port",
    "main",
    "new_token",
    "prepared_copy",
    "target_for",
    "voila_command",
]

HOST = "127.0.0.1"
DEFAULT_PORT = 8866
PRESENT_DIR = paths.ROOT / "build" / "present"
CULL_IDLE_SECONDS = 600  # a kernel nobody has used for 10 minutes is shut down
CULL_INTERVAL_SECONDS = 60


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


def new_token() -> str:
    """A fresh random token for one presenter session (48 hex characters)."""
    return secrets.token_hex(24)


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
        for key in ("input_path", "output_path"):  # no machine paths in the copy
            nb.metadata.get("papermill", {}).pop(key, None)
    target = make_folder(folder) / source.name
    paths.write_atomic(target, nbformat.writes(nb) + "\n")
    return target


def voila_command(target: Path, port: int) -> list[str]:
    """The presenter's Voila command line: loopback only, code hidden, no tracebacks, idle kernels culled.

    The token is not on the command line (other local users could read it there): the server takes it from
    ``$TRUSTLAB_PRESENTER_TOKEN`` (see :func:`environment`).
    """
    return [
        sys.executable,
        "-m",
        "helpers.tools.presenter_server",
        str(target),
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--Voila.port_retries=0",
        "--no-browser",
        "--theme=light",
        "--strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
    ]


def environment(
    output_root: Path | None = None,
    base: dict | None = None,
    token: str | None = None,
    explicit: set[str] | frozenset = frozenset(),
) -> dict:
    """The environment of the Voila server and its kernels: outputs away from the committed record, one BLAS
    thread (the laptop stays responsive while a widget redraws), the session's token for the server only."""
    env = dict(os.environ if base is None else base)
    env["TRUSTLAB_OUTPUT_DIR"] = str(output_root or PRESENT_DIR / "output")
    env[EXPLICIT_PARAMETERS_ENV] = ",".join(sorted(explicit))
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    env.setdefault("MKL_NUM_THREADS", "1")
    env.pop("JUPYTER_TOKEN", None)
    if token is not None:
        env[TOKEN_ENV] = token
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


def _wait_until_listening(process: subprocess.Popen, port: int, timeout: float = 60.0) -> bool:
    url = f"http://{HOST}:{port}/voila/static/voila.js"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    return False


def _open_browser(url: str) -> None:
    """Open ``url`` through a private redirect file, so the token is not on a browser's command line."""
    page = PRESENT_DIR / "open.html"
    make_folder(PRESENT_DIR)
    descriptor = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # holds a secret: owner only
    with os.fdopen(descriptor, "w") as handle:
        handle.write(f'<meta http-equiv="refresh" content="0; url={html.escape(url)}">')
    webbrowser.open(page.as_uri())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.present", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="a number or name, e.g. 04 (default: all, as a list)")
    add_parameter_arguments(parser, "set quick=True (small sizes, faster start)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"preferred port (default {DEFAULT_PORT})"
    )
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    args = parser.parse_args(argv)
    try:
        checked, explicit = resolve_parameters(args.parameter, args.quick, select(args.notebooks))
        parameters = next(iter(checked.values()), {})
        target = target_for(args.notebooks, parameters)
    except RunnerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    port, token = free_port(args.port), new_token()
    url = f"http://{HOST}:{port}/?token={token}"
    what = target.name if target.is_file() else "all notebooks (pick one from the list)"
    print(f"Presenter mode: {what}" + (f" with {parameters}" if parameters else ""))
    print(
        f"Open {url}\n(only this URL works: it carries the session's token; the first page takes as long as"
    )
    print("the notebook runs). Stop with Ctrl+C.", flush=True)
    env = environment(token=token, explicit=explicit)
    process = subprocess.Popen(voila_command(target, port), env=env, cwd=str(paths.ROOT))
    try:
        if not args.no_browser and _wait_until_listening(process, port):
            _open_browser(url)
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        return 0
