"""A gunicorn server for the API benchmark, and a small keep-alive HTTP load generator.

The load generator is written here (threads, each with its own ``http.client`` connection,
reused while the server keeps it open) rather than installed: it needs nothing beyond the
standard library, runs on any machine the project runs on, and what it measures is plain —
completed ``200`` responses per second of wall-clock time, bodies read in full.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class LoadResult:
    path: str
    seconds: float
    ok: int = 0
    failed: int = 0
    bytes: int = 0
    latencies_ms: list[float] = field(default_factory=list, repr=False)

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def p95_ms(self) -> float:
        if len(self.latencies_ms) < 20:
            return max(self.latencies_ms, default=0.0)
        return statistics.quantiles(self.latencies_ms, n=20)[-1]


def hammer(
    port: int,
    path: str,
    *,
    seconds: float,
    concurrency: int,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """GET ``path`` from ``concurrency`` threads for ``seconds``; count completed 200s."""
    result = LoadResult(path=path, seconds=seconds)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        ok = failed = size = 0
        latencies = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers or {})
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status == 200:
                ok += 1
                size += len(body)
            else:
                failed += 1
        connection.close()
        with lock:
            result.ok += ok
            result.failed += failed
            result.bytes += size
            result.latencies_ms.extend(latencies)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def get_once(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@dataclass
class StreamResult:
    status: int
    seconds: float
    lines: int
    bytes: int
    first_byte_seconds: float


def stream(port: int, path: str, headers: dict[str, str]) -> StreamResult:
    """Read a streamed response in 64 KiB pieces, counting lines, never holding it whole."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    first = None
    lines = size = 0
    while piece := response.read(65536):
        if first is None:
            first = time.perf_counter() - started
        lines += piece.count(b"\n")
        size += len(piece)
    seconds = time.perf_counter() - started
    connection.close()
    return StreamResult(response.status, seconds, lines, size, first or seconds)


# --- The server -----------------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class RssSampler:
    """The highest resident memory of some processes, sampled every few milliseconds."""

    def __init__(self, pids: list[int], every: float = 0.02) -> None:
        self.pids, self.every = pids, every
        self.peak = {pid: rss_mb(pid) for pid in pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in self.pids:
                with contextlib.suppress(OSError):
                    self.peak[pid] = max(self.peak[pid], rss_mb(pid))
            time.sleep(self.every)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@contextlib.contextmanager
def gunicorn(
    *, port: int, workers: int, env: dict[str, str], cwd: Path, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """A gunicorn serving the project on ``port`` until the block ends; its log in ``log``."""
    log_file = log.open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "factcheck.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        cwd=cwd,
        env={**os.environ, **env},
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
            with contextlib.suppress(OSError):
                if get_once(port, "/api/v1/ping/")[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 60 s")
            time.sleep(0.2)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log_file.close()
