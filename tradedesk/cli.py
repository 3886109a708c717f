"""`tradedesk ...` commands. Errors go to stderr with a non-zero exit: 2 for bad input, 1 for other failures."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

import click

from tradedesk.config import from_env

EXIT_BAD_INPUT = 2


def _profiles(directory: str | None) -> Any:
    from tradedesk.domain.profiles import ProfileError, load_profiles

    try:
        return load_profiles(directory or from_env()["TRADEDESK_PROFILES_DIR"])
    except ProfileError as exc:
        click.echo(f"error: broken country profile: {exc}", err=True)
        sys.exit(1)


@click.group(help="TradeDesk: customs regimes, valuation and filings for cross-border RMA legs.")
def main() -> None:
    pass


@main.command("classify", help="Classify the leg(s) in FILE (JSON; '-' for stdin) and print the decision JSON.")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--profiles", "profiles_dir", type=click.Path(file_okay=False, exists=True), default=None,
              help="country_profiles directory (default: the project's)")
@click.option("--compact", is_flag=True, help="one line of JSON instead of indented output")
def classify_command(file: TextIO, profiles_dir: str | None, compact: bool) -> None:
    from tradedesk.api.schemas.leg import LegInputError
    from tradedesk.services.classification import classify_payload

    text = file.read()
    try:
        payload = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        click.echo(json.dumps({"errors": {"_schema": [f"not valid JSON: {exc}"]}}), err=True)
        sys.exit(EXIT_BAD_INPUT)
    try:
        answer = classify_payload(payload, _profiles(profiles_dir), max_legs=1_000_000)
    except LegInputError as exc:
        click.echo(json.dumps({"errors": exc.errors}, indent=None if compact else 2), err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(json.dumps(answer, indent=None if compact else 2, ensure_ascii=False))


@main.command("profiles-validate", help="Validate every country profile; exit 1 naming each broken file and key.")
@click.argument("directory", required=False, type=click.Path(file_okay=False, exists=True))
def profiles_validate(directory: str | None) -> None:
    from tradedesk.domain.profiles import PROFILE_SCHEMA_FILE, ProfileError, load_profiles, validate_files

    folder = Path(directory or from_env()["TRADEDESK_PROFILES_DIR"])
    problems = validate_files(sorted(folder.glob("*.yaml")), folder / PROFILE_SCHEMA_FILE)
    if not problems:
        try:
            profiles = load_profiles(folder)
        except ProfileError as exc:
            problems = [str(exc)]
    if problems:
        for p in problems:
            click.echo(f"error: {p}", err=True)
        sys.exit(1)
    for p in sorted(profiles.profiles.values(), key=lambda p: p.jurisdiction):
        rules = sum(len(r) for r in p.rules.values())
        click.echo(f"ok  {p.file:10} {p.jurisdiction} {p.status:9} as_of {p.as_of}  {len(p.members):2} member(s) {rules:3} rules")


def _context() -> Any:
    from tradedesk.config import audit_key
    from tradedesk.db.engine import make_engine
    from tradedesk.services.context import Context

    settings = from_env()
    return Context(engine=make_engine(settings["DATABASE_URL"]), profiles=_profiles(None), audit_key=audit_key(settings))


@main.command("init-db", help="Create or upgrade the database schema (DATABASE_URL; default: embedded SQLite).")
def init_db() -> None:
    from tradedesk.db.migrate import upgrade

    ctx = _context()
    upgrade(ctx.engine)
    click.echo(f"database ready: {ctx.engine.url.render_as_string(hide_password=True)}")


@main.group("token", help="API tokens.")
def token() -> None:
    pass


@token.command("create", help="Create an API token and print it (shown once; stored hashed).")
@click.option("--role", required=True, type=click.Choice(["compliance_officer", "logistics_coordinator", "broker", "admin"]))
@click.option("--name", default=None, help="who the token is for (default: the role)")
@click.option("--party", "party_name", default=None, help="broker party name (required for --role broker)")
def token_create(role: str, name: str | None, party_name: str | None) -> None:
    from sqlalchemy import select

    from tradedesk.auth.permissions import Role
    from tradedesk.auth.tokens import issue
    from tradedesk.db.models import Party
    from tradedesk.services import audit
    from tradedesk.services.context import SYSTEM

    ctx = _context()

    def work(session: Any) -> str:
        party = None
        if party_name is not None:
            party = session.scalar(select(Party).where(Party.name == party_name, Party.kind == "broker"))
            if party is None:
                raise click.UsageError(f"--party: no broker party named {party_name!r}")
        row, plain = issue(session, name or role, Role(role), party)
        audit.record(session, ctx.audit_key, SYSTEM, "token:create", "api_token", row.id, None,
                     {"name": row.name, "role": row.role, "party_id": row.party_id}, ctx.now())
        return plain

    try:
        click.echo(ctx.run(work))
    except (ValueError, click.UsageError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)


@main.command("audit-verify", help="Recompute the audit chain; report the first changed or removed event.")
def audit_verify() -> None:
    from tradedesk.services import audit

    ctx = _context()
    with ctx.unit_of_work(write=False) as session:
        result = audit.verify(session, ctx.audit_key)
    if result.ok:
        click.echo(f"ok: {result.problem}")
        return
    click.echo(f"TAMPERED: {result.problem} (first bad event: {result.first_bad_seq}; {result.checked} verified before it)",
               err=True)
    sys.exit(1)


@main.command("serve", help="Run the service (embedded SQLite by default) and print its URL.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    from werkzeug.serving import run_simple

    from tradedesk import create_app

    app = create_app()
    click.echo(f"TradeDesk is running at http://{host}:{port}/  (API: http://{host}:{port}/api/v1, "
               f"OpenAPI: http://{host}:{port}/api/openapi.json); Ctrl+C stops it")
    run_simple(host, port, app, threaded=True, use_reloader=False)


if __name__ == "__main__":  # pragma: no cover
    main()
