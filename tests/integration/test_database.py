"""Persistence on both databases (DESIGN.md §5, engineering-practices B.7): schema, exact money, UTC
timestamps, foreign keys, one transaction per use case, optimistic versions, `tradedesk init-db`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from tests import rows
from tradedesk.cli import main
from tradedesk.db.engine import make_engine
from tradedesk.db.migrate import alembic_config
from tradedesk.db.models import Base, Party, Rma, RmaItem

AUDIT_KEY_HEX = "b2" * 32


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    """A database without any schema, as an operator's new server would have."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'new' / 'tradedesk.sqlite'}"
        return
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database(template="template0")
    try:
        yield url
    finally:
        cluster.drop_database(url)


def cli(url: str, *args: str):
    return CliRunner().invoke(main, list(args), env={"DATABASE_URL": url, "TRADEDESK_AUDIT_KEY": AUDIT_KEY_HEX})


# ---------------------------------------------------------------------------------------------------- schema


def test_the_test_database_is_migrated_to_the_newest_revision(context):
    with context.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head_revision()


def test_init_db_creates_the_schema_on_an_empty_database(empty_database_url):
    result = cli(empty_database_url, "init-db")
    assert result.exit_code == 0, result.output
    assert f"schema revision {head_revision()}" in result.stdout
    assert cli(empty_database_url, "audit-verify").stdout.strip() == "ok: 0 events, chain intact"


def test_the_migrations_build_the_schema_the_models_describe(empty_database_url):
    """Every column, index and constraint of db/models.py exists as a migration made it: no drift between them."""
    assert cli(empty_database_url, "init-db").exit_code == 0
    engine = make_engine(empty_database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_init_db_twice_changes_nothing(empty_database_url):
    cli(empty_database_url, "init-db")
    assert cli(empty_database_url, "token", "create", "--role", "admin").exit_code == 0
    assert cli(empty_database_url, "init-db").exit_code == 0
    assert cli(empty_database_url, "audit-verify").stdout.strip() == "ok: 1 events, chain intact"


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(sqlite_url):
    engine = make_engine(sqlite_url)
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout")
            }
    finally:
        engine.dispose()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 30_000}


# ------------------------------------------------------------------------------------------------- integrity


def test_foreign_keys_are_enforced(context):
    orphan = RmaItem(
        rma_id="no-such-rma",
        position=0,
        description="x",
        hs_code="847130",
        origin_country="CN",
        quantity=Decimal(1),
        unit_value=Decimal(1),
        currency="EUR",
    )
    with pytest.raises(IntegrityError):
        context.run(lambda s: s.add(orphan))


def test_money_comes_back_exactly_as_stored(context):
    amount = Decimal("12345678901234567.0123456789")

    def work(session):
        r = rows.rma(session, rows.party(session))
        session.add(
            RmaItem(
                rma_id=r.id,
                position=0,
                description="x",
                hs_code="847130",
                origin_country="CN",
                quantity=Decimal("0.1"),
                unit_value=amount,
                currency="EUR",
            )
        )

    context.run(work)
    item = context.run(lambda s: s.scalar(select(RmaItem)), write=False)
    assert (item.unit_value, item.quantity) == (amount, Decimal("0.1"))


def test_timestamps_come_back_timezone_aware_in_utc(context):
    local = datetime(2026, 5, 4, 11, 30, tzinfo=timezone(timedelta(hours=2)))
    context.run(lambda s: rows.party(s).__setattr__("created_at", local))
    stored = context.run(lambda s: s.scalar(select(Party.created_at)), write=False)
    assert stored == local
    assert stored.tzinfo == UTC


def test_naive_timestamps_are_refused(context):
    with pytest.raises(Exception, match="naive datetime"):
        context.run(lambda s: rows.party(s).__setattr__("created_at", datetime(2026, 5, 4, 11, 30)) or s.flush())


# ------------------------------------------------------------------------------------------ units of work


def test_a_failed_unit_of_work_leaves_nothing_behind(context):
    def work(session):
        rows.rma(session, rows.party(session))
        raise RuntimeError("failed half-way")

    with pytest.raises(RuntimeError):
        context.run(work)
    assert context.run(lambda s: (s.scalar(select(Party.id)), s.scalar(select(Rma.id))), write=False) == (None, None)


def test_a_change_made_from_a_stale_copy_is_refused_by_the_version_column(context):
    rma_id = context.run(lambda s: rows.rma(s, rows.party(s)).id)
    with context.sessions() as mine:
        stale = mine.get(Rma, rma_id)
        mine.commit()  # ends the read; expire_on_commit=False keeps the copy as read
        context.run(lambda s: setattr(s.get(Rma, rma_id), "status", "in_transit"))
        stale.status = "cancelled"
        with pytest.raises(StaleDataError):
            mine.flush()
    assert context.run(lambda s: (s.get(Rma, rma_id).status, s.get(Rma, rma_id).version), write=False) == (
        "in_transit",
        2,
    )


class _SerializationFailure(Exception):
    sqlstate = "40001"


def test_a_serialization_failure_is_retried_as_a_whole(context):
    attempts = []

    def work(session):
        attempts.append(1)
        rows.party(session, name="Retried")
        if len(attempts) == 1:
            raise OperationalError("UPDATE ...", {}, _SerializationFailure("could not serialize access"))
        return len(attempts)

    assert context.run(work) == 2
    names = context.run(lambda s: list(s.scalars(select(Party.name))), write=False)
    assert len(names) == 1 and names[0].startswith("Retried")


def test_other_database_errors_are_not_retried(context):
    attempts = []

    def work(session):
        attempts.append(1)
        session.execute(text("SELECT * FROM no_such_table"))

    with pytest.raises(Exception, match="no_such_table"):
        context.run(work)
    assert len(attempts) == 1
