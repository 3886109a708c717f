"""The write path's cost per operation, in-process, side by side with a bare Flask request and a bare Core floor.

Run alone: .venv/bin/python benchmarks/write_path.py [--db URL] [--rounds 5] [--ops 100]
(benchmarks/api.py runs it for each database before its gunicorn measurements.)

One round measures, in turn, through Flask test clients in this process (no server, no sockets):
  bare       GET /ping of benchmarks/bare_app.py (no auth, no database): what Flask + werkzeug cost per request;
  pair       POST /api/v1/rmas (new Idempotency-Key) + POST /api/v1/rmas/{id}/legs/plan (two classified legs);
  floor      one SQLAlchemy Core transaction inserting the rows the pair writes (RMA, its item, the two legs,
             the five audit events, the idempotency key row), taken from a real pair with fresh keys:
             what the database and its driver cost without Flask, the ORM, the domain or the audit chain.
CPU is `time.process_time()` of this process around each batch, divided by the operations (client and server
share the process, as they share it for the bare endpoint); on PostgreSQL the server processes' CPU
(/proc/<pid>/stat) is shown apart. Statements are counted with a `before_cursor_execute` listener on the
app's engine: every statement sent through SQLAlchemy, the token lookup included; SQLite's BEGIN IMMEDIATE is
one of them, psycopg's implicit BEGIN and the COMMITs of both are not (they never pass the listener).
"""

from __future__ import annotations

import argparse
import atexit
import secrets
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from http_load import cpu_seconds, median  # noqa: E402

#: issue "Hold as a real service", point 5: the pair's CPU against a bare Flask request, and its statements
AIM_CPU_RATIO = 12.0
AIM_STATEMENTS = 12


@dataclass(frozen=True)
class Figures:
    """Medians over the rounds, per operation (the pair is one operation; bare: one request)."""

    database: str
    rounds: int
    ops: int
    bare_ms: float
    pair_ms: float
    pair_db_ms: float
    pair_statements: float
    floor_ms: float
    floor_db_ms: float
    floor_statements: float

    @property
    def ratio(self) -> float:
        return self.pair_ms / self.bare_ms

    @property
    def floor_ratio(self) -> float:
        return self.floor_ms / self.bare_ms


def build_app(url: str, instance: Path) -> tuple[Any, dict[str, str], str, str]:
    """The service on the (migrated) database at `url`: a test client, a coordinator's headers, a customer and
    a repair hub of its own (names unlike those other benchmarks seed on the same database)."""
    from tradedesk import create_app
    from tradedesk.auth.permissions import Role
    from tradedesk.auth.tokens import issue
    from tradedesk.db.engine import make_engine
    from tradedesk.db.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    app = create_app(
        {
            "DATABASE_URL": url,
            "TRADEDESK_AUDIT_KEY": secrets.token_hex(32),
            "SECRET_KEY": secrets.token_hex(32),
            "TRADEDESK_INSTANCE_DIR": str(instance),
        }
    )
    context = app.extensions["tradedesk.context"]
    plain = context.run(lambda session: issue(session, "write-path", Role.LOGISTICS_COORDINATOR)[1])
    headers = {"Authorization": f"Bearer {plain}"}
    client = app.test_client()
    tag = secrets.token_hex(3)
    customer = client.post(
        "/api/v1/parties",
        headers=headers,
        json={
            "kind": "customer",
            "name": f"Write Path Customer {tag}",
            "country": "GB",
            "identifiers": {"EORI": "GB123456789000"},
        },
    ).get_json()
    hub = client.post(
        "/api/v1/parties",
        headers=headers,
        json={"kind": "repairer", "name": f"Write Path Repairer {tag}", "country": "CH"},
    ).get_json()
    return client, headers, customer["id"], hub["id"]


def statement_counter(engine: Any) -> list[int]:
    from sqlalchemy import event

    counter = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_: Any) -> None:
        counter[0] += 1

    return counter


def pair_operation(client: Any, headers: dict[str, str], customer: str, hub: str) -> Callable[[str], str]:
    """The measured pair; returns the RMA's id."""
    from api import PLAN, rma_body

    def pair(order: str) -> str:
        rma = client.post(
            "/api/v1/rmas",
            json=rma_body(customer, hub, order),
            headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert rma.status_code == 201, rma.get_data(as_text=True)
        planned = client.post(f"/api/v1/rmas/{rma.get_json()['id']}/legs/plan", json=PLAN, headers=headers)
        assert planned.status_code == 201, planned.get_data(as_text=True)
        return str(rma.get_json()["id"])

    return pair


def floor_operation(engine: Any, rma_id: str) -> Callable[[int], None]:
    """One Core transaction inserting copies of what the pair for `rma_id` wrote (fresh keys, unique values)."""
    from sqlalchemy import insert, select

    from tradedesk.db.models import AuditEvent, IdempotencyKey, Leg, Rma, RmaItem

    with engine.connect() as connection:

        def rows(model: Any, *where: Any) -> list[dict[str, Any]]:
            return [dict(r._mapping) for r in connection.execute(select(model.__table__).where(*where))]

        rma = rows(Rma, Rma.id == rma_id)[0]
        items = rows(RmaItem, RmaItem.rma_id == rma_id)
        legs = sorted(rows(Leg, Leg.rma_id == rma_id), key=lambda leg: leg["position"])
        events = rows(AuditEvent, AuditEvent.rma_id == rma_id)
        key = rows(IdempotencyKey)[-1]
    options = {"sqlite_begin": "IMMEDIATE"} if engine.dialect.name == "sqlite" else {}

    def floor(n: int) -> None:
        new_rma = {**rma, "id": str(uuid.uuid4()), "number": f"FLOOR-{uuid.uuid4().hex[:20]}"}
        leg_ids = {leg["id"]: str(uuid.uuid4()) for leg in legs}
        with engine.connect().execution_options(**options) as connection, connection.begin():
            # executemany form: one compiled statement per table, cached across operations
            connection.execute(insert(Rma.__table__), [new_rma])
            connection.execute(
                insert(RmaItem.__table__), [{**i, "id": str(uuid.uuid4()), "rma_id": new_rma["id"]} for i in items]
            )
            connection.execute(
                insert(Leg.__table__),  # in position order: each link points to an earlier leg
                [
                    {
                        **leg,
                        "id": leg_ids[leg["id"]],
                        "rma_id": new_rma["id"],
                        "relies_on_leg_id": leg_ids.get(leg["relies_on_leg_id"]),
                        "paired_leg_id": leg_ids.get(leg["paired_leg_id"]),
                    }
                    for leg in legs
                ],
            )
            connection.execute(
                insert(AuditEvent.__table__),
                [
                    {
                        **e,
                        "seq": 10**9 + n * 10 + i,
                        "rma_id": new_rma["id"],
                        "prev_hash": secrets.token_hex(32),
                        "hash": secrets.token_hex(32),
                    }
                    for i, e in enumerate(events)
                ],
            )
            connection.execute(insert(IdempotencyKey.__table__), [{**key, "key": str(uuid.uuid4())}])

    return floor


def _timed(operation: Callable[[int], object], numbers: range, db_pids: Callable[[], list[int]]) -> tuple[float, float]:
    """(CPU seconds of this process, CPU seconds of the database server) per call of `operation(n)`."""
    pids = db_pids()
    cpu, db = time.process_time(), cpu_seconds(pids)
    for n in numbers:
        operation(n)
    return (time.process_time() - cpu) / len(numbers), (cpu_seconds(pids) - db) / len(numbers)


def measure(
    url: str, database: str, rounds: int, ops: int, workdir: Path, db_pids: Callable[[], list[int]] = list
) -> Figures:
    from bare_app import app as bare_app

    client, headers, customer, hub = build_app(url, workdir / "write-path-instance")
    engine = client.application.extensions["tradedesk.context"].engine
    bare = bare_app.test_client()
    pair = pair_operation(client, headers, customer, hub)
    counter = statement_counter(engine)
    tag = secrets.token_hex(3)
    for n in range(20):  # warm: lazy imports, caches, the pool
        assert bare.get("/ping").status_code == 200
        last = pair(f"WARM-{tag}-{n}")
    floor = floor_operation(engine, last)
    for n in range(20):
        floor(-1 - n)
    per_round: dict[str, list[float]] = {
        k: [] for k in ("bare", "pair", "pair_db", "pair_sql", "floor", "floor_db", "floor_sql")
    }
    for r in range(rounds):
        numbers = range(r * ops, (r + 1) * ops)
        cpu, _ = _timed(lambda _n: bare.get("/ping"), numbers, list)
        per_round["bare"].append(cpu)
        counter[0] = 0
        cpu, db = _timed(lambda n: pair(f"WP-{tag}-{n}"), numbers, db_pids)
        per_round["pair"].append(cpu)
        per_round["pair_db"].append(db)
        per_round["pair_sql"].append(counter[0] / ops)
        counter[0] = 0
        cpu, db = _timed(floor, numbers, db_pids)
        per_round["floor"].append(cpu)
        per_round["floor_db"].append(db)
        per_round["floor_sql"].append(counter[0] / ops)
    m = {k: median(v) for k, v in per_round.items()}
    return Figures(
        database,
        rounds,
        ops,
        m["bare"] * 1000,
        m["pair"] * 1000,
        m["pair_db"] * 1000,
        m["pair_sql"],
        m["floor"] * 1000,
        m["floor_db"] * 1000,
        m["floor_sql"],
    )


def report(figures: list[Figures]) -> None:
    if not figures:
        return
    first = figures[0]
    print()
    print(
        f"write path in-process (Flask test clients, no server): CPU = time.process_time() of this process per "
        f"operation, medians of {first.rounds} rounds x {first.ops} operations; db = the PostgreSQL server's "
        "CPU (/proc); statements: every one through SQLAlchemy (token lookup and SQLite's BEGIN included, "
        "COMMIT and psycopg's implicit BEGIN not)"
    )
    header = (
        f"{'database':10} {'bare ms':>8} {'pair ms':>8} {'pair db':>8} {'x bare':>7} {'stmts':>6} "
        f"{'floor ms':>9} {'floor db':>9} {'x bare':>7} {'stmts':>6}"
    )
    print(header)
    print("-" * len(header))
    for f in figures:
        print(
            f"{f.database:10} {f.bare_ms:8.3f} {f.pair_ms:8.2f} {f.pair_db_ms:8.2f} {f.ratio:7.1f} "
            f"{f.pair_statements:6.1f} {f.floor_ms:9.2f} {f.floor_db_ms:9.2f} {f.floor_ratio:7.1f} "
            f"{f.floor_statements:6.1f}"
        )
    print(
        f"aims (point 5): the pair <= {AIM_CPU_RATIO:g}x the CPU of a bare Flask request, <= {AIM_STATEMENTS} "
        "statements"
    )
    for f in figures:
        print(
            f"  {f.database:10} CPU {f.ratio:.1f}x bare: {'met' if f.ratio <= AIM_CPU_RATIO else 'NOT met'}; "
            f"{f.pair_statements:.0f} statements: {'met' if f.pair_statements <= AIM_STATEMENTS else 'NOT met'}; "
            f"floor (Core inserts alone) {f.floor_ratio:.1f}x bare"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=None, help="DATABASE_URL (default: a fresh SQLite file in a temp dir)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--ops", type=int, default=100, help="operations per scenario per round")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="tradedesk-write-path-"))
    atexit.register(shutil.rmtree, workdir, True)
    url = args.db or f"sqlite:///{workdir / 'tradedesk.sqlite'}"
    kind = "postgresql" if url.startswith("postgresql") else "sqlite"
    report([measure(url, kind, args.rounds, args.ops, workdir)])


if __name__ == "__main__":
    main()
