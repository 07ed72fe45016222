"""helpers.tools.presenter_server on a real Voila server: only a request with the session's token, the
loopback Host and no foreign Origin starts a kernel; viewers see no tracebacks; the token stays private."""

import http.client
import os
import signal
import subprocess
import time

import nbformat
import psutil
import pytest

from helpers import present
from helpers.tools.presenter_server import TOKEN_ENV, origin_allowed

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def _environment(root):
    env = dict(os.environ)
    for var, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipy"),
    ]:
        (root / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(root / sub)
    env.pop("JUPYTER_TOKEN", None)
    return env


class Presenter:
    def __init__(self, root):
        notebook = root / "00_tiny.ipynb"
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [
            nbformat.v4.new_code_cell("print('visible-output')"),
            nbformat.v4.new_code_cell("1 / 0  # secret-detail"),
        ]
        nbformat.write(nb, notebook)
        self.token, self.port = present.new_token(), present.free_port()
        env = present.environment(output_root=root / "output", base=_environment(root), token=self.token)
        self.log = open(root / "voila.log", "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            present.voila_command(notebook, self.port),
            env=env,
            cwd=root,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.log_path = root / "voila.log"

    def get(self, path, headers=None, timeout=120):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read().decode(errors="replace")
        finally:
            connection.close()

    def wait_ready(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_path.read_text()
            try:
                if self.get("/voila/static/voila.js", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise TimeoutError(self.log_path.read_text())

    def kernels(self):
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.Error:
            return []
        return [c for c in children if "ipykernel" in " ".join(c.cmdline())]

    def stop(self):
        kernels = self.kernels()
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        _, alive = psutil.wait_procs(kernels, timeout=5)
        for kernel in alive:
            kernel.kill()
        self.log.close()


@pytest.fixture(scope="module")
def presenter(tmp_path_factory):
    server = Presenter(tmp_path_factory.mktemp("presenter"))
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def _no_new_kernel(presenter, before, seconds=3.0):
    time.sleep(seconds)
    return len(presenter.kernels()) == before


def test_a_request_without_the_token_starts_no_kernel(presenter):
    before = len(presenter.kernels())
    status, _ = presenter.get("/")
    assert status in (302, 403)  # the login page, not the notebook
    status, _ = presenter.get("/?token=wrong-token-0123456789")
    assert status in (302, 403)
    assert _no_new_kernel(presenter, before)


def test_a_foreign_host_header_is_refused_and_starts_no_kernel(presenter):
    before = len(presenter.kernels())
    status, _ = presenter.get(f"/?token={presenter.token}", {"Host": f"attacker.example:{presenter.port}"})
    assert status == 403
    assert _no_new_kernel(presenter, before)


def test_a_foreign_origin_is_refused_and_starts_no_kernel(presenter):
    before = len(presenter.kernels())
    status, _ = presenter.get(f"/?token={presenter.token}", {"Origin": "http://attacker.example"})
    assert status == 403
    assert _no_new_kernel(presenter, before)


def test_the_instructor_url_runs_the_notebook_without_showing_tracebacks(presenter):
    before = len(presenter.kernels())
    status, page = presenter.get(f"/?token={presenter.token}")
    assert status == 200
    assert "visible-output" in page  # the control: this request did run the notebook
    assert "secret-detail" not in page and "ZeroDivisionError" not in page
    assert len(presenter.kernels()) >= before  # a kernel was started for it (Voila may already have shut it)


def test_the_token_is_neither_on_the_command_line_nor_in_the_kernels(presenter):
    assert presenter.token not in " ".join(psutil.Process(presenter.process.pid).cmdline())
    status, _ = presenter.get(f"/?token={presenter.token}", timeout=120)
    assert status == 200
    for kernel in presenter.kernels():
        try:
            assert TOKEN_ENV not in kernel.environ()
        except psutil.Error:
            continue


@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        (None, "127.0.0.1:8866", True),
        ("http://127.0.0.1:8866", "127.0.0.1:8866", True),
        ("http://attacker.example", "127.0.0.1:8866", False),
        ("http://127.0.0.1:9999", "127.0.0.1:8866", False),
    ],
)
def test_origin_rule(origin, host, allowed):
    assert origin_allowed(origin, host) is allowed
