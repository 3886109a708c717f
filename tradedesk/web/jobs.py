"""Long work in the background with visible progress: the page polls the job's status instead of freezing.

A job is a row in the database run by a task worker (tradedesk.tasks); its page shows a progress bar, the
step under way, a failed attempt that will be retried and, when it is done, a link onwards (a small script
follows it and refreshes the bar; without script a "Check again" button does). Any web worker on any
machine answers from the same row. A job is visible only to the actor that started it (404 otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from flask import current_app, jsonify, redirect, render_template, url_for
from werkzeug.wrappers import Response

from tradedesk.api.http import ctx
from tradedesk.tasks import jobs as store
from tradedesk.tasks.queue import TaskQueue
from tradedesk.web.blueprint import bp
from tradedesk.web.session import signed_in, user


def queue() -> TaskQueue:
    return cast(TaskQueue, current_app.extensions["tradedesk.tasks"])


def start(kind: str, title: str, args: dict[str, Any], first_step: str, done_url: Callable[[str], str]) -> Response:
    """Queue a job of the signed-in actor and send them to its progress page; `done_url(job_id)` is where
    its "Continue" leads."""
    job_id = store.new_job_id()
    queue().submit(user(), kind, title, args, first_step=first_step, done_url=done_url(job_id), job_id=job_id)
    return redirect(url_for("web.job", job_id=job_id))


def visible_job(job_id: str) -> store.JobView:
    return store.get(ctx(), user(), job_id)


def _status(job_id: str) -> dict[str, Any]:
    return visible_job(job_id).status(ctx().now())


@bp.get("/jobs/<job_id>")
@signed_in
def job(job_id: str) -> str:
    return render_template("job.html", job=_status(job_id))


@bp.get("/jobs/<job_id>/status")
@signed_in
def job_status(job_id: str) -> Response:
    response = jsonify(_status(job_id))
    response.headers["Cache-Control"] = "no-store"
    return response
