"""What every use case needs, passed explicitly: sessions, profiles, the audit key, the clock (the actor: auth.actor)."""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Engine, Executable, Row
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from tradedesk.config import SmtpSettings
from tradedesk.db.engine import is_sqlite, session_factory
from tradedesk.db.types import utcnow
from tradedesk.domain.profiles import ProfileSet
from tradedesk.screening.matching import Thresholds
from tradedesk.services.errors import Stale

T = TypeVar("T")
log = logging.getLogger(__name__)

#: session.info key: background events a unit of work asks for, dispatched once it has committed
AFTER_COMMIT = "tradedesk.after_commit"
#: dispatch(kind, args): hands an event to the task queue (tasks.queue.TaskQueue.dispatch)
Dispatch = Callable[[str, dict[str, Any]], None]


def after_commit(session: Session, kind: str, args: dict[str, Any]) -> None:
    """Ask for background work (e.g. screening a new party) once this unit of work commits, never before and never
    if it rolls back: a task must not see, or act on, what was not written."""
    session.info.setdefault(AFTER_COMMIT, []).append((kind, args))


#: what a change refused by a record's version column says: the edges show it as 412 / "changed by someone else"
STALE_WRITE = "the record changed while this change was being made: read it again and retry"
#: PostgreSQL serialization failure / deadlock: the whole unit of work is retried
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


class SqliteWriteGate:
    """Serialises write units of work on one SQLite file across threads and processes (gunicorn workers).

    SQLite allows one writer; a waiting BEGIN IMMEDIATE sleeps in SQLite's busy handler with back-off
    steps of up to 100 ms, which shows as tail latency. A blocking flock wakes the next writer as soon as
    the previous one releases it.
    """

    def __init__(self, database_path: str) -> None:
        self._path = database_path + ".write-lock"
        self._thread_lock = threading.Lock()
        self._fd: int | None = None
        self._pid = 0

    @contextmanager
    def hold(self) -> Iterator[None]:
        with self._thread_lock:
            if self._fd is None or self._pid != os.getpid():  # a forked worker needs its own open file
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
                self._pid = os.getpid()
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)


@dataclass
class Context:
    engine: Engine
    profiles: ProfileSet
    audit_key: bytes
    now: Callable[[], datetime] = utcnow
    #: where events asked for with after_commit go; None: nowhere (a CLI command without a queue, unit tests)
    dispatch: Dispatch | None = None
    #: the restricted-party screening's score cut-offs (settings TRADEDESK_SCREENING_REVIEW / _ALERT)
    screening_thresholds: Thresholds = field(default_factory=Thresholds)
    #: webhooks may go to loopback, private and link-local addresses (an operator's explicit choice)
    allow_private_webhooks: bool = False
    #: the SMTP server email notifications go through; None: none are sent
    smtp: SmtpSettings | None = None
    sessions: sessionmaker[Session] = field(init=False)
    write_gate: SqliteWriteGate | None = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = session_factory(self.engine)
        database = self.engine.url.database
        sqlite_file = is_sqlite(self.engine) and bool(database) and database != ":memory:"
        self.write_gate = SqliteWriteGate(str(database)) if sqlite_file else None

    @contextmanager
    def unit_of_work(self, write: bool = True) -> Iterator[Session]:
        """A session in one transaction; rolled back unless the caller committed (nothing half-written)."""
        gate = self.write_gate.hold() if write and self.write_gate is not None else nullcontext()
        with gate:
            session = self.sessions()
            try:
                if write and is_sqlite(self.engine):
                    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
                yield session
            finally:
                if session.in_transaction():
                    session.rollback()
                session.close()

    def read_once(self, statement: Executable) -> Row[*tuple[Any, ...]] | None:
        """The first row of one SELECT run in the database's own autocommit: no BEGIN/COMMIT round trips and no
        snapshot held, for a lookup that needs no transaction (the actor of a request's token)."""
        options: dict[str, Any] = (
            {"sqlite_begin": None} if is_sqlite(self.engine) else {"isolation_level": "AUTOCOMMIT"}
        )
        with self.engine.connect().execution_options(**options) as connection:
            return connection.execute(statement).first()

    def _dispatch(self, events: list[tuple[str, dict[str, Any]]]) -> None:
        """Hand the committed unit of work's events on; a queue that cannot take one loses only that event (what
        it would do is repeated later: a party not screened yet is screened before approval)."""
        if self.dispatch is None:
            return
        for kind, args in events:
            try:
                self.dispatch(kind, args)
            except Exception:
                log.exception("could not dispatch %s", kind)

    def run(self, work: Callable[[Session], T], write: bool = True, attempts: int = 4) -> T:
        """Run `work` in a unit of work and commit; retry PostgreSQL serialization failures/deadlocks."""
        for attempt in range(1, attempts + 1):
            try:
                with self.unit_of_work(write) as session:
                    result = work(session)
                    session.commit()
                    events = session.info.pop(AFTER_COMMIT, [])
                self._dispatch(events)
                return result
            except StaleDataError as exc:  # the version column refused a change made from a copy read before
                raise Stale(STALE_WRITE) from exc
            except (OperationalError, DBAPIError) as exc:
                code = getattr(getattr(exc, "orig", None), "sqlstate", None)
                if code not in RETRYABLE_SQLSTATES or attempt == attempts:
                    raise
                time.sleep(0.01 * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover
