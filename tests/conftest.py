"""Shared fixtures: a migrated database per test (SQLite file copied from a template), the app, tokens per role."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

AUDIT_KEY = "a1" * 32
ROLES = ("compliance_officer", "logistics_coordinator", "broker", "admin")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tradedesk.db.engine import make_engine
    from tradedesk.db.migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "tradedesk.sqlite"
    shutil.copy(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator:
    from tradedesk import create_app

    application = create_app({
        "TESTING": True, "DATABASE_URL": database_url, "TRADEDESK_AUDIT_KEY": AUDIT_KEY,
        "TRADEDESK_INSTANCE_DIR": str(tmp_path / "instance"), "TRADEDESK_MAX_LEGS_PER_REQUEST": 50,
        "SECRET_KEY": "test-secret",
    })
    yield application
    application.extensions["tradedesk.context"].engine.dispose()


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
        party = Party(kind="broker", name="Customs Brokers Ltd", country="GB", established_in=["GB"],
                      identifiers={"EORI": "GB987654321000"})
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
