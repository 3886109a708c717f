"""The progress page of a background job and the files it leaves behind, read from the database only:
a failed or retrying job says so in plain words, a draft's files are listed from its job's result, a
stored version's files from storage (after a restart too), and a job is nobody else's business."""

from __future__ import annotations

import pytest

from tests.tasks.conftest import consuming, follow
from tests.web.helpers import filed, page_text, requested
from tradedesk.services import documents, web_sessions
from tradedesk.tasks import jobs
from tradedesk.tasks.kinds import PACK
from tradedesk.tasks.queue import build_queue


@pytest.fixture
def world(context, desk):
    rma_id, legs, declarations = requested(context, desk)
    return {"rma": rma_id, "legs": legs, **declarations}


def url(declaration):
    return f"/review/{declaration['id']}"


def prepare(client, declaration):
    response = client.submit(url(declaration) + "/documents", {}, page=url(declaration))
    assert response.status_code == 302 and response.headers["Location"].startswith("/jobs/")
    return response.headers["Location"].removeprefix("/jobs/")


def test_a_pack_that_keeps_failing_ends_failed_and_its_page_says_so(app, web, world, context, tmp_path):
    def broken(ctx, actor, args, progress):
        raise OSError("the font cache is unreadable")

    queue = build_queue(
        {
            "TRADEDESK_QUEUE_URL": f"sqlite:///{tmp_path / 'tasks.sqlite'}",
            "TRADEDESK_INSTANCE_DIR": str(tmp_path),
            "TRADEDESK_QUEUE_ATTEMPTS": 2,
            "TRADEDESK_QUEUE_RETRY_DELAY": 0.1,
        },
        lambda: context,
        {PACK: broken},
    )
    app.extensions["tradedesk.tasks"] = queue  # the app fixture puts the immediate queue back afterwards
    officer = web("compliance_officer")
    with consuming(queue):
        job_id = prepare(officer, world["export"])
        follow(context, job_id)
    status = officer.get(f"/jobs/{job_id}/status").get_json()
    assert (status["state"], status["attempts"], status["error"]) == ("failed", 2, "the font cache is unreadable")
    text = officer.text(f"/jobs/{job_id}")
    assert "Failed: the font cache is unreadable (after 2 attempts)" in text and "Continue" not in text


def test_a_retrying_job_says_which_attempt_failed_and_that_it_tries_again(web, context):
    officer = web("compliance_officer")
    job_id = prepare_row(context, officer)
    jobs.begin_attempt(context, job_id)
    jobs.fail_attempt(context, job_id, "the database was busy", final=False)
    text = officer.text(f"/jobs/{job_id}")
    assert "Attempt 1 of 4 failed: the database was busy. Trying again shortly." in text
    assert officer.get(f"/jobs/{job_id}/status").get_json()["state"] == "retrying"


def prepare_row(context, client):
    """A queued job row of the signed-in officer (found through the server-side session)."""
    with client.client.session_transaction() as session:
        actor = web_sessions.actor_of(context, session["sid"])
    assert actor is not None
    return jobs.create(context, actor, PACK, "Documents", {}, first_step="Rendering", max_attempts=4).id


def test_a_drafts_files_are_listed_from_the_job_that_rendered_them(web, world):
    officer = web("compliance_officer")
    job_id = prepare(officer, world["export"])
    done_url = officer.get(f"/jobs/{job_id}/status").get_json()["done_url"]
    assert done_url == f"{url(world['export'])}?job={job_id}#documents"
    text = page_text(officer.get(done_url.split("#")[0]))
    assert "TradeDesk XML draft" in text and "Download" in text
    assert "Prepare the files for download" in officer.text(url(world["export"]))  # without the job: not prepared


def test_another_actors_job_lists_nothing_on_my_page(web, world):
    job_id = prepare(web("compliance_officer"), world["export"])
    text = web("logistics_coordinator").text(f"{url(world['export'])}?job={job_id}")
    assert "Prepare the files for download" in text


def test_a_stored_versions_files_are_listed_without_any_job(web, world, context):
    """What a restarted server (or another machine) shows: the files read from storage."""
    from tests import factories as f

    filed_view = filed(context, world["export"], world["legs"][0]["broker_id"])
    documents.render_documents(context, f.OFFICER, filed_view["id"])
    text = web("compliance_officer").text(url(filed_view))
    assert "TradeDesk XML" in text and "Download" in text and "draft" not in text
    assert "Prepare the files for download" not in text


def test_a_job_page_is_404_for_anyone_but_its_owner(web, world):
    job_id = prepare(web("compliance_officer"), world["export"])
    for role in ("logistics_coordinator", "broker", "admin"):
        assert web(role).get(f"/jobs/{job_id}").status_code == 404
        assert web(role).get(f"/jobs/{job_id}/status").status_code == 404
    assert web("compliance_officer").get("/jobs/not-a-job/status").status_code == 404
