"""A real JupyterLab server on the project's notebooks: REST API, token, a kernel over websocket.

The server is started as ``make lab`` would start it (the venv's ``jupyter lab`` on the
``notebooks`` folder), on a free loopback port with a random token and with isolated Jupyter
config/runtime folders so that the developer's own settings cannot change the outcome.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import websocket  # websocket-client, a dependency of jupyter_server

from workbench.paths import NOTEBOOKS_DIR, PROJ_ROOT

pytestmark = pytest.mark.slow

EKSPLORASI = (
    "01_eksplorasi_sinkronisasi.ipynb",
    "02_eksplorasi_capaian.ipynb",
    "03_eksplorasi_konsistensi.ipynb",
)
START_TIMEOUT = 90.0
STOP_TIMEOUT = 20.0


@dataclass(frozen=True)
class Server:
    url: str
    token: str
    proc: subprocess.Popen
    log: Path

    def api(self, path: str) -> str:
        return f"{self.url}/api/{path.lstrip('/')}"

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> int:
    """Terminate (the server shuts its kernels down on SIGTERM), kill on timeout."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=STOP_TIMEOUT)
    return proc.returncode


def _wait_ready(proc: subprocess.Popen, url: str, token: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"jupyter lab exited with {proc.returncode} before it was ready:\n"
                + log.read_text(errors="replace")[-4000:]
            )
        try:
            r = requests.get(f"{url}/api/status", headers={"Authorization": f"token {token}"},
                             timeout=2)  # fmt: skip
            if r.status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    tail = log.read_text(errors="replace")[-4000:]
    raise AssertionError(f"jupyter lab not ready after {START_TIMEOUT} s:\n{tail}")


def _command(token: str, port: int, root: Path = NOTEBOOKS_DIR) -> list[str]:
    """The server as ``make lab`` runs it, on a given loopback port and token."""
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        f"--IdentityProvider.token={token}", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={root}",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI run as root
        cmd.append("--allow-root")
    return cmd


def _launch(tmp: Path, token: str, root: Path = NOTEBOOKS_DIR) -> Server:
    """Start a server with private Jupyter folders; retry on another port if one is taken.

    The tests here only read through the server. A test that runs notebooks in the page
    must pass a copy as ``root``: JupyterLab saves what it opens (metadata, outputs).
    """
    env = dict(os.environ)
    # A private config/runtime folder: no user config, no stale server files.
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        (tmp / var).mkdir(exist_ok=True)
        env[var] = str(tmp / var)
    env.pop("JUPYTER_TOKEN", None)
    log = tmp / "lab.log"
    last_error = ""
    for _attempt in range(3):  # a port taken between probe and bind: try another
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with log.open("wb") as out:
            proc = subprocess.Popen(_command(token, port, root), stdout=out,
                                    stderr=subprocess.STDOUT, env=env, cwd=PROJ_ROOT)  # fmt: skip
        try:
            _wait_ready(proc, url, token, log)
        except AssertionError as err:
            _stop(proc)
            last_error = str(err)
            if "address already in use" in last_error.lower():
                continue
            raise
        return Server(url=url, token=token, proc=proc, log=log)
    raise AssertionError(last_error)


def _snapshot() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in NOTEBOOKS_DIR.rglob("*.ipynb")
            if ".ipynb_checkpoints" not in p.parts}  # fmt: skip


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[Server]:
    before = _snapshot()
    server = _launch(tmp_path_factory.mktemp("lab"), secrets.token_hex(24))
    try:
        yield server
    finally:
        _stop(server.proc)
    # the server only read the project's notebooks: nothing was saved over them
    assert _snapshot() == before, "the JupyterLab server changed the project's notebooks"


def test_notebooks_are_listed(lab):
    r = requests.get(lab.api("contents/"), headers=lab.auth, timeout=10)
    assert r.status_code == 200, r.text
    listing = {item["name"]: item["type"] for item in r.json()["content"]}
    for name in EKSPLORASI:
        assert listing.get(name) == "notebook", f"{name} not listed: {sorted(listing)}"
    on_disk = {p.name for p in NOTEBOOKS_DIR.glob("*.ipynb")}
    assert on_disk <= set(listing), on_disk - set(listing)
    assert listing.get("templates") == "directory"
    # a notebook is served with its cells, and the parameters cell is there
    r = requests.get(lab.api(f"contents/{EKSPLORASI[0]}"), headers=lab.auth, timeout=10)
    assert r.status_code == 200, r.text
    cells = r.json()["content"]["cells"]
    assert any("parameters" in c["metadata"].get("tags", []) for c in cells)


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "contents/"), ("GET", "kernels"), ("POST", "kernels"), ("GET", "status")],
)
def test_requests_without_the_token_are_refused(lab, method, path):
    r = requests.request(method, lab.api(path), timeout=10)
    assert r.status_code in (401, 403), (method, path, r.status_code, r.text[:200])
    wrong = {"Authorization": f"token {secrets.token_hex(24)}"}
    r = requests.request(method, lab.api(path), headers=wrong, timeout=10)
    assert r.status_code in (401, 403), (method, path, r.status_code, r.text[:200])


def test_the_lab_page_needs_the_token(lab):
    r = requests.get(f"{lab.url}/lab", timeout=10, allow_redirects=False)
    # without the token the page redirects to the login form, it never serves the app
    assert r.status_code in (302, 401, 403), r.status_code
    r = requests.get(f"{lab.url}/lab?token={lab.token}", timeout=20)
    assert r.status_code == 200
    assert "JupyterLab" in r.text


def _execute(ws: websocket.WebSocket, code: str, timeout: float = 60.0) -> dict:
    """Send an execute_request on the shell channel; collect iopub output until idle."""
    msg_id = uuid.uuid4().hex
    ws.send(
        json.dumps(
            {
                "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                           "msg_type": "execute_request", "version": "5.3"},  # fmt: skip
                "parent_header": {},
                "metadata": {},
                "content": {"code": code, "silent": False, "store_history": False,
                            "user_expressions": {}, "allow_stdin": False},  # fmt: skip
                "channel": "shell",
                "buffers": [],
            }
        )
    )
    out = {"stdout": "", "result": None, "error": None, "reply": None}
    idle = False
    deadline = time.monotonic() + timeout
    while not (idle and out["reply"] is not None):
        ws.settimeout(max(0.1, deadline - time.monotonic()))
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["header"]["msg_type"], msg["content"]
        if kind == "stream" and content["name"] == "stdout":
            out["stdout"] += content["text"]
        elif kind == "execute_result":
            out["result"] = content["data"]["text/plain"]
        elif kind == "error":
            out["error"] = f"{content['ename']}: {content['evalue']}"
        elif kind == "status" and content["execution_state"] == "idle":
            idle = True
        elif kind == "execute_reply":
            out["reply"] = content["status"]
    return out


def test_kernel_starts_and_imports_workbench(lab):
    r = requests.post(lab.api("kernels"), headers=lab.auth, json={"name": "python3"}, timeout=30)
    assert r.status_code == 201, r.text
    kernel_id = r.json()["id"]
    ws_url = lab.url.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels"
    ws = websocket.create_connection(ws_url, header=[f"Authorization: token {lab.token}"],
                                     timeout=60)  # fmt: skip
    try:
        res = _execute(
            ws,
            "import os, sys, workbench, workbench.paths\n"
            "print(workbench.__file__)\n"
            "print(sys.executable)\n"
            "os.getpid(), workbench.paths.NOTEBOOKS_DIR.name",
        )
        assert res["error"] is None, res["error"]
        assert res["reply"] == "ok"
        file, executable = res["stdout"].split()
        assert Path(file).resolve() == (PROJ_ROOT / "workbench" / "__init__.py").resolve()
        # the kernel runs the venv's interpreter (the one running these tests)
        assert Path(executable).parent.resolve() == Path(sys.executable).parent.resolve()
        pid_text, folder = res["result"].strip("()").split(", ")
        assert folder == "'notebooks'"
        kernel_pid = int(pid_text)
        # an error in the kernel comes back as an error, not as silence
        bad = _execute(ws, "import workbench.tidak_ada")
        assert bad["reply"] == "error"
        assert bad["error"].startswith("ModuleNotFoundError")
    finally:
        ws.close()
    r = requests.get(lab.api("kernels"), headers=lab.auth, timeout=10)
    assert kernel_id in {k["id"] for k in r.json()}
    r = requests.delete(lab.api(f"kernels/{kernel_id}"), headers=lab.auth, timeout=30)
    assert r.status_code == 204
    r = requests.get(lab.api("kernels"), headers=lab.auth, timeout=10)
    assert kernel_id not in {k["id"] for k in r.json()}
    deadline = time.monotonic() + 15
    while _alive(kernel_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(kernel_pid), f"kernel process {kernel_pid} still running after DELETE"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped by the server) counts as stopped
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


def test_server_stops_cleanly(tmp_path):
    """A second, short-lived server with a kernel: SIGTERM ends both and frees the port."""
    server = _launch(tmp_path, secrets.token_hex(16))
    port = int(server.url.rsplit(":", 1)[1])
    try:
        r = requests.post(server.api("kernels"), json={"name": "python3"}, headers=server.auth,
                          timeout=30)  # fmt: skip
        assert r.status_code == 201
        server.proc.terminate()
        rc = server.proc.wait(timeout=STOP_TIMEOUT)
    finally:
        _stop(server.proc)
    log = server.log.read_text(errors="replace")
    assert rc == 0, log[-3000:]
    assert "Shutting down 1 kernel" in log, log[-3000:]
    with socket.socket() as s:  # nothing listens on the port any more
        # SO_REUSEADDR ignores client connections in TIME_WAIT but not a listening socket
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
