"""Support for the browser tests: local servers (JupyterLab, Voila, a static file server) and the browser.

Every server listens on 127.0.0.1 on a free port, runs in its own process group with private Jupyter
config/runtime/data folders, and is stopped by its own process id (the whole group). The browser is Debian's
Chromium driven by the ``playwright`` package (never ``playwright install``); every request to a host other
than the loopback is aborted.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from helpers import paths

HOST = "127.0.0.1"
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
INSTALL_HINT = (
    "Browser tests need Chromium: install it with `apt-get install -y chromium` (Debian/Ubuntu; or point "
    "TRUSTLAB_CHROMIUM at a Chrome/Chromium binary), or run the rest without it: "
    "make test PYTEST_ARGS=\"-m 'not browser'\""
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
ARTIFACTS = paths.ROOT / "artifacts" / "browser"


def chromium_path() -> str | None:
    """The Chromium binary to drive: ``$TRUSTLAB_CHROMIUM``, else Debian's, else one on the PATH."""
    candidates = [os.environ.get("TRUSTLAB_CHROMIUM"), "/usr/bin/chromium"]
    candidates += [shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def is_loopback(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return True
    return parsed.hostname in LOOPBACK


def private_environment(root: Path) -> dict:
    """os.environ with private Jupyter folders under ``root`` and outputs of the notebooks in ``root/output``."""
    env = dict(os.environ)
    for var, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTER_DATA_DIR", "data"),
        ("IPYTHONDIR", "ipython"),
    ]:
        folder = root / sub
        folder.mkdir(parents=True, exist_ok=True)
        env[var] = str(folder)
    env["TRUSTLAB_OUTPUT_DIR"] = str(root / "output")
    env["OPENBLAS_NUM_THREADS"] = "1"
    env["MKL_NUM_THREADS"] = "1"
    env.pop("JUPYTER_TOKEN", None)
    env.pop("MPLBACKEND", None)
    return env


try:  # resolved here, not in the child: between fork and exec the child should only call into C
    import ctypes

    _PRCTL = ctypes.CDLL("libc.so.6", use_errno=True).prctl
except (OSError, AttributeError):
    _PRCTL = None


def _die_with_parent() -> None:
    """In the child before exec: ask Linux to send SIGTERM when the test process dies (PR_SET_PDEATHSIG = 1),
    so that a killed test run leaves no server behind (the server then shuts its kernels down)."""
    if _PRCTL is not None:
        _PRCTL(1, int(signal.SIGTERM))


class Server:
    """A server process in its own process group, with its log in a file; ``stop()`` ends the whole group."""

    def __init__(self, name: str, command: list[str], env: dict, cwd: Path, port: int, log: Path):
        self.name, self.command, self.env, self.cwd = name, command, env, cwd
        self.port, self.log_path = port, log
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def page_url(self) -> str:
        """The server's start page, with its token when it has one (as the presenter prints it)."""
        token = getattr(self, "token", "")
        return f"{self.base_url}/?token={token}" if token else f"{self.base_url}/"

    def start(self) -> Server:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "wb")  # noqa: SIM115 (closed when the process ends)
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            cwd=str(self.cwd),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 (calls only prctl, resolved before the fork)
        )
        log.close()
        return self

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def wait_ready(self, path: str, timeout: float) -> None:
        """Poll ``path`` until it answers 200; fail early (with the log) if the process died."""
        deadline = time.monotonic() + timeout
        url = self.base_url + path
        last = ""
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited before it was ready:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError) as exc:
                last = str(exc)
            time.sleep(0.3)
        raise TimeoutError(
            f"{self.name} not ready after {timeout:.0f} s at {url} ({last}):\n{self.log_tail()}"
        )

    def shutdown_kernels(self) -> None:
        """Shut down every kernel of this Jupyter server (frees memory between tests); errors are ignored."""
        token = getattr(self, "token", "")
        try:
            with urllib.request.urlopen(f"{self.base_url}/api/kernels?token={token}", timeout=10) as response:
                kernels = json.load(response)
            for kernel in kernels:
                request = urllib.request.Request(
                    f"{self.base_url}/api/kernels/{kernel['id']}?token={token}", method="DELETE"
                )
                urllib.request.urlopen(request, timeout=30).close()
        except (urllib.error.URLError, OSError, ValueError):
            pass

    def children(self) -> list:
        """The server's descendant processes (its kernels), as psutil processes."""
        import psutil

        if self.process is None or self.process.poll() is not None:
            return []
        try:
            return psutil.Process(self.process.pid).children(recursive=True)
        except psutil.Error:
            return []

    def children_cpu_seconds(self) -> float:
        """CPU time used so far by the server's kernels (to tell a slow cell from a stalled page)."""
        import psutil

        total = 0.0
        for child in self.children():
            try:
                times = child.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        return total

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM to the server's process group, SIGKILL after ``grace`` seconds; then SIGKILL any of its
        kernels that survived (kernels run in process groups of their own)."""
        import psutil

        process = self.process
        if process is None or process.poll() is not None:
            return
        kernels = self.children()
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=5)
        _, alive = psutil.wait_procs(kernels, timeout=5)
        for kernel in alive:
            try:
                kernel.kill()  # the same process psutil saw as the server's child (it guards pid reuse)
            except psutil.Error:
                pass


def lab_server(root: Path, notebooks_dir: Path, token: str) -> Server:
    """JupyterLab on 127.0.0.1 serving ``notebooks_dir``, as root if need be, with no news or update popups."""
    env = private_environment(root)
    settings = (
        Path(env["JUPYTER_CONFIG_DIR"]) / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    )
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    notebook_settings = settings.parent / "notebook-extension"
    notebook_settings.mkdir(parents=True, exist_ok=True)  # every cell in the DOM, so outputs can be found
    (notebook_settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.allow_root=True",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={notebooks_dir}",
        "--ServerApp.terminals_enabled=False",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    return Server("JupyterLab", command, env, notebooks_dir, port, root / "jupyterlab.log")


def voila_server(root: Path, notebook: Path) -> Server:
    """The presenter mode's Voila (``helpers.present``) for one notebook, on a free port, with a fresh token
    (``server.token``; open ``server.page_url``)."""
    from helpers import present

    token = present.new_token()
    env = present.environment(output_root=root / "output", base=private_environment(root), token=token)
    port = free_port()
    server = Server(
        "Voila", present.voila_command(notebook, port), env, notebook.parent, port, root / "voila.log"
    )
    server.token = token
    return server


def static_server(root: Path, folder: Path) -> Server:
    """Python's http.server on 127.0.0.1 serving ``folder``."""
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", HOST, "--directory", str(folder)]
    return Server("static site", command, dict(os.environ), folder, port, root / "http.log")


def guard_network(context, blocked: list[str]) -> None:
    """Abort every request that does not go to the loopback; remember what was blocked."""

    def handle(route):
        url = route.request.url
        if is_loopback(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", handle)
