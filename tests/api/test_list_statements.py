"""Every list costs a constant number of SQL statements per page, whatever the page's length or depth.

Issue #8: "a constant number of statements per page whatever its length (<= 5 besides authentication)". The
statements are counted on the engine (`before_cursor_execute`); those that read the token or the web session
are authentication and counted apart. A page of 5 rows, a page of 40 and the page after a cursor must cost the
same: a lazy load per row (N+1) or a count per page would show as a difference. The review queue reads in two
keyset segments (overdue, then the rest), so a page that crosses from one to the other costs one SELECT more.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from tests import rows
from tests.web.helpers import Web

pytestmark = pytest.mark.both_databases  # dialect-specific: see tests/conftest.py

TODAY = date(2026, 6, 1)
ROWS = 45
MAX_STATEMENTS = 5
#: lists read in two segments: a page crossing the boundary reads both
SEGMENTED = ("/api/v1/declarations",)

#: (path, role): every list of the API
API_LISTS = [
    ("/api/v1/declarations", "compliance_officer"),
    ("/api/v1/declarations?status=in_review", "compliance_officer"),
    ("/api/v1/filings", "broker"),
    ("/api/v1/rmas", "logistics_coordinator"),
    ("/api/v1/parties", "logistics_coordinator"),
    ("/api/v1/deadlines", "compliance_officer"),
    ("/api/v1/audit", "admin"),
]
#: (path, role): the pages that show a list
WEB_LISTS = [
    ("/queue", "compliance_officer"),
    ("/inbox", "broker"),
    ("/rmas", "logistics_coordinator"),
    ("/deadlines", "compliance_officer"),
]


@dataclass
class Counter:
    other: int = 0
    auth: int = 0
    statements: list[str] = field(default_factory=list)

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "api_token" in statement or "web_session" in statement:
            self.auth += 1
        else:
            self.other += 1
            self.statements.append(statement.split("\n")[0][:120])


@pytest.fixture
def count(context) -> Iterator[Any]:
    """count(request) -> (statements besides authentication, the Counter) of one request."""
    engine = context.engine

    def measure(send: Any) -> tuple[int, Counter]:
        counter = Counter()
        event.listen(engine, "before_cursor_execute", counter)
        try:
            response = send()
        finally:
            event.remove(engine, "before_cursor_execute", counter)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        return counter.other, counter

    yield measure


@pytest.fixture
def world(context, client, auth, broker_party):
    """ROWS RMAs, each with an export-for-repair leg (a relief deadline) and an import declaration in review
    filed to the broker's inbox half the time; ROWS parties created through the API (so ROWS audit events)."""
    context.now = lambda: datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=UTC)
    for i in range(ROWS):
        created = client.post(
            "/api/v1/parties",
            headers=auth("logistics_coordinator"),
            json={"kind": "repairer", "name": f"Repair hub {i:03d}", "country": "CH"},
        )
        assert created.status_code == 201, created.get_data(as_text=True)

    def work(session):
        from tradedesk.db.models import Party

        broker = session.get(Party, broker_party)
        for i in range(ROWS):
            rma = rows.rma(
                session,
                rows.party(session),
                status="in_transit",
                created_at=datetime(2026, 3, 1, tzinfo=UTC) + timedelta(hours=i),
            )
            leg = rows.leg(
                session,
                rma,
                "export_for_repair",
                decision={
                    "export": rows.export_side(deadline_=rows.deadline(TODAY + timedelta(days=i - 10))),
                    "import": None,
                },
            )
            due = TODAY + timedelta(days=i - 20)
            rows.declaration(
                session,
                leg,
                deadline=due,
                severities=("error",) * (i % 3) + ("warning",) * (i % 2),
                created_at=datetime(2026, 3, 2, tzinfo=UTC) + timedelta(hours=i),
            )
            rows.declaration(
                session,
                leg,
                side="export",
                status="filed",
                broker=broker,
                filed_at=datetime(2026, 3, 3, tzinfo=UTC) + timedelta(hours=i),
            )

    context.run(work)


def _with_limit(path: str, limit: int) -> str:
    return f"{path}{'&' if '?' in path else '?'}limit={limit}"


@pytest.mark.parametrize(("path", "role"), API_LISTS, ids=[p for p, _ in API_LISTS])
def test_an_api_list_page_costs_the_same_few_statements_at_any_length_and_depth(world, client, auth, count, path, role):
    short, _ = count(lambda: client.get(_with_limit(path, 5), headers=auth(role)))
    long, counter = count(lambda: client.get(_with_limit(path, 40), headers=auth(role)))
    first = client.get(_with_limit(path, 5), headers=auth(role)).get_json()
    assert first["next_cursor"], "the world must fill more than one page"
    deeper, _ = count(lambda: client.get(f"{_with_limit(path, 5)}&cursor={first['next_cursor']}", headers=auth(role)))
    crossing = 1 if path.startswith(SEGMENTED) else 0
    assert short <= long <= short + crossing and short <= deeper <= short + crossing, counter.statements
    assert max(short, long, deeper) <= MAX_STATEMENTS, counter.statements


@pytest.mark.parametrize(("path", "role"), WEB_LISTS, ids=[p for p, _ in WEB_LISTS])
def test_a_page_showing_a_list_costs_a_constant_few_statements(world, app, tokens, count, path, role):
    web = Web(app.test_client())
    web.sign_in(tokens[role])
    statements, counter = count(lambda: web.get(path))
    assert statements <= MAX_STATEMENTS, counter.statements


def test_the_queue_page_shows_the_same_rows_in_the_same_order_as_the_api(world, app, tokens, client, auth):
    """The web page and the API call one service: the page's first rows are the API's first page."""
    api = client.get("/api/v1/declarations?status=in_review&limit=50", headers=auth("compliance_officer")).get_json()
    web = Web(app.test_client())
    web.sign_in(tokens["compliance_officer"])
    page = web.get("/queue").get_data(as_text=True)
    positions = [page.find(item["id"]) for item in api["items"][:10]]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
