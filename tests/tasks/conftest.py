"""Fixtures of the task-queue tests: the queue on each storage (embedded SQLite file, a throwaway Redis),
a real huey consumer in this process, and actors that own jobs.

The queue's behaviour is not database-specific, so these run their jobs on SQLite (the job store's own
tests in test_jobs.py run on both backends).
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.redis_server import RedisServer, find_redis_server
from tradedesk.auth.actor import Actor
from tradedesk.services.context import Context
from tradedesk.tasks import jobs
from tradedesk.tasks.kinds import HANDLERS, Handler
from tradedesk.tasks.queue import TaskQueue, build_queue

STORAGES = ("sqlite", "redis")
WAIT_SECONDS = 90  # only a guard against a hang: no test asserts how long anything takes


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    binary = find_redis_server()
    if binary is None:
        pytest.skip(
            "redis-server not found (install Debian's redis-server: scripts/install-system-deps.sh, "
            "or set TRADEDESK_REDIS_SERVER)"
        )
    server = RedisServer(binary).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=STORAGES)
def queue_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """TRADEDESK_QUEUE_URL of a fresh, empty queue on each storage."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tasks.sqlite'}"
    server: RedisServer = request.getfixturevalue("redis_server")
    server.flush()
    return server.url


@pytest.fixture
def make_queue(queue_url: str, context: Context, tmp_path: Path) -> Callable[..., TaskQueue]:
    """make_queue(handlers=..., attempts=..., retry_delay=...) -> a queue on this test's storage and database."""

    def make(handlers: Mapping[str, Handler] = HANDLERS, attempts: int = 3, retry_delay: float = 0.2) -> TaskQueue:
        settings = {
            "TRADEDESK_QUEUE_URL": queue_url,
            "TRADEDESK_INSTANCE_DIR": str(tmp_path / "instance"),
            "TRADEDESK_QUEUE_ATTEMPTS": attempts,
            "TRADEDESK_QUEUE_RETRY_DELAY": retry_delay,
        }
        return build_queue(settings, lambda: context, handlers)

    return make


@contextlib.contextmanager
def consuming(queue: TaskQueue, workers: int = 1) -> Iterator[Any]:
    """A real huey consumer (scheduler + worker threads) for the block; stopped gracefully afterwards.

    The consumer installs SIGINT/SIGTERM handlers when it starts; pytest's own are put back at once.
    """
    consumer = queue.consumer(workers)
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer.start()
    for signum, handler in saved.items():
        signal.signal(signum, handler)
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)


def follow(context: Context, job_id: str) -> tuple[jobs.JobView, list[str]]:
    """Poll the job row until it is finished: (the final row, the states seen in order, repeats dropped)."""
    seen: list[str] = []
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job = jobs.load(context, job_id)
        assert job is not None
        if not seen or seen[-1] != job.state:
            seen.append(str(job.state))
        if job.finished:
            return job, seen
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish; states seen: {seen}")


def issue_actor(context: Context, role: str, party_id: str | None = None) -> Actor:
    """A token-holding actor (jobs run as the token's owner, read again by the worker)."""
    from tradedesk.auth.permissions import Role
    from tradedesk.auth.tokens import issue
    from tradedesk.db.models import Party

    def work(session: Any) -> Actor:
        party = session.get(Party, party_id) if party_id else None
        row, _ = issue(session, f"tasks {role}", Role(role), party)
        session.flush()
        return Actor(id=row.id, name=row.name, role=row.role, party_id=row.party_id)

    return context.run(work)


@pytest.fixture
def officer(context: Context) -> Actor:
    return issue_actor(context, "compliance_officer")
