"""The job rows and the queue's construction: what every worker reads, who may read it, which storage
the settings choose, and what a page shows of a failure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from huey import RedisHuey, SqliteHuey

from tests import factories as f
from tests.tasks.conftest import issue_actor
from tradedesk.services.errors import NotFound
from tradedesk.tasks import jobs
from tradedesk.tasks.queue import QueueConfigError, build_queue, make_huey


def test_a_new_job_is_queued_with_its_first_step(context, officer):
    f.freeze(context)
    job = jobs.create(
        context,
        officer,
        "documents.pack",
        "Documents of RMA-1",
        {"declaration_id": "d1"},
        first_step="Rendering",
        max_attempts=4,
    )
    assert (job.state, job.done, job.total, job.attempts, job.max_attempts) == ("queued", 0, 1, 0, 4)
    assert jobs.get(context, officer, job.id) == job
    assert job.created_at == f.NOW and job.created_at.tzinfo is not None


def test_a_job_is_not_found_for_anyone_but_its_owner(context, officer):
    job = jobs.create(context, officer, "documents.pack", "t", {}, first_step="s")
    coordinator = issue_actor(context, "logistics_coordinator")
    with pytest.raises(NotFound):
        jobs.get(context, coordinator, job.id)
    with pytest.raises(NotFound):
        jobs.get(context, officer, jobs.new_job_id())


def test_job_ids_are_long_random_strings():
    ids = {jobs.new_job_id() for _ in range(50)}
    assert len(ids) == 50 and all(len(i) >= 32 for i in ids)


def test_an_attempt_is_counted_and_a_failure_recorded_as_retrying_until_the_last(context, officer):
    job = jobs.create(context, officer, "k", "t", {}, first_step="s", max_attempts=2)
    jobs.begin_attempt(context, job.id)
    jobs.fail_attempt(context, job.id, "first", final=False)
    assert (jobs.load(context, job.id).state, jobs.load(context, job.id).attempts) == ("retrying", 1)
    jobs.begin_attempt(context, job.id)
    jobs.fail_attempt(context, job.id, "second", final=True)
    final = jobs.load(context, job.id)
    assert (final.state, final.attempts, final.error) == ("failed", 2, "second")
    assert final.finished_at is not None
    assert jobs.begin_attempt(context, job.id) is None  # finished jobs are not run again


def test_the_status_shows_the_way_onwards_only_when_done(context, officer):
    job = jobs.create(context, officer, "k", "t", {}, first_step="s", done_url="/next")
    assert jobs.load(context, job.id).status(f.NOW)["done_url"] is None
    jobs.begin_attempt(context, job.id)
    jobs.succeed(context, job.id, {"n": 1})
    status = jobs.load(context, job.id).status(f.NOW + timedelta(hours=1))
    assert (status["state"], status["done"], status["done_url"], status["step"]) == ("done", 1, "/next", "Finished")


def test_an_error_is_shown_as_its_first_line_never_a_traceback():
    try:
        raise ValueError("the PDF could not be laid out\nTraceback (most recent call last): ...")
    except ValueError as exc:
        assert jobs.plain_error(exc) == "the PDF could not be laid out"
    assert jobs.plain_error(KeyError()) == "KeyError"


# ------------------------------------------------------------------------------------ queue from settings


def test_without_a_queue_url_the_queue_is_a_sqlite_file_in_the_instance_directory(tmp_path):
    huey = make_huey("", tmp_path / "instance")
    assert isinstance(huey, SqliteHuey)
    assert huey.storage.filename == str(tmp_path / "instance" / "tasks.sqlite")


def test_a_redis_url_chooses_redis(tmp_path):
    assert isinstance(make_huey("redis://127.0.0.1:6390/3", tmp_path), RedisHuey)


def test_an_unknown_queue_url_fails_naming_the_variable_without_echoing_a_password(tmp_path):
    with pytest.raises(QueueConfigError, match="TRADEDESK_QUEUE_URL") as caught:
        make_huey("amqp://user:s3cret@host/", tmp_path)
    assert "s3cret" not in str(caught.value)


def test_a_job_the_queue_cannot_take_is_failed_with_the_reason(context, officer, tmp_path, unused_port):
    queue = build_queue(
        {"TRADEDESK_QUEUE_URL": f"redis://127.0.0.1:{unused_port}/0", "TRADEDESK_INSTANCE_DIR": str(tmp_path)},
        lambda: context,
    )
    job = jobs.load(context, queue.submit(officer, "k", "t", {}, first_step="s"))
    assert job is not None and job.state == "failed"
    assert "the task queue could not take the job" in (job.error or "")


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again: nothing listens there
