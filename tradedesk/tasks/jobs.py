"""The job rows: what a background job is, how far it got, how each attempt went, and what it produced.

The row is the only state of a job. The web worker that started it, any other web worker and the task
worker running it all read and write the same row, each write in its own short transaction, so a poll
answered by any process on any machine tells the same story.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from tradedesk.auth.actor import Actor
from tradedesk.db.models import Job
from tradedesk.services.context import Context
from tradedesk.services.errors import NotFound

MAX_ERROR = 500
MAX_STEP = 256


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    RETRYING = "retrying"  # an attempt failed; the queue runs it again after a back-off
    DONE = "done"
    FAILED = "failed"  # the last attempt failed (or a retry could not help)


FINISHED = frozenset({JobState.DONE, JobState.FAILED})


@dataclass(frozen=True, slots=True)
class JobView:
    """A job row detached from its session."""

    id: str
    owner_id: str
    kind: str
    title: str
    args: dict[str, Any]
    state: JobState
    done: int
    total: int
    step: str
    attempts: int
    max_attempts: int
    error: str | None
    done_url: str | None
    result: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    def status(self, now: datetime) -> dict[str, Any]:
        """What the progress page and its JSON endpoint show."""
        since = self.started_at or self.created_at
        elapsed = ((self.finished_at or now) - since).total_seconds()
        return {
            "id": self.id,
            "title": self.title,
            "state": str(self.state),
            "done": self.done,
            "total": self.total,
            "step": self.step,
            "attempts": self.attempts,
            "max_attempts": self.max_attempts,
            "error": self.error,
            "elapsed_seconds": round(max(elapsed, 0.0), 1),
            "created_at": self.created_at.isoformat(),
            "started_at": None if self.started_at is None else self.started_at.isoformat(),
            "finished_at": None if self.finished_at is None else self.finished_at.isoformat(),
            "done_url": self.done_url if self.state == JobState.DONE else None,
        }


def _view(row: Job) -> JobView:
    return JobView(
        row.id,
        row.owner_id,
        row.kind,
        row.title,
        dict(row.args or {}),
        JobState(row.state),
        row.done_steps,
        row.total_steps,
        row.step,
        row.attempts,
        row.max_attempts,
        row.error,
        row.done_url,
        row.result,
        row.created_at,
        row.started_at,
        row.finished_at,
    )


def new_job_id() -> str:
    """Random and unguessable (192 bits): knowing one job's id says nothing about another's."""
    return secrets.token_urlsafe(24)


def plain_error(exc: BaseException) -> str:
    """The failure in plain words for the page: the exception's message (first line), never a traceback."""
    text = (str(exc).strip().splitlines() or [""])[0].strip()
    return (text or type(exc).__name__)[:MAX_ERROR]


def create(
    ctx: Context,
    owner: Actor,
    kind: str,
    title: str,
    args: dict[str, Any],
    *,
    first_step: str,
    total: int = 1,
    done_url: str | None = None,
    max_attempts: int = 1,
    job_id: str | None = None,
) -> JobView:
    """A queued job of `owner` (committed before it is handed to the queue, so a worker always finds it)."""

    def work(session: Session) -> JobView:
        row = Job(
            id=job_id or new_job_id(),
            owner_id=owner.id,
            kind=kind,
            title=title[:256],
            args=args,
            state=JobState.QUEUED,
            done_steps=0,
            total_steps=max(total, 1),
            step=first_step[:MAX_STEP],
            attempts=0,
            max_attempts=max(max_attempts, 1),
            done_url=done_url,
            created_at=ctx.now(),
        )
        session.add(row)
        session.flush()
        return _view(row)

    return ctx.run(work)


def get(ctx: Context, owner: Actor, job_id: str) -> JobView:
    """The job if `owner` started it; anyone else's job (or none) is NotFound, with no hint which."""
    with ctx.unit_of_work(write=False) as session:
        row = session.get(Job, job_id)
        if row is None or row.owner_id != owner.id:
            raise NotFound(f"no job {job_id}")
        return _view(row)


def load(ctx: Context, job_id: str) -> JobView | None:
    """The job for the worker that runs it (no owner check: the worker acts for the owner)."""
    with ctx.unit_of_work(write=False) as session:
        row = session.get(Job, job_id)
        return None if row is None else _view(row)


def _update(ctx: Context, job_id: str, change: Any) -> JobView | None:
    def work(session: Session) -> JobView | None:
        row = session.get(Job, job_id)
        if row is None:
            return None
        if change(row) is False:
            return None
        session.flush()
        return _view(row)

    return ctx.run(work)


def begin_attempt(ctx: Context, job_id: str) -> JobView | None:
    """Mark the job running and count the attempt; None if it is gone or already finished (a late duplicate)."""

    def change(row: Job) -> bool:
        if JobState(row.state) in FINISHED:
            return False
        row.state, row.attempts = JobState.RUNNING, row.attempts + 1
        row.started_at = row.started_at or ctx.now()
        return True

    return _update(ctx, job_id, change)


def advance(ctx: Context, job_id: str, done: int, step: str) -> None:
    """Record progress: `done` steps finished, `step` under way."""

    def change(row: Job) -> None:
        row.done_steps, row.step = min(max(done, 0), row.total_steps), step[:MAX_STEP]

    _update(ctx, job_id, change)


def succeed(ctx: Context, job_id: str, result: dict[str, Any]) -> None:
    def change(row: Job) -> None:
        row.state, row.done_steps, row.step = JobState.DONE, row.total_steps, "Finished"
        row.result, row.error, row.finished_at = result, None, ctx.now()

    _update(ctx, job_id, change)


def fail_attempt(ctx: Context, job_id: str, error: str, *, final: bool) -> None:
    """Record a failed attempt: `retrying` while the queue will run it again, else `failed` for good."""

    def change(row: Job) -> None:
        row.error = error[:MAX_ERROR]
        if final:
            row.state, row.finished_at = JobState.FAILED, ctx.now()
        else:
            row.state = JobState.RETRYING

    _update(ctx, job_id, change)
