"""What every use case needs, passed explicitly: sessions, profiles, the audit key, the clock, the actor."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from tradedesk.db.engine import is_sqlite, session_factory
from tradedesk.db.types import utcnow
from tradedesk.domain.profiles import ProfileSet

T = TypeVar("T")

#: PostgreSQL serialization failure / deadlock: the whole unit of work is retried
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    role: str
    party_id: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role})"


SYSTEM = Actor(id="system", name="system", role="system")


@dataclass
class Context:
    engine: Engine
    profiles: ProfileSet
    audit_key: bytes
    now: Callable[[], datetime] = utcnow
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = session_factory(self.engine)

    @contextmanager
    def unit_of_work(self, write: bool = True) -> Iterator[Session]:
        """A session in one transaction; rolled back unless the caller committed (nothing half-written)."""
        session = self.sessions()
        try:
            if write and is_sqlite(self.engine):
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            yield session
        finally:
            if session.in_transaction():
                session.rollback()
            session.close()

    def run(self, work: Callable[[Session], T], write: bool = True, attempts: int = 4) -> T:
        """Run `work` in a unit of work and commit; retry PostgreSQL serialization failures/deadlocks."""
        for attempt in range(1, attempts + 1):
            try:
                with self.unit_of_work(write) as session:
                    result = work(session)
                    session.commit()
                    return result
            except (OperationalError, DBAPIError) as exc:
                code = getattr(getattr(exc, "orig", None), "sqlstate", None)
                if code not in RETRYABLE_SQLSTATES or attempt == attempts:
                    raise
                time.sleep(0.01 * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover
