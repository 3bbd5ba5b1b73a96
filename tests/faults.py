"""A TCP proxy the tests can cut and restore, to take a service away from the app and back.

Stopping the proxy refuses new connections and drops the open ones, which is what the app
sees when its database or broker goes down; starting it again on the same port brings the
service back without touching the real server other tests use.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time

from .conftest import REPO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TcpProxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> TcpProxy:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stop(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            for sock in list(self._sockets):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, server))
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class Gunicorn:
    """The production server, two workers, on a free port, with the given environment."""

    def __init__(self, **env: str) -> None:
        self.port = free_port()
        base = {
            **os.environ,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "WHITENOISE_USE_FINDERS": "1",
        }
        base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "factcheck.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--timeout", "30",
             "--log-level", "warning"],
            cwd=REPO,
            env={**base, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        self.url = f"http://127.0.0.1:{self.port}"
        self._wait_until_listening()

    def _wait_until_listening(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            if self.process.poll() is not None:
                raise RuntimeError(self.process.communicate()[0])
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> str:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.communicate()[0]


@contextlib.contextmanager
def gunicorn_behind_database_proxy(settings_dict: dict):
    """gunicorn whose PostgreSQL connections pass through a proxy the test can cut.

    Yields ``(server, proxy)``; both are stopped afterwards, and gunicorn's output printed
    (pytest shows it when the test fails).
    """
    proxy = TcpProxy(int(settings_dict["PORT"] or 5432)).start()
    user = settings_dict["USER"] or "postgres"
    server = Gunicorn(
        DATABASE_URL=f"postgres://{user}@127.0.0.1:{proxy.port}/{settings_dict['NAME']}",
        DB_CONN_MAX_AGE="60",
    )
    try:
        yield server, proxy
    finally:
        proxy.stop()
        print(server.stop())
