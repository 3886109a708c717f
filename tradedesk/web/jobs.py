"""Long work in the background with visible progress: the page polls the job's status instead of freezing.

A job is a list of named steps run in a thread of this process; its page shows a progress bar, the step
under way and, when it is done, a link onwards (a small script follows it and refreshes the bar; without
script a "Check again" button does). A job is visible only to the actor that started it.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from flask import current_app, jsonify, redirect, render_template, url_for
from werkzeug.wrappers import Response

from tradedesk.services.errors import NotFound
from tradedesk.web.blueprint import bp
from tradedesk.web.session import signed_in, user

Step = tuple[str, Callable[[], None]]


@dataclass
class Job:
    id: str
    owner: str
    title: str
    done_url: str
    total: int
    done: int = 0
    step: str = "Starting"
    state: str = "running"  # running | done | failed
    error: str | None = None
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    def status(self) -> dict[str, Any]:
        elapsed = (self.finished or time.monotonic()) - self.started
        return {"id": self.id, "title": self.title, "state": self.state, "done": self.done, "total": self.total,
                "step": self.step, "error": self.error, "elapsed_seconds": round(elapsed, 1),
                "done_url": self.done_url if self.state == "done" else None}


class JobBoard:
    """The jobs of this process (the newest `keep`), each run in its own daemon thread."""

    def __init__(self, keep: int = 200) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._keep = keep

    def start(self, owner: str, title: str, done_url: str, steps: list[Step]) -> Job:
        job = Job(id=secrets.token_urlsafe(12), owner=owner, title=title, done_url=done_url, total=len(steps))
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:
                self._jobs.popitem(last=False)
        threading.Thread(target=self._run, args=(job, steps), name=f"web-job-{job.id}", daemon=True).start()
        return job

    def _run(self, job: Job, steps: list[Step]) -> None:
        try:
            for name, work in steps:
                job.step = name
                work()
                job.done += 1
            job.step, job.state = "Finished", "done"
        except Exception as exc:
            job.state, job.error = "failed", str(exc) or type(exc).__name__
        finally:
            job.finished = time.monotonic()

    def get(self, job_id: str, owner: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or job.owner != owner:
            raise NotFound(f"no job {job_id}")
        return job


def board() -> JobBoard:
    return cast(JobBoard, current_app.extensions["tradedesk.web.jobs"])


def start(title: str, done_url: str, steps: list[Step]) -> Response:
    job = board().start(user().id, title, done_url, steps)
    return redirect(url_for("web.job", job_id=job.id))


@bp.get("/jobs/<job_id>")
@signed_in
def job(job_id: str) -> str:
    return render_template("job.html", job=board().get(job_id, user().id).status())


@bp.get("/jobs/<job_id>/status")
@signed_in
def job_status(job_id: str) -> Response:
    return jsonify(board().get(job_id, user().id).status())
