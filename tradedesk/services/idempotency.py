"""Idempotency-Key for creating POSTs (engineering-practices.md B.3), in the use case's own transaction.

Same key + same body -> the stored response; same key + another body -> 422; still running -> 409.
The key row and the business rows commit together, so a failed request leaves neither behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tradedesk.db.models import IdempotencyKey
from tradedesk.services.audit import canonical
from tradedesk.services.context import Actor, Context

MAX_KEY_LENGTH = 255


class IdempotencyMismatch(ValueError):
    """The key was used before with another request body."""


class IdempotencyInFlight(RuntimeError):
    """A request with this key is still being processed."""


@dataclass(frozen=True, slots=True)
class Outcome:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    replayed: bool


def body_hash(method: str, path: str, body: Any) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical(body)).hexdigest()


def _claim(session: Session, actor: Actor, key: str, method: str, path: str, digest: str) -> bool:
    """Insert the key row unless it exists (never SELECT-then-INSERT); True when this request won it.

    RETURNING tells reliably whether the row was inserted (psycopg reports rowcount -1 for ON CONFLICT).
    """
    values = {"actor_id": actor.id, "key": key, "method": method, "path": path, "request_sha256": digest,
              "state": "in_progress"}
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (insert(IdempotencyKey).values(**values)
            .on_conflict_do_nothing(index_elements=["actor_id", "key"]).returning(IdempotencyKey.key))
    return session.execute(stmt).first() is not None


def run_idempotent(ctx: Context, actor: Actor, key: str | None, method: str, path: str, body: Any,
                   work: Callable[[Session], tuple[int, dict[str, Any], dict[str, str]]]) -> Outcome:
    """Run `work` once per (actor, key); without a key it simply runs."""
    if key is None:
        status, payload, headers = ctx.run(work)
        return Outcome(status, payload, headers, False)
    digest = body_hash(method, path, body)

    def guarded(session: Session) -> Outcome:
        if not _claim(session, actor, key, method, path, digest):
            row = session.get(IdempotencyKey, (actor.id, key), populate_existing=True)
            assert row is not None
            if row.request_sha256 != digest:
                raise IdempotencyMismatch(
                    "this Idempotency-Key was already used with a different request; use a new key for a new request")
            if row.state != "completed":
                raise IdempotencyInFlight("a request with this Idempotency-Key is still being processed; retry later")
            return Outcome(row.response_status or 200, row.response_body or {}, dict(row.response_headers or {}), True)
        status, payload, headers = work(session)
        session.execute(update(IdempotencyKey)  # the row claimed above: one UPDATE, nothing read back
                        .where(IdempotencyKey.actor_id == actor.id, IdempotencyKey.key == key)
                        .values(state="completed", response_status=status, response_body=payload,
                                response_headers=headers))
        return Outcome(status, payload, headers, False)

    return ctx.run(guarded)
