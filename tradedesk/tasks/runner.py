"""One attempt of a job: find it, act for its owner, run its kind's handler, record how it went.

The queue decides whether another attempt comes (huey's retries with back-off); this module only tells
it: returning means "no more attempts" (done, or failed for good), raising means "try again".
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import select

from tradedesk.auth.actor import Actor
from tradedesk.auth.tokens import usable
from tradedesk.db.models import ApiToken
from tradedesk.services.context import Context
from tradedesk.services.errors import Conflict, InvalidInput, NotFound, Stale
from tradedesk.tasks import jobs
from tradedesk.tasks.kinds import Handler, Permanent

log = logging.getLogger(__name__)

#: errors that another attempt would only repeat
PERMANENT = (Permanent, NotFound, InvalidInput, Conflict, Stale)


def owner_of(ctx: Context, owner_id: str) -> Actor:
    """The actor the job acts for, read again now: a token revoked (or expired) since the job started stops it."""
    with ctx.unit_of_work(write=False) as session:
        row = session.scalar(select(ApiToken).where(ApiToken.id == owner_id, usable(ctx.now())))
        if row is None:
            raise Permanent("the sign-in that started this job is no longer valid")
        return Actor(id=row.id, name=row.name, role=row.role, party_id=row.party_id)


def run_attempt(ctx: Context, handlers: Mapping[str, Handler], job_id: str, *, last: bool) -> None:
    """Run the next attempt of `job_id`; `last`: the queue will not retry after this one."""
    job = jobs.begin_attempt(ctx, job_id)
    if job is None:
        log.info("job %s is gone or already finished; nothing to do", job_id)
        return
    try:
        handler = handlers.get(job.kind)
        if handler is None:
            raise Permanent(f"this worker does not know jobs of kind {job.kind!r}")
        actor = owner_of(ctx, job.owner_id)
        result = handler(ctx, actor, job.args, lambda done, step: jobs.advance(ctx, job_id, done, step))
    except PERMANENT as exc:
        jobs.fail_attempt(ctx, job_id, jobs.plain_error(exc), final=True)
        log.warning("job %s (%s) failed for good: %s", job_id, job.kind, exc)
        return
    except Exception as exc:
        jobs.fail_attempt(ctx, job_id, jobs.plain_error(exc), final=last)
        raise  # the queue logs it and, unless this was the last attempt, runs it again later
    jobs.succeed(ctx, job_id, result)
