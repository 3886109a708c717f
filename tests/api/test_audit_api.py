"""GET /api/v1/audit: the history of an entity or an RMA, oldest first, for the desk (READ_AUDIT)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tradedesk.auth.actor import Actor
from tradedesk.services import audit_chain

COORDINATOR = Actor(id="u-1", name="Casey", role="logistics_coordinator")
WHEN = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


@pytest.fixture
def history(context):
    """RMA r1: created, leg l1 classified, transitioned; RMA r2: created."""
    entries = [
        ("rma:create", "rma", "r1", "r1"),
        ("leg:classify", "leg", "l1", "r1"),
        ("rma:create", "rma", "r2", "r2"),
        ("rma:transition", "rma", "r1", "r1"),
    ]

    def work(session):
        for n, (action, entity_type, entity_id, rma_id) in enumerate(entries):
            audit_chain.record(
                session,
                context.audit_key,
                COORDINATOR,
                action,
                entity_type,
                entity_id,
                {"n": n},
                {"n": n + 1},
                WHEN,
                rma_id=rma_id,
            )

    context.run(work)


def get(client, auth, query: str = "", role: str = "compliance_officer"):
    return client.get(f"/api/v1/audit{query}", headers=auth(role))


def test_an_rmas_history_lists_its_events_and_its_legs_oldest_first(client, auth, history):
    body = get(client, auth, "?rma_id=r1").get_json()
    assert [(e["seq"], e["action"]) for e in body["items"]] == [
        (1, "rma:create"),
        (2, "leg:classify"),
        (4, "rma:transition"),
    ]
    assert body["next_cursor"] is None


def test_an_event_says_who_did_what_when_with_before_after_and_its_hash(client, auth, history):
    first = get(client, auth, "?rma_id=r1").get_json()["items"][0]
    assert first["actor"] == {"id": "u-1", "name": "Casey", "role": "logistics_coordinator"}
    assert (first["occurred_at"], first["before"], first["after"]) == ("2026-05-04T09:30:00+00:00", {"n": 0}, {"n": 1})
    assert len(first["hash"]) == 64


def test_an_entitys_history_is_filtered_by_type_and_id(client, auth, history):
    body = get(client, auth, "?entity_type=rma&entity_id=r1").get_json()
    assert [e["seq"] for e in body["items"]] == [1, 4]


def test_events_can_be_filtered_by_action(client, auth, history):
    assert [e["entity_id"] for e in get(client, auth, "?action=rma:create").get_json()["items"]] == ["r1", "r2"]


def test_the_history_is_paged(client, auth, history):
    first = get(client, auth, "?limit=3").get_json()
    body = get(client, auth, f"?limit=3&cursor={first['next_cursor']}").get_json()
    assert ([e["seq"] for e in first["items"]], [e["seq"] for e in body["items"]], body["next_cursor"]) == (
        [1, 2, 3],
        [4],
        None,
    )


@pytest.mark.parametrize("role", ["logistics_coordinator", "compliance_officer", "admin"])
def test_the_desk_roles_may_read_the_audit_trail(client, auth, history, role):
    assert len(get(client, auth, role=role).get_json()["items"]) == 4


def test_a_broker_may_not_read_the_audit_trail(client, auth, history):
    assert get(client, auth, role="broker").status_code == 403


def test_the_audit_trail_needs_a_token(client, history):
    assert client.get("/api/v1/audit").status_code == 401


@pytest.mark.parametrize("query", ["?seq=1", "?limit=201", "?limit=0", "?page=2", "?cursor=xyz", "?rma_id="])
def test_bad_parameters_are_a_422(client, auth, query):
    response = get(client, auth, query)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
