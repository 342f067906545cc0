"""The message framing shared by the kernel template and the grading workers.

Kept apart from :mod:`iasante.grading.zygote`, which sets environment variables on import,
and from :mod:`iasante.grading.kernels`, which the template does not need.
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
