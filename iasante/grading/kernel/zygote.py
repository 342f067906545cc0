"""Kernel template ("zygote") server: fork fresh IPython kernels from a pre-imported process.

Run as ``python -m iasante.grading.kernel.zygote SOCKET [MODULE ...]``. The process imports
ipykernel and the course libraries once (and runs their ``grading_warm_up()`` hooks, see
:func:`warm_up`), then serves fork requests on a Unix socket. Each
request forks a child that becomes an ordinary IPython kernel (``IPKernelApp``) bound to the
given connection file: it pays neither interpreter start nor library imports (copy-on-write
memory), and it has run no other student's code.

The template never creates a ZMQ context, an event loop or a thread (forking a process that
has them is unsafe, cf. ipykernel PR #410): everything of that kind is created in the child
by ``IPKernelApp.launch_instance``. Children are reaped automatically (SIGCHLD ignored), so
the grading process can poll them with ``kill(pid, 0)``; each child is the leader of its own
process group (``setsid``) and notices when the template disappears (parent poller).
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import random
import select
import signal
import socket
import sys

from iasante.grading.kernel import guard, sandbox
from iasante.grading.kernel.forkprotocol import read_request

READY = "IASANTE-ZYGOTE-READY"
_LAUNCH_DIR = os.getcwd()
# What a kernel launched by jupyter_client would have: the inline backend, unresolved until
# the kernel first draws (importing matplotlib_inline here would skip its IPython setup).
os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")


#: what ``IPKernelApp.initialize`` imports lazily (measured with ipykernel 7): importing them
#: here saves ~0.3 s per kernel; none of them starts a thread or creates a ZMQ context.
KERNEL_MODULES = [
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "IPython.core.interactiveshell",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "sqlite3",
    "pdb",
    "http.server",
    "xmlrpc.client",
    "tornado.gen",
    "tornado.locks",
    "tornado.queues",
    "tornado.platform.asyncio",
]


def preload(modules: list[str]) -> list[str]:
    """Import ipykernel and ``modules``; return the modules that could not be imported."""
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    failed = []
    for name in [*KERNEL_MODULES, *modules]:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 -- a missing optional library is not fatal
            failed.append(name)
    return failed


def warm_up(modules: list[str]) -> list[str]:
    """Call ``grading_warm_up()`` of the preloaded modules that define one; return those
    whose warm-up failed.

    A course module computes there, once, what every student's kernel would otherwise
    recompute (module 01: the hidden tests' cohort). It runs in the template before any
    fork, so it must not start a thread or open a ZMQ context.
    """
    failed = []
    for name in modules:
        hook = getattr(sys.modules.get(name), "grading_warm_up", None)
        if callable(hook):
            try:
                hook()
            except Exception:  # noqa: BLE001 -- a failed warm-up only costs time
                failed.append(name)
    return failed


def _become_kernel(
    request: dict, listener: socket.socket, conn: socket.socket, fds: list[int] | None = None
) -> None:
    """In the forked child: isolate, confine, then run an IPython kernel; never returns."""
    try:
        os.setsid()
        listener.close()
        conn.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.close(devnull)
        cwd = request.get("cwd") or os.getcwd()
        os.chdir(cwd)
        if request.get("env"):
            os.environ.clear()
            os.environ.update(request["env"])
        # As ipykernel_launcher does: drop the launch directory from sys.path (IPython's
        # InteractiveShellApp.init_path puts '' back, i.e. the kernel's working directory).
        if sys.path and sys.path[0] in ("", _LAUNCH_DIR):
            del sys.path[0]
        extra = request.get("memory_extra")
        if request.get("sandbox") is not None:
            _confine(request["sandbox"], extra, fds[0] if fds else None)
        elif extra:
            import resource

            limit = _address_space() + int(extra)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        # Fresh random state, as a newly started interpreter would have.
        random.seed()
        numpy = sys.modules.get("numpy")
        if numpy is not None:
            numpy.random.seed()
        argv = list(request["argv"])
        sys.argv = ["ipykernel_launcher", *argv]
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=[*argv, f"--IPKernelApp.parent_handle={os.getppid()}"])
    except BaseException:  # noqa: BLE001
        if fds:  # tell the grader why (the kernel's stderr is /dev/null)
            import traceback

            line = json.dumps(
                {"kind": "sandbox", "what": "erreur", "error": traceback.format_exc()[-2000:]}
            )
            try:
                os.write(fds[0], line.encode() + b"\n")
            except OSError:
                pass
        os._exit(70)
    os._exit(0)


def _confine(policy_data: dict, memory_extra: int | None, evidence: int | None) -> None:
    """Apply the sandbox (:mod:`.sandbox`) and start recording attempts (:mod:`.guard`)."""
    import tempfile

    policy = sandbox.Policy(**policy_data)
    if memory_extra:
        policy.memory_bytes = _address_space() + int(memory_extra)
    try:
        report = sandbox.apply(policy)
    except OSError as exc:
        if evidence is not None:
            os.write(
                evidence,
                json.dumps({"kind": "sandbox", "what": "refus", "error": str(exc)}).encode()
                + b"\n",
            )
        os._exit(71)
    tempfile.tempdir = None  # computed in the template: /tmp, now out of reach
    guard.install(evidence, policy.watched, policy.read_only + policy.read_write, report)


def _address_space() -> int:
    """This process's virtual memory size (what the kernel starts with), in bytes."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 1536 * 2**20


def serve(socket_path: str) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # auto-reap kernels
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(16)
    print(READY, flush=True)
    while True:
        readable, _, _ = select.select([listener, sys.stdin], [], [])
        if sys.stdin in readable and not os.read(sys.stdin.fileno(), 1024):
            break  # the grading process is gone (its end of our stdin pipe closed)
        if listener not in readable:
            continue
        conn, _ = listener.accept()
        with conn:
            data, fds = read_request(conn)
            try:
                if not data.strip():
                    continue
                request = json.loads(data)
                if request.get("op") == "stop":
                    conn.sendall(b'{"stopped": true}\n')
                    break
                pid = os.fork()
                if pid == 0:
                    _become_kernel(request, listener, conn, fds)
                conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
            finally:
                for fd in fds:  # the kernel has its copy; ours would keep the pipe open
                    os.close(fd)
    listener.close()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    socket_path, modules = argv[0], argv[1:]
    failed = preload(modules)
    if failed:
        print("not preloaded: " + ", ".join(failed), file=sys.stderr, flush=True)
    failed = warm_up(modules)
    if failed:
        print("warm-up failed: " + ", ".join(failed), file=sys.stderr, flush=True)
    # Objects that exist now are shared with every kernel: keep the garbage collector from
    # walking them in the children (each visit would copy a memory page).
    gc.collect()
    if hasattr(gc, "freeze"):
        gc.freeze()
    serve(socket_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
