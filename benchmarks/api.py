"""API throughput and latency under gunicorn, on SQLite and PostgreSQL, against a bare Flask endpoint (issue #3).

Run: .venv/bin/python benchmarks/api.py [--seconds N] [--concurrency C] [--rounds R] [--db sqlite,postgresql]
     (--help for the rest; benchmarks/README.md explains the columns)

For each database: a fresh one (an SQLite file in a temp dir; a throwaway PostgreSQL cluster from
tests/pg.py), migrated with `tradedesk init-db`, a coordinator token from `tradedesk token create`, then
the service under gunicorn (2 workers, wsgi:app) on 127.0.0.1, seeded over HTTP (a customer, a repairer,
RMAs with their declarations). Measured from this process with a closed-loop client (C threads):
  create RMA with two legs  POST /api/v1/rmas (repair scenario, unique Idempotency-Key)
                            + POST /api/v1/rmas/{id}/legs/plan (plans and classifies both legs); one op = the pair
  get declaration           GET /api/v1/declarations/{id} for declarations drafted in setup
  bare endpoint             GET /ping of benchmarks/bare_app.py under the same gunicorn settings
Every round measures the three in turn; the table shows medians over the rounds. Aims (issue #3):
create+classify >= 50 % of the bare endpoint's throughput, p99 <= 50 ms.
Before the servers start, benchmarks/write_path.py measures the write path in-process on the same database
(the pair's CPU and SQL statements against a bare Flask request and a bare Core floor; point 5 of
"Hold as a real service": <= 12x the bare request's CPU, <= 12 statements).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import write_path  # noqa: E402
from http_load import (  # noqa: E402
    Client,
    Operation,
    RequestFailed,
    RunResult,
    drive,
    foreign_load,
    median,
    percentile,
    with_children,
)

VENV_BIN = Path(sys.executable).parent
WORKERS = 2  # issue #3: "gunicorn (2 workers)"
AIM_RATIO = 0.5
AIM_P99_MS = 50.0
CORES = len(os.sched_getaffinity(0))
#: other processes using more than this many cores during a run make its figures unreliable
DISTURBED_CORES = 0.15
TODAY = datetime.now(UTC).date()
WATCH = {
    "description": "Wristwatch",
    "sku": "W-100",
    "hs_code": "9102.11",
    "origin_country": "CH",
    "quantity": 1,
    "unit_value": "2500.00",
    "currency": "GBP",
    "serial_numbers": ["A1234"],
    "udi": None,
}
PLAN = {
    "ship_date": (TODAY + timedelta(days=3)).isoformat(),
    "transport": "courier",
    "details": {"repair": {"cost": {"amount": "400.00", "currency": "GBP"}, "charged": True}},
}


# ------------------------------------------------------------------------------------------------ servers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def pids(self) -> list[int]:
        return with_children(self.process.pid)


@contextmanager
def gunicorn(app: str, chdir: Path, env: dict[str, str], health: str, log: Path, workers: int) -> Iterator[Server]:
    """`gunicorn -w N APP` on 127.0.0.1:<free port> (sync workers, the default), ready when `health` answers 200."""
    port = free_port()
    command = [
        str(VENV_BIN / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        str(chdir),
        "--error-logfile",
        str(log),
        "--log-level",
        "warning",
        app,
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server(process, port, log)
    try:
        _wait_ready(server, health, workers)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(server: Server, health: str, workers: int, timeout_s: float = 60.0) -> None:
    """Until the workers have booted: a few health checks in a row (each may land on any worker)."""
    deadline, answered = time.monotonic() + timeout_s, 0
    while answered < 2 * workers:
        if server.process.poll() is not None or time.monotonic() > deadline:
            tail = server.log.read_text(errors="replace")[-3000:] if server.log.exists() else ""
            raise RuntimeError(f"gunicorn on port {server.port} did not come up:\n{tail}")
        try:
            Client(server.port).call("health", "GET", health)
            answered += 1
        except RequestFailed:
            answered = 0
            time.sleep(0.2)


@contextmanager
def database(kind: str, workdir: Path) -> Iterator[tuple[str, Callable[[], list[int]], str]]:
    """(DATABASE_URL, the database server's pids, a note on its settings) for a fresh database of `kind`."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'tradedesk.sqlite'}", list, f"SQLite file (WAL, synchronous=NORMAL) on {workdir}"
        return
    from tests.pg import Cluster, find_bindir

    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL binaries not found (see tests/pg.py); run with --db sqlite")
    cluster = Cluster(bindir).start()
    try:
        postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
        note = (
            f"PostgreSQL {bindir.parent.name} throwaway cluster (tests/pg.py: fsync/synchronous_commit off) "
            f"in {cluster.base}"
        )
        yield cluster.create_database(), lambda: with_children(postmaster), note
    finally:
        cluster.stop()


# ------------------------------------------------------------------------------------------------ setup


def tradedesk_cli(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([str(VENV_BIN / "tradedesk"), *args], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"tradedesk {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout.strip()


@dataclass(frozen=True)
class Desk:
    headers: dict[str, str]
    customer_id: str
    hub_id: str
    declaration_ids: list[str]


def rma_body(customer_id: str, hub_id: str, order: str) -> dict[str, Any]:
    """A defective watch bought 10 days ago (auto-approved by the eligibility policy), repair scenario."""
    return {
        "customer_id": customer_id,
        "hub_id": hub_id,
        "order_reference": order,
        "purchase_date": (TODAY - timedelta(days=10)).isoformat(),
        "reason_code": "defective",
        "scenario": "repair",
        "condition": "used",
        "warranty_expires": (TODAY + timedelta(days=700)).isoformat(),
        "items": [WATCH],
    }


def create_rma_with_legs(client: Client, customer_id: str, hub_id: str, order: str) -> list[dict[str, Any]]:
    """The measured operation: open the RMA, then plan (and so classify) its two legs."""
    rma = client.call(
        "POST /api/v1/rmas",
        "POST",
        "/api/v1/rmas",
        rma_body(customer_id, hub_id, order),
        expect=201,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    planned = client.call(
        "POST /api/v1/rmas/{id}/legs/plan", "POST", f"/api/v1/rmas/{rma['id']}/legs/plan", PLAN, expect=201
    )
    legs: list[dict[str, Any]] = planned["items"]
    if len(legs) != 2 or any(leg.get("decision") is None for leg in legs):
        raise RequestFailed(f"expected two classified legs, got {legs}")
    return legs


def seed(port: int, env: dict[str, str], rmas: int) -> Desk:
    """A coordinator token, the repair desk's parties, and `rmas` RMAs whose legs' declarations are drafted."""
    token = tradedesk_cli(env, "token", "create", "--role", "logistics_coordinator", "--name", "benchmark")
    headers = {"Authorization": f"Bearer {token}"}
    client = Client(port, headers)
    customer = client.call(
        "setup",
        "POST",
        "/api/v1/parties",
        expect=201,
        body={"kind": "customer", "name": "Example Ltd", "country": "GB", "identifiers": {"EORI": "GB123456789000"}},
    )
    hub = client.call(
        "setup",
        "POST",
        "/api/v1/parties",
        expect=201,
        body={
            "kind": "repairer",
            "name": "Swiss Watch Repair AG",
            "country": "CH",
            "identifiers": {"UID": "CHE-109.322.551"},
        },
    )
    declarations: list[str] = []
    for n in range(rmas):
        for leg in create_rma_with_legs(client, customer["id"], hub["id"], f"SETUP-{n}"):
            response = client.call("setup", "POST", f"/api/v1/legs/{leg['id']}/paperwork", expect=201)
            declarations.extend(d["id"] for d in response["items"])
    client.close()
    if not declarations:
        raise RuntimeError("setup drafted no declarations")
    return Desk(headers, customer["id"], hub["id"], declarations)


# ------------------------------------------------------------------------------------------------ scenarios


CREATE, GET, BARE = "create RMA with two legs", "get declaration", "bare endpoint GET /ping"


def scenarios(desk: Desk, run_id: str) -> dict[str, Operation]:
    ids = desk.declaration_ids

    def create(client: Client, n: int) -> None:
        create_rma_with_legs(client, desk.customer_id, desk.hub_id, f"BENCH-{run_id}-{n}")

    def get(client: Client, n: int) -> None:
        client.call("GET /api/v1/declarations/{id}", "GET", f"/api/v1/declarations/{ids[n % len(ids)]}")

    def ping(client: Client, _n: int) -> None:
        client.call("GET /ping", "GET", "/ping")

    return {BARE: ping, CREATE: create, GET: get}


@dataclass
class Row:
    scenario: str
    database: str
    rounds: list[RunResult]
    ratios: list[float]
    request: str | None = None  # one request of a multi-request operation


def measure(
    args: argparse.Namespace, kind: str, api: Server, bare: Server, db_pids: Callable[[], list[int]], desk: Desk
) -> list[Row]:
    ops = {
        name: op
        for name, op in scenarios(desk, secrets.token_hex(3)).items()
        if name == BARE or name.split(" ")[0] in args.only
    }
    targets = {BARE: (bare, {}), CREATE: (api, desk.headers), GET: (api, desk.headers)}

    def run(name: str, seconds: float) -> RunResult:
        server, headers = targets[name]
        if args.wait_quiet:
            wait_until_quiet(api.pids() + bare.pids() + db_pids(), args.wait_quiet)
        groups = {"app": server.pids, "db": db_pids}
        return drive(server.port, headers, ops[name], seconds, args.concurrency, args.max_ops, groups)

    for name in ops:  # warm-up: lazy imports, caches, connection pools in both workers
        warm = run(name, args.warmup)
        if warm.errors:
            raise RuntimeError(f"{name} on {kind} fails during warm-up: {warm.errors[0]}")
    results: dict[str, list[RunResult]] = {name: [] for name in ops}
    for r in range(args.rounds):
        for name in ops:
            results[name].append(run(name, args.seconds))
        print(
            f"  {kind} round {r + 1}/{args.rounds}: "
            + ", ".join(f"{name.split(' ')[0]} {results[name][-1].ops_per_s:,.0f}/s" for name in ops),
            flush=True,
        )
    bare_rates = [res.ops_per_s for res in results[BARE]]
    rows = []
    for name in [n for n in (CREATE, GET, BARE) if n in ops]:
        ratios = [res.ops_per_s / b for res, b in zip(results[name], bare_rates, strict=True)]
        rows.append(Row(name, kind, results[name], ratios))
        labels = sorted(results[name][0].request_latencies)
        if len(labels) > 1:
            rows.extend(Row(name, kind, results[name], ratios, label) for label in labels)
    return rows


def wait_until_quiet(ours: list[int], patience_s: float) -> None:
    """Wait (up to `patience_s`) until other processes leave the cores alone: the machine may be shared."""
    deadline = time.monotonic() + patience_s
    while (load := foreign_load(ours)) > DISTURBED_CORES and time.monotonic() < deadline:
        print(f"    waiting: other processes use {load:.2f} cores", flush=True)


# ------------------------------------------------------------------------------------------------ report


def _ms(values: list[float], q: float) -> float:
    return percentile(values, q) * 1000


def stats(row: Row) -> dict[str, float]:
    """Medians over the rounds of: ops/s, p50, p99 (of the operation, or of one request of it), CPU per op."""

    def pick(res: RunResult) -> list[float]:
        return res.request_latencies.get(row.request, []) if row.request else res.op_latencies

    out = {
        "rate": median(res.ops_per_s for res in row.rounds),
        "p50": median(_ms(pick(res), 50) for res in row.rounds),
        "p99": median(_ms(pick(res), 99) for res in row.rounds),
        "ratio": median(row.ratios),
        "n": median(len(pick(res)) for res in row.rounds),
        "errors": sum(len(res.errors) for res in row.rounds),
        "others": median(res.other_cores for res in row.rounds),
    }
    for group in ("app", "db", "client"):
        out[group] = median(res.cpu_ms_per_op(group) for res in row.rounds)
    out["ceiling"] = CORES * 1000 / (out["app"] + out["db"] + out["client"])
    return out


def report(rows: list[Row], args: argparse.Namespace, notes: list[str], written: list[write_path.Figures]) -> None:
    print()
    print(
        f"TradeDesk API under gunicorn ({args.workers} sync workers) vs a bare Flask endpoint, same server settings, "
        f"same client; python {sys.version.split()[0]}"
    )
    print(
        f"machine: {CORES} cores shared by gunicorn, the database server and this load generator "
        f"({args.concurrency} client threads, closed loop; 127.0.0.1 only); sync workers close the connection "
        "after each response"
    )
    print(
        f"rounds: {args.rounds} x {args.seconds:g} s per scenario (after {args.warmup:g} s warm-up); "
        "medians over the rounds; latency includes queueing behind the other client threads"
    )
    for note in notes:
        print(f"  {note}")
    print(
        "CPU ms/op: app = gunicorn + workers, db = PostgreSQL server processes, cli = this load generator; "
        f"CPU ceiling = {CORES} cores / their sum; other = cores used meanwhile by processes outside the benchmark"
    )
    header = (
        f"{'scenario':40} {'database':10} {'ops/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'x bare':>6} "
        f"{'app':>6} {'db':>6} {'cli':>5} {'ceiling':>8} {'other':>5} {'n/round':>8} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        s = stats(row)
        label = f"  {row.request}" if row.request else row.scenario
        if row.request:
            figures = f"{'':7} {s['p50']:7.1f} {s['p99']:7.1f} {'':6} {'':6} {'':6} {'':5} {'':8} {'':5}"
        else:
            figures = (
                f"{s['rate']:7,.0f} {s['p50']:7.1f} {s['p99']:7.1f} {s['ratio']:6.3f} {s['app']:6.2f} "
                f"{s['db']:6.2f} {s['client']:5.2f} {s['ceiling']:8,.0f} {s['others']:5.2f}"
            )
        print(f"{label:40} {row.database:10} {figures} {s['n']:8,.0f} {s['errors']:6}")
    disturbed = max(stats(row)["others"] for row in rows)
    if disturbed > DISTURBED_CORES:
        print(f"WARNING: other processes used up to {disturbed:.2f} cores during the runs: the figures are disturbed")
    print()
    print(
        f"aims (issue #3): create RMA with two legs >= {AIM_RATIO:.0%} of the bare endpoint's requests/s; "
        f"p99 <= {AIM_P99_MS:g} ms"
    )
    for row in rows:
        if row.request or row.scenario == BARE:
            continue
        s = stats(row)
        parts = []
        if row.scenario == CREATE:
            parts.append(f"throughput {s['ratio']:.1%} of bare: {'met' if s['ratio'] >= AIM_RATIO else 'NOT met'}")
        parts.append(f"p99 {s['p99']:.1f} ms: {'met' if s['p99'] <= AIM_P99_MS else 'NOT met'}")
        requests = [
            stats(r)["p99"] for r in rows if r.scenario == row.scenario and r.database == row.database and r.request
        ]
        if requests:
            parts.append(
                f"p99 of each request {' / '.join(f'{p:.1f}' for p in requests)} ms: "
                f"{'met' if max(requests) <= AIM_P99_MS else 'NOT met'}"
            )
        print(f"  {row.scenario:26} {row.database:10} " + "; ".join(parts))
    bare_cpu = {row.database: stats(row)["app"] for row in rows if row.scenario == BARE and not row.request}
    for row in rows:
        if row.scenario == CREATE and not row.request and bare_cpu.get(row.database):
            s = stats(row)
            print(
                f"  {row.scenario:26} {row.database:10} gunicorn CPU per op {s['app']:.2f} ms = "
                f"{s['app'] / bare_cpu[row.database]:.1f}x the bare endpoint's {bare_cpu[row.database]:.2f} ms "
                f"per request (aim of point 5: <= {write_path.AIM_CPU_RATIO:g}x)"
            )
    write_path.report(written)


# ------------------------------------------------------------------------------------------------ main


def run_database(
    kind: str, args: argparse.Namespace, stack: ExitStack, notes: list[str], written: list[write_path.Figures]
) -> list[Row]:
    workdir = Path(tempfile.mkdtemp(prefix=f"tradedesk-bench-{kind}-"))
    stack.callback(shutil.rmtree, workdir, True)
    url, db_pids, note = stack.enter_context(database(kind, workdir))
    notes.append(note)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TRADEDESK_AUDIT_KEY": secrets.token_hex(32),
        "SECRET_KEY": secrets.token_hex(32),
        "TRADEDESK_INSTANCE_DIR": str(workdir / "instance"),
    }
    print(f"{kind}: {tradedesk_cli(env, 'init-db')}", flush=True)
    if args.write_rounds:
        print(f"{kind}: write path in-process ({args.write_rounds} rounds x {args.write_ops} operations)", flush=True)
        written.append(write_path.measure(url, kind, args.write_rounds, args.write_ops, workdir, db_pids))
    api = stack.enter_context(gunicorn("wsgi:app", ROOT, env, "/healthz", workdir / "api.log", args.workers))
    bare = stack.enter_context(gunicorn("bare_app:app", BENCH, env, "/ping", workdir / "bare.log", args.workers))
    desk = seed(api.port, env, args.setup_rmas)
    print(f"{kind}: seeded {args.setup_rmas} RMAs with {len(desk.declaration_ids)} declarations; measuring", flush=True)
    return measure(args, kind, api, bare, db_pids, desk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0, help="per scenario per round (default 5)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4; keep it 4-8 on 2 cores)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--workers",
        type=int,
        default=WORKERS,
        help=f"gunicorn workers of both servers (default {WORKERS}, as issue #3 asks; others for experiments)",
    )
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds per scenario before the rounds")
    parser.add_argument("--db", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--setup-rmas", type=int, default=10, help="RMAs whose declarations GET reads (default 10)")
    parser.add_argument(
        "--only", default="create,get", help="API scenarios: create and/or get (the bare endpoint always runs)"
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="before each measurement, wait up to SECONDS until other processes use < "
        f"{DISTURBED_CORES} cores (for shared machines; default 0: do not wait)",
    )
    parser.add_argument(
        "--write-rounds",
        type=int,
        default=5,
        help="rounds of the in-process write-path measurement (benchmarks/write_path.py; 0: skip)",
    )
    parser.add_argument("--write-ops", type=int, default=100, help="operations per write-path round (default 100)")
    parser.add_argument("--max-ops", type=int, default=100_000, help="cap on operations per scenario per round")
    args = parser.parse_args()
    kinds = [k.strip() for k in args.db.split(",") if k.strip()]
    unknown = set(kinds) - {"sqlite", "postgresql"}
    if unknown or not kinds:
        parser.error(f"--db: unknown {', '.join(sorted(unknown)) or '(none given)'}; use sqlite and/or postgresql")
    args.only = {s.strip() for s in args.only.split(",")}
    if not args.only <= {"create", "get"}:
        parser.error("--only: create and/or get")
    if not 1 <= args.concurrency <= 64:
        parser.error("--concurrency must be 1..64")
    rows: list[Row] = []
    notes: list[str] = []
    written: list[write_path.Figures] = []
    for kind in kinds:
        with ExitStack() as stack:  # one database and its servers at a time: they would share the 2 cores
            rows.extend(run_database(kind, args, stack, notes, written))
    report(rows, args, notes, written)


if __name__ == "__main__":
    main()
