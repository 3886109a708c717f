"""deadline.approaching (issue #12): an open relief deadline within the notice period is announced once, to the
webhooks and to the desk by email; one already announced, outside the period or closed is not."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner

from tests import rows
from tradedesk.services.deadline_events import announce_approaching

TODAY = date(2026, 6, 1)


@pytest.fixture
def context(context):
    context.now = lambda: datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=UTC)
    return context


@pytest.fixture
def announced(context):
    """The events handed to the queue, in order."""
    seen: list[dict] = []
    context.dispatch = lambda kind, args: seen.extend(args["events"]) if kind == "events.emit" else None
    return seen


def out_for_repair(context, due_in_days: int, returned: bool = False) -> str:
    def work(session):
        rma = rows.rma(session, rows.party(session), status="in_transit")
        side = rows.export_side(deadline_=rows.deadline(TODAY + timedelta(days=due_in_days)))
        out = rows.leg(session, rma, "export_for_repair", decision={"export": side, "import": None})
        back = rows.leg(session, rma, "return_after_repair", relies_on=out)
        if returned:
            back.shipped_on = TODAY
        return out.id

    return context.run(work)


def test_a_deadline_within_the_notice_period_is_announced_with_its_leg(context, announced):
    leg = out_for_repair(context, 5)
    assert announce_approaching(context, 7) == 1
    [event] = announced
    assert event["type"] == "deadline.approaching"
    assert (event["data"]["leg_id"], event["data"]["days_left"]) == (leg, 5)


def test_it_is_announced_once(context, announced):
    out_for_repair(context, 5)
    announce_approaching(context, 7)
    assert announce_approaching(context, 7) == 0 and len(announced) == 1


def test_a_deadline_further_away_or_already_met_is_not_announced(context, announced):
    out_for_repair(context, 30)
    out_for_repair(context, 3, returned=True)
    assert announce_approaching(context, 7) == 0 and announced == []


def test_the_command_line_announces_them_too(context, database_url, monkeypatch, tmp_path):
    from tests.conftest import AUDIT_KEY
    from tradedesk.cli import main

    out_for_repair(context, 2)
    env = {"DATABASE_URL": database_url, "TRADEDESK_AUDIT_KEY": AUDIT_KEY, "TRADEDESK_INSTANCE_DIR": str(tmp_path)}
    result = CliRunner().invoke(main, ["events", "deadlines", "--within", "3650"], env=env)
    assert result.exit_code == 0, result.output
    assert "announced 1 relief deadline(s)" in result.output
