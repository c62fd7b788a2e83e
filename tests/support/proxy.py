"""A small loopback TCP proxy that cuts connections after N bytes in one direction.

``Proxy(upstream_port)`` listens on 127.0.0.1 (a free port) and forwards every connection to
127.0.0.1:upstream_port with two pump threads. ``cut("up", n)`` arms a one-shot cut: once n
more bytes have gone client -> server ("up") or server -> client ("down"), counted over all
connections, the proxy forwards only up to the n-th byte and resets every open connection
(SO_LINGER 0: an RST, like a dropped link). ``close()`` stops everything and joins the threads.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading


class _Pair:
    def __init__(self, client: socket.socket, server: socket.socket) -> None:
        self.client, self.server = client, server

    def reset(self) -> None:
        for sock in (self.client, self.server):
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class Proxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._lock = threading.Lock()
        self._pairs: list[_Pair] = []
        self._threads: list[threading.Thread] = []
        self._budget: dict[str, int] = {}
        self.cuts = 0
        self.moved = {"up": 0, "down": 0}
        self._closing = False
        self._start(self._accept)

    def _start(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def cut(self, direction: str, after_bytes: int) -> None:
        assert direction in ("up", "down")
        with self._lock:
            self._budget = {direction: after_bytes}

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            pair = _Pair(client, server)
            with self._lock:
                if self._closing:
                    pair.reset()
                self._pairs.append(pair)
            self._start(self._pump, pair, client, server, "up")
            self._start(self._pump, pair, server, client, "down")

    def _allowance(self, direction: str, size: int) -> int:
        """How many of ``size`` bytes may pass; arms nothing when no cut is planned."""
        with self._lock:
            self.moved[direction] += size
            left = self._budget.get(direction)
            if left is None or size <= left:
                if left is not None:
                    self._budget[direction] = left - size
                return size
            self._budget = {}
            self.cuts += 1
            return left

    def _pump(self, pair: _Pair, src: socket.socket, dst: socket.socket, direction: str) -> None:
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            allowed = self._allowance(direction, len(data)) if data else 0
            try:
                dst.sendall(data[:allowed])
            except OSError:
                allowed = -1
            if not data or allowed < len(data):
                if data:
                    self._reset_all()
                else:
                    pair.reset()
                return

    def _reset_all(self) -> None:
        with self._lock:
            pairs = list(self._pairs)
        for pair in pairs:
            pair.reset()

    def close(self) -> None:
        with self._lock:
            self._closing = True
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._threads[0].join(timeout=10)  # the accept loop: no new pairs after this
        self._reset_all()
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout=10)
        self._listener.close()
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            pair.client.close()
            pair.server.close()
