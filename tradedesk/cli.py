"""`tradedesk ...` commands. Errors go to stderr with a non-zero exit: 2 for bad input, 1 for other failures."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, NoReturn, TextIO

import click

from tradedesk.auth.permissions import Role
from tradedesk.config import from_env

EXIT_BAD_INPUT = 2
MAX_TOKEN_NAME = 128


def _profiles(directory: str | None) -> Any:
    from tradedesk.data.loader import load_profiles
    from tradedesk.domain.profiles import ProfileError

    try:
        return load_profiles(directory or from_env()["TRADEDESK_PROFILES_DIR"])
    except ProfileError as exc:
        click.echo(f"error: broken country profile: {exc}", err=True)
        sys.exit(1)


@click.group(help="TradeDesk: customs regimes, valuation and filings for cross-border RMA legs.")
@click.version_option(package_name="tradedesk", message="tradedesk %(version)s")
def main() -> None:
    pass


@main.command(
    "classify",
    help="Classify the leg(s) in FILE (JSON; '-' for stdin) and print the decision JSON. "
    "A list is read, classified and written one leg at a time (memory stays flat); an invalid leg in it "
    "is written as null and its errors, keyed by its position (3.items.0.hs_code), go to stderr (exit 2).",
)
@click.argument("file", type=click.File("rb"))
@click.option(
    "--profiles",
    "profiles_dir",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="country_profiles directory (default: the project's)",
)
@click.option("--compact", is_flag=True, help="one line of JSON instead of indented output")
def classify_command(file: BinaryIO, profiles_dir: str | None, compact: bool) -> None:
    from tradedesk.streaming import classify_document

    indent = None if compact else 2
    outcome = classify_document(file, sys.stdout, _profiles(profiles_dir), indent, progress=sys.stderr.isatty())
    if outcome.errors:
        click.echo(json.dumps({"errors": outcome.errors}, indent=indent), err=True)
        sys.exit(EXIT_BAD_INPUT)


@main.command("profiles-validate", help="Validate every country profile; exit 1 naming each broken file and key.")
@click.argument("directory", required=False, type=click.Path(file_okay=False, exists=True))
def profiles_validate(directory: str | None) -> None:
    from tradedesk.data.loader import load_profiles, profile_problems
    from tradedesk.domain.profiles import ProfileError

    folder = Path(directory or from_env()["TRADEDESK_PROFILES_DIR"])
    try:
        problems = profile_problems(folder)
    except ProfileError as exc:
        problems = [str(exc)]
    if not problems:
        try:
            profiles = load_profiles(folder)
        except ProfileError as exc:
            problems = [str(exc)]
    if problems:
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(1)
    for p in sorted(profiles.profiles.values(), key=lambda p: p.jurisdiction):
        rules = sum(len(r) for r in p.rules.values())
        click.echo(
            f"ok  {p.file:10} {p.jurisdiction} {p.status:9} as_of {p.as_of}  {len(p.members):2} member(s) {rules:3} rules"
        )


# ------------------------------------------------------------------------------------------ database commands


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _engine(settings: dict[str, Any]) -> Any:
    from sqlalchemy.exc import ArgumentError

    from tradedesk.db.engine import make_engine

    try:
        return make_engine(settings["DATABASE_URL"])
    except (ArgumentError, ValueError) as exc:
        _fail(f"DATABASE_URL is not usable: {exc}", EXIT_BAD_INPUT)
    except ImportError as exc:
        _fail(f"no driver for DATABASE_URL: {exc}")


def _where(engine: Any) -> str:
    return str(engine.url.render_as_string(hide_password=True))


def _require_schema(engine: Any) -> None:
    """Refuse to work on a database that `init-db` has not prepared (and never create an SQLite file by looking)."""
    from sqlalchemy import inspect

    if (
        engine.dialect.name == "sqlite"
        and engine.url.database not in (None, "", ":memory:")
        and not Path(engine.url.database).exists()
    ):
        _fail(f"no database at {_where(engine)}: run `tradedesk init-db` first")
    if not inspect(engine).has_table("audit_event"):
        _fail(f"{_where(engine)} has no TradeDesk schema: run `tradedesk init-db` first")


def _audit_key(settings: dict[str, Any], create: bool) -> bytes:
    """The audit HMAC key; verification never creates one (a new key would make every event look forged)."""
    from tradedesk.config import audit_key

    key_file = Path(settings["TRADEDESK_INSTANCE_DIR"]) / "audit.key"
    if not create and not settings.get("TRADEDESK_AUDIT_KEY") and not key_file.exists():
        _fail(f"no audit key: set TRADEDESK_AUDIT_KEY or provide {key_file}", EXIT_BAD_INPUT)
    try:
        return audit_key(settings)
    except ValueError as exc:
        _fail(f"the audit key is not valid hex: {exc}", EXIT_BAD_INPUT)


def _db_context(create_key: bool = True) -> Any:
    """A Context for database maintenance: no country profiles needed (a broken profile must not block these)."""
    from tradedesk.domain.profiles import ProfileSet
    from tradedesk.services.context import Context

    settings = from_env()
    engine = _engine(settings)
    return Context(engine=engine, profiles=ProfileSet({}, {}, "none"), audit_key=_audit_key(settings, create_key))


@contextmanager
def _database_errors(engine: Any) -> Iterator[None]:
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as exc:
        _fail(f"database {_where(engine)}: {str(exc.orig).strip() or type(exc.orig).__name__}")
    finally:
        engine.dispose()


@main.command(
    "documents", help="Write every XML and PDF for the leg in FILE ('-' for stdin) into --out, without a database."
)
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="folder to write the files to")
@click.option("--rma-number", default="RMA-UNFILED", show_default=True, help="RMA number printed on the documents")
def documents_command(file: TextIO, out_dir: str, rma_number: str) -> None:
    from tradedesk.documents.bundle import render_bundle
    from tradedesk.domain.contract import decision_dict
    from tradedesk.domain.filing import FilingMeta, build_payload
    from tradedesk.domain.model import Regime, Side
    from tradedesk.domain.regimes import classify
    from tradedesk.inputs.leg import LegInputError, load_legs

    profiles = _profiles(None)
    try:
        payload = json.loads(file.read())
        if isinstance(payload, list):
            raise LegInputError({"_schema": ["give one leg object, not a list"]})
        (leg,), _ = load_legs(payload, profiles)
    except (json.JSONDecodeError, RecursionError) as exc:
        click.echo(json.dumps({"errors": {"_schema": [f"not valid JSON: {exc}"]}}), err=True)
        sys.exit(EXIT_BAD_INPUT)
    except LegInputError as exc:
        click.echo(json.dumps({"errors": exc.errors}, indent=2), err=True)
        sys.exit(EXIT_BAD_INPUT)
    decision = classify(leg, profiles)
    contract = decision_dict(decision)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for side, side_decision in ((Side.EXPORT, decision.export), (Side.IMPORT, decision.import_)):
        if side_decision is None or not side_decision.regime.needs_declaration:
            reason = (
                "no profile covers this country"
                if side_decision is not None and side_decision.regime is Regime.NOT_COVERED
                else "no declaration needed"
            )
            click.echo(f"{side}: {reason}")
            continue
        meta = FilingMeta(
            rma_number=rma_number, declaration_id=f"{rma_number}-{side}", version=1, issued_on=leg.ship_date
        )
        for rendered in render_bundle(build_payload(leg, contract, side, meta, profiles)):
            (out / rendered.filename).write_bytes(rendered.content)
            click.echo(f"{side}: {rendered.filename}  {len(rendered.content):>8} bytes  sha256 {rendered.sha256[:16]}")
            written += 1
    click.echo(f"{written} file(s) written to {out}")


@main.command("init-db", help="Create or upgrade the database schema (DATABASE_URL; default: embedded SQLite).")
def init_db() -> None:
    from tradedesk.services.database import prepare

    ctx = _db_context()
    with _database_errors(ctx.engine):
        try:
            revision, sealed = prepare(ctx.engine, ctx.audit_key)
        except ValueError as exc:
            _fail(str(exc))
        click.echo(f"database ready: {_where(ctx.engine)} (schema revision {revision}; {sealed})")


@main.group("token", help="API tokens.")
def token() -> None:
    pass


@token.command("create", help="Create an API token and print it on stdout (shown once; stored hashed).")
@click.option("--role", required=True, type=click.Choice([str(r) for r in Role]))
@click.option("--name", default=None, help="who the token is for (default: the role)")
@click.option("--party", "party_name", default=None, help="broker party name (required for --role broker)")
@click.option(
    "--expires-in",
    "expires_in",
    default=365,
    show_default=True,
    type=click.IntRange(0, 3650),
    help="days the token works (0: until revoked)",
)
def token_create(role: str, name: str | None, party_name: str | None, expires_in: int) -> None:
    from tradedesk.services.tokens import create_token

    ctx = _db_context()
    with _database_errors(ctx.engine), _bad_input():
        _require_schema(ctx.engine)
        created = create_token(ctx, Role(role), name or role, party_name, expires_in)
    click.echo(f"created token {created.id} for {created.name} ({role}); it is shown once, store it now", err=True)
    click.echo(created.plain)


@token.command("list", help="List the API tokens: id, name, role, broker party, created, revoked (never the token).")
@click.option("--all", "show_all", is_flag=True, help="include revoked tokens")
def token_list(show_all: bool) -> None:
    from tradedesk.services.tokens import list_tokens

    def when(moment: datetime | None, missing: str) -> str:
        return moment.isoformat(timespec="seconds") if moment else missing

    ctx = _db_context()
    with _database_errors(ctx.engine):
        _require_schema(ctx.engine)
        tokens = list_tokens(ctx, include_revoked=show_all)
    header = ("id", "name", "role", "party", "created", "expires", "revoked")
    rows = [
        (
            t.id,
            t.name,
            t.role,
            t.party or "-",
            when(t.created_at, "-"),
            when(t.expires_at, "never"),
            when(t.revoked_at, "-"),
        )
        for t in tokens
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for line in (header, *rows):
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())


@token.command("revoke", help="Revoke an API token by its id (it stops working at once).")
@click.argument("token_id")
def token_revoke(token_id: str) -> None:
    from tradedesk.services.tokens import revoke_token

    ctx = _db_context()
    with _database_errors(ctx.engine), _bad_input():
        _require_schema(ctx.engine)
        changed = revoke_token(ctx, token_id)
    click.echo(f"revoked token {token_id}" if changed else f"token {token_id} was already revoked")


@main.group("screening", help="Restricted-party screening lists.")
def screening_group() -> None:
    pass


#: the files of one list publication, read from a file or from a directory (OFAC's CSV set)
MAX_LIST_FILES = 8


def _list_files(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        if not found or len(found) > MAX_LIST_FILES:
            _fail(
                f"{path}: expected the files of one list publication (1 to {MAX_LIST_FILES}), found {len(found)}",
                EXIT_BAD_INPUT,
            )
        return {p.name: p.read_bytes() for p in found}
    return {path.name: path.read_bytes()}


@screening_group.command(
    "import",
    help="Import one publication of a restricted-party list (OFAC SDN / consolidated CSV set, EU FSF XML, UN XML, "
    "UK sanctions list CSV, US CSL CSV) from a file or a directory; then screen every party against it.",
)
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--published",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="the list's publication date, for a file that does not state it (ISO 8601)",
)
@click.option("--no-rescreen", is_flag=True, help="import only; screen the parties later (tradedesk screening run)")
def screening_import(path: Path, published: datetime | None, no_rescreen: bool) -> None:
    from tradedesk.auth.actor import Actor
    from tradedesk.services import screening

    settings = from_env()
    ctx = _service_context(settings)
    with _database_errors(ctx.engine), _bad_input():
        _require_schema(ctx.engine)
        created, version = screening.import_list(
            ctx, Actor("cli", "command line", "admin"), _list_files(path), published.date() if published else None
        )
    state = "imported" if created else "already imported"
    click.echo(
        f"{state}: {version['title']} published {version['published']} ({version['entry_count']} entries, "
        f"sha256 {version['sha256'][:12]})"
    )
    if created and not no_rescreen:
        _rescreen(ctx, "list-import")


@screening_group.command("run", help="Screen every party against the current list versions.")
def screening_run() -> None:
    ctx = _service_context(from_env())
    with _database_errors(ctx.engine):
        _require_schema(ctx.engine)
        _rescreen(ctx, "request")


def _service_context(settings: dict[str, Any]) -> Any:
    """A Context for commands that run use cases: the profiles, and the screening thresholds the settings give."""
    from tradedesk.config import screening_thresholds
    from tradedesk.services.context import Context

    return Context(
        engine=_engine(settings),
        profiles=_profiles(None),
        audit_key=_audit_key(settings, True),
        screening_thresholds=screening_thresholds(settings),
    )


def _rescreen(ctx: Any, trigger: str) -> None:
    from tradedesk.services.screening import rescreen_all

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            click.echo(f"\rscreened {done:,} of {total:,} parties", err=True, nl=False)

    screened = rescreen_all(ctx, trigger, progress)
    click.echo(
        ("\n" if sys.stderr.isatty() else "") + f"screened {screened:,} parties against the current lists", err=True
    )


@main.group("events", help="Events for other systems (webhooks, email).")
def events_group() -> None:
    pass


@events_group.command(
    "deadlines", help="Announce relief deadlines due within the notice period (deadline.approaching), each once."
)
@click.option(
    "--within",
    "within_days",
    type=click.IntRange(0, 3650),
    default=None,
    help="days ahead (default: TRADEDESK_DEADLINE_NOTICE_DAYS, 7)",
)
def events_deadlines(within_days: int | None) -> None:
    from tradedesk.services.deadline_events import announce_approaching
    from tradedesk.tasks.worker import worker_queue

    settings = from_env()
    queue = worker_queue(settings)  # the events go to the task queue, as from a web request
    ctx = queue.context()
    with _database_errors(ctx.engine):
        _require_schema(ctx.engine)
        count = announce_approaching(
            ctx, within_days if within_days is not None else settings["TRADEDESK_DEADLINE_NOTICE_DAYS"]
        )
    click.echo(f"announced {count} relief deadline(s)")


@main.command("audit-verify", help="Recompute the audit chain; exit 1 naming the first changed or missing event.")
def audit_verify() -> None:
    from tradedesk.services import audit_chain

    ctx = _db_context(create_key=False)
    with _database_errors(ctx.engine):
        _require_schema(ctx.engine)
        with ctx.unit_of_work(write=False) as session:
            result = audit_chain.verify(session, ctx.audit_key)
    if result.ok:
        click.echo(f"ok: {result.problem}")
        return
    click.echo(
        f"TAMPERED: {result.problem} (first bad event: {result.first_bad_seq}; {result.checked} verified before it)",
        err=True,
    )
    sys.exit(1)


@main.command("demo", help="Load demo data (parties, RMAs at every stage, API tokens per role) into an empty database.")
@click.option(
    "--skip-if-not-empty",
    is_flag=True,
    help="a database that holds other data is left alone (exit 0) instead of refused (exit 1)",
)
def demo_command(skip_if_not_empty: bool) -> None:
    from tradedesk import demo

    settings = from_env()
    ctx = _service_context(settings)
    tokens_file = Path(settings["TRADEDESK_INSTANCE_DIR"]) / demo.TOKENS_FILE
    with _database_errors(ctx.engine):
        _require_schema(ctx.engine)
        try:
            result = demo.load(ctx)
        except demo.NotEmpty as exc:
            if skip_if_not_empty:
                click.echo(f"demo data not loaded: {exc}")
                return
            _fail(str(exc))
    if result.tokens:
        demo.write_tokens(tokens_file, result.tokens)
    click.echo(demo.describe(result, tokens_file))


@main.command("serve", help="Run the web server (gunicorn) and a task worker together; Ctrl+C stops both.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="gunicorn workers")
@click.option(
    "--task-threads",
    default=None,
    type=click.IntRange(1, 64),
    help="threads of the task worker (default TRADEDESK_QUEUE_WORKERS, 2)",
)
@click.option("--dev", is_flag=True, help="Werkzeug's development server, jobs run in the request (reloads nothing)")
def serve(host: str, port: int, workers: int, task_threads: int | None, dev: bool) -> None:
    _require_free_port(host, port)
    click.echo(
        f"TradeDesk is running at http://{host}:{port}/  (API docs: http://{host}:{port}/api/docs, "
        f"OpenAPI: http://{host}:{port}/api/openapi.json); Ctrl+C stops it"
    )
    if dev:
        from werkzeug.serving import run_simple

        from tradedesk import create_app

        run_simple(host, port, create_app({"TRADEDESK_QUEUE_IMMEDIATE": True}), threaded=True, use_reloader=False)
        return
    from tradedesk.tasks.supervisor import serve as supervise

    sys.exit(supervise(host, port, workers, task_threads))


@contextmanager
def _bad_input() -> Iterator[None]:
    """A use case's refusal as a CLI message naming the option, and exit 2."""
    from tradedesk.services.errors import InvalidInput, NotFound

    try:
        yield
    except InvalidInput as exc:
        _fail("; ".join(f"--{field}: {' '.join(messages)}" for field, messages in exc.errors.items()), EXIT_BAD_INPUT)
    except NotFound as exc:
        _fail(str(exc), EXIT_BAD_INPUT)


def _require_free_port(host: str, port: int) -> None:
    """Refuse before printing "running at": gunicorn would only fail after the banner."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            _fail(
                f"cannot listen on {host}:{port}: {exc.strerror or exc} (another server running? choose "
                "another one with --port, or PORT=... make run)",
                EXIT_BAD_INPUT,
            )


@main.command("worker", help="Run a task worker (huey consumer) for the queue TRADEDESK_QUEUE_URL names.")
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(1, 64),
    help="threads, each running one job at a time (default TRADEDESK_QUEUE_WORKERS, 2)",
)
def worker(workers: int | None) -> None:
    from tradedesk.tasks.worker import main as run_worker

    run_worker(["--workers", str(workers)] if workers else [])


if __name__ == "__main__":  # pragma: no cover
    main()
