"""A throw-away PostgreSQL server for the tests: its own cluster in a temporary folder,
reachable only through a Unix socket in that folder (no TCP port), stopped at the end.

Debian's ``postgresql`` package (installed by ci/install-hub-deps.sh) puts the server's
programs in ``/usr/lib/postgresql/<version>/bin``, outside ``PATH``. PostgreSQL refuses to
run as root: under root (CI) the cluster belongs to the ``postgres`` system user (created
by the package) and its programs run through ``runuser``; the tests connect over the
socket as the database user ``postgres`` (``trust`` authentication, acceptable only
because the socket's folder is private to this run).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROGRAMS = ("initdb", "pg_ctl", "postgres")


def find_bindir() -> Path | None:
    """The folder of ``initdb`` / ``pg_ctl`` / ``postgres``: Debian's newest, else PATH."""
    for candidate in sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2])
    )[::-1]:
        if all(os.access(Path(candidate) / p, os.X_OK) for p in PROGRAMS):
            return Path(candidate)
    found = [shutil.which(p) for p in PROGRAMS]
    if all(found):
        return Path(str(found[0])).resolve().parent
    return None


def missing_postgres() -> str | None:
    """Why a PostgreSQL gradebook cannot be tested here (None when it can)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (run ci/install-hub-deps.sh)"
    if find_bindir() is None:
        return "PostgreSQL's initdb/pg_ctl not found (run ci/install-hub-deps.sh as root)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a 'postgres' system user to run the server"
        if shutil.which("runuser") is None:
            return "running as root without runuser to start the server as 'postgres'"
    return None


@dataclass
class PostgresServer:
    base: Path
    bindir: Path
    port: int
    owner: str | None  # Unix user running the server when we are root, else None (ourselves)

    @property
    def socket_dir(self) -> Path:
        return self.base / "socket"

    @property
    def data_dir(self) -> Path:
        return self.base / "data"

    @property
    def user(self) -> str:
        return "postgres" if self.owner else pwd.getpwuid(os.getuid())[0]

    def url(self, database: str) -> str:
        """SQLAlchemy URL with the psycopg (3) driver over the Unix socket."""
        return (
            f"postgresql+psycopg://{self.user}@/{database}?host={self.socket_dir}&port={self.port}"
        )

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.owner:
            cmd = ["runuser", "-u", self.owner, "--", *cmd]
        return subprocess.run(
            cmd,
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.base,
            env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
        )

    def start(self) -> None:
        self.data_dir.mkdir()
        self.socket_dir.mkdir()
        if self.owner:
            entry = pwd.getpwnam(self.owner)
            for path in (self.data_dir, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-U",
            self.user,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.socket_dir}' "
            f"-p {self.port} -c fsync=off -c max_connections=50"
        )
        self._run(
            "pg_ctl", "-D", str(self.data_dir), "-o", options, "-w", "-t", "60",
            "-l", str(self.data_dir / "server.log"), "start",
        )  # fmt: skip

    def create_database(self, name: str) -> str:
        """Create ``name`` (psycopg, no client program needed); return its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir), port=self.port, user=self.user, dbname="postgres",
            autocommit=True,
        ) as conn:  # fmt: skip
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")


def _free_port() -> int:
    """A port number for the socket's name (``.s.PGSQL.<port>``); nothing listens on TCP."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """A started server, always stopped and removed afterwards.

    The folder is made with :func:`tempfile.mkdtemp` and opened (0755) so that the
    ``postgres`` user can reach its data and socket (pytest's own temporary folders are
    0700, owned by root)."""
    bindir = find_bindir()
    assert bindir is not None, missing_postgres()
    base = Path(tempfile.mkdtemp(prefix="iasante-pg-"))
    os.chmod(base, 0o755)
    server = PostgresServer(base, bindir, _free_port(), "postgres" if os.geteuid() == 0 else None)
    try:
        server.start()
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(base, ignore_errors=True)
