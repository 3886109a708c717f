"""Races (engineering-practices B.4, B.7, B.8): concurrent approvals, SQLite writers, audit appends.

Each thread runs its own unit of work through Context.run, as two requests of the service would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm.exc import StaleDataError

from tests import rows
from tradedesk.auth.actor import Actor
from tradedesk.db.models import AuditEvent, Declaration, RmaCounter
from tradedesk.services import audit_chain, declarations
from tradedesk.services.errors import Conflict, Stale

OFFICERS = (
    Actor(id="officer-1", name="Olu", role="compliance_officer"),
    Actor(id="officer-2", name="Ana", role="compliance_officer"),
)
TIMEOUT = 10


def in_threads(*jobs: Callable[[], Any]) -> list[BaseException | None]:
    """Run the jobs at once; each one's exception (or None)."""
    outcomes: list[BaseException | None] = [None] * len(jobs)

    def runner(i: int, job: Callable[[], Any]) -> None:
        try:
            job()
        except Exception as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return outcomes


@pytest.fixture
def declaration_in_review(context) -> str:
    def work(session):
        rma = rows.rma(session, rows.party(session))
        return rows.declaration(session, rows.leg(session, rma, "return_after_repair")).id

    return context.run(work)


def approve_with_orm(context, declaration_id: str, expected_version: int, actor: Actor) -> None:
    """The approval use case reduced to its concurrency essentials: version check, change, audit, one commit."""

    def work(session):
        decl = session.get(Declaration, declaration_id)
        if decl.version != expected_version:
            raise Stale(f"declaration is at version {decl.version}, not {expected_version}")
        if decl.status != "in_review":
            raise Conflict(f"declaration is {decl.status}")
        decl.status, decl.reviewed_by = "approved", actor.id
        session.flush()
        audit_chain.record(
            session,
            context.audit_key,
            actor,
            "declaration:approve",
            "declaration",
            decl.id,
            {"status": "in_review"},
            {"status": "approved"},
            context.now(),
        )

    context.run(work)


def stored(context, declaration_id: str) -> tuple[str, int, int]:
    def work(session):
        decl = session.get(Declaration, declaration_id)
        approvals = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "declaration:approve")
        )
        return decl.status, decl.version, approvals

    return context.run(work, write=False)


# ---------------------------------------------------------------------------------------------- approvals


def test_two_concurrent_approvals_of_one_version_exactly_one_wins(context, declaration_in_review):
    start = threading.Barrier(2)

    def job(actor):
        return lambda: (start.wait(TIMEOUT), approve_with_orm(context, declaration_in_review, 1, actor))

    outcomes = in_threads(*(job(a) for a in OFFICERS))
    assert outcomes.count(None) == 1
    loser = next(o for o in outcomes if o is not None)
    assert isinstance(loser, (Stale, StaleDataError)), repr(loser)
    assert stored(context, declaration_in_review) == ("approved", 2, 1)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgresql_refuses_the_second_update_of_a_version_both_read(context, declaration_in_review):
    """Both transactions read version 1 before either writes: the version column stops the second."""
    both_read = threading.Barrier(2)

    def job(actor):
        def work(session):
            decl = session.get(Declaration, declaration_in_review)
            assert decl.version == 1
            both_read.wait(TIMEOUT)
            decl.status, decl.reviewed_by = "approved", actor.id
            session.flush()

        return lambda: context.run(work)

    outcomes = in_threads(*(job(a) for a in OFFICERS))
    assert outcomes.count(None) == 1
    assert any(isinstance(o, Stale) for o in outcomes)
    assert stored(context, declaration_in_review)[:2] == ("approved", 2)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_serialises_writers_so_the_second_sees_the_new_version(context, declaration_in_review):
    """BEGIN IMMEDIATE: the second writer waits for the first to commit, then finds version 2, not a lock error."""
    first_read = threading.Event()

    def first():
        def work(session):
            decl = session.get(Declaration, declaration_in_review)
            first_read.set()
            threading.Event().wait(0.2)  # hold the write lock while the second writer arrives
            decl.status = "approved"

        context.run(work)

    def second():
        first_read.wait(TIMEOUT)
        approve_with_orm(context, declaration_in_review, 1, OFFICERS[1])

    outcomes = in_threads(first, second)
    assert outcomes[0] is None
    assert isinstance(outcomes[1], Stale)


def test_two_officers_approving_through_the_service_exactly_one_wins(context, declaration_in_review):
    start = threading.Barrier(2)

    def job(actor):
        return lambda: (start.wait(TIMEOUT), declarations.approve(context, actor, declaration_in_review, 1, {}, None))

    outcomes = in_threads(*(job(a) for a in OFFICERS))
    assert outcomes.count(None) == 1
    assert isinstance(next(o for o in outcomes if o is not None), (Stale, StaleDataError))
    assert stored(context, declaration_in_review) == ("approved", 2, 1)


# ------------------------------------------------------------------------------------------------ writers


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_many_sqlite_writers_never_hit_database_is_locked(context):
    """8 threads x 25 read-then-write transactions: no lock errors, no lost update."""
    context.run(lambda s: s.add(RmaCounter(year=2026, last=0)))

    def increment(session):
        row = session.get(RmaCounter, 2026)
        row.last += 1

    def writer():
        for _ in range(25):
            context.run(increment)

    outcomes = in_threads(*([writer] * 8))
    assert outcomes == [None] * 8
    assert context.run(lambda s: s.get(RmaCounter, 2026).last, write=False) == 200


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_postgresql_deadlock_is_retried_until_both_units_of_work_succeed(context):
    """Two transactions lock two rows in opposite order: PostgreSQL aborts one (40P01); Context.run retries it."""
    ids = context.run(lambda s: [rows.party(s).id, rows.party(s).id])
    first_locks = threading.Barrier(2)
    attempts: list[str] = []

    def job(order: list[str], label: str):
        def work(session):
            attempts.append(label)
            session.execute(text("SET LOCAL deadlock_timeout = '20ms'"))
            for n, party_id in enumerate(order):
                session.execute(text("UPDATE party SET email = :e WHERE id = :id"), {"e": label, "id": party_id})
                if n == 0 and attempts.count(label) == 1:
                    first_locks.wait(TIMEOUT)

        return lambda: context.run(work)

    outcomes = in_threads(job(ids, "a"), job(ids[::-1], "b"))
    assert outcomes == [None, None]
    assert len(attempts) == 3


# --------------------------------------------------------------------------------------------- audit chain


def test_the_audit_chain_stays_intact_under_concurrent_appends(context):
    def appender(actor):
        def job():
            for i in range(50):
                context.run(
                    lambda s, i=i: audit_chain.record(
                        s,
                        context.audit_key,
                        actor,
                        "rma:transition",
                        "rma",
                        actor.id,
                        {"n": i},
                        {"n": i + 1},
                        context.now(),
                    )
                )

        return job

    assert in_threads(*(appender(a) for a in OFFICERS)) == [None, None]
    result = context.run(lambda s: audit_chain.verify(s, context.audit_key), write=False)
    assert (result.ok, result.checked) == (True, 100), result.problem
