"""The pool of sandbox worker processes that run learner SQL, seen from the web process.

The web process never runs learner SQL: it sends one job at a time to a worker process
(worker.py) over a pipe and waits for the answer until the deadline plus a grace period;
then it SIGKILLs the worker's process group and starts a replacement. Workers are also
replaced after a crash, after a job that ran long (see `_LONG_JOB`) and after N jobs.

No Django here: the limits and paths come in a `SandboxConfig`, so the benchmark and the
command line use the same pool.
"""

import contextlib
import gc
import json
import os
import queue
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
# A job still running after this long is lowered in CPU priority, so a normal query
# submitted beside a burst of runaways still gets a core (measured in bench/sqllab.py).
# A process cannot raise its own priority back without privileges, so that worker is
# replaced once its job ends.
_LONG_JOB = 0.25
_NICE_FOR_LONG_JOBS = 15
_SPAWN_TIMEOUT = 20.0


@dataclass(frozen=True)
class Limits:
    time_limit: float = 2.0
    max_rows: int = 1000
    max_bytes: int = 5_000_000
    memory_mb: int = 256

    def describe_time(self) -> str:
        return f"{self.time_limit:g} s"


@dataclass(frozen=True)
class SandboxConfig:
    datasets: dict[str, Path]
    limits: Limits = field(default_factory=Limits)
    # Processes kept warm, and the most that may exist at once.
    workers: int = 2
    max_workers: int = 12
    # OS limits on each worker process: address space and CPU seconds over its life.
    address_space_mb: int = 1536
    cpu_seconds: int = 900
    jobs_per_worker: int = 500
    # After the time limit the worker's own watchdog interrupts the query; this long after,
    # the parent kills the process (a long scalar call can take seconds to notice an interrupt).
    grace: float = 0.2

    wait_for_worker: float = 5.0


@dataclass(frozen=True)
class SandboxError:
    """Why a query did not produce rows, in words a learner can act on."""

    kind: str  # time | memory | input | syntax | statements | read-only | error | crash | busy
    message: str


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    types: list[str]
    rows: list[list[Any]]
    # "" when complete; "rows" or "bytes" when a cap cut the result short.
    truncated: str
    elapsed_ms: float
    error: SandboxError | None = None

    @classmethod
    def failed(cls, error: SandboxError) -> "QueryResult":
        return cls(columns=[], types=[], rows=[], truncated="", elapsed_ms=0.0, error=error)


def _scrubbed_environment() -> dict[str, str]:
    """Only what Python needs to start: no secrets, no database URLs, no Django settings."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "HOME": "/nonexistent",
    }


class _Worker:
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.private_dir = tempfile.mkdtemp(prefix="sqllab-worker-")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "techfluency.sqllab.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env=_scrubbed_environment(),
            start_new_session=True,
        )
        self.buffer = b""
        self.jobs = 0
        self.reniced = False
        self._send(
            {
                "datasets": {name: str(path) for name, path in config.datasets.items()},
                "memory_limit_mb": config.limits.memory_mb,
                "address_space_mb": config.address_space_mb,
                "cpu_seconds": config.cpu_seconds,
                "private_dir": self.private_dir,
            }
        )
        ready = self._receive(time.monotonic() + _SPAWN_TIMEOUT, renice_at=None)
        if ready is None or "ready" not in ready:
            self.kill()
            raise RuntimeError("a sandbox worker failed to start")

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def _send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message, separators=(",", ":")).encode() + b"\n")
        self.process.stdin.flush()

    def _receive(self, deadline: float, renice_at: float | None) -> dict[str, Any] | None:
        """The next line from the worker, or None at the deadline or if the worker died."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while b"\n" not in self.buffer:
            now = time.monotonic()
            if now >= deadline:
                return None
            wake = deadline if renice_at is None or self.reniced else min(deadline, renice_at)
            readable, _, _ = select.select([fd], [], [], max(0.0, wake - now))
            if not readable:
                if renice_at is not None and not self.reniced and time.monotonic() >= renice_at:
                    self._renice()
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        with gc_paused():
            answer: dict[str, Any] = json.loads(line)
        return answer

    def _renice(self) -> None:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, self.process.pid, _NICE_FOR_LONG_JOBS)
        self.reniced = True

    def run(self, sql: str, dataset: str, limits: Limits) -> QueryResult:
        self.jobs += 1
        job = {
            "id": self.jobs,
            "sql": sql,
            "datasets": [dataset],
            "limits": {
                "time_limit": limits.time_limit,
                "max_rows": limits.max_rows,
                "max_bytes": limits.max_bytes,
            },
        }
        started = time.monotonic()
        try:
            self._send(job)
        except (BrokenPipeError, OSError):
            self.kill()
            return QueryResult.failed(_crash_error(limits))
        reply = self._receive(
            started + limits.time_limit + self.config.grace, renice_at=started + _LONG_JOB
        )
        if reply is None:
            timed_out = self.alive
            self.kill()
            if timed_out:
                return QueryResult.failed(_time_error(limits))
            return QueryResult.failed(_crash_error(limits))
        answer = reply["answers"][0]
        if "error" in answer:
            return QueryResult.failed(_error_from(answer["error"], limits))
        return QueryResult(
            columns=answer["columns"],
            types=answer["types"],
            rows=answer["rows"],
            truncated=answer["truncated"],
            elapsed_ms=answer["elapsed_ms"],
        )

    def signal_kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def kill(self) -> None:
        self.signal_kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        shutil.rmtree(self.private_dir, ignore_errors=True)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Build a large result without the cyclic collector running over the whole process.

    Decoding 45,000 rows makes 90,000 lists; in a web process holding Django, sqlglot and
    cached answers, the collections that triggers took 217 ms of a 235 ms decode (measured on
    s10). The rows hold no cycles, so nothing is lost by collecting later.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _time_error(limits: Limits) -> SandboxError:

    return SandboxError(
        "time", f"Stopped after {limits.describe_time()}: the time limit for one query."
    )


def _crash_error(limits: Limits) -> SandboxError:
    # Nearly always the OS address-space limit: DuckDB's own limit does not stop a single
    # enormous value (`repeat('x', 2000000000)`), so the process runs out and dies.
    return SandboxError(
        "memory",
        f"Stopped: the query needed more memory than the {limits.memory_mb} MB limit for one query.",
    )


def _error_from(error: dict[str, str], limits: Limits) -> SandboxError:
    kind, message = error["kind"], error["message"]
    if kind == "time":
        return _time_error(limits)
    if kind == "memory":
        return _crash_error(limits)
    if kind in {"input", "empty"}:
        return SandboxError(kind, f"Not run: {message}.")
    if kind == "statements":
        return SandboxError(
            kind, f"Not run: {message}. Remove everything after the first semicolon."
        )
    if kind == "read-only":
        return SandboxError(kind, f"Not run: {message}. The lab is read-only.")
    return SandboxError(kind, message)


class Sandbox:
    """A thread-safe pool of worker processes."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._count = 0
        self._closed = False

    def warm_up(self) -> None:
        """Start the warm workers now rather than on the first query."""
        with self._lock:
            missing = max(0, self.config.workers - self._count)
            self._count += missing
        for _ in range(missing):
            self._idle.put(self._spawn_counted())

    def _spawn_counted(self) -> _Worker:
        try:
            return _Worker(self.config)
        except Exception:
            with self._lock:
                self._count -= 1
            raise

    def _acquire(self) -> _Worker | None:
        with contextlib.suppress(queue.Empty):
            return self._idle.get_nowait()
        with self._lock:
            can_spawn = self._count < self.config.max_workers
            if can_spawn:
                self._count += 1
        if can_spawn:
            return self._spawn_counted()
        try:
            return self._idle.get(timeout=self.config.wait_for_worker)
        except queue.Empty:
            return None

    def _release(self, worker: _Worker) -> None:
        worn_out = worker.jobs >= self.config.jobs_per_worker
        if self._closed or not worker.alive or worker.reniced or worn_out:
            worker.kill()
            with self._lock:
                self._count -= 1
            if not self._closed:
                # Replace it in the background so the next learner does not wait for a spawn.
                threading.Thread(target=self._refill, daemon=True).start()
            return
        self._idle.put(worker)

    def _refill(self) -> None:
        with self._lock:
            if self._count >= self.config.workers or self._closed:
                return
            self._count += 1
        with contextlib.suppress(Exception):
            self._idle.put(self._spawn_counted())

    @contextlib.contextmanager
    def session(self) -> Iterator["Session"]:
        """One worker for several queries in a row (a learner's query and the reference)."""
        session = Session(self, self._acquire(), self.config.limits)
        try:
            yield session
        finally:
            if session.worker is not None:
                self._release(session.worker)

    def run(self, sql: str, dataset: str = "main", limits: Limits | None = None) -> QueryResult:
        with self.session() as session:
            return session.run(sql, dataset, limits)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                break

    @property
    def size(self) -> int:
        return self._count


class Session:
    """A worker held for a few queries in a row; ends when the `with` block does."""

    def __init__(self, pool: Sandbox, worker: _Worker | None, limits: Limits) -> None:
        self.pool = pool
        self.worker = worker
        self.limits = limits

    def interrupt(self) -> None:
        """Kill the worker now (from another thread); its running query reports a crash."""
        if self.worker is not None:
            self.worker.signal_kill()

    def run(self, sql: str, dataset: str = "main", limits: Limits | None = None) -> QueryResult:
        limits = limits or self.limits
        if self.worker is None:
            return QueryResult.failed(
                SandboxError(
                    "busy",
                    "The SQL runner is busy with other learners' queries. Try again in a few seconds.",
                )
            )
        if not self.worker.alive:
            # The last query of this session killed its worker; carry on with a fresh one.
            self.pool._release(self.worker)
            self.worker = self.pool._acquire()
            if self.worker is None:
                return self.run(sql, dataset, limits)
        return self.worker.run(sql, dataset, limits)
