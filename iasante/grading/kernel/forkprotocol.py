"""The message framing shared by the kernel template and the grading workers.

Kept apart from :mod:`.zygote`, which sets environment variables on import,
and from :mod:`.managers`, which the template does not need.
"""

from __future__ import annotations

import socket


def read_line(sock: socket.socket) -> bytes:
    """One newline-terminated JSON message of the fork protocol (both ends use it)."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def read_request(sock: socket.socket, max_fds: int = 4) -> tuple[bytes, list[int]]:
    """A request and the file descriptors sent with it (``SCM_RIGHTS``, first chunk)."""
    data, fds, _, _ = socket.recv_fds(sock, 65536, max_fds)
    if data and not data.endswith(b"\n"):
        data += read_line(sock)
    return data, list(fds)


def send_request(sock: socket.socket, data: bytes, fds: list[int]) -> None:
    """Send ``data`` (newline-terminated), with ``fds`` attached to its first byte."""
    if not fds:
        sock.sendall(data)
        return
    sent = socket.send_fds(sock, [data], fds)
    if sent < len(data):
        sock.sendall(data[sent:])
