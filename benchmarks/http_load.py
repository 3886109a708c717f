"""A small closed-loop HTTP load generator for benchmarks/api.py: threads with http.client, loopback only.

Each of `concurrency` threads runs one operation after another (an operation is one or more requests)
until the time budget or the operation budget is spent, and records the latency of every request and of
every operation. Loopback only: `Client` refuses any host but 127.0.0.1.
Also reads the CPU time of server processes from /proc, so that a run can say where the 2 cores went.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOOPBACK = "127.0.0.1"
TIMEOUT_S = 30.0


class RequestFailed(Exception):
    """An answer other than the expected status, or no answer at all."""


class Client:
    """One connection to 127.0.0.1:port, reopened after every `Connection: close` (gunicorn's sync workers)."""

    def __init__(self, port: int, headers: dict[str, str] | None = None, host: str = LOOPBACK) -> None:
        if host != LOOPBACK:
            raise ValueError(f"this load generator targets {LOOPBACK} only, not {host}")
        self.conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT_S)
        self.headers = headers or {}
        #: (request label, latency in seconds) of every request made through this client
        self.timings: list[tuple[str, float]] = []

    def call(
        self,
        label: str,
        method: str,
        path: str,
        body: Any = None,
        expect: int = 200,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """One request; returns the decoded JSON body. Raises RequestFailed on another status or a broken socket."""
        payload = None if body is None else json.dumps(body).encode()
        all_headers = {**self.headers, **(headers or {})}
        if payload is not None:
            all_headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=payload, headers=all_headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            raise RequestFailed(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        self.timings.append((label, time.perf_counter() - start))
        if response.status != expect:
            raise RequestFailed(f"{method} {path}: {response.status} {data[:300]!r}")
        return json.loads(data) if data else None

    def close(self) -> None:
        self.conn.close()


Operation = Callable[[Client, int], None]


@dataclass
class RunResult:
    ops: int
    seconds: float
    op_latencies: list[float]
    request_latencies: dict[str, list[float]]
    errors: list[str] = field(default_factory=list)
    #: CPU seconds during the run per group of processes ("client" = this process, plus the groups passed to drive)
    cpu_s: dict[str, float] = field(default_factory=dict)
    #: CPU seconds during the run of every process alive at its end (per-process accounting, /proc/<pid>/stat;
    #: a process that ended during the run is missed)
    machine_cpu_s: float = 0.0

    @property
    def ops_per_s(self) -> float:
        return self.ops / self.seconds if self.seconds else 0.0

    def cpu_ms_per_op(self, group: str) -> float:
        return self.cpu_s.get(group, 0.0) * 1000 / self.ops if self.ops else float("nan")

    @property
    def other_cores(self) -> float:
        """Cores used by processes outside this benchmark (not its client, server or database) during the run."""
        return max(0.0, self.machine_cpu_s - sum(self.cpu_s.values())) / self.seconds if self.seconds else 0.0


def drive(
    port: int,
    headers: dict[str, str],
    operation: Operation,
    seconds: float,
    concurrency: int,
    max_ops: int,
    cpu_groups: Mapping[str, Callable[[], Iterable[int]]] | None = None,
) -> RunResult:
    """Run `operation` from `concurrency` threads for `seconds` (or `max_ops` operations, whichever comes first).

    `cpu_groups` name the processes whose CPU time is reported (e.g. "app": gunicorn and its workers).
    """
    numbers = itertools.count()
    lock = threading.Lock()
    ops: list[float] = []
    errors: list[str] = []
    clients = [Client(port, headers) for _ in range(concurrency)]
    start_barrier = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def worker(client: Client) -> None:
        start_barrier.wait()
        while time.perf_counter() < deadline[0]:
            n = next(numbers)
            if n >= max_ops:
                return
            began = time.perf_counter()
            try:
                operation(client, n)
            except RequestFailed as exc:
                with lock:
                    errors.append(str(exc))
                continue
            elapsed = time.perf_counter() - began
            with lock:
                ops.append(elapsed)

    threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in clients]
    for t in threads:
        t.start()
    groups = {"client": lambda: [os.getpid()], **(cpu_groups or {})}
    members = {name: set(pids()) for name, pids in groups.items()}
    before = cpu_by_process()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start_barrier.wait()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    after = cpu_by_process()
    delta = {pid: cpu - before.get(pid, 0.0) for pid, cpu in after.items()}
    for name, pids in groups.items():
        members[name] |= set(pids())  # e.g. database backends started during the run
    cpu = {name: sum(delta.get(pid, 0.0) for pid in pids) for name, pids in members.items()}
    by_request: dict[str, list[float]] = defaultdict(list)
    for c in clients:
        c.close()
        for label, latency in c.timings:
            by_request[label].append(latency)
    return RunResult(len(ops), wall, ops, dict(by_request), errors, cpu, sum(delta.values()))


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of `values`; NaN when there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


# ---------------------------------------------------------------------------------------- CPU accounting


_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd on (the name may contain spaces)


def cpu_seconds(pids: Iterable[int]) -> float:
    """User + system CPU seconds used so far by these processes (vanished ones count 0)."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICKS


def cpu_by_process() -> dict[int, float]:
    """CPU seconds used so far by every running process."""
    return {pid: cpu_seconds([pid]) for pid in all_pids()}


def foreign_load(ours: Iterable[int], seconds: float = 1.0) -> float:
    """Cores used over the next `seconds` by processes other than `ours` (which are idle while we look)."""
    mine = set(ours) | {os.getpid()}
    before = cpu_by_process()
    time.sleep(seconds)
    after = cpu_by_process()
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items() if pid not in mine) / seconds


def all_pids() -> list[int]:
    """Every process now running. (Not /proc/stat's busy ticks: in this VM they count ~2 cores busy while one
    process spins, so only per-process accounting tells the benchmark's CPU from other people's.)"""
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def with_children(parent: int) -> list[int]:
    """`parent` and its direct children (gunicorn's workers; PostgreSQL's backends)."""
    found = [parent]
    for pid in all_pids():
        fields = _stat(pid)
        if fields and int(fields[1]) == parent:
            found.append(pid)
    return found
