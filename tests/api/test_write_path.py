"""The write path's budget: opening an RMA and planning its two classified legs costs a bounded number of SQL
statements (authentication included), and the token is checked on every request (no stale cache)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, update

from tests.api.factories_rma import TODAY, add_party, freeze, rma_body
from tradedesk.auth.tokens import hash_token
from tradedesk.db.models import ApiToken

pytestmark = pytest.mark.both_databases  # dialect-specific: see tests/conftest.py

#: every statement sent through SQLAlchemy for POST /api/v1/rmas + POST .../legs/plan: the token lookup of
#: each request, SQLite's BEGIN IMMEDIATE, the reads and writes of both units of work (COMMIT and psycopg's
#: implicit BEGIN never pass the listener). Per request: token 1, BEGIN 1 (SQLite); create: parties, number,
#: RMA, items, audit head, audit event, audit head update, Idempotency-Key row; plan: the RMA with customer,
#: hub, items and legs, the audit head, the legs, the audit events, the audit head update.
STATEMENT_BUDGET = {"sqlite": 17, "postgresql": 15}
PLAN = {
    "ship_date": (TODAY + timedelta(days=3)).isoformat(),
    "transport": "courier",
    "details": {"repair": {"cost": {"amount": "400.00", "currency": "GBP"}, "charged": True}},
}


@pytest.fixture
def parties(context):
    freeze(context)
    return (
        add_party(context, "repairer", "Swiss Watch Repair AG", "CH"),
        add_party(context, "customer", "Example Ltd", "GB", identifiers={"EORI": "GB123456789000"}),
    )


@pytest.fixture
def dispatched(context):
    """The background events the requests hand to the queue, kept here instead of run: in a deployment a task worker
    runs them in its own process, so their statements are not the request's."""
    seen: list[tuple[str, dict]] = []
    context.dispatch = lambda kind, args: seen.append((kind, args))
    return seen


@pytest.fixture
def statements(context, dispatched):
    """The statements the app's engine executes from now on."""
    seen: list[str] = []

    def listen(_conn, _cursor, statement, *_):
        seen.append(statement)

    event.listen(context.engine, "before_cursor_execute", listen)
    yield seen
    event.remove(context.engine, "before_cursor_execute", listen)


def create_and_plan(client, auth, parties, order="ORD-1"):
    hub, customer = parties
    rma = client.post(
        "/api/v1/rmas",
        json=rma_body(hub, customer, order_reference=order),
        headers=auth("logistics_coordinator", **{"Idempotency-Key": f"key-{order}"}),
    )
    assert rma.status_code == 201, rma.get_json()
    planned = client.post(
        f"/api/v1/rmas/{rma.get_json()['id']}/legs/plan", json=PLAN, headers=auth("logistics_coordinator")
    )
    assert planned.status_code == 201, planned.get_json()
    return planned.get_json()["items"]


def test_creating_an_rma_and_planning_two_legs_stays_within_the_statement_budget(
    client, auth, parties, statements, dispatched, context
):
    create_and_plan(client, auth, parties, "ORD-WARM")  # the year's RMA counter row exists from now on
    statements.clear()
    dispatched.clear()
    legs = create_and_plan(client, auth, parties)
    announced = [e["type"] for kind, args in dispatched if kind == "events.emit" for e in args["events"]]
    assert announced == ["rma.created", "rma.approved", "leg.planned", "leg.planned"]  # one task per request
    assert [leg["movement"] for leg in legs] == ["export_for_repair", "return_after_repair"]
    assert all(leg["decision"] for leg in legs)
    assert len(statements) <= STATEMENT_BUDGET[context.engine.dialect.name], "\n".join(statements)


def test_a_revoked_token_is_refused_on_the_very_next_request(client, auth, tokens, context):
    headers = auth("logistics_coordinator")
    assert client.get("/api/v1/rmas", headers=headers).status_code == 200
    context.run(
        lambda session: session.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == hash_token(tokens["logistics_coordinator"]))
            .values(revoked_at=context.now())
        )
    )
    refused = client.get("/api/v1/rmas", headers=headers)
    assert refused.status_code == 401
    assert "revoked" in refused.get_json()["detail"]


def test_an_expired_token_is_refused_like_a_revoked_one(client, context):
    """Tokens do not work forever: after expires_at the API answers 401, on the very next request."""
    from datetime import timedelta

    from tradedesk.auth.permissions import Role
    from tradedesk.auth.tokens import issue

    plain = context.run(lambda s: issue(s, "short-lived", Role.ADMIN, None, context.now() + timedelta(hours=1))[1])
    assert client.get("/api/v1/parties", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    later = context.now() + timedelta(hours=2)
    context.now = lambda: later
    refused = client.get("/api/v1/parties", headers={"Authorization": f"Bearer {plain}"})
    assert refused.status_code == 401 and "expired" in refused.get_json()["detail"]
