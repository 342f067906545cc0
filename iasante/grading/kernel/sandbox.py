"""Confinement of a grading kernel: what student code may read, write, reach and spend.

Applied in the kernel process itself, after ``fork`` (or before ``exec`` in the ordinary
fallback) and **before any student code runs**, with what Linux gives an unprivileged user:

* **Landlock** (Linux >= 5.13, through a small ctypes layer: the three system calls and their
  structures; no maintained binding fits -- ``landlock`` on PyPI stops at ABI 2, has no network
  or scope support and is not packaged by distributions): read-only access to the Python
  environment, the course's ``data/`` and the system libraries; read-write access to the
  submission's working directory (the staging folder nbgrader's converter uses) and to a fresh
  scratch directory (``TMPDIR``, ``HOME``, the kernel's channels); nothing else -- not
  ``source/``, ``release/``, other students, the gradebook, the instructor's home. ABI >= 4:
  no TCP bind or connect; ABI >= 6: no signal to, and no abstract Unix socket of, a process
  outside the sandbox.
* **Namespaces**: a new user namespace and an empty network namespace (no interface up: no
  TCP, no UDP, no DNS), where the kernel allows it (unprivileged user namespaces, or root).
  In a user namespace every capability is dropped and ``RLIMIT_NPROC`` counts only the
  sandbox's own processes, even for root.
* **seccomp** (x86-64 and arm64): ``socket()`` only for ``AF_UNIX``; no ``connect``,
  ``ptrace``, ``process_vm_*``, ``io_uring``, ``bpf``, ``perf_event_open``, key rings,
  ``mount``, namespaces, ``setsid``/``setpgid`` (so every process of the submission stays in
  the kernel's process group and is killed with it).
* **rlimits**: address space (the memory cap), processes/threads, file size, open files, CPU
  time, no core dumps.

The kernel talks to the grader over ZMQ *ipc* sockets (Unix sockets in the scratch
directory), which work across network namespaces and need no ``connect`` in the kernel.

:func:`probe` says which of these the machine allows (run once per grading run, in a forked
child); :func:`apply` applies a :class:`Policy` and returns what was applied. Everything here
is Linux-only: elsewhere :func:`probe` reports nothing available and grading runs unconfined
(``--require-sandbox`` then refuses to grade).
"""

from __future__ import annotations

import ctypes
import json
import os
import platform
import signal
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# -- Landlock constants (include/uapi/linux/landlock.h) --------------------------------------
_SYS_LANDLOCK_CREATE_RULESET = 444  # the same number on every architecture
_SYS_LANDLOCK_ADD_RULE = 445
_SYS_LANDLOCK_RESTRICT_SELF = 446
_LANDLOCK_CREATE_RULESET_VERSION = 1
_LANDLOCK_RULE_PATH_BENEATH = 1

FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_REFER = 1 << 13  # ABI 2
FS_TRUNCATE = 1 << 14  # ABI 3
FS_IOCTL_DEV = 1 << 15  # ABI 5
NET_BIND_TCP = 1 << 0  # ABI 4
NET_CONNECT_TCP = 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1

_FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
_READ = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR


def _fs_rights(abi: int) -> int:
    rights = (1 << 13) - 1  # EXECUTE .. MAKE_SYM (ABI 1)
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


# -- seccomp ---------------------------------------------------------------------------------
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_DUMPABLE = 4
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_EPERM = 1
_EAFNOSUPPORT = 97

#: per architecture: audit arch, and the numbers of the system calls the filter names
_ARCHES: dict[str, dict[str, Any]] = {
    "x86_64": {
        "audit": 0xC000003E,
        "x32": True,
        "capset": 126,
        "socket": 41,
        "sendto": 44,
        "sendmsg": 46,
        "sendmmsg": 307,
        "deny": {
            "connect": 42,
            "ptrace": 101,
            "process_vm_readv": 310,
            "process_vm_writev": 311,
            "bpf": 321,
            "perf_event_open": 298,
            "keyctl": 250,
            "add_key": 248,
            "request_key": 249,
            "setsid": 112,
            "setpgid": 109,
            "unshare": 272,
            "setns": 308,
            "mount": 165,
            "umount2": 166,
            "pivot_root": 155,
            "chroot": 161,
            "userfaultfd": 323,
            "io_uring_setup": 425,
            "io_uring_enter": 426,
            "io_uring_register": 427,
            "open_tree": 428,
            "move_mount": 429,
            "fsopen": 430,
            "fsconfig": 431,
            "fsmount": 432,
            "fspick": 433,
            "mount_setattr": 442,
        },
    },
    "aarch64": {
        "audit": 0xC00000B7,
        "x32": False,
        "capset": 91,
        "socket": 198,
        "sendto": 206,
        "sendmsg": 211,
        "sendmmsg": 269,
        "deny": {
            "connect": 203,
            "ptrace": 117,
            "process_vm_readv": 270,
            "process_vm_writev": 271,
            "bpf": 280,
            "perf_event_open": 241,
            "keyctl": 219,
            "add_key": 217,
            "request_key": 218,
            "setsid": 157,
            "setpgid": 154,
            "unshare": 97,
            "setns": 268,
            "mount": 40,
            "umount2": 39,
            "pivot_root": 41,
            "chroot": 51,
            "userfaultfd": 282,
            "io_uring_setup": 425,
            "io_uring_enter": 426,
            "io_uring_register": 427,
            "open_tree": 428,
            "move_mount": 429,
            "fsopen": 430,
            "fsconfig": 431,
            "fsmount": 432,
            "fspick": 433,
            "mount_setattr": 442,
        },
    },
}


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_SockFilter))]


_M_ARENA_MAX = -8
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000

#: environment variables a kernel keeps (the rest -- tokens, passwords, the instructor's
#: paths -- never reaches student code)
_ENV_KEEP = (
    "PATH",
    "LANG",
    "LANGUAGE",
    "TZ",
    "TERM",
    "MPLBACKEND",
    "NBGRADER_EXECUTION",
    "PYDEVD_DISABLE_FILE_VALIDATION",
    "PYTHONHASHSEED",
    "PYTHONIOENCODING",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "JPY_PARENT_PID",
)
_ENV_PREFIXES = ("LC_", "IASANTE_")


@dataclass
class Policy:
    """What one kernel may do. Paths are absolute; the scratch directory must exist."""

    read_only: list[str] = field(default_factory=list)
    read_write: list[str] = field(default_factory=list)
    scratch: str = ""
    #: paths whose mere reading is an attempt worth reporting (source/, the gradebook...)
    watched: dict[str, str] = field(default_factory=dict)
    memory_bytes: int | None = None  # RLIMIT_AS (absolute)
    max_processes: int = 64  # processes + threads of the sandbox (needs a user namespace)
    max_file_bytes: int = 64 * 2**20
    max_open_files: int = 512
    cpu_seconds: int | None = 900
    network: bool = False
    require: bool = False  # fail (exit) rather than run a kernel with a missing protection

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Policy:
        return cls(**json.loads(text))


# -- low level ----------------------------------------------------------------------------------


def _libc() -> Any:
    return ctypes.CDLL(None, use_errno=True)


def _syscall(libc: Any, nr: int, *args: Any) -> int:
    libc.syscall.restype = ctypes.c_long
    return libc.syscall(ctypes.c_long(nr), *args)


def landlock_abi() -> int:
    """The Landlock ABI version of the running kernel (0: unavailable)."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        libc = _libc()
        abi = _syscall(
            libc,
            _SYS_LANDLOCK_CREATE_RULESET,
            None,
            ctypes.c_size_t(0),
            ctypes.c_uint32(_LANDLOCK_CREATE_RULESET_VERSION),
        )
    except (OSError, AttributeError):
        return 0
    return max(int(abi), 0)


def _arch() -> dict[str, Any] | None:
    return _ARCHES.get(platform.machine()) if sys.platform.startswith("linux") else None


def _check(result: int, what: str) -> None:
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _landlock(policy: Policy, abi: int) -> dict[str, Any]:
    libc = _libc()
    fs = _fs_rights(abi)
    attr = _RulesetAttr(
        fs,
        NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 and not policy.network else 0,
        SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0,
    )
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    ruleset = _syscall(
        libc,
        _SYS_LANDLOCK_CREATE_RULESET,
        ctypes.byref(attr),
        ctypes.c_size_t(size),
        ctypes.c_uint32(0),
    )
    _check(ruleset, "landlock_create_ruleset")
    try:
        rules = [(p, _READ) for p in policy.read_only] + [(p, fs) for p in policy.read_write]
        for path, rights in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue  # a missing optional path (no /lib64 here...)
            try:
                if not os.path.isdir(path):
                    rights &= _FILE_RIGHTS
                rule = _PathBeneathAttr(rights & fs, fd)
                _check(
                    _syscall(
                        libc,
                        _SYS_LANDLOCK_ADD_RULE,
                        ctypes.c_int(ruleset),
                        ctypes.c_int(_LANDLOCK_RULE_PATH_BENEATH),
                        ctypes.byref(rule),
                        ctypes.c_uint32(0),
                    ),
                    f"landlock_add_rule {path}",
                )
            finally:
                os.close(fd)
        _check(
            _syscall(libc, _SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)),
            "landlock_restrict_self",
        )
    finally:
        os.close(ruleset)
    return {"landlock": abi, "tcp_blocked": abi >= 4 and not policy.network, "scoped": abi >= 6}


def _namespaces(policy: Policy) -> dict[str, Any]:
    """A new user namespace (every capability dropped) and, unless the policy allows the
    network, an empty network namespace."""
    libc = _libc()
    uid, gid = os.geteuid(), os.getegid()
    flags = _CLONE_NEWUSER | (0 if policy.network else _CLONE_NEWNET)
    out: dict[str, Any] = {"userns": False, "netns": False}
    # a process that changed its uids is not dumpable: its /proc files belong to root and
    # it could not write its own uid_map
    libc.prctl(_PR_SET_DUMPABLE, 1, 0, 0, 0)
    if libc.unshare(ctypes.c_int(flags)) == 0:
        out.update(
            userns=True,
            netns=not policy.network,
            root=uid == 0,
            ns=os.readlink("/proc/self/ns/user"),
        )
        inside = uid if uid != 0 else 1000  # never root inside the namespace
        with open("/proc/self/setgroups", "w") as fh:
            fh.write("deny")
        with open("/proc/self/uid_map", "w") as fh:
            fh.write(f"{inside} {uid} 1")
        with open("/proc/self/gid_map", "w") as fh:
            fh.write(f"{inside if gid != 0 else 1000} {gid} 1")
        _drop_capabilities(libc)
    elif not policy.network and libc.unshare(ctypes.c_int(_CLONE_NEWNET)) == 0:
        out["netns"] = True  # root without user namespaces
    return out


def _drop_capabilities(libc: Any) -> None:
    arch = _arch()
    if arch is None:
        return

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    data = (ctypes.c_uint32 * 6)()  # two {effective, permitted, inheritable}: all zero
    _check(_syscall(libc, arch["capset"], ctypes.byref(Header(0x20080522, 0)), data), "capset")


def _seccomp(isolated_network: bool) -> bool:
    """Install the filter. Sockets: Unix, netlink, IPv4/IPv6 (the kernel's own IOPub pipe
    binds 127.0.0.1; with an empty network namespace nothing is reachable through them); no
    ``connect``; outside a network namespace, no datagram with a destination either
    (``sendto`` with an address, ``sendmsg``: UDP and DNS)."""
    arch = _arch()
    if arch is None:
        return False
    ld, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    deny_ret = (ret, 0, 0, _RET_ERRNO | _EPERM)
    allow_ret = (ret, 0, 0, _RET_ALLOW)

    deny = dict(arch["deny"])
    if not isolated_network:
        deny.update({"sendmsg": arch["sendmsg"], "sendmmsg": arch["sendmmsg"]})
    prog: list[tuple[int, int, int, int]] = [
        (ld, 0, 0, 4),  # arch
        (jeq, 1, 0, arch["audit"]),
        deny_ret,  # another ABI (i386 on x86-64): nothing allowed
        (ld, 0, 0, 0),  # syscall number
    ]
    if arch["x32"]:
        prog += [(jge, 0, 1, 0x40000000), deny_ret]
    for nr in sorted(deny.values()):
        prog += [(jeq, 0, 1, nr), deny_ret]
    if not isolated_network:
        prog += [
            (jeq, 0, 6, arch["sendto"]),
            (ld, 0, 0, 48),  # args[4], the destination address: low and high halves
            (jeq, 0, 2, 0),
            (ld, 0, 0, 52),
            (jeq, 1, 0, 0),
            deny_ret,
            allow_ret,
        ]
    prog += [
        (jeq, 0, 7, arch["socket"]),
        (ld, 0, 0, 16),  # args[0]: the address family
        (jeq, 4, 0, 1),  # AF_UNIX
        (jeq, 3, 0, 2),  # AF_INET
        (jeq, 2, 0, 10),  # AF_INET6
        (jeq, 1, 0, 16),  # AF_NETLINK (libzmq lists interfaces; no capability to change them)
        (ret, 0, 0, _RET_ERRNO | _EAFNOSUPPORT),  # packet, bluetooth, vsock...
        allow_ret,
        allow_ret,
    ]
    filters = (_SockFilter * len(prog))(*[_SockFilter(*p) for p in prog])
    fprog = _SockFprog(len(prog), filters)
    libc = _libc()
    _check(libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0), "seccomp")
    return True


def _limits(policy: Policy, userns: bool, root: bool) -> dict[str, Any]:
    import resource  # POSIX only: this module is imported on Windows too

    def cap(kind: int, value: int) -> None:
        soft, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(kind, (value, value))

    out: dict[str, Any] = {}
    if policy.memory_bytes:
        # glibc reserves 64 MiB of address space per thread arena: with the kernel's
        # threads that alone can exhaust a tight RLIMIT_AS before any student code runs
        try:
            _libc().mallopt(ctypes.c_int(_M_ARENA_MAX), ctypes.c_int(2))
        except (OSError, AttributeError):
            pass
        cap(resource.RLIMIT_AS, policy.memory_bytes)
        out["memory_mb"] = policy.memory_bytes // 2**20
    cap(resource.RLIMIT_FSIZE, policy.max_file_bytes)
    cap(resource.RLIMIT_NOFILE, policy.max_open_files)
    cap(resource.RLIMIT_CORE, 0)
    if policy.cpu_seconds:
        cap(resource.RLIMIT_CPU, policy.cpu_seconds)
    out.update(
        file_mb=policy.max_file_bytes // 2**20,
        open_files=policy.max_open_files,
        cpu_seconds=policy.cpu_seconds,
    )
    # Outside a user namespace RLIMIT_NPROC counts every process of the instructor's
    # account: only meaningful inside one. Root ignores it even there (the kernel exempts
    # the root user's processes): a pids cgroup stands in (see _pids_cgroup).
    if userns and not root:
        cap(resource.RLIMIT_NPROC, policy.max_processes)
        out["processes"] = policy.max_processes
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails (EFBIG)
    return out


def _pids_cgroup(limit: int) -> str | None:
    """As root: move this process into a new pids cgroup of at most ``limit`` tasks
    (cgroup v1 ``pids`` hierarchy, or v2 where the pids controller is delegated). Returns
    its directory (the grader removes it), or None."""
    try:
        with open("/proc/self/cgroup") as fh:
            lines = [line.rstrip("\n").split(":", 2) for line in fh]
    except OSError:
        return None
    candidates = []
    for _, controllers, path in lines:
        if "pids" in controllers.split(","):
            candidates.append(os.path.join("/sys/fs/cgroup/pids", path.lstrip("/")))
        elif controllers == "":
            base = os.path.join("/sys/fs/cgroup", path.lstrip("/"))
            candidates.append(base)
            candidates.append(os.path.join("/sys/fs/cgroup/unified", path.lstrip("/")))
    for base in candidates:
        try:
            with open(os.path.join(base, "cgroup.subtree_control")) as fh:
                if "pids" not in fh.read().split():
                    continue
        except FileNotFoundError:
            if not os.path.exists(os.path.join(base, "pids.max")) and not base.startswith(
                "/sys/fs/cgroup/pids"
            ):
                continue
        except OSError:
            continue
        target = os.path.join(base, f"iasante-{os.getpid()}")
        try:
            os.mkdir(target)
            with open(os.path.join(target, "pids.max"), "w") as fh:
                fh.write(str(limit))
            with open(os.path.join(target, "cgroup.procs"), "w") as fh:
                fh.write("0")
            return target
        except OSError:
            try:
                os.rmdir(target)
            except OSError:
                pass
    return None


def remove_cgroup(path: str | None) -> None:
    """Kill what is left in a kernel's pids cgroup and remove it (best effort)."""
    if not path or not os.path.basename(path).startswith("iasante-"):
        return
    import time

    for _ in range(50):
        try:
            with open(os.path.join(path, "cgroup.procs")) as fh:
                pids = [int(x) for x in fh.read().split()]
        except OSError:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.rmdir(path)
            return
        except OSError:
            time.sleep(0.01)


def apply(policy: Policy) -> dict[str, Any]:
    """Confine the calling process (single-threaded: right after fork) and its future
    children. Returns what was applied; raises only if ``policy.require`` and something
    is missing."""
    report: dict[str, Any] = {
        "landlock": 0,
        "userns": False,
        "netns": False,
        "seccomp": False,
        "tcp_blocked": False,
        "scoped": False,
    }
    if not sys.platform.startswith("linux"):
        report["limits"] = {}
        if policy.require:
            raise OSError("sandbox unavailable on this platform")
        return report
    libc = _libc()
    _check(libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    cgroup = _pids_cgroup(policy.max_processes) if os.geteuid() == 0 else None
    if cgroup:
        report["cgroup"] = cgroup
    ns: dict[str, Any] = {}
    try:
        ns = _namespaces(policy)
    except OSError:
        pass  # in the namespaces, but a map could not be written: files cannot be created
    report.update(ns)
    report["limits"] = _limits(policy, report["userns"], bool(report.get("root")))
    if cgroup:
        report["limits"]["processes"] = policy.max_processes
    abi = landlock_abi()
    if abi:
        report.update(_landlock(policy, abi))
    try:
        report["seccomp"] = _seccomp(bool(report["netns"]))
    except OSError:
        report["seccomp"] = False
    if policy.require and missing(report):
        raise OSError("sandbox incomplete: " + ", ".join(missing(report)))
    return report


def apply_supported() -> bool:
    """Whether :func:`apply` can confine anything on this platform (Linux)."""
    return sys.platform.startswith("linux")


def missing(report: dict[str, Any]) -> list[str]:
    """Protections that a full sandbox has and this report lacks."""
    out = []
    if not report.get("landlock"):
        out.append("landlock")
    if not report.get("netns"):
        out.append("netns")
    if not report.get("seccomp"):
        out.append("seccomp")
    if "processes" not in report.get("limits", {}):
        out.append("processus")
    return out


def probe() -> dict[str, Any]:
    """What :func:`apply` achieves on this machine, measured in a throw-away child."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return {
            "landlock": 0,
            "userns": False,
            "netns": False,
            "seccomp": False,
            "tcp_blocked": False,
            "scoped": False,
            "limits": {},
            "platform": sys.platform,
        }
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read)
            report = apply(Policy(read_only=[], read_write=[], cpu_seconds=5))
            os.write(write, json.dumps(report).encode())
        except BaseException:  # noqa: BLE001
            pass
        os._exit(0)
    os.close(write)
    data = b""
    while chunk := os.read(read, 65536):
        data += chunk
    os.close(read)
    os.waitpid(pid, 0)
    try:
        report = json.loads(data)
        remove_cgroup(report.get("cgroup"))
        return report
    except ValueError:
        return {
            "landlock": 0,
            "userns": False,
            "netns": False,
            "seccomp": False,
            "tcp_blocked": False,
            "scoped": False,
            "limits": {},
        }


# -- the policy of one kernel -----------------------------------------------------------------

#: system files a kernel may read (libraries, time zones, fonts, certificates are not needed)
_SYSTEM_READ = [
    "/usr",
    "/lib",
    "/lib64",
    "/lib32",
    "/bin",
    "/sbin",
    "/opt/conda",
    "/etc/ld.so.cache",
    "/etc/localtime",
    "/etc/passwd",
    "/etc/group",
    "/etc/nsswitch.conf",
    "/etc/matplotlibrc",
    "/etc/fonts",
    "/dev/urandom",
    "/dev/zero",
    "/sys/devices/system/cpu",
    # CPU and memory quotas (joblib/loky, threadpoolctl, psutil read them)
    "/sys/fs/cgroup",
    "/proc/cpuinfo",
    "/proc/meminfo",
]
_SYSTEM_WRITE = ["/dev/null"]


def python_paths() -> list[str]:
    """Where the interpreter and its libraries live (read-only), without the course."""
    import iasante

    out: list[str] = []
    for path in {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        sys.base_exec_prefix,
        os.path.dirname(os.path.realpath(sys.executable)),
    }:
        out.append(path)
    for entry in sys.path:
        if entry and os.path.basename(entry.rstrip("/")) in ("site-packages", "dist-packages"):
            out.append(entry)
        elif entry.endswith(".zip") or os.path.basename(entry).startswith("python3"):
            out.append(entry)
    out.append(str(Path(iasante.__file__).resolve().parent))  # an editable install
    try:
        from iasante.data.integrity import data_dir

        out.append(str(data_dir()))
    except Exception:  # noqa: BLE001 -- no data folder: nothing to allow
        pass
    return sorted({os.path.realpath(p) for p in out if p})


def kernel_policy(
    cwd: str,
    scratch: str,
    course_root: str | None = None,
    memory_bytes: int | None = None,
    require: bool = False,
    cpu_seconds: int | None = 900,
) -> Policy:
    """The policy of one grading kernel: ``cwd`` (the submission's working directory) and
    ``scratch`` writable, the Python environment and the course's ``data/`` readable."""
    read_only = [*_SYSTEM_READ, *python_paths(), *matplotlib_dirs()]
    watched: dict[str, str] = {}
    if course_root:
        root = os.path.realpath(course_root)
        if os.path.isdir(os.path.join(root, "data")):
            read_only.append(os.path.join(root, "data"))
        watched = {
            os.path.join(root, "source"): "source",
            os.path.join(root, "release"): "release",
            os.path.join(root, "autograded"): "autres_copies",
            os.path.join(root, "submitted"): "autres_copies",
            os.path.join(root, "feedback"): "autres_copies",
            root: "cours",
        }
    # Never the course root or a home as a whole, even if the environment sits inside one.
    forbidden = {os.path.realpath(course_root)} if course_root else set()
    forbidden.add(os.path.realpath(os.path.expanduser("~")))
    read_only = [p for p in dict.fromkeys(read_only) if os.path.realpath(p) not in forbidden]
    return Policy(
        read_only=read_only,
        read_write=[*_SYSTEM_WRITE, cwd, scratch],
        scratch=scratch,
        watched=watched,
        memory_bytes=memory_bytes,
        require=require,
        cpu_seconds=cpu_seconds,
    )


def kernel_env(environ: dict[str, str], scratch: str) -> dict[str, str]:
    """The environment of a confined kernel: no secrets, home and temp in ``scratch``."""
    env = {k: v for k, v in environ.items() if k in _ENV_KEEP or k.startswith(_ENV_PREFIXES)}
    home = os.path.join(scratch, "home")
    tmp = os.path.join(scratch, "tmp")
    env.update(
        HOME=home,
        TMPDIR=tmp,
        IPYTHONDIR=os.path.join(home, ".ipython"),
        JUPYTER_RUNTIME_DIR=os.path.join(scratch, "runtime"),
        MPLCONFIGDIR=matplotlib_dirs(environ)[0],
    )
    return env


def matplotlib_dirs(environ: dict[str, str] | None = None) -> list[str]:
    """matplotlib's configuration and cache folders (read-only in the sandbox: the font
    cache is not rebuilt for every student)."""
    environ = dict(os.environ) if environ is None else environ
    home = environ.get("HOME") or os.path.expanduser("~")
    config = environ.get("MPLCONFIGDIR") or os.path.join(
        environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config"), "matplotlib"
    )
    cache = environ.get("MPLCONFIGDIR") or os.path.join(
        environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"), "matplotlib"
    )
    return [config, cache]


#: IPython's history database kept in memory (nbgrader's Execute already asks for it): no
#: history file created per kernel (~0.1 s each), none shared between students
KERNEL_ARGS = ["--HistoryManager.hist_file=:memory:"]


def kernel_args(argv: list[str]) -> list[str]:
    """:data:`KERNEL_ARGS` that ``argv`` does not set already."""
    return [a for a in KERNEL_ARGS if not any(x.startswith(a.split("=")[0]) for x in argv)]


_TEMPLATE_KEEP = (
    "HOME",
    "USER",
    "LOGNAME",
    "PYTHONPATH",
    "PYTHONHOME",
    "VIRTUAL_ENV",
    "MPLCONFIGDIR",
    "IPYTHONDIR",
    "JUPYTER_PATH",
    "JUPYTER_CONFIG_DIR",
    "JUPYTER_DATA_DIR",
    "JUPYTER_RUNTIME_DIR",
    "XDG_CACHE_HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
)


def template_env(environ: dict[str, str]) -> dict[str, str]:
    """The environment of the kernel template: what imports need, no secrets (a forked
    kernel inherits the template's memory, and its initial environment block)."""
    return {
        k: v
        for k, v in environ.items()
        if k in _ENV_KEEP or k in _TEMPLATE_KEEP or k.startswith(_ENV_PREFIXES)
    }


def make_scratch(base: str | None = None) -> str:
    """A fresh scratch directory with ``home/`` and ``tmp/`` (short path: ipc sockets)."""
    import tempfile

    scratch = tempfile.mkdtemp(prefix="iask-", dir=base)
    for sub in ("home", "tmp", "runtime"):
        os.mkdir(os.path.join(scratch, sub))
    return scratch


# -- after the kernel ---------------------------------------------------------------------------


def kill_everything(pgid: int | None, cgroup: str | None = None) -> None:
    """SIGKILL every process of a kernel. The seccomp filter forbids ``setsid`` and
    ``setpgid``, so every process the submission started (orphans included: they keep
    their group when reparented) is in the kernel's process group; as root, the kernel's
    pids cgroup is emptied too.

    (Scanning ``/proc`` for the kernel's user namespace is *not* done: a namespace's inode
    number is reused as soon as it is freed, and another worker's new kernel may have it.)
    """
    if pgid:
        for _ in range(2):  # a process forking during the first pass is caught by the second
            try:
                os.killpg(pgid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                break
    remove_cgroup(cgroup)


# -- the ordinary-kernel fallback: ``python -m iasante.grading.kernel.sandbox POLICY -- CMD`` --


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    sep = argv.index("--")
    policy = Policy.from_json(Path(argv[0]).read_text(encoding="utf-8"))
    evidence_fd = int(argv[1]) if sep > 1 else None
    cmd = argv[sep + 1 :]
    try:
        report = apply(policy)
    except OSError as exc:
        if evidence_fd is not None:
            os.write(
                evidence_fd,
                json.dumps({"kind": "sandbox", "what": "refus", "error": str(exc)}).encode()
                + b"\n",
            )
        return 71
    import tempfile

    tempfile.tempdir = None
    from . import guard

    guard.install(evidence_fd, policy.watched, policy.read_only + policy.read_write, report)
    if len(cmd) >= 3 and cmd[1] == "-m":  # python -m ipykernel_launcher ...: in this process
        import runpy

        sys.argv = [cmd[2], *cmd[3:]]
        runpy.run_module(cmd[2], run_name="__main__", alter_sys=True)
        return 0
    os.execv(cmd[0], cmd)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
