"""`tradedesk init-db`, `tradedesk token create|revoke`, `tradedesk audit-verify` as an operator uses them.

Each test points DATABASE_URL at its own SQLite file; exit codes: 0 ok, 2 bad input, 1 other failures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tradedesk.auth.tokens import actor_for, hash_token
from tradedesk.cli import main
from tradedesk.db.engine import make_engine
from tradedesk.db.models import ApiToken, AuditEvent, Party
from tradedesk.domain.profiles import ProfileSet
from tradedesk.services.context import Context

AUDIT_KEY = "c3" * 32


@pytest.fixture
def tradedesk(sqlite_url, tmp_path):
    """tradedesk(*args, **env) runs the CLI against this test's migrated SQLite database."""

    def run(*args: str, **env: str | None):
        base = {
            "DATABASE_URL": sqlite_url,
            "TRADEDESK_AUDIT_KEY": AUDIT_KEY,
            "TRADEDESK_INSTANCE_DIR": str(tmp_path / "instance"),
        }
        return CliRunner().invoke(main, list(args), env={**base, **env})

    return run


@pytest.fixture
def ctx(sqlite_url):
    """The same database, opened directly (as the service would) to set up and check what the CLI did."""
    engine = make_engine(sqlite_url)
    yield Context(engine=engine, profiles=ProfileSet({}, {}, "none"), audit_key=bytes.fromhex(AUDIT_KEY))
    engine.dispose()


@pytest.fixture
def database(ctx):
    """database(fn) -> fn(session), read-only."""
    return lambda fn: ctx.run(fn, write=False)


@pytest.fixture
def broker(ctx) -> str:
    def work(session):
        party = Party(kind="broker", name="Customs Brokers Ltd", country="GB", established_in=["GB"])
        session.add(party)
        session.flush()
        return party.id

    return ctx.run(work)


# ------------------------------------------------------------------------------------------------------ init-db


def test_init_db_creates_a_new_database_and_names_its_schema_revision(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'tradedesk.sqlite'}"
    result = CliRunner().invoke(main, ["init-db"], env={"DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"database ready: {url} (schema revision ")
    assert (tmp_path / "new" / "tradedesk.sqlite").exists()


def test_an_unusable_database_url_is_bad_input(tmp_path):
    result = CliRunner().invoke(main, ["init-db"], env={"DATABASE_URL": "nosuchdb://x"})
    assert result.exit_code == 2
    assert "DATABASE_URL" in result.stderr


def test_an_unreachable_database_is_reported_not_a_traceback():
    result = CliRunner().invoke(
        main,
        ["audit-verify"],
        env={"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/tradedesk", "TRADEDESK_AUDIT_KEY": AUDIT_KEY},
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: database postgresql+psycopg://nobody@127.0.0.1:1/tradedesk:")


def test_commands_on_a_database_without_schema_ask_for_init_db(tmp_path):
    missing = tmp_path / "missing.sqlite"
    result = CliRunner().invoke(
        main,
        ["token", "create", "--role", "admin"],
        env={"DATABASE_URL": f"sqlite:///{missing}", "TRADEDESK_AUDIT_KEY": AUDIT_KEY},
    )
    assert result.exit_code == 1
    assert "run `tradedesk init-db` first" in result.stderr
    assert not missing.exists()


# ------------------------------------------------------------------------------------------------- token create


def test_a_token_is_printed_once_and_stored_only_as_its_hash(tradedesk, database):
    result = tradedesk("token", "create", "--role", "compliance_officer", "--name", "Olu")
    assert result.exit_code == 0, result.output
    plain = result.stdout.strip()
    assert plain.startswith("td_")
    assert "shown once" in result.stderr
    row = database(lambda s: s.scalar(select(ApiToken)))
    assert (row.name, row.role, row.token_hash) == ("Olu", "compliance_officer", hash_token(plain))


def test_a_created_token_signs_in_with_its_role(tradedesk, database):
    plain = tradedesk("token", "create", "--role", "logistics_coordinator").stdout.strip()
    actor = database(lambda s: actor_for(s, plain))
    assert (actor.name, actor.role, actor.party_id) == ("logistics_coordinator", "logistics_coordinator", None)


def test_creating_a_token_is_audited(tradedesk, database):
    tradedesk("token", "create", "--role", "admin")
    event = database(lambda s: s.scalar(select(AuditEvent)))
    assert (event.action, event.actor_name, event.after["role"]) == ("token:create", "system", "admin")
    assert tradedesk("audit-verify").stdout.strip() == "ok: 1 events, chain intact"


def test_a_broker_token_is_bound_to_the_named_broker_party(tradedesk, database, broker):
    plain = tradedesk("token", "create", "--role", "broker", "--party", "Customs Brokers Ltd").stdout.strip()
    assert database(lambda s: actor_for(s, plain)).party_id == broker


def test_a_broker_token_without_a_party_is_refused(tradedesk, database, broker):
    result = tradedesk("token", "create", "--role", "broker")
    assert result.exit_code == 2
    assert "--party" in result.stderr
    assert database(lambda s: s.scalar(select(ApiToken))) is None


def test_a_broker_token_for_an_unknown_party_is_refused_and_nothing_is_written(tradedesk, database):
    result = tradedesk("token", "create", "--role", "broker", "--party", "Nobody & Co")
    assert result.exit_code == 2
    assert "no broker party named 'Nobody & Co'" in result.stderr
    assert database(lambda s: (s.scalar(select(ApiToken)), s.scalar(select(AuditEvent)))) == (None, None)


def test_a_party_for_another_role_is_refused(tradedesk, broker):
    result = tradedesk("token", "create", "--role", "admin", "--party", "Customs Brokers Ltd")
    assert result.exit_code == 2
    assert "--party: applies to broker tokens only" in result.stderr


def test_an_unknown_role_is_refused(tradedesk):
    assert tradedesk("token", "create", "--role", "superuser").exit_code == 2


# ------------------------------------------------------------------------------------------------- token revoke


def test_a_revoked_token_no_longer_signs_in(tradedesk, database):
    plain = tradedesk("token", "create", "--role", "admin").stdout.strip()
    token_id = database(lambda s: s.scalar(select(ApiToken.id)))
    result = tradedesk("token", "revoke", token_id)
    assert result.exit_code == 0
    assert database(lambda s: actor_for(s, plain)) is None
    assert tradedesk("token", "revoke", token_id).stdout.strip() == f"token {token_id} was already revoked"


def test_revoking_an_unknown_token_is_bad_input(tradedesk):
    assert tradedesk("token", "revoke", "no-such-token").exit_code == 2


# ------------------------------------------------------------------------------------------------- audit-verify


def test_audit_verify_without_a_key_refuses_rather_than_creating_one(tradedesk, tmp_path):
    result = tradedesk("audit-verify", TRADEDESK_AUDIT_KEY=None)
    assert result.exit_code == 2
    assert "no audit key" in result.stderr
    assert not (Path(tmp_path) / "instance" / "audit.key").exists()


def test_audit_verify_with_another_key_reports_the_first_event(tradedesk):
    tradedesk("token", "create", "--role", "admin")
    result = tradedesk("audit-verify", TRADEDESK_AUDIT_KEY="d4" * 32)
    assert result.exit_code == 1
    assert "first bad event: 1" in result.stderr


def test_workers_starting_at_once_agree_on_one_audit_key(tmp_path):
    """gunicorn workers create the app concurrently: exactly one key file wins and everyone reads it whole."""
    from concurrent.futures import ThreadPoolExecutor

    from tradedesk.config import audit_key

    settings = {"TRADEDESK_AUDIT_KEY": "", "TRADEDESK_INSTANCE_DIR": str(tmp_path)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda _: audit_key(settings), range(32)))
    assert len(keys) == 1 and len(next(iter(keys))) == 32
    assert [p.name for p in tmp_path.iterdir()] == ["audit.key"]
    assert oct((tmp_path / "audit.key").stat().st_mode & 0o777) == "0o600"
