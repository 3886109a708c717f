"""`tradedesk serve`: the web server (gunicorn) and a task worker as two children of one command.

Both children run in sessions of their own, so a terminal's Ctrl-C reaches only this supervisor, which
stops them in a known way: SIGTERM to gunicorn (it finishes the requests under way), SIGINT to the worker
(it finishes the jobs under way), SIGKILL to whichever is still there after STOP_SECONDS. If either
child dies, the other is stopped too and the command fails, so that a process manager sees the service
down instead of a web server whose jobs never run.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from types import FrameType

STOP_SECONDS = 30.0
POLL_SECONDS = 0.2


@dataclass
class Child:
    name: str
    argv: list[str]
    stop_signal: signal.Signals
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.argv, start_new_session=True)  # noqa: S603 - our own argv

    def exited(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def signal(self, signum: int) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signum)


def gunicorn_argv(host: str, port: int, workers: int) -> list[str]:
    """gunicorn on the app factory, so that it runs from any directory and from an installed wheel."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        f"{host}:{port}",
        "--access-logfile",
        "-",
        "tradedesk.app:create_app()",
    ]


def worker_argv(threads: int | None) -> list[str]:
    return [sys.executable, "-m", "tradedesk.tasks.worker", *(["--workers", str(threads)] if threads else [])]


class Supervisor:
    def __init__(self, children: Sequence[Child]) -> None:
        self.children = list(children)
        self._stop_requested: int | None = None

    def _request_stop(self, signum: int, frame: FrameType | None) -> None:
        self._stop_requested = signum

    def run(self) -> int:
        """Start the children and wait; 0 after a stop signal, 1 if a child ended by itself."""
        previous = {s: signal.signal(s, self._request_stop) for s in (signal.SIGINT, signal.SIGTERM)}
        failed: Child | None = None
        try:
            for child in self.children:
                child.start()
                print(
                    f"tradedesk serve: {child.name} started (pid {child.process.pid if child.process else '?'})",
                    flush=True,
                )
            while self._stop_requested is None and failed is None:
                failed = next((c for c in self.children if c.exited() is not None), None)
                if failed is None:
                    time.sleep(POLL_SECONDS)
        finally:
            self._stop_all()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if failed is not None:
            print(
                f"tradedesk serve: the {failed.name} stopped by itself (exit {failed.exited()}); stopped the rest",
                file=sys.stderr,
                flush=True,
            )
            return 1
        return 0

    def _stop_all(self) -> None:
        for child in self.children:
            child.signal(child.stop_signal)
        deadline = time.monotonic() + STOP_SECONDS
        for child in self.children:
            if child.process is None:
                continue
            try:
                child.process.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()


def serve(host: str, port: int, web_workers: int, task_threads: int | None) -> int:
    """Run gunicorn and one task worker until a signal (or a child's death); the exit status."""
    return Supervisor(
        [
            Child("web server (gunicorn)", gunicorn_argv(host, port, web_workers), signal.SIGTERM),
            Child("task worker (huey)", worker_argv(task_threads), signal.SIGINT),
        ]
    ).run()
