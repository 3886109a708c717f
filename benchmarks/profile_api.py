"""Where the time of one API operation goes: cProfile over a Flask test-client loop, no server, no network.

Run: .venv/bin/python benchmarks/profile_api.py [--ops N] [--scenario create|get] [--db URL] [--top K]
Companion of benchmarks/api.py: the same requests ("create RMA with two legs" = POST /api/v1/rmas +
POST .../legs/plan; "get declaration"), on a fresh migrated SQLite file by default. Prints the wall time
per operation with and without the profiler, the self time grouped by layer (our packages, SQLAlchemy,
the database driver, marshmallow, Flask/werkzeug, ...), and the top functions by cumulative and by self time.
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import pstats
import secrets
import shutil
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api import PLAN, rma_body  # noqa: E402

#: (path fragment, layer) in order: the first match names the layer of a function's file
LAYERS = [
    ("tradedesk/domain/", "tradedesk.domain"),
    ("tradedesk/services/audit_chain", "tradedesk.services.audit_chain"),
    ("tradedesk/services/", "tradedesk.services (other)"),
    ("tradedesk/api/", "tradedesk.api"),
    ("tradedesk/auth/", "tradedesk.auth"),
    ("tradedesk/db/", "tradedesk.db"),
    ("sqlalchemy/", "SQLAlchemy"),
    ("psycopg", "psycopg"),
    ("marshmallow/", "marshmallow"),
    ("flask_smorest/", "flask-smorest"),
    ("werkzeug/", "werkzeug"),
    ("flask/", "flask"),
    ("json/", "json"),
    ("yaml/", "yaml"),
    ("jsonschema", "jsonschema"),
    ("stdnum/", "python-stdnum"),
    ("biip/", "biip"),
]


#: (label, file fragment, function name): cumulative time of these functions, per operation
FUNCTIONS = [
    ("authenticate (one token SELECT, no transaction)", "tradedesk/api/http.py", "current_actor"),
    ("input schema load (marshmallow)", "marshmallow/schema.py", "load"),
    ("services.rmas.create_rma", "tradedesk/services/rmas.py", "create_rma"),
    ("services.legs.plan_legs", "tradedesk/services/legs.py", "plan_legs"),
    ("  classify_leg (domain + store + audit)", "tradedesk/services/leg_records.py", "classify_leg"),
    ("    domain: regimes.classify", "tradedesk/domain/regimes.py", "classify"),
    ("all: audit_chain.record (every event)", "tradedesk/services/audit_chain.py", "record"),
    ("all: Session.flush", "sqlalchemy/orm/session.py", "flush"),
    ("all: Session.commit", "sqlalchemy/orm/session.py", "commit"),
    ("all: Idempotency-Key row (INSERT .. ON CONFLICT)", "tradedesk/services/idempotency.py", "_store"),
    ("all: rma_view (response dict)", "tradedesk/services/", "rma_view"),
    ("all: leg_view (response dicts)", "tradedesk/services/legs.py", "leg_view"),
    ("declarations.get_declaration", "tradedesk/services/declarations.py", "get_declaration"),
    ("response JSON (flask jsonify)", "flask/json/__init__.py", "jsonify"),
]


def by_function(stats: pstats.Stats) -> list[tuple[str, int, float]]:
    """(label, calls, cumulative seconds) of FUNCTIONS that ran; of same-named functions in one file (Session.commit,
    SessionTransaction.commit) the outermost, i.e. the one called least often."""
    out = []
    for label, fragment, func in FUNCTIONS:
        matches = [
            (nc, -ct)
            for (filename, _line, name), (_cc, nc, _tt, ct, _callers) in stats.stats.items()
            if name == func and fragment in filename
        ]  # type: ignore[attr-defined]
        if matches:
            calls, cum = min(matches)
            out.append((label, calls, -cum))
    return out


def layer_of(filename: str, name: str) -> str:
    for fragment, layer in LAYERS:
        if fragment in filename:
            return layer
    if "sqlite3" in name or "sqlite3" in filename:
        return "sqlite3 (C)"
    if filename == "~":
        return "builtins (C)"
    return "python stdlib / other"


def by_layer(stats: pstats.Stats) -> dict[str, float]:
    """Self time (tottime) per layer, in seconds."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        totals[layer_of(filename, name)] += tottime
    return dict(totals)


def build(db_url: str | None, workdir: Path) -> tuple[Any, dict[str, str], str, str]:
    """An app on a fresh migrated database, a coordinator token, and the repair desk's two parties."""
    from tradedesk import create_app
    from tradedesk.auth.permissions import Role
    from tradedesk.auth.tokens import issue
    from tradedesk.db.engine import make_engine
    from tradedesk.db.migrate import upgrade

    url = db_url or f"sqlite:///{workdir / 'tradedesk.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    app = create_app(
        {
            "DATABASE_URL": url,
            "TRADEDESK_AUDIT_KEY": secrets.token_hex(32),
            "SECRET_KEY": secrets.token_hex(32),
            "TRADEDESK_INSTANCE_DIR": str(workdir / "instance"),
        }
    )
    context = app.extensions["tradedesk.context"]
    plain = context.run(lambda session: issue(session, "profile", Role.LOGISTICS_COORDINATOR)[1])
    headers = {"Authorization": f"Bearer {plain}"}
    client = app.test_client()
    customer = client.post(
        "/api/v1/parties",
        headers=headers,
        json={"kind": "customer", "name": "Example Ltd", "country": "GB", "identifiers": {"EORI": "GB123456789000"}},
    ).get_json()
    hub = client.post(
        "/api/v1/parties", headers=headers, json={"kind": "repairer", "name": "Swiss Watch Repair AG", "country": "CH"}
    ).get_json()
    return client, headers, customer["id"], hub["id"]


def operations(client: Any, headers: dict[str, str], customer: str, hub: str) -> dict[str, Callable[[int], None]]:
    declarations: list[str] = []

    def create(n: int) -> list[str]:
        rma = client.post(
            "/api/v1/rmas",
            json=rma_body(customer, hub, f"PROFILE-{n}"),
            headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert rma.status_code == 201, rma.get_data(as_text=True)
        planned = client.post(f"/api/v1/rmas/{rma.get_json()['id']}/legs/plan", json=PLAN, headers=headers)
        assert planned.status_code == 201, planned.get_data(as_text=True)
        return [leg["id"] for leg in planned.get_json()["items"]]

    def get(n: int) -> None:
        if not declarations:
            for leg_id in create(-1):
                drafted = client.post(f"/api/v1/legs/{leg_id}/paperwork", headers=headers)
                declarations.extend(d["id"] for d in drafted.get_json()["items"])
        response = client.get(f"/api/v1/declarations/{declarations[n % len(declarations)]}", headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)

    def create_only(n: int) -> None:
        create(n)

    return {"create": create_only, "get": get}


def count_statements(engine: Any) -> list[int]:
    """A one-cell counter of the SQL statements the engine executes."""
    from sqlalchemy import event

    counter = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_: Any) -> None:
        counter[0] += 1

    return counter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ops", type=int, default=200)
    parser.add_argument("--scenario", choices=("create", "get"), default="create")
    parser.add_argument("--db", default=None, help="DATABASE_URL of an empty database (default: a temp SQLite file)")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="tradedesk-profile-"))
    atexit.register(shutil.rmtree, workdir, True)
    client, headers, customer, hub = build(args.db, workdir)
    op = operations(client, headers, customer, hub)[args.scenario]
    statements = count_statements(client.application.extensions["tradedesk.context"].engine)
    for n in range(20):  # warm: lazy imports, caches, the engine's pool
        op(1_000_000 + n)
    began = time.perf_counter()
    statements[0] = 0
    for n in range(args.ops):
        op(n)
    per_op_sql = statements[0] / args.ops
    plain_ms = (time.perf_counter() - began) * 1000 / args.ops
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    for n in range(args.ops):
        op(args.ops + n)
    profiler.disable()
    profiled_ms = (time.perf_counter() - began) * 1000 / args.ops
    stats = pstats.Stats(profiler)
    total = sum(by_layer(stats).values())
    print(
        f"scenario {args.scenario}: {args.ops} operations in-process (Flask test client), "
        f"{plain_ms:.2f} ms/op without the profiler, {profiled_ms:.2f} ms/op with it; "
        f"{per_op_sql:.1f} SQL statements/op (BEGIN counted, COMMIT not)"
    )
    print(
        "cumulative time of the steps (ms/op scaled to the unprofiled run; indented rows are inside the row above; "
        "'all:' rows add up over the whole operation and overlap the others):"
    )
    for label, calls, seconds in by_function(stats):
        print(
            f"  {label:48} {calls / args.ops:5.1f} calls/op  {seconds / total:6.1%}  {plain_ms * seconds / total:6.2f} ms/op"
        )
    print("self time by layer (share of the profiled time; ms/op scaled to the unprofiled run):")
    for layer, seconds in sorted(by_layer(stats).items(), key=lambda kv: -kv[1])[:16]:
        print(f"  {layer:36} {seconds / total:6.1%}  {plain_ms * seconds / total:6.2f} ms/op")
    if args.top:
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
