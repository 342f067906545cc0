"""Kernel managers for grading: forked from a pre-imported template, or ordinary.

``ForkKernelManager`` is a jupyter_client ``AsyncKernelManager`` whose provisioner, instead of
running ``python -m ipykernel_launcher``, asks a :mod:`.zygote` server to fork a
kernel. Everything else (connection file, ZMQ channels, interrupt by SIGINT, kill of the process
group) is jupyter_client's usual machinery, so nbclient and nbgrader's ``Execute`` preprocessor
use it unchanged.

Every kernel started in this process is recorded in :data:`LIVE_KERNELS` so that a watchdog
can kill it when a notebook exceeds its total time limit.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

from iasante.messages import msg

from .. import compat
from . import guard, sandbox
from .forkprotocol import read_line, send_request

#: pid -> process-group id of kernels started by this process and not yet shut down
LIVE_KERNELS: dict[int, int | None] = {}

#: address space (bytes) a kernel may use beyond the libraries it starts with (RLIMIT_AS)
KERNEL_MEMORY_EXTRA: int | None = None
#: what an ordinary kernel starts with, roughly (a forked one measures its template)
ORDINARY_KERNEL_BASELINE = 1536 * 2**20

#: the template's entry point (``python -m``)
ZYGOTE_MODULE = "iasante.grading.kernel.zygote"

#: Unix socket of the zygote server used by ForkKernelManager in this process
ZYGOTE_SOCKET: str | None = None

#: sandbox settings of this process's kernels ({"course_root", "require"}), None: unconfined
SANDBOX: dict[str, Any] | None = None
#: records (:mod:`.guard`) of the kernels finished since :func:`take_sandbox_records`
FINISHED_RECORDS: list[dict[str, Any]] = []
#: pid -> the sandbox of a live kernel
SANDBOXES: dict[int, SandboxHandle] = {}


class SandboxHandle:
    """What confines one kernel, seen from the grading worker: its scratch directory, the
    pipe its guard writes to, and, once finished, the records read from it."""

    def __init__(self) -> None:
        self.scratch = sandbox.make_scratch()
        self.read_fd, self.write_fd = os.pipe()
        os.set_inheritable(self.write_fd, True)
        self.pgid: int | None = None
        self.records: list[dict[str, Any]] | None = None

    def close_write_end(self) -> None:
        if self.write_fd >= 0:
            os.close(self.write_fd)
            self.write_fd = -1

    def policy(self, cwd: str, memory_bytes: int | None = None) -> sandbox.Policy:
        assert SANDBOX is not None
        return sandbox.kernel_policy(
            cwd,
            self.scratch,
            SANDBOX.get("course_root"),
            memory_bytes=memory_bytes,
            require=bool(SANDBOX.get("require")),
            cpu_seconds=SANDBOX.get("cpu_seconds", 900),
        )

    def finish(self) -> list[dict[str, Any]]:
        """Kill every process of the kernel, read its records, remove its scratch."""
        if self.records is not None:
            return self.records
        self.close_write_end()
        if self.pgid:
            kill_group(self.pgid, self.pgid)
        self.records = guard.read_records(self.read_fd)
        report = (
            next(
                (
                    r.get("report")
                    for r in self.records
                    if r.get("kind") == "sandbox" and r.get("report")
                ),
                None,
            )
            or {}
        )
        sandbox.kill_everything(self.pgid, report.get("cgroup"))
        import shutil

        shutil.rmtree(self.scratch, ignore_errors=True)
        FINISHED_RECORDS.extend(self.records)
        return self.records


def take_sandbox_records() -> list[dict[str, Any]]:
    """Finish every sandbox of this process; return (and forget) the records read since the
    last call."""
    for pid in list(SANDBOXES):
        SANDBOXES.pop(pid).finish()
    out = list(FINISHED_RECORDS)
    FINISHED_RECORDS.clear()
    return out


def fork_unavailable_reason() -> str | None:
    """Why forked kernels cannot be used here, or None if they can."""
    if sys.platform == "win32" or not hasattr(os, "fork"):
        return "pas de fork sous Windows"
    if sys.platform == "darwin":
        return "fork déconseillé sous macOS"
    if not hasattr(socket, "AF_UNIX"):
        return "pas de socket Unix"
    return None


SIGKILL = getattr(signal, "SIGKILL", signal.SIGTERM)  # Windows has no SIGKILL


def kill_group(pid: int, pgid: int | None, sig: int = SIGKILL) -> None:
    try:
        if pgid and hasattr(os, "killpg"):
            os.killpg(pgid, sig)
        else:
            os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def kill_live_kernels() -> None:
    for pid, pgid in list(LIVE_KERNELS.items()):
        kill_group(pid, pgid)
    for handle in list(SANDBOXES.values()):
        sandbox.kill_everything(handle.pgid)


class ForkedProcess:
    """The small part of the ``subprocess.Popen`` API that LocalProvisioner uses.

    The kernel is a child of the zygote (which reaps it), not of this process: liveness is
    checked with ``kill(pid, 0)``.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -1
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired([str(self.pid)], float(timeout or 0))
            time.sleep(0.02)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        try:
            os.kill(self.pid, signum)
        except ProcessLookupError:
            pass

    def terminate(self) -> None:
        kill_group(self.pid, self.pid, signal.SIGTERM)

    def kill(self) -> None:
        kill_group(self.pid, self.pid, SIGKILL)


def request_fork(
    socket_path: str, request: dict[str, Any], timeout: float = 30, fds: list[int] | None = None
) -> int:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(socket_path)
        send_request(sock, json.dumps(request).encode() + b"\n", fds or [])
        reply = json.loads(read_line(sock))
    if "pid" not in reply:
        raise RuntimeError(msg("grading.kernel.fork_refused", reply=reply))
    return int(reply["pid"])


class _SandboxedProvisioner(LocalProvisioner):
    """Prepare the sandbox before the connection file is written: a scratch directory that
    holds it, the kernel's ipc sockets, its HOME and TMPDIR; an environment without secrets."""

    sandbox_handle: SandboxHandle | None = None

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        km = self.parent
        if SANDBOX is not None and km is not None and sys.platform.startswith("linux"):
            handle = self.sandbox_handle = SandboxHandle()
            km.transport = "ipc"
            km.ip = os.path.join(handle.scratch, "k")
            km.cache_ports = False
            km.connection_file = os.path.join(handle.scratch, "kernel.json")
            kwargs["env"] = sandbox.kernel_env(
                dict(kwargs.get("env") or os.environ), handle.scratch
            )
        return await super().pre_launch(**kwargs)

    def _track(self, pid: int, pgid: int | None) -> None:
        LIVE_KERNELS[pid] = pgid
        if self.sandbox_handle is not None:
            self.sandbox_handle.pgid = pgid
            self.sandbox_handle.close_write_end()
            SANDBOXES[pid] = self.sandbox_handle

    async def cleanup(self, restart: bool = False) -> None:
        if self.pid is not None:
            LIVE_KERNELS.pop(self.pid, None)
            handle = SANDBOXES.pop(self.pid, None)
            if handle is not None:
                handle.finish()
        await super().cleanup(restart=restart)


class ForkProvisioner(_SandboxedProvisioner):
    """Launch the kernel by forking the zygote instead of running ``cmd``."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        if ZYGOTE_SOCKET is None or not any("ipykernel" in part for part in cmd):
            # only an IPython kernel can be forked from the (Python) template
            return await _launch_ordinary(self, cmd, kwargs)
        argv = (
            cmd[cmd.index("-f") :]
            if "-f" in cmd
            else ["-f", str(getattr(self.parent, "connection_file", ""))]
        )
        if self.sandbox_handle is not None:
            argv += sandbox.kernel_args(argv)
        env = dict(kwargs.get("env") or os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        request = {"argv": argv, "cwd": cwd, "env": env, "memory_extra": KERNEL_MEMORY_EXTRA}
        handle = self.sandbox_handle
        if handle is not None:
            request["sandbox"] = json.loads(handle.policy(cwd).to_json())
        try:
            pid = request_fork(
                ZYGOTE_SOCKET, request, fds=[handle.write_fd] if handle is not None else None
            )
        except (OSError, ValueError, RuntimeError):
            # the template is gone (killed, out of memory...): an ordinary kernel still grades
            return await _launch_ordinary(self, cmd, kwargs)
        self.process = ForkedProcess(pid)  # type: ignore[assignment]
        self.pid = pid
        self.pgid = pid  # the child called setsid()
        self.cwd = cwd
        self._track(pid, pid)
        return self.connection_info

    async def wait(self) -> int | None:
        """As LocalProvisioner.wait, polling every 5 ms instead of 100 ms (the zygote reaps
        a killed kernel at once)."""
        ret = 0
        if self.process:
            while await self.poll() is None:
                await asyncio.sleep(0.005)
            ret = self.process.wait()
            self.process = None
        return ret


class TrackedProvisioner(_SandboxedProvisioner):
    """An ordinary kernel (``python -m ipykernel_launcher``), recorded for the watchdog."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        return await _launch_ordinary(self, cmd, kwargs)


async def _launch_ordinary(provisioner: LocalProvisioner, cmd: list[str], kwargs: dict) -> Any:
    """``python -m ipykernel_launcher`` as jupyter_client does, with the memory limit; in
    the sandbox (``python -m iasante.grading.kernel.sandbox POLICY FD -- CMD``) when enabled."""
    handle = getattr(provisioner, "sandbox_handle", None)
    if handle is not None:
        extra = KERNEL_MEMORY_EXTRA
        policy = handle.policy(
            str(kwargs.get("cwd") or os.getcwd()),
            ORDINARY_KERNEL_BASELINE + extra if extra else None,
        )
        policy_file = os.path.join(handle.scratch, "policy.json")
        Path(policy_file).write_text(policy.to_json(), encoding="utf-8")
        cmd = [
            sys.executable,
            "-m",
            "iasante.grading.kernel.sandbox",
            policy_file,
            str(handle.write_fd),
            "--",
            *cmd,
            *sandbox.kernel_args(cmd),
        ]
        kwargs["pass_fds"] = (handle.write_fd,)
    elif KERNEL_MEMORY_EXTRA and sys.platform != "win32":
        kwargs["preexec_fn"] = _limit_memory
    kwargs.setdefault("stdout", subprocess.DEVNULL)
    kwargs.setdefault("stderr", subprocess.DEVNULL)
    info = await LocalProvisioner.launch_kernel(provisioner, cmd, **kwargs)
    pid = provisioner.pid
    assert pid is not None  # set by LocalProvisioner.launch_kernel
    if isinstance(provisioner, _SandboxedProvisioner):
        provisioner._track(pid, provisioner.pgid)
    else:
        LIVE_KERNELS[pid] = provisioner.pgid
    return info


def _limit_memory() -> None:  # runs in the child between fork and exec
    import resource

    if KERNEL_MEMORY_EXTRA:
        limit = ORDINARY_KERNEL_BASELINE + KERNEL_MEMORY_EXTRA
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class ReadyKernelClient(AsyncKernelClient):
    """jupyter_client's async client, minus idle waiting when a kernel becomes ready.

    ``wait_for_ready`` sends ``kernel_info`` requests until one is answered while IOPub is
    connected, then drains IOPub until it stays silent for 0.2 s, and retries after a 0.2 s
    silence. For a kernel that answers in a few milliseconds these fixed waits dominate its
    start; here they are 0.02 s. Messages left on IOPub belong to the kernel_info requests and
    nbclient ignores them (it matches replies by parent message id).
    """

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.time() + (timeout if timeout is not None else float("inf"))
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except queue.Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:  # IOPub connected? (else ask again: a fresh kernel answers in ~1 ms)
                    await self.iopub_channel.get_msg(timeout=0.02)
                except queue.Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self._async_is_alive():
                raise RuntimeError(msg("grading.kernel.died_before_ready"))
            if time.time() > deadline:
                raise RuntimeError(msg("grading.kernel.not_ready", seconds=timeout))
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=0.02)
            except queue.Empty:
                break

    # AsyncKernelClient binds ``wait_for_ready`` to the base class's function at class
    # creation: without this line the override above is never called.
    wait_for_ready = _async_wait_for_ready


#: names under which ``pyproject.toml`` registers the provisioners in jupyter_client's
#: ``jupyter_client.kernel_provisioners`` entry-point group
FORK_PROVISIONER = "iasante-fork"
TRACKED_PROVISIONER = "iasante-tracked"


def provisioners_registered() -> bool:
    """Whether the installed package registers its provisioners (a checkout whose install
    predates the entry points does not: ``pip install -e .`` again)."""
    from importlib.metadata import entry_points

    found = {ep.name for ep in entry_points(group="jupyter_client.kernel_provisioners")}
    return {FORK_PROVISIONER, TRACKED_PROVISIONER} <= found


class _ProvisionedKernelManager(AsyncKernelManager):
    """Picks its provisioner the public way: the kernelspec's ``kernel_provisioner`` stanza
    (as a ``kernel.json`` would), resolved by jupyter_client through the entry point."""

    provisioner_name = TRACKED_PROVISIONER

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fast = compat.private_apis_ok()
        if self.fast:  # else jupyter_client's own client and polling (same kernels)
            self.client_factory = ReadyKernelClient
        self.context.setsockopt(zmq.RECONNECT_IVL, 5)

    @property
    def kernel_spec(self) -> Any:
        # re-applied at every read: a spec reloaded after a change of kernel_name keeps it
        spec = super().kernel_spec
        if spec is not None:
            spec.metadata["kernel_provisioner"] = {
                "provisioner_name": self.provisioner_name,
                "config": {},
            }
        return spec

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        # jupyter_client polls a killed kernel every 100 ms; ours is gone within a few ms
        fast = min(pollinterval, 0.005) if self.fast else pollinterval
        await super()._async_wait(pollinterval=fast)


class TrackedKernelManager(_ProvisionedKernelManager):
    provisioner_name = TRACKED_PROVISIONER


class ForkKernelManager(_ProvisionedKernelManager):
    provisioner_name = FORK_PROVISIONER


class ZygoteServer:
    """Start (and stop) a zygote server process; use as a context manager."""

    def __init__(
        self,
        modules: list[str],
        cwd: str | Path | None = None,
        timeout: float = 180,
        scrub_env: bool = False,
    ):
        self.modules = modules
        self.scrub_env = scrub_env
        self.cwd = str(cwd) if cwd else None
        self.timeout = timeout
        self.process: subprocess.Popen | None = None
        self._dir = tempfile.mkdtemp(prefix="iasante-zygote-")
        self.socket_path = os.path.join(self._dir, "zygote.sock")

    def start(self) -> ZygoteServer:
        return self.launch().wait_ready()

    def launch(self) -> ZygoteServer:
        """Start the template process; it imports the libraries in the background."""
        env = sandbox.template_env(dict(os.environ)) if self.scrub_env else dict(os.environ)
        env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "iasante.grading.kernel.zygote",
                self.socket_path,
                *self.modules,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=self.cwd,
            env=env,
        )
        return self

    def wait_ready(self) -> ZygoteServer:
        """Block until the template serves fork requests (RuntimeError if it failed)."""
        assert self.process is not None and self.process.stdout is not None
        import selectors

        with selectors.DefaultSelector() as sel:
            sel.register(self.process.stdout, selectors.EVENT_READ)
            ready = sel.select(timeout=self.timeout)
        line = self.process.stdout.readline().decode(errors="replace").strip() if ready else ""
        if line != "IASANTE-ZYGOTE-READY":
            self.stop()
            raise RuntimeError(msg("grading.kernel.template_failed", line=line))
        return self

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            if self.process.poll() is None and os.path.exists(self.socket_path):
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                    sock.settimeout(5)
                    sock.connect(self.socket_path)
                    sock.sendall(b'{"op": "stop"}\n')
                    sock.recv(100)
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream:
                stream.close()
        self.process = None
        try:
            os.unlink(self.socket_path)
            os.rmdir(self._dir)
        except OSError:
            pass

    def __enter__(self) -> ZygoteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
