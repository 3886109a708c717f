"""Several processes behave as one: two separate gunicorn servers and a task worker on one SQLite
database and queue (what `make run` and a second machine do), and `tradedesk serve` supervising its two
children. Marked slow: each test starts real processes."""

from __future__ import annotations

import os
import re
import signal
import sys
import time

import pytest

from tests import factories as f
from tests.tasks.processes import (
    START_SECONDS,
    Browser,
    Process,
    environment,
    free_port,
    gunicorn,
    running,
    wait_until_serving,
    worker,
)
from tests.web.helpers import filed, requested

pytestmark = pytest.mark.slow


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    return sqlite_url


@pytest.fixture
def filed_export(context, broker_party):
    f.freeze(context)
    desk = f.cast(context, broker_party)
    _, leg_rows, declarations = requested(context, desk)
    return filed(context, declarations["export"], leg_rows[0]["broker_id"])


def _finished(browser: Browser, status_url: str) -> tuple[dict, set[str]]:
    seen: set[str] = set()
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        code, status = browser.json(status_url)
        assert code == 200, code
        seen.add(status["state"])
        if status["state"] in ("done", "failed"):
            return status, seen
        time.sleep(0.1)
    raise AssertionError(f"the job did not finish; states seen: {seen}")


def test_a_pack_job_started_on_one_server_is_followed_and_shown_on_the_other(
    database_url, tmp_path, tokens, filed_export
):
    env = environment(database_url, tmp_path / "instance")
    one, other = free_port(), free_port()
    web_one, web_other, tasks = gunicorn(one, env), gunicorn(other, env), worker(env)
    with running(web_one, web_other, tasks):
        a, b = f"http://127.0.0.1:{one}", f"http://127.0.0.1:{other}"
        wait_until_serving(a, web_one)
        wait_until_serving(b, web_other)
        officer = Browser()
        officer.sign_in(a, tokens["compliance_officer"])  # the session cookie is good on both: one SECRET_KEY
        page = f"/review/{filed_export['id']}"
        code, headers, _ = officer.request(f"{a}{page}/documents", {"csrf_token": officer.csrf(f"{a}{page}")})
        assert code == 302, code
        job_page = headers["Location"]
        assert job_page.startswith("/jobs/")

        status, _ = _finished(officer, f"{b}{job_page}/status")
        assert (status["state"], status["done"], status["total"]) == ("done", 1, 1), status
        code, _, body = officer.request(f"{b}{status['done_url'].split('#')[0]}")
        assert code == 200 and "Download" in body and ".tradedesk.xml" in body
        code, _, _ = officer.request(f"{b}{job_page}")
        assert code == 200

        coordinator = Browser()
        coordinator.sign_in(b, tokens["logistics_coordinator"])
        assert coordinator.request(f"{b}{job_page}/status")[0] == 404
    assert (tmp_path / "instance" / "tasks.sqlite").exists()  # the embedded queue the three processes shared


# ------------------------------------------------------------------------------------------ tradedesk serve


def serve(database_url: str, tmp_path) -> tuple[Process, str, dict[str, int]]:
    port = free_port()
    process = Process(
        [sys.executable, "-m", "tradedesk.cli", "serve", "--port", str(port), "--workers", "1", "--task-threads", "1"],
        environment(database_url, tmp_path / "instance"),
    )
    pids = {}
    for name in ("web server", "task worker"):
        pids[name] = int(process.wait_for_line(rf"{name} .*started \(pid (\d+)\)").group(1))
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(base, process)
    return process, base, pids


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _exit_status(process: Process) -> int:
    try:
        return process.popen.wait(START_SECONDS)
    except Exception:
        process.stop()
        raise


def test_serve_stops_the_web_server_and_the_worker_on_sigint(database_url, tmp_path):
    process, _, pids = serve(database_url, tmp_path)
    with running(process):
        assert all(_alive(pid) for pid in pids.values())
        process.popen.send_signal(signal.SIGINT)
        assert _exit_status(process) == 0, process.output[-3000:]
    assert not any(_alive(pid) for pid in pids.values()), pids


def test_serve_stops_the_web_server_and_fails_when_the_worker_dies(database_url, tmp_path):
    process, _, pids = serve(database_url, tmp_path)
    with running(process):
        os.kill(pids["task worker"], signal.SIGKILL)
        assert _exit_status(process) == 1, process.output[-3000:]
    assert not _alive(pids["web server"])
    assert re.search(r"the task worker \(huey\) stopped by itself", process.output)
