"""Idempotency-Key for creating POSTs (engineering-practices.md B.3), in the use case's own transaction.

Same key + same body -> the stored response; same key + another body -> 422; still running -> 409.
The key row and the business rows commit together, so a failed request leaves neither behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tradedesk.auth.actor import Actor
from tradedesk.db.models import IdempotencyKey
from tradedesk.db.types import utcnow
from tradedesk.services.audit_chain import canonical
from tradedesk.services.context import Context

MAX_KEY_LENGTH = 255


class IdempotencyMismatch(ValueError):
    """The key was used before with another request body."""


class IdempotencyInFlight(RuntimeError):
    """A request with this key is still being processed."""


@dataclass(frozen=True, slots=True)
class Outcome:
    status: int
    body: Mapping[str, Any]
    headers: dict[str, str]
    replayed: bool


def body_hash(method: str, path: str, body: Any) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical(body)).hexdigest()


class _KeyTaken(Exception):
    """The key is stored already: this request's work is rolled back and the stored row answers."""


def _store(
    session: Session,
    actor: Actor,
    key: str,
    method: str,
    path: str,
    digest: str,
    status: int,
    body: Mapping[str, Any],
    headers: dict[str, str],
) -> bool:
    """Insert the key row with its response unless the key exists (never SELECT-then-INSERT); True when this
    request stored it. One statement: the claim and the stored response are the same row, written last.

    RETURNING tells reliably whether the row was inserted (psycopg reports rowcount -1 for ON CONFLICT);
    a concurrent request with the same key waits here until the first one commits or rolls back.
    """
    values = {
        "actor_id": actor.id,
        "key": key,
        "method": method,
        "path": path,
        "request_sha256": digest,
        "state": "completed",
        "response_status": status,
        "response_body": body,
        "response_headers": headers,
        "created_at": utcnow(),
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (
        insert(IdempotencyKey)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["actor_id", "key"])
        .returning(IdempotencyKey.key)
    )
    return session.execute(stmt).first() is not None


def _stored_answer(ctx: Context, actor: Actor, key: str, digest: str) -> Outcome | None:
    """What the stored key row says about a request with this key and body; None when the key is new."""
    row = ctx.read_once(
        select(
            IdempotencyKey.request_sha256,
            IdempotencyKey.state,
            IdempotencyKey.response_status,
            IdempotencyKey.response_body,
            IdempotencyKey.response_headers,
        ).where(IdempotencyKey.actor_id == actor.id, IdempotencyKey.key == key)
    )
    if row is None:
        return None
    if row.request_sha256 != digest:
        raise IdempotencyMismatch(
            "this Idempotency-Key was already used with a different request; use a new key for a new request"
        )
    if row.state != "completed":
        raise IdempotencyInFlight("a request with this Idempotency-Key is still being processed; retry later")
    return Outcome(row.response_status or 200, row.response_body or {}, dict(row.response_headers or {}), True)


def run_idempotent(
    ctx: Context,
    actor: Actor,
    key: str | None,
    method: str,
    path: str,
    body: Any,
    work: Callable[[Session], tuple[int, Mapping[str, Any], dict[str, str]]],
) -> Outcome:
    """Run `work` once per (actor, key); without a key it simply runs.

    The work runs first and the key row is written with its response at the end of the same transaction.
    When the key turns out to be taken, or the work fails (a replayed request may fail because the first one
    did its work, e.g. "already has legs"), the transaction is rolled back and the stored row answers as if
    the work had never run: the stored response, 422 for another body, 409 while the first one is unfinished.
    """
    if key is None:
        status, payload, headers = ctx.run(work)
        return Outcome(status, payload, headers, False)
    digest = body_hash(method, path, body)

    def guarded(session: Session) -> Outcome:
        status, payload, headers = work(session)
        if not _store(session, actor, key, method, path, digest, status, payload, headers):
            raise _KeyTaken
        return Outcome(status, payload, headers, False)

    try:
        return ctx.run(guarded)
    except _KeyTaken:
        pass
    except Exception:
        answer = _stored_answer(ctx, actor, key, digest)
        if answer is None:
            raise  # a new key: the work's own error is the answer
        return answer
    answer = _stored_answer(ctx, actor, key, digest)
    if answer is None:  # pragma: no cover - the row that conflicted was rolled back meanwhile
        raise IdempotencyInFlight("a request with this Idempotency-Key was being processed; retry")
    return answer
