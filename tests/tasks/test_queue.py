"""The queue for real: jobs submitted to huey (embedded SQLite file and Redis) and run by a live consumer,
each attempt recorded on the job row: done, retried with back-off then done, failed for good."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from tests import factories as f
from tests.tasks.conftest import consuming, follow
from tests.web.helpers import filed, requested
from tradedesk.db.models import ApiToken
from tradedesk.services import documents
from tradedesk.services.errors import NotFound
from tradedesk.tasks import jobs, runner
from tradedesk.tasks.kinds import PACK


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    return sqlite_url


@pytest.fixture
def filed_export(context, broker_party):
    f.freeze(context)
    desk = f.cast(context, broker_party)
    _, leg_rows, declarations = requested(context, desk)
    return filed(context, declarations["export"], leg_rows[0]["broker_id"])


def submit(queue, officer, kind, args=None):
    return queue.submit(officer, kind, f"a {kind} job", args or {}, first_step="Working", done_url="/next")


class Flaky:
    """A handler that fails its first `failures` attempts with a message naming the attempt."""

    def __init__(self, failures: int) -> None:
        self.failures, self.calls = failures, 0

    def __call__(self, ctx, actor, args, progress):
        self.calls += 1
        if self.calls <= self.failures:
            raise RuntimeError(f"the renderer fell over (call {self.calls})")
        progress(1, "Finishing")
        return {"calls": self.calls, "actor": actor.id}


def test_a_worker_renders_and_stores_a_filed_declarations_pack(make_queue, context, officer, filed_export):
    queue = make_queue()
    with consuming(queue):
        job_id = queue.submit(
            officer,
            PACK,
            "Documents",
            {"declaration_id": filed_export["id"], "content_hash": filed_export["content_hash"]},
            first_step="Rendering",
            done_url="/review/x#documents",
        )
        job, _ = follow(context, job_id)
    assert (job.state, job.done, job.total, job.attempts, job.error) == ("done", 1, 1, 1, None)
    stored = documents.stored_documents(context, officer, filed_export["id"])
    assert [entry["sha256"] for entry in job.result["files"]] == [s.sha256 for s in stored]
    assert {s.kind for s in stored} >= {"tradedesk-xml", "proforma_invoice"}


def test_a_job_that_fails_twice_then_succeeds_is_retrying_in_between_then_done(make_queue, context, officer):
    flaky = Flaky(failures=2)
    queue = make_queue({"flaky": flaky}, attempts=4)
    with consuming(queue):
        job, seen = follow(context, submit(queue, officer, "flaky"))
    assert "retrying" in seen and seen[-1] == "done"
    assert (job.attempts, job.error, job.result) == (3, None, {"calls": 3, "actor": officer.id})
    assert job.finished_at is not None and job.started_at is not None


def test_a_job_that_always_fails_ends_failed_with_the_last_error_in_plain_words(make_queue, context, officer):
    queue = make_queue({"flaky": Flaky(failures=99)}, attempts=2)
    with consuming(queue):
        job, seen = follow(context, submit(queue, officer, "flaky"))
    assert seen[-1] == "failed" and "done" not in seen
    assert (job.attempts, job.max_attempts) == (2, 2)  # retried once (the state between is sampled, so not asserted)
    assert job.error == "the renderer fell over (call 2)"


def test_a_failure_another_attempt_would_repeat_is_not_retried(make_queue, context, officer):
    def gone(ctx, actor, args, progress):
        raise NotFound("declaration 123 not found")

    queue = make_queue({"gone": gone}, attempts=4)
    with consuming(queue):
        job, seen = follow(context, submit(queue, officer, "gone"))
    assert "retrying" not in seen
    assert (job.state, job.attempts, job.error) == ("failed", 1, "declaration 123 not found")


def test_a_job_runs_as_its_owner_read_again_so_a_revoked_sign_in_stops_it(make_queue, context, officer):
    flaky = Flaky(failures=0)
    queue = make_queue({"flaky": flaky})
    job_id = submit(queue, officer, "flaky")
    context.run(lambda s: s.execute(update(ApiToken).where(ApiToken.id == officer.id).values(revoked_at=f.NOW)))
    with consuming(queue):
        job, _ = follow(context, job_id)
    assert (job.state, flaky.calls) == ("failed", 0)
    assert "no longer valid" in (job.error or "")


def test_a_late_duplicate_of_a_finished_job_changes_nothing(make_queue, context, officer):
    flaky = Flaky(failures=0)
    queue = make_queue({"flaky": flaky})
    with consuming(queue):
        job, _ = follow(context, submit(queue, officer, "flaky"))
    runner.run_attempt(context, {"flaky": flaky}, job.id, last=True)  # the queue delivers it once more
    assert (jobs.load(context, job.id), flaky.calls) == (job, 1)
