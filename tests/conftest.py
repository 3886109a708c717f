"""Shared fixtures: a migrated database per test, the app, tokens per role.

`database_url` is a copy of a migrated SQLite template file for the behaviour tests (use cases, API, pages),
and, for the tests where the database itself is the subject, also a clone of a migrated template database
on a throwaway PostgreSQL cluster (tests/pg.py): everything under tests/integration and tests/tasks, and the
modules marked `both_databases` (dialect-specific SQL: keyset paging and statement counts, the audit
chain's locks, text the server refuses, reports' date arithmetic, and the API journeys as the smoke run).
Where the PostgreSQL binaries are missing, the postgresql parameter is skipped with the reason; `--db sqlite`
(or TRADEDESK_TEST_DB=sqlite) runs only SQLite. Unit and property tests use none of these fixtures.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.pg import Cluster, find_bindir

AUDIT_KEY = "a1" * 32
ROLES = ("compliance_officer", "logistics_coordinator", "broker", "admin")
BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=("all", *BACKENDS),
        default=os.environ.get("TRADEDESK_TEST_DB", "all"),
        help="database backend(s) for integration/API tests (default: all; env TRADEDESK_TEST_DB)",
    )


#: the test folders about the database itself: each of their tests runs on every backend
DATABASE_FOLDERS = frozenset({"integration", "tasks"})


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """SQLite for a test, or every backend for the tests about the database (see the module docstring); a test
    that names its own backend (parametrize of database_url, or a database_url fixture of its module) keeps it."""
    if "database_url" not in metafunc.fixturenames or hasattr(metafunc.module, "database_url"):
        return
    if any("database_url" in str(m.args[0]) for m in metafunc.definition.iter_markers("parametrize")):
        return
    both = (
        metafunc.definition.get_closest_marker("both_databases") is not None
        or Path(str(metafunc.definition.path)).parent.name in DATABASE_FOLDERS
    )
    metafunc.parametrize("database_url", BACKENDS if both else ("sqlite",), indirect=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chosen = config.getoption("--db")
    if chosen == "all":
        return
    keep, drop = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        (drop if params.get("database_url", chosen) != chosen else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tradedesk.db.engine import make_engine
    from tradedesk.services.database import prepare

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    prepare(engine, bytes.fromhex(AUDIT_KEY))
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The session's PostgreSQL server with a migrated template database (started on first use only)."""
    bindir = find_bindir()
    if bindir is None:
        where = os.environ.get("TRADEDESK_PG_BINDIR") or "/usr/lib/postgresql/*/bin and PATH"
        pytest.skip(
            f"PostgreSQL binaries not found: no initdb/pg_ctl in {where} "
            "(install postgresql or set TRADEDESK_PG_BINDIR)"
        )
    cluster = Cluster(bindir, bytes.fromhex(AUDIT_KEY)).start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A migrated SQLite database file of this test's own."""
    target = tmp_path / "tradedesk.sqlite"
    shutil.copy(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh migrated database for this test, on the backend pytest_generate_tests chose."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_url")
        return
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database()
    try:
        yield url
    finally:
        cluster.drop_database(url)


@pytest.fixture(scope="session")
def shared_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """One app for the session: building one (blueprints, OpenAPI spec) costs ~75 ms, ~60 % of a DB test's setup."""
    from tradedesk import create_app

    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": "sqlite://",
            "TRADEDESK_AUDIT_KEY": AUDIT_KEY,
            "TRADEDESK_INSTANCE_DIR": str(tmp_path_factory.mktemp("instance")),
            "TRADEDESK_MAX_LEGS_PER_REQUEST": 50,
            "SECRET_KEY": "test-secret",
            "TRADEDESK_QUEUE_IMMEDIATE": True,  # tests/tasks run the queue for real
        }
    )


@pytest.fixture
def app(shared_app: Flask, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app on this test's own database, as create_app wires it; config and extensions are restored afterwards.

    The session's app is reused with a fresh Context (engine, profiles, audit key) per test, so nothing a
    test does to the app's config or extensions outlives it. If create_app gains other per-database or
    stateful extensions, reset them here too.
    """
    from tradedesk.config import audit_key
    from tradedesk.db.engine import make_engine
    from tradedesk.services.context import Context

    config, extensions = dict(shared_app.config), dict(shared_app.extensions)
    shared_app.config.update({"DATABASE_URL": database_url, "TRADEDESK_INSTANCE_DIR": str(tmp_path / "instance")})
    engine = make_engine(database_url)
    shared_app.extensions["tradedesk.context"] = Context(
        engine=engine,
        profiles=shared_app.extensions["tradedesk.profiles"],
        audit_key=audit_key(shared_app.config),
        dispatch=shared_app.extensions["tradedesk.tasks"].dispatch,
    )
    try:
        yield shared_app
    finally:
        engine.dispose()
        shared_app.config.clear()
        shared_app.config.update(config)
        shared_app.extensions.clear()
        shared_app.extensions.update(extensions)


@pytest.fixture
def context(app):
    return app.extensions["tradedesk.context"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def broker_party(context):
    from tradedesk.db.models import Party

    def work(session):
        party = Party(
            kind="broker",
            name="Customs Brokers Ltd",
            country="GB",
            established_in=["GB"],
            identifiers={"EORI": "GB987654321000"},
        )
        session.add(party)
        session.flush()
        return party.id

    return context.run(work)


@pytest.fixture
def tokens(context, broker_party) -> dict[str, str]:
    """One token per role; the broker's is bound to `broker_party`."""
    from tradedesk.auth.permissions import Role
    from tradedesk.auth.tokens import issue
    from tradedesk.db.models import Party

    def work(session):
        out = {}
        for role in ROLES:
            party = session.get(Party, broker_party) if role == "broker" else None
            _, plain = issue(session, f"test {role}", Role(role), party)
            out[role] = plain
        return out

    return context.run(work)


@pytest.fixture
def auth(tokens):
    """auth("compliance_officer") -> headers with that role's bearer token."""

    def headers(role: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[role]}", **extra}

    return headers
