"""A real JupyterHub on 127.0.0.1 for the tests: the course's deploy/jupyterhub_config.py,
a fixed-password authenticator, SimpleLocalProcessSpawner with homes under a temporary folder,
and an nbgrader exchange in that folder.

Every process the hub starts (proxy, single-user servers, their kernels) inherits the
environment variable ``IASANTE_HUB_TEST_RUN=<unique id>``; :meth:`Hub.stop` stops the hub,
then every process group still carrying that id, and reports any survivor. Nothing is
found by name, so other people's Jupyter processes on the machine are never touched.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEPLOY_CONFIG = REPO / "deploy" / "jupyterhub_config.py"
SERVER_NBGRADER_CONFIG = REPO / "deploy" / "nbgrader_config.py"
CHROMIUM = Path("/usr/bin/chromium")
MARKER = "IASANTE_HUB_TEST_RUN"
PASSWORD = "mot-de-passe-de-test"  # SharedPasswordAuthenticator wants 8+ characters
COURSE_ID = "ia-sante"


def find_proxy() -> str | None:
    """configurable-http-proxy: the project's .hub-tools/ (ci/install-hub-deps.sh) or PATH."""
    local = REPO / ".hub-tools" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which("configurable-http-proxy")


def missing_tools(browser: bool = False) -> str | None:
    """Why the hub tests cannot run here (None when they can)."""
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return "jupyterhub is not installed (run ci/install-hub-deps.sh)"
    if find_proxy() is None:
        return "configurable-http-proxy not found (run ci/install-hub-deps.sh)"
    if shutil.which("node") is None:
        return "node (Node.js) is not installed: configurable-http-proxy needs it"
    if browser:
        try:
            import playwright  # noqa: F401
        except ImportError:
            return "playwright is not installed (run ci/install-hub-deps.sh)"
        if not CHROMIUM.is_file():
            return f"{CHROMIUM} not found (run ci/install-hub-deps.sh as root)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HubError(RuntimeError):
    pass


@dataclass
class Response:
    status: int
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def request(
    method: str,
    url: str,
    token: str | None = None,
    data=None,
    form: dict | None = None,
    timeout: float = 120,
) -> Response:
    headers = {}
    body = None
    if token:
        headers["Authorization"] = f"token {token}"
    if form is not None:
        body = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return Response(r.status, r.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read())


@dataclass
class Hub:
    """A running hub; ``url`` is the public (proxy) address, ``api`` the hub's REST API."""

    base: Path
    instructors: list[str]
    students: list[str]
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    admin_token: str = field(default_factory=lambda: uuid.uuid4().hex)
    port: int = 0
    proc: subprocess.Popen | None = None
    log_path: Path | None = None
    #: extra environment for the hub (e.g. IASANTE_LTI_* to log in from the LTI test platform)
    env: dict[str, str] = field(default_factory=dict)
    #: the fixed-password authenticator of the tests; False keeps deploy/'s (e.g. LTI)
    shared_password: bool = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.url}/hub/api"

    @property
    def exchange(self) -> Path:
        return self.base / "exchange"

    @property
    def homes(self) -> Path:
        return self.base / "homes"

    def home(self, user: str) -> Path:
        return self.homes / user

    # -- set-up --------------------------------------------------------------------------

    def prepare(self) -> None:
        """Exchange (0777), server-wide nbgrader config, one home per user."""
        self.exchange.mkdir(parents=True, exist_ok=True)
        os.chmod(self.exchange, 0o777)
        etc = self.base / "etc-jupyter"
        etc.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SERVER_NBGRADER_CONFIG, etc / "nbgrader_config.py")
        for user in self.instructors + self.students:
            self.home(user).mkdir(parents=True, exist_ok=True)
        # Every server here runs as the same Unix user (SimpleLocalProcessSpawner), so
        # nbgrader cannot tell students apart by Unix user: give each student its id
        # through supported config, in its own home (read from the server's root dir).
        if _os_user() != "jovyan":
            for user in self.students:
                (self.home(user) / "nbgrader_config.py").write_text(
                    f"c = get_config()  # noqa: F821\nc.CourseDirectory.student_id = {user!r}\n",
                    encoding="utf-8",
                )

    def _config(self) -> Path:
        proxy_api = free_port()
        hub_port = free_port()
        spawner_args = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        auth = (
            f'c.JupyterHub.authenticator_class = "shared-password"\n'
            f"c.SharedPasswordAuthenticator.user_password = {PASSWORD!r}\n"
            if self.shared_password
            else ""
        )
        text = f"""
c = get_config()  # noqa: F821
load_subconfig({str(DEPLOY_CONFIG)!r})  # noqa: F821 -- the course's real configuration
# -- test-only overrides ------------------------------------------------------------------
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api}"
c.ConfigurableHTTPProxy.command = [{find_proxy()!r}]
c.ConfigurableHTTPProxy.pid_file = {str(self.base / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{self.base / "jupyterhub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(self.base / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(self.base / "hub.pid")!r}
{auth}c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(self.homes / "{username}")!r}
c.Spawner.args = {spawner_args!r}
c.Spawner.environment.update({{
    "JUPYTER_CONFIG_PATH": {str(self.base / "etc-jupyter")!r},
    "{MARKER}": {self.run_id!r},
    "MPLBACKEND": "Agg",
}})
c.JupyterHub.services = c.JupyterHub.get("services", []) + [  # deploy/: the idle culler
    {{"name": "tests", "api_token": {self.admin_token!r}}}
]
c.JupyterHub.load_roles = c.JupyterHub.load_roles + [{{
    "name": "tests",
    "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users",
               "read:groups", "list:groups", "access:servers"],
    "services": ["tests"],
}}]
c.JupyterHub.log_level = "INFO"
c.JupyterHub.tornado_settings = {{"slow_spawn_timeout": 0}}  # API answers at once; tests poll
"""
        path = self.base / "jupyterhub_test_config.py"
        path.write_text(text, encoding="utf-8")
        return path

    def start(self, timeout: float = 120) -> None:
        self.port = free_port()
        self.prepare()
        config = self._config()
        env = dict(os.environ)
        env[MARKER] = self.run_id
        env["IASANTE_INSTRUCTEURS"] = ",".join(self.instructors)
        env["IASANTE_ETUDIANTS"] = ",".join(self.students)
        env["IASANTE_EXCHANGE_ROOT"] = str(self.exchange)
        env["IASANTE_COURSE_ID"] = COURSE_ID
        env.update(self.env)
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        self.log_path = self.base / "jupyterhub.log"
        log = open(self.log_path, "wb")  # the child keeps its own descriptor
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=self.base,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while True:
            try:
                if request("GET", f"{self.api}/", timeout=5).status == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise HubError(f"the hub did not start:\n{self.log_tail()}")
            time.sleep(0.5)

    def log_tail(self, chars: int = 6000) -> str:
        if self.log_path and self.log_path.is_file():
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        return ""

    # -- users and servers ---------------------------------------------------------------

    def api_call(self, method: str, path: str, data=None, expect=(200, 201, 202, 204)):
        response = request(method, f"{self.api}{path}", token=self.admin_token, data=data)
        if response.status not in expect:
            raise HubError(f"{method} {path}: {response.status} {response.text[:500]}")
        return response.json() if response.body else None

    def user_token(self, user: str) -> str:
        return self.api_call(
            "POST", f"/users/{user}/tokens", data={"note": "tests", "expires_in": 3600}
        )["token"]

    def spawn(self, *users: str, timeout: float = 240) -> None:
        """Start the users' servers (in parallel) and wait until each is ready."""
        for user in users:
            self.api_call("POST", f"/users/{user}/server")
        deadline = time.monotonic() + timeout
        waiting = set(users)
        while waiting:
            for user in sorted(waiting):
                model = self.api_call("GET", f"/users/{user}")
                server = model.get("servers", {}).get("")
                if server and server.get("ready"):
                    waiting.discard(user)
            if not waiting:
                return
            if time.monotonic() > deadline or self.proc is None or self.proc.poll() is not None:
                raise HubError(f"servers not ready: {sorted(waiting)}\n{self.log_tail()}")
            time.sleep(1)

    def server_url(self, user: str) -> str:
        return f"{self.url}/user/{user}"

    # -- tear-down -------------------------------------------------------------------------

    def stop(self) -> list[str]:
        """Stop the hub and everything it started; return what had to be killed or survived."""
        report: list[str] = []
        if self.proc is not None and self.proc.poll() is None:
            # SIGTERM: the hub stops the single-user servers and the proxy itself.
            _signal_group(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                report.append(f"hub {self.proc.pid} ignored SIGTERM")
                _signal_group(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=20)
        for sig, pause in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            left = marked_processes(self.run_id)
            if not left:
                break
            report.append(f"{signal.Signals(sig).name} to leftover processes {left}")
            for pgid in {_pgid(pid) for pid in left} - {None, os.getpgrp()}:
                _signal_group(pgid, sig)
            for pid in left:
                _signal_pid(pid, sig)
            deadline = time.monotonic() + pause
            while marked_processes(self.run_id) and time.monotonic() < deadline:
                time.sleep(0.2)
        survivors = marked_processes(self.run_id)
        if survivors:
            report.append(f"SURVIVORS {survivors}")
        return report


def _os_user() -> str:
    import pwd

    return pwd.getpwuid(os.getuid())[0]


def marked_processes(run_id: str) -> list[int]:
    """Live processes (not zombies) whose environment carries this run's marker."""
    needle = f"{MARKER}={run_id}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state not in ("Z", "X"):
            found.append(int(entry.name))
    return sorted(found)


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except OSError:
        pass


def _signal_pid(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except OSError:
        pass


@contextlib.contextmanager
def running_hub(
    root: Path, instructors: list[str], students: list[str], **options
) -> Iterator[Hub]:
    """A started hub that is always stopped, and leaves no process of its run behind.
    ``options``: :class:`Hub` fields (``env``, ``shared_password``)."""
    hub = Hub(root, instructors, students, **options)
    try:
        hub.start()
        yield hub
    finally:
        report = hub.stop()
        survivors = marked_processes(hub.run_id)
        assert not survivors, f"processes left behind: {survivors} ({report})"
