"""The task queue built from settings: one environment variable chooses the storage.

- TRADEDESK_QUEUE_URL unset: huey's SqliteHuey on `instance/tasks.sqlite` (WAL), shared by the web workers
  and the task worker of this machine; no server to run.
- TRADEDESK_QUEUE_URL=redis://host:port/db (or rediss://, unix://): RedisHuey, for web and task workers on
  several machines. `sqlite:///path` names another SQLite queue file.

The queue carries only job ids: the job itself (arguments, progress, outcome) is a row in the database.
Queue storage is trusted like the database (huey pickles its messages): never point it at a shared Redis.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.api import Task

from tradedesk.auth.actor import Actor
from tradedesk.services.context import Context
from tradedesk.tasks import jobs, runner
from tradedesk.tasks.kinds import EVENTS, HANDLERS, SENDERS, Event, Handler

log = logging.getLogger(__name__)

NAME = "tradedesk"
QUEUE_FILE = "tasks.sqlite"
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
#: an idle SQLite consumer polls at most this far apart, so a new job starts within about a second
MAX_POLL_SECONDS = 1.0
BACKOFF = 2  # each retry waits twice as long as the one before


class QueueConfigError(ValueError):
    """TRADEDESK_QUEUE_URL names no storage we know."""


def make_huey(url: str, instance_dir: str | Path, immediate: bool = False) -> Huey:
    """The huey instance for `url` (see the module docstring); `immediate` runs tasks in the caller."""
    if not url or url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///")) if url else Path(instance_dir) / QUEUE_FILE
        if not immediate:
            path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(NAME, filename=str(path), results=False, immediate=immediate)
    if url.startswith(REDIS_SCHEMES):
        return RedisHuey(NAME, url=url, results=False, immediate=immediate)
    scheme = url.split(":", 1)[0]  # never echo the rest: it may hold a password
    raise QueueConfigError(
        f"TRADEDESK_QUEUE_URL: unknown storage {scheme!r}; use redis://host:port/db or "
        "sqlite:///path (unset: instance/tasks.sqlite)"
    )


@dataclass
class TaskQueue:
    """The queue and its one task. `context` gives the services' Context of the process running a task."""

    huey: Huey
    context: Callable[[], Context]
    attempts: int
    retry_delay: float
    handlers: Mapping[str, Handler]
    events: Mapping[str, Event] = field(default_factory=lambda: EVENTS)
    webhook_attempts: int = 8
    webhook_retry_delay: float = 5.0
    deadline_notice_days: int = 7

    def __post_init__(self) -> None:
        context, handlers = self.context, self.handlers

        def run_job(job_id: str, task: Task) -> None:
            """One attempt of a job; huey runs it again after a back-off while it raises and attempts remain."""
            runner.run_attempt(context(), handlers, job_id, last=not task.retries)

        self._run_job = self.huey.task(
            retries=self.attempts - 1, retry_delay=self.retry_delay, retry_backoff=BACKOFF, context=True, name="run_job"
        )(run_job)
        events = self.events

        def run_event(kind: str, args: dict[str, Any]) -> None:
            """One attempt of a background event; raising makes huey run it again after a back-off."""
            handler = events.get(kind)
            if handler is None:
                log.error("this worker does not know events of kind %r", kind)
                return
            handler(context(), args)

        self._run_event = self.huey.task(
            retries=self.attempts - 1, retry_delay=self.retry_delay, retry_backoff=BACKOFF, name="run_event"
        )(run_event)

        def send_outbound(kind: str, item_id: str, task: Task) -> None:
            """One attempt at a message to the outside (a webhook delivery, an email), retried on its own schedule
            (TRADEDESK_WEBHOOK_*); the sender is told whether this is the last attempt."""
            SENDERS[kind][1](context(), item_id, not task.retries)

        self._send_outbound = self.huey.task(
            retries=self.webhook_attempts - 1,
            retry_delay=self.webhook_retry_delay,
            retry_backoff=BACKOFF,
            context=True,
            name="send_outbound",
        )(send_outbound)

        notice_days = self.deadline_notice_days

        def announce_deadlines() -> None:
            """Hourly: relief deadlines coming within the notice period are announced once (deadline.approaching)."""
            from tradedesk.services.deadline_events import announce_approaching

            announce_approaching(context(), notice_days)

        self.huey.periodic_task(crontab(minute="7"), name="announce_deadlines")(announce_deadlines)

    def dispatch(self, kind: str, args: dict[str, Any]) -> None:
        """Queue a background event (Context.after_commit hands them here once their unit of work committed)."""
        if kind in SENDERS:
            self._send_outbound(kind, str(args[SENDERS[kind][0]]))
        else:
            self._run_event(kind, args)

    def submit(
        self,
        owner: Actor,
        kind: str,
        title: str,
        args: dict[str, Any],
        *,
        first_step: str,
        total: int = 1,
        done_url: str | None = None,
        job_id: str | None = None,
    ) -> str:
        """Record a queued job of `owner` and hand its id to the queue; the job's id.

        If the queue cannot take it, the job is marked failed with the reason (its page says so) rather
        than left queued for ever.
        """
        ctx = self.context()
        job = jobs.create(
            ctx,
            owner,
            kind,
            title,
            args,
            first_step=first_step,
            total=total,
            done_url=done_url,
            max_attempts=self.attempts,
            job_id=job_id,
        )
        try:
            self._run_job(job.id)
        except Exception as exc:
            log.exception("could not queue job %s", job.id)
            current = jobs.load(ctx, job.id)
            if current is not None and not current.finished:
                jobs.fail_attempt(
                    ctx,
                    job.id,
                    f"the task queue could not take the job ({jobs.plain_error(exc)}); try again in a moment",
                    final=True,
                )
        return job.id

    def consumer(self, workers: int = 1) -> Any:
        """A huey consumer running this queue's tasks in `workers` threads (call .run() or .start())."""
        return self.huey.create_consumer(
            workers=workers,
            worker_type="thread",
            periodic=True,  # the hourly deadline announcement
            initial_delay=0.05,
            backoff=1.15,
            max_delay=MAX_POLL_SECONDS,
        )


def build_queue(
    settings: Mapping[str, Any], context: Callable[[], Context], handlers: Mapping[str, Handler] = HANDLERS
) -> TaskQueue:
    """The queue the settings describe (config.from_env: TRADEDESK_QUEUE_*)."""
    huey = make_huey(
        str(settings.get("TRADEDESK_QUEUE_URL") or ""),
        settings["TRADEDESK_INSTANCE_DIR"],
        bool(settings.get("TRADEDESK_QUEUE_IMMEDIATE")),
    )
    return TaskQueue(
        huey,
        context,
        max(int(settings.get("TRADEDESK_QUEUE_ATTEMPTS", 4)), 1),
        max(float(settings.get("TRADEDESK_QUEUE_RETRY_DELAY", 2.0)), 0.0),
        handlers,
        webhook_attempts=max(int(settings.get("TRADEDESK_WEBHOOK_ATTEMPTS", 8)), 1),
        webhook_retry_delay=max(float(settings.get("TRADEDESK_WEBHOOK_RETRY_DELAY", 5.0)), 0.0),
        deadline_notice_days=max(int(settings.get("TRADEDESK_DEADLINE_NOTICE_DAYS", 7)), 0),
    )
