"""Listening and serving: a socket bound first (so a busy port is one clear error), then uvicorn."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from presssearch import Index
from presssearch.web.app import create_app

__all__ = ["address", "is_loopback", "listen", "make_server", "running"]

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    """True when ``host`` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host``:``port`` (port 0: a free one); raises OSError."""
    infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    family, kind, proto, _, sockaddr = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(sockaddr)
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def address(sock: socket.socket) -> str:
    """The http:// address a browser opens for ``sock``."""
    host, port = sock.getsockname()[:2]
    if sock.family == socket.AF_INET6:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def make_server(index: Index, host: str) -> uvicorn.Server:
    """A uvicorn server of the pages over ``index``; run it with ``.run(sockets=[sock])``.

    It answers only to the names of ``host`` (and the loopback names when
    ``host`` is a loopback address), so a web page in the user's browser
    cannot reach it under a name of its own; a wildcard host answers to any.
    """
    if host in ("0.0.0.0", "::", ""):
        allowed = None
    elif is_loopback(host):
        allowed = [*LOOPBACK_NAMES, "[::1]", host]
    else:
        allowed = [host, f"[{host.strip('[]')}]"]
    config = uvicorn.Config(
        create_app(index, allowed_hosts=allowed),
        log_level="warning",
        access_log=False,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    return uvicorn.Server(config)


@contextmanager
def running(index: Index, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``index`` from a background thread while the block runs; yields its address.

    Port 0 picks a free port. The server stops, and its socket closes, when
    the block ends.
    """
    sock = listen(host, port)
    server = make_server(index, host)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server on {address(sock)} did not start")
            time.sleep(0.01)
        yield address(sock)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
