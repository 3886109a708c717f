"""Preparing a database for the desk: the schema at the newest revision and the audit chain's head sealed."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from tradedesk.db.migrate import upgrade
from tradedesk.services import audit_chain
from tradedesk.services.context import Context


def prepare(engine: Engine, audit_key: bytes) -> tuple[str | None, str]:
    """Upgrade the schema, then seal the audit head (verifying the chain first); returns (revision, what was done).

    Raises ValueError when the existing chain does not verify: nothing is sealed over a tampered chain.
    """
    upgrade(engine)
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    from tradedesk.domain.profiles import ProfileSet

    ctx = Context(engine=engine, profiles=ProfileSet({}, {}, "none"), audit_key=audit_key)
    return revision, ctx.run(lambda session: audit_chain.seal_head(session, audit_key))
